"""@string macros and `#` concatenation, resolved as biblatex (and pandoc) resolve them.

bibtexparser v2 replaces a field that is exactly one macro (`publisher = wme`) but leaves
`wme # { annual report}` as written, so checks and displays would see the expression, not
the text pandoc prints. An unbraced word that names no macro, number or month is printed
by pandoc as the bare word: that is a mistake (a typo in a macro's name) worth reporting.
"""

from __future__ import annotations

import re

import bibtexparser

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAME = re.compile(r"[^\W\d][\w:+-]*")
_MAX_DEPTH = 16  # macros built from macros; deeper is a loop


def _split(expression: str) -> list[str]:
    """Parts of `a # {b} # "c"` split at the `#`s outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(expression):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append(expression[start:i])
            start = i + 1
    parts.append(expression[start:])
    return [p.strip() for p in parts]


def _part(part: str, strings: dict[str, str], missing: list[str], depth: int) -> str:
    if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
        return part[1:-1]
    if part.isdigit():
        return part
    if part.lower() in strings and depth < _MAX_DEPTH:
        return resolve(strings[part.lower()], strings, missing, depth + 1)
    if part.lower() not in MONTHS:
        missing.append(part)
    return part


def resolve(expression: str, strings: dict[str, str], missing: list[str], depth: int = 0) -> str:
    """The text of a field written without enclosing braces; undefined macro names go into missing."""
    parts = _split(expression)
    if len(parts) == 1 and not _NAME.fullmatch(parts[0]):
        return expression
    return "".join(_part(p, strings, missing, depth) for p in parts)


def entry_fields(library: bibtexparser.Library) -> tuple[dict[str, dict[str, str]], dict[str, list[tuple[str, str]]]]:
    """Every entry's fields (names lower-cased) as pandoc reads them, and each entry's
    (field, name) pairs where a bare word names no @string, number or month."""
    strings = {key.lower(): str(s.value) for key, s in library.strings_dict.items()}
    fields: dict[str, dict[str, str]] = {}
    undefined: dict[str, list[tuple[str, str]]] = {}
    for entry in library.entries:
        enclosing = entry.parser_metadata.get("removed_enclosing", {})
        resolved = set(entry.parser_metadata.get("ResolveStringReferences", []))
        values = {}
        for field in entry.fields:
            value = str(field.value)
            if enclosing.get(field.key) == "no-enclosing" and field.key not in resolved:
                missing: list[str] = []
                value = resolve(value, strings, missing)
                undefined.setdefault(entry.key, []).extend((field.key.lower(), m) for m in missing)
            values[field.key.lower()] = value
        fields[entry.key] = values
    return fields, undefined
