"""The Propose page's form, described from schema/record.schema.json, in a practitioner's words.

Every property of the schema becomes a control (so a field added to the schema appears
in the form with no other change); enum choices carry the schema's own labels and
descriptions; which text is Markdown (and so gets a "cite" control) is asked of the
validator's own rule (validate.citations.markdown_fields); `themes` offers the taxonomy
that the validator checks themes against. What is decided here: the words the form
uses where the schema's are written for maintainers (WORDS), which fields belong to the
sources step, and what a contributor does not set: the id (made from the title), the
status (a draft), and the reviewer's dates.
"""

from __future__ import annotations

from casebook.schemadoc import resolve_ref
from casebook.validate.citations import markdown_fields

# Fields a proposal does not choose: written as the value given (or left out), not shown.
FIXED = {"status": ("draft", "A proposal stays a draft: a reviewer publishes it once every statement "
                             "has been checked against its source.")}
LEFT_TO_REVIEWER = {"added": "The reviewer fills this in on the day the record is published.",
                    "review_due": "The reviewer sets when the record is checked again."}
DERIVED = {"id": "Made from the title: the address of the record's page."}
SOURCES_STEP = ("sources", "references")  # drawn by the sources step (propose-sources.js), not the form
TODAY = {"last_reviewed"}  # a date the contributor has just checked: today, unless they change it
MULTILINE = {"quotes/*/text", "figures/*/note"}  # plain text that is often longer than a line
# (label, help) where the schema's own words are written for maintainers; "" keeps the schema's help.
WORDS: dict[str, tuple[str, str]] = {
    "id": ("Page address", "Made from the title."),
    "sources": ("Sources", "The documents the case study draws on, and where in each."),
    "references": ("New sources", "Documents that are not in Casebook yet, described in step 2."),
    "kind": ("What is it?", "Choose the one that fits the source."),
    "title": ("Title", "Say what happened and where, in one short line, e.g. “Sandwell: a customer panel that "
                       "shapes services”."),
    "summary": ("Summary", "Two to four sentences for someone deciding whether to read on. After each statement, "
                           "cite where the source says it: use “Cite a source” under the box."),
    "organisations": ("Organisations", "The organisations that did the work or the research, or that the case "
                                       "study is about. Leave it empty for a general finding. Do not list an "
                                       "organisation only because a speaker or sponsor works there."),
    "organisations/*/name": ("Name", "As the source gives it."),
    "organisations/*/type": ("Kind of organisation", ""),
    "organisations/*/region": ("English region (only in England)", ""),
    "organisations/*/nation": ("Nation", ""),
    "organisations/*/source_gives": ("Facts the source gives",
                                     "Tick what the source itself says about the organisation; the rest is shown "
                                     "as Casebook's reading."),
    "organisations/*/source_gives/*": ("Fact", ""),
    "year": ("Year", "The year the evidence describes or was published; leave it empty if the source does not say."),
    "period": ("Period", "When one year is not enough, e.g. “by June 2015”."),
    "themes": ("Themes", "Choose the themes the source clearly supports. Casebook's editors may change them."),
    "evidence_type": ("Kind of evidence", ""),
    "narrative": ("The story, in four parts", "Each part is optional. Cite a source after each statement."),
    "narrative/context": ("Context", "The situation the organisation or research faced."),
    "narrative/approach": ("What was done", ""),
    "narrative/outcomes": ("What happened", "Only what the source reports."),
    "narrative/lessons": ("Lessons", "The lessons the source draws. Your own observations go in the notes on the "
                                     "source, below."),
    "quotes": ("Quotations", "The source's exact words, with who said or wrote them."),
    "quotes/*/text": ("Exact words", "Copy them exactly, capitals and all, without quotation marks."),
    "quotes/*/speaker": ("Who said or wrote them", ""),
    "quotes/*/role": ("Their role", "As the source gives it."),
    "quotes/*/source": ("Where the quotation is", ""),
    "figures": ("Figures", "Numbers the source gives."),
    "figures/*/label": ("What the number counts", ""),
    "figures/*/value": ("The number", "Or the source's words for it, e.g. 30+."),
    "figures/*/unit": ("Unit", "e.g. organisations, GBP."),
    "figures/*/note": ("How you read it", "Only where the source is unclear, e.g. a currency sign lost in copying."),
    "figures/*/source": ("Where the figure is", ""),
    "editorial_notes": ("Notes on the source", "Your own notes about the source itself: a garbled or missing "
                                               "passage and how you read it. Readers see them as Casebook's notes, "
                                               "never as the source's; they need no citation."),
    "contributors": ("Who wrote this", "Your name and organisation, as you would like them shown."),
    "contributors/*": ("Person", ""),
    "contributors/*/name": ("Name", ""),
    "contributors/*/organisation": ("Organisation", ""),
    "programme": ("Programme and cohort", "If the evidence came from a programme, e.g. the Aspire Business "
                                          "Partnering Programme, cohort 1."),
    "programme/name": ("Programme", ""),
    "programme/cohort": ("Cohort", ""),
    "last_reviewed": ("Date you checked it against the source", "Today, unless you checked it on another day."),
    "key": ("Which source", "Choose one of the case study's sources (step 2)."),
    "locator": ("Page, paragraph or section", "For example p. 7, pp. 7-8, para. 6 or sec. 4.1."),
}
_SOURCE_REF = "#/$defs/source"


def form_spec(schema: dict) -> list[dict]:
    """One node per top-level field, in schema order (the order of the YAML file)."""
    markdown = _markdown_paths(schema)
    required = set(schema.get("required", []))
    return [_node(name, spec, name, name in required, schema, markdown)
            for name, spec in schema.get("properties", {}).items()]


def _words(path: str, name: str, spec: dict) -> tuple[str, str]:
    """The field's label and help: WORDS for its path (or its name inside a source), else the schema's."""
    generic = path.replace("/*", "").split("/")
    found = WORDS.get(path) or (WORDS.get(name) if generic[-1] in ("key", "locator") else None)
    label, help_text = found or (name.replace("_", " ").replace("-", " ").capitalize(), "")
    return label, help_text or spec.get("description", "")


def _resolve(spec: dict, schema: dict) -> tuple[dict, str | None]:
    """The field's definition, and the `$ref` it came by (None when it was written in place)."""
    resolved = resolve_ref(spec, schema)
    return resolved, (spec["$ref"] if resolved is not spec else None)


def _node(name: str, spec: dict, path: str, required: bool, schema: dict, markdown: set[str]) -> dict:
    spec, ref = _resolve(spec, schema)
    label, help_text = _words(path, name, spec)
    node: dict = {"name": name, "path": path, "label": label, "help": help_text, "required": required}
    types = spec.get("type")
    types = types if isinstance(types, list) else [types] if types else []
    if path in FIXED:
        value, note = FIXED[path]
        return {**node, "widget": "fixed", "value": value, "note": note}
    if path in LEFT_TO_REVIEWER:
        return {**node, "widget": "reviewer", "note": LEFT_TO_REVIEWER[path]}
    if path in DERIVED:
        return {**node, "widget": "derived", "note": DERIVED[path]}
    if path in SOURCES_STEP:
        return {**node, "widget": "sources-step"}
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
        item["label"] = WORDS[path + "/*"][0] if path + "/*" in WORDS else _singular(label)
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


def _singular(label: str) -> str:
    """One item of a list field: "Quotations" -> "Quotation", "Notes on the source" -> "Note on the source"."""
    first, _, rest = label.partition(" ")
    first = first[:-1] if first.endswith("s") and not first.endswith("ss") else first
    return f"{first} {rest}".strip()


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
