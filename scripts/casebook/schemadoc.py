"""The contributor guide's field reference, generated from schema/record.schema.json.

The schema is the one source of truth for fields; CONTRIBUTING.md carries a rendering of
it between two marker comments, and a test fails when the two differ. Regenerate with

    .venv/bin/python -m casebook.schemadoc --write
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from casebook import generated
from casebook.bib.types import REFUSED, REQUIRED_FIELDS, XDATA
from casebook.project import load_json

GUIDE = "CONTRIBUTING.md"
COMMAND = "python -m casebook.schemadoc --write"
UNDESCRIBED = "(not yet described in the schema)"
_TYPES = {"string": "text", "integer": "whole number", "number": "number", "object": "fields",
          "array": "list", "boolean": "true or false"}


def field_paths(schema: dict) -> Iterator[tuple[str, dict, bool]]:
    """Every field as (dotted path, its schema, required), parents before children.

    List items are written `quotes[].text`, as contributors see them in a record.
    """
    yield from _walk(schema, schema, "")


def _walk(node: dict, schema: dict, prefix: str) -> Iterator[tuple[str, dict, bool]]:
    node = resolve_ref(node, schema)
    required = set(node.get("required", []))
    for name, spec in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        spec = resolve_ref(spec, schema)
        yield path, spec, name in required
        if "properties" in spec:
            yield from _walk(spec, schema, f"{path}.")
        items = resolve_ref(spec.get("items", {}), schema)
        if "properties" in items:
            yield from _walk(items, schema, f"{path}[].")


def resolve_ref(spec: dict, schema: dict) -> dict:
    """The definition a field's `"$ref": "#/$defs/name"` points to in the schema, else the field itself."""
    ref = spec.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return schema["$defs"][ref.rsplit("/", 1)[-1]]
    return spec


def _kind(spec: dict, schema: dict) -> str:
    if "enum" in spec:
        return "one of: " + ", ".join(f"`{v}`" for v in spec["enum"])
    if spec.get("format") == "date":
        return "date, `YYYY-MM-DD` in quotes"
    types = spec.get("type", "object")
    if types == "object" and "properties" in spec:
        return "the fields " + ", ".join(f"`{name}`" for name in spec["properties"])
    if isinstance(types, list):
        return " or ".join(_TYPES.get(t, t) for t in types)
    if types == "array":
        items = resolve_ref(spec.get("items", {}), schema)
        if "properties" in items:
            return "list of entries, each with " + ", ".join(f"`{name}`" for name in items["properties"])
        return "list of " + _TYPES.get(items.get("type", ""), "values")
    return _TYPES.get(types, types)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_fields(schema: dict) -> str:
    """A Markdown table: every field, whether it is required, what it holds and what it means."""
    rows = ["| Field | Required | Holds | Meaning |", "|---|---|---|---|"]
    for path, spec, required in field_paths(schema):
        limits = []
        if "minItems" in spec:
            limits.append(f"at least {spec['minItems']}")
        if "maxLength" in spec:
            limits.append(f"at most {spec['maxLength']} characters")
        if "minimum" in spec and "maximum" in spec:
            limits.append(f"{spec['minimum']} to {spec['maximum']}")
        holds = _kind(spec, schema) + (f" ({', '.join(limits)})" if limits else "")
        meaning = spec.get("description") or ("" if "properties" in spec else UNDESCRIBED)
        if spec.get("examples"):
            meaning += " Example: " + ", ".join(f"`{e}`" for e in spec["examples"]) + "."
        rows.append(f"| `{path}` | {'yes' if required else ''} | {_cell(holds)} | {_cell(meaning.strip())} |")
    return "\n".join(rows)


def render_bib_types() -> str:
    """Which biblatex entry types Casebook renders, the fields each needs, and those it refuses
    (from bibtypes.py). Types with the same needs share a row."""
    rows = ["| Entry types | Needs |", "|---|---|"]
    grouped: dict[tuple, list[str]] = {}
    for entry_type, needs in REQUIRED_FIELDS.items():
        grouped.setdefault(needs, []).append(entry_type)
    for needs, types in grouped.items():
        parts = [f"`{n}`" if isinstance(n, str) else " or ".join(f"`{o}`" for o in n) for n in needs]
        rows.append(f"| {', '.join(f'`@{t}`' for t in types)} | {', '.join(parts)} |")
    rows += ["", "Refused, because pandoc would print them wrongly:", ""]
    reasons: dict[str, list[str]] = {}
    for entry_type, why in REFUSED.items():
        reasons.setdefault(why, []).append(entry_type)
    rows += [f"- {', '.join(f'`@{t}`' for t in types)}: {why}." for why, types in reasons.items()]
    rows.append(f"- `@{XDATA}` is not a work but data other entries take in with `xdata = {{key}}`; "
                "it is never cited.")
    return "\n".join(rows)


def sections(schema: dict) -> generated.Blocks:
    """Generated block name -> (where it comes from, its Markdown)."""
    return {
        "field reference": ("schema/record.schema.json", render_fields(schema)),
        "bibliography entry types": ("scripts/casebook/bib/types.py", render_bib_types()),
    }


def update(guide: str, schema: dict) -> str:
    """The guide with each generated block replaced by a fresh rendering."""
    return generated.update(guide, sections(schema), COMMAND, GUIDE)


def main(argv: list[str] | None = None) -> int:
    return generated.main(argv, prog="python -m casebook.schemadoc", about=__doc__.splitlines()[0],
                          page_name=GUIDE, command=COMMAND,
                          render=lambda project: sections(load_json(project.record_schema_path)))


if __name__ == "__main__":
    sys.exit(main())
