"""The Propose page's form, described from schema/record.schema.json and nothing else.

Every property of the schema becomes a control (so a field added to the schema appears
in the form with no other change); enum choices carry the schema's own labels and
descriptions; which text is Markdown (and so gets a "cite" control) is asked of the
validator's own rule (validate.citations.markdown_fields); `themes` offers the taxonomy
that the validator checks themes against. Only what a contributor must not set is
decided here: status stays draft, and `added` is the reviewer's.
"""

from __future__ import annotations

from casebook.schemadoc import resolve_ref
from casebook.validate.citations import markdown_fields

# Fields a proposal does not choose: shown as a note, written as the value given (or left out).
FIXED = {"status": ("draft", "A proposal stays a draft: a reviewer publishes it once every statement "
                             "has been checked against its source.")}
LEFT_TO_REVIEWER = {"added": "The reviewer fills this in on the day the record is published."}
TODAY = {"last_reviewed"}  # a date the contributor has just checked: today, unless they change it
MULTILINE = {"quotes/*/text", "figures/*/note"}  # plain text that is often longer than a line
LABELS = {"id": "Record id", "evidence_type": "Evidence type", "editorial_notes": "Editorial notes",
          "last_reviewed": "Last checked against the sources", "review_due": "Review due",
          "source_gives": "Facts the source gives"}
ITEM_LABELS = {"source_gives": "Fact"}  # one item of a list whose name is not a plural noun
_SOURCE_REF = "#/$defs/source"


def form_spec(schema: dict) -> list[dict]:
    """One node per top-level field, in schema order (the order of the YAML file)."""
    markdown = _markdown_paths(schema)
    required = set(schema.get("required", []))
    return [_node(name, spec, name, name in required, schema, markdown)
            for name, spec in schema.get("properties", {}).items()]


def _label(name: str) -> str:
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def _resolve(spec: dict, schema: dict) -> tuple[dict, str | None]:
    """The field's definition, and the `$ref` it came by (None when it was written in place)."""
    resolved = resolve_ref(spec, schema)
    return resolved, (spec["$ref"] if resolved is not spec else None)


def _node(name: str, spec: dict, path: str, required: bool, schema: dict, markdown: set[str]) -> dict:
    spec, ref = _resolve(spec, schema)
    node: dict = {"name": name, "path": path, "label": _label(name), "help": spec.get("description", ""),
                  "required": required}
    types = spec.get("type")
    types = types if isinstance(types, list) else [types] if types else []
    if path in FIXED:
        value, note = FIXED[path]
        return {**node, "widget": "fixed", "value": value, "note": note}
    if path in LEFT_TO_REVIEWER:
        return {**node, "widget": "reviewer", "note": LEFT_TO_REVIEWER[path]}
    if "enum" in spec:
        values = spec["enum"]
        labels = spec.get("x-labels") or [str(v) for v in values]
        notes = spec.get("enumDescriptions") or [""] * len(values)
        node["options"] = [{"value": v, "label": lab, "description": d}
                           for v, lab, d in zip(values, labels, notes, strict=False)]
        return {**node, "widget": "radio" if len(values) <= 3 and any(notes) else "select"}
    if path == "themes":
        return {**node, "widget": "themes", "min": spec.get("minItems", 0)}
    if ref == _SOURCE_REF:
        return {**node, "widget": "source", "children": _children(spec, path, schema, markdown)}
    if "object" in types:
        return {**node, "widget": "group", "children": _children(spec, path, schema, markdown)}
    if "array" in types:
        item_spec = spec.get("items", {})
        item = _node(name[:-1] if name.endswith("s") else name, item_spec, path + "/*", True, schema, markdown)
        item["label"] = ITEM_LABELS.get(name) or (_label(name)[:-1] if name.endswith("s") else _label(name))
        return {**node, "widget": "list", "item": item, "min": spec.get("minItems", 0)}
    if spec.get("format") == "date":
        return {**node, "widget": "date", "today": path in TODAY}
    if "integer" in types:
        return {**node, "widget": "integer"}
    if "number" in types:
        return {**node, "widget": "number-or-text" if "string" in types else "number"}
    if "boolean" in types:
        return {**node, "widget": "checkbox"}
    if path in markdown:
        return {**node, "widget": "markdown"}
    widget = "textarea" if path in MULTILINE or not types else "text"
    return {**node, "widget": widget, "maxLength": spec.get("maxLength"), "pattern": spec.get("pattern")}


def _children(spec: dict, path: str, schema: dict, markdown: set[str]) -> list[dict]:
    required = set(spec.get("required", []))
    return [_node(name, sub, f"{path}/{name}", name in required, schema, markdown)
            for name, sub in spec.get("properties", {}).items()]


def _markdown_paths(schema: dict) -> set[str]:
    """Which string fields the validator reads as Markdown: asked of its own rule with sample data."""
    sample = _sample(schema, schema)
    found = set()
    for path, _ in markdown_fields(sample if isinstance(sample, dict) else {}):
        found.add("/".join("*" if isinstance(part, int) else str(part) for part in path))
    return found


def _sample(spec: dict, schema: dict, depth: int = 0) -> object:
    spec, _ = _resolve(spec, schema)
    types = spec.get("type")
    types = types if isinstance(types, list) else [types]
    if depth > 8:
        return None
    if "object" in types or "properties" in spec:
        return {name: _sample(sub, schema, depth + 1) for name, sub in spec.get("properties", {}).items()}
    if "array" in types:
        return [_sample(spec.get("items", {}), schema, depth + 1)]
    return "x"
