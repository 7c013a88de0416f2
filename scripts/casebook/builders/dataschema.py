"""The schemas of the open data (cases.json, cases.csv), derived from the record schema at build time.

Published beside the data so anyone can check a download against what we say it is. They
are made from schema/record.schema.json, never written by hand: a new field, `kind` or
organisation type in the record schema reaches the data's schemas with the next build.
Every `$id` and `$ref` is relative, so a validator resolves them beside the files (on the
site or on disk) and never looks for another host.
"""

from __future__ import annotations

import copy
import re

CASES_SCHEMA = "cases.schema.json"
CSV_SCHEMA = "cases.csv.schema.json"
LIST_SEPARATOR = "; "
URL_FIELD = {
    "description": "The record's page on the site, as an absolute address; null when the site was built "
                   "without its address (then no relative address is given, which would break once downloaded).",
    "type": ["string", "null"],
    "format": "uri",
    "pattern": "^https?://",
}
# Spreadsheet programs run a cell that starts with one of these as a formula; cases.csv puts an
# apostrophe before such a cell (opendata.py), and the CSV schema says so in words.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters that mean something in a regular expression, escaped one by one: re.escape also
# escapes "-" and " ", which ECMA-262's unicode mode (how validators read `pattern`) refuses.
_REGEX_SPECIAL = re.compile(r"([\\^$.|?*+()\[\]{}/])")


def cases_schema(record_schema: dict) -> dict:
    """cases.json: {"records": [...]}, each record as record.schema.json has it, plus `url`.

    A field the record file leaves out is left out of cases.json too (the record schema
    has no null), so the record schema's own rules apply unchanged."""
    record = {k: copy.deepcopy(v) for k, v in record_schema.items() if k not in ("$schema", "$id", "$defs")}
    record["properties"]["url"] = URL_FIELD
    record["required"] = [*record["required"], "url"]
    defs = copy.deepcopy(record_schema.get("$defs", {}))
    if "record" in defs:
        raise ValueError("record.schema.json's $defs must not name one 'record': cases.schema.json uses it")
    return {
        "$schema": record_schema["$schema"],
        "$id": CASES_SCHEMA,
        "title": "Casebook open data: cases.json",
        "description": "Every published record. Each is as record.schema.json (beside this file) describes a "
                       "record file, with one field added, url. Derived from record.schema.json when the site "
                       "was built.",
        "type": "object",
        "additionalProperties": False,
        "required": ["records"],
        "properties": {"records": {"type": "array", "items": {"$ref": "#/$defs/record"}}},
        # The record's own $defs stay at the root, so its "#/$defs/source" references still resolve.
        "$defs": {"record": record, **defs},
    }


def _in_words(characters: tuple[str, ...]) -> str:
    names = [{"\t": "a tab", "\r": "a carriage return"}.get(c, c) for c in characters]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _literal(text: str) -> str:
    return _REGEX_SPECIAL.sub(r"\\\1", text)


def _bare(pattern: str) -> str:
    """A schema pattern anchored at both ends, without its anchors, to use inside another."""
    assert pattern.startswith("^") and pattern.endswith("$"), pattern
    return pattern[1:-1]


def _list_of(item: str, *, required: bool = False) -> str:
    """A pattern for items joined with "; " (none at all unless required)."""
    one = f"(?:{item})"
    many = f"{one}(?:{_literal(LIST_SEPARATOR)}{one})*"
    return f"^{many}$" if required else f"^(?:{many})?$"


def _choices(values: list[str]) -> str:
    return "|".join(_literal(v) for v in values)


def csv_columns(record_schema: dict) -> dict[str, dict]:
    """Each column of cases.csv, in order, with what its cells hold (all cells are text)."""
    props, defs = record_schema["properties"], record_schema["$defs"]
    org = defs["organisation"]["properties"]
    source = defs["source"]["properties"]
    date = {"anyOf": [{"const": ""}, {"format": "date"}]}

    def text(description: str, **rules: object) -> dict:
        return {"description": description, "type": "string", **rules}

    return {
        "id": text("The record's id, as in cases.json.", pattern=props["id"]["pattern"]),
        "title": text("The record's title."),
        "kind": text(props["kind"]["description"], enum=props["kind"]["enum"]),
        "evidence_type": text(props["evidence_type"]["description"], enum=props["evidence_type"]["enum"]),
        "year": text("The year the evidence describes or was published; empty when the source does not say.",
                     pattern="^(?:[0-9]{4})?$"),
        "period": text("Free-text period where a single year is not enough; may be empty."),
        "organisations": text("The organisations' names, separated by '; '; empty for a general finding."),
        "organisation_types": text("Each kind of organisation once, separated by '; '.",
                                   pattern=_list_of(_choices(org["type"]["enum"]))),
        "regions": text("Each English region once, separated by '; '.",
                        pattern=_list_of(_choices(org["region"]["enum"]))),
        "nations": text("Each UK nation once, separated by '; '.",
                        pattern=_list_of(_choices(org["nation"]["enum"]))),
        "themes": text("Theme ids from themes.yaml, separated by '; '.", minLength=1),
        "sources": text("Each source as 'key, locator', separated by '; ': the key of a work in references.bib "
                        "and where in it.",
                        pattern=_list_of(f"{_bare(source['key']['pattern'])}, {_bare(source['locator']['pattern'])}",
                                         required=True)),
        "added": {**text("The date the record was first published, or empty."), **date},
        "last_reviewed": text(props["last_reviewed"]["description"], format="date"),
        "url": {**text(URL_FIELD["description"].replace("null", "empty")),
                "anyOf": [{"const": ""}, {"format": "uri", "pattern": URL_FIELD["pattern"]}]},
        "summary": text("The summary as plain text, citations as the site shows them (not the record's Markdown)."),
    }


def csv_schema(record_schema: dict) -> dict:
    """cases.csv, read as most tools read a CSV: a list of rows, each keyed by the header."""
    columns = csv_columns(record_schema)
    return {
        "$schema": record_schema["$schema"],
        "$id": CSV_SCHEMA,
        "title": "Casebook open data: cases.csv",
        "description": "One row per published record, UTF-8 with a byte-order mark, CRLF line ends. Read as a "
                       "list of rows keyed by the header (as csv.DictReader or a spreadsheet's import does), it "
                       "passes this schema. The columns are in the order of 'required'. A cell that would start "
                       f"with {_in_words(FORMULA_START)} starts with an apostrophe before it, so a "
                       "spreadsheet shows it rather than running it as a formula. Derived from "
                       "record.schema.json when the site was built.",
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": list(columns),
            "properties": columns,
        },
    }
