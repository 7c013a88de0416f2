"""A record proposed from the site, written as one file: the record and the new works it cites.

The Propose page writes the file in the browser (assets/propose/propose-yaml.js); this is
the same serialiser in Python, the reference the browser's output is tested against,
byte for byte. The file is what a contributor sends, in a link or as a download, so it
carries no template comments: the schema's modeline (which `casebook validate` requires),
then each field in the schema's order, then nothing.

Values are written so that YAML reads back exactly what was typed: strings in double
quotes with JSON's escapes (valid YAML), plus escapes for the characters YAML's
reader refuses or reads as line breaks; text of several lines as a literal block
(`|-`) when it holds nothing a block could change.
"""

from __future__ import annotations

import json
import re

from casebook.validate.records import MODELINE

# Raw in a double-quoted scalar, YAML's reader refuses these or folds them as line breaks.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# Text a literal block keeps exactly: printable, no tabs or carriage returns, no
# leading or trailing white space (which would change the block's indentation or chomping).
_BLOCK_SAFE = re.compile("[^\\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
                         "(?:[^\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]*"
                         "[^\\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff])?")
INDENT = "  "


def field_order(schema: dict) -> list[str]:
    """The order fields are written in: the schema's."""
    return list(schema["properties"])


def record_yaml(order: list[str], record: dict) -> str:
    """The record file for the answers in record: the modeline, then each field present, in order."""
    lines = [MODELINE]
    for name in [*order, *(k for k in record if k not in order)]:
        if present(record.get(name)):
            lines += emit(name, record[name], 0)
    return "\n".join(lines) + "\n"


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
