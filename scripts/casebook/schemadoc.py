"""The contributor guide's field reference, generated from schema/record.schema.json.

The schema is the one source of truth for fields; CONTRIBUTING.md carries a rendering of
it between two marker comments, and a test fails when the two differ. Regenerate with

    .venv/bin/python -m casebook.schemadoc --write
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from casebook.bibtypes import REFUSED, REQUIRED_FIELDS, XDATA
from casebook.problems import CasebookError
from casebook.project import Project, load_json

GUIDE = "CONTRIBUTING.md"
COMMAND = "python -m casebook.schemadoc --write"
BEGIN = "<!-- BEGIN GENERATED: {name} (from {source} by `{command}`; do not edit by hand) -->"
END = "<!-- END GENERATED: {name} -->"
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


def sections(schema: dict) -> dict[str, tuple[str, str]]:
    """Generated block name -> (where it comes from, its Markdown)."""
    return {
        "field reference": ("schema/record.schema.json", render_fields(schema)),
        "bibliography entry types": ("scripts/casebook/bibtypes.py", render_bib_types()),
    }


def update(guide: str, schema: dict) -> str:
    """The guide with each generated block replaced by a fresh rendering."""
    for name, (source, body) in sections(schema).items():
        begin = BEGIN.format(name=name, source=source, command=COMMAND)
        end = END.format(name=name)
        start, stop = guide.find(begin), guide.find(end)
        if start < 0 or stop < start:
            raise CasebookError(f"{GUIDE} has no generated block for the {name}; add these two lines "
                                f"where it belongs:\n{begin}\n{end}")
        guide = guide[: start + len(begin)] + "\n\n" + body + "\n\n" + guide[stop:]
    return guide


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.schemadoc", description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help=f"rewrite the generated blocks in {GUIDE}")
    action.add_argument("--check", action="store_true", help=f"exit 1 if {GUIDE} is out of date")
    parser.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    args = parser.parse_args(argv)
    try:
        project = Project(args.root.resolve()) if args.root else Project.find()
        path = project.root / GUIDE
        current = path.read_text(encoding="utf-8")
        fresh = update(current, load_json(project.record_schema_path))
    except (CasebookError, OSError) as exc:
        print(f"schemadoc: error: {exc}", file=sys.stderr)
        return 1
    if args.write:
        if fresh != current:
            path.write_text(fresh, encoding="utf-8")
        print(f"{GUIDE}: {'updated' if fresh != current else 'already up to date'}")
        return 0
    if args.check:
        if fresh != current:
            print(f"{GUIDE} is out of date with the schema; run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    print(render_fields(load_json(project.record_schema_path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
