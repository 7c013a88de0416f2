"""A record proposed from the site, written as `casebook new` writes one.

`casebook new` (scaffold.py and templates/new_record.yaml.j2) is the one source of the
record's modeline, header, field order, field comments and commented-out stubs.
record_layout renders that template once with placeholder answers and cuts it into
the header and one part per schema field; the Propose page carries the layout in its
JSON, and its script (assets/propose/propose-yaml.js) fills it with the answers.
record_yaml is the same serialiser in Python: the reference the browser's output is
tested against, byte for byte.

Values are written so that YAML reads back exactly what was typed: strings in double
quotes with JSON's escapes (valid YAML), plus escapes for the characters YAML's
reader refuses or reads as line breaks; text of several lines as a literal block
(`|-`) when it holds nothing a block could change.
"""

from __future__ import annotations

import json
import re

from casebook.scaffold import Answers, _comment, render_record

TOKENS = {"id": "@@ID@@", "key": "@@KEY@@", "locator": "@@LOCATOR@@", "date": "@@DATE@@"}
_MADE_BY = "# Made by `casebook new`."
_MADE_HERE = "# Made on the Propose page."  # same length, so the header keeps its wrapping
# Raw in a double-quoted scalar, YAML's reader refuses these or folds them as line breaks.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# Text a literal block keeps exactly: printable, no tabs or carriage returns, no
# leading or trailing white space (which would change the block's indentation or chomping).
_BLOCK_SAFE = re.compile("[^\\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
                         "(?:[^\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]*"
                         "[^\\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff])?")
INDENT = "  "


def record_layout(schema: dict) -> dict:
    """The header and, per schema field in order, its comment and the body `casebook new` writes."""
    example = schema["properties"]
    kind = (example.get("kind", {}).get("enum") or ["case-study"])[0]
    evidence = (example.get("evidence_type", {}).get("enum") or ["survey"])[0]
    answers = Answers(id=TOKENS["id"], kind=kind, title="Title", themes=("theme",), source=TOKENS["key"],
                      locator=TOKENS["locator"], evidence_type=evidence)
    text = render_record(schema, answers, TOKENS["date"])
    chunks = text.rstrip("\n").split("\n\n")
    header, parts = chunks[0], chunks[1:]
    fields = []
    for name, part in zip(schema["properties"], parts, strict=True):
        comment = _comment(name, schema["properties"][name], schema)
        if not part.startswith(comment + "\n"):
            raise ValueError(f"new_record.yaml.j2: the part for {name!r} does not start with its comment")
        body = part[len(comment) + 1:]
        fields.append({"name": name, "comment": comment, "body": body,
                       "stub": all(line.startswith("#") for line in body.splitlines())})
    if _MADE_BY not in header:
        raise ValueError("new_record.yaml.j2: the header no longer says how the record was made")
    return {"header": header.replace(_MADE_BY, _MADE_HERE), "fields": fields, "tokens": TOKENS}


def record_yaml(layout: dict, record: dict) -> str:
    """The YAML file for the answers in record (fields in the layout's order; absent ones as stubs)."""
    tokens = layout["tokens"]
    first = (record.get("sources") or [{}])[0]
    fill = {tokens["id"]: str(record.get("id", "")), tokens["key"]: str(first.get("key", "")),
            tokens["locator"]: str(first.get("locator", "")), tokens["date"]: str(record.get("last_reviewed", ""))}

    def substitute(text: str) -> str:
        for token, value in fill.items():
            text = text.replace(token, " ".join(value.split()))
        return text

    parts = [substitute(layout["header"])]
    for field in layout["fields"]:
        name = field["name"]
        if present(record.get(name)):
            body = "\n".join(emit(name, record[name], 0))
        elif field["stub"]:
            body = substitute(field["body"])
        else:
            body = "\n".join("# " + line for line in substitute(field["body"]).splitlines())
        parts.append(field["comment"] + "\n" + body)
    return "\n\n".join(parts) + "\n"


def present(value: object) -> bool:
    """An answer worth writing: not None, not an empty string, list or mapping."""
    return value is not None and value != "" and value != [] and value != {}


def emit(key: str, value: object, depth: int) -> list[str]:
    """`key: value` at this depth, nested lists and mappings in block style."""
    pad = INDENT * depth
    if isinstance(value, dict):
        return [f"{pad}{key}:", *_mapping(value, depth + 1)]
    if isinstance(value, list):
        lines = [f"{pad}{key}:"]
        for item in value:
            lines += _item(item, depth + 1)
        return lines
    if isinstance(value, str) and "\n" in value and _BLOCK_SAFE.fullmatch(value):
        return [f"{pad}{key}: |-", *[(pad + INDENT + line) if line else "" for line in value.split("\n")]]
    return [f"{pad}{key}: {scalar(value)}"]


def _mapping(value: dict, depth: int) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        if present(item):
            lines += emit(key, item, depth)
    return lines


def _item(item: object, depth: int) -> list[str]:
    """One list entry: `- value`, or a mapping whose first line follows the dash."""
    pad = INDENT * depth
    if isinstance(item, dict):
        inner = _mapping(item, depth + 1)
        return [pad + "- " + inner[0].lstrip(" "), *inner[1:]] if inner else [pad + "- {}"]
    if isinstance(item, str) and "\n" in item and _BLOCK_SAFE.fullmatch(item):
        return [f"{pad}- |-", *[(pad + INDENT + line) if line else "" for line in item.split("\n")]]
    return [f"{pad}- {scalar(item)}"]


def scalar(value: object) -> str:
    """One value on one line: numbers and booleans as YAML reads them, strings double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
