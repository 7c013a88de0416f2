"""Organisations written where biblatex expects lists: authors split into people, publishers into several.

biblatex splits name fields (author, editor, ...) and list fields (institution, publisher,
...) at every " and " outside braces, and reads each name as "First von Last". So
`author = {Chartered Institute of Personnel and Development}` is printed as
"Personnel, C.I. of and Development", and the same words as an institution as "Chartered
Institute of Personnel; Development". Both are silent in pandoc; here they are warnings
with the fix: double braces around an organisation, braces around an "and" inside a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc", "holder")
LIST_FIELDS = ("institution", "school", "organization", "publisher")
# Words that mark a name as an organisation's, not a person's.
ORGANISATION = re.compile(
    r"\b(?:Institute|Institution|Council|Department|Dept|Association|Society|Agency|Office|Ministry|University|"
    r"College|School|Group|Ltd|Limited|plc|Inc|Trust|Board|Committee|Commission|Centre|Center|Services?|"
    r"Authority|Government|Foundation|Partnership|Programme|Network|Federation|Union|Organi[sz]ation|Alliance|"
    r"Bureau|Company|Corporation|Executive|Forum|Parliament|Assembly|Treasury|Consortium|Confederation|Chamber|"
    r"Employers|Unit|Panel|NHS)\b")
# Lower-case words inside an organisation's name that are not particles of a person's (von, de, van der).
CONNECTOR = re.compile(r"\s(?:of|for|the|on|in|to|at|&)\s")


def split_top_level(value: str) -> list[str]:
    """value split at " and " outside braces, as biblatex splits name and list fields."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and value.startswith(" and ", i):
            parts.append(value[start:i])
            start = i + len(" and ")
            i = start
            continue
        i += 1
    parts.append(value[start:])
    return [p.strip() for p in parts]


def split_names(value: str) -> list[str]:
    """The names of a name field (author, editor): its top-level parts, empty ones left out."""
    return [name for name in split_top_level(value) if name]


def is_person(name: str) -> bool:
    """A name biblatex reads as a person's: not braced as one organisation, and not an
    organisation's name written unbraced (which `warnings` reports)."""
    return not wholly_braced(name) and not _organisation(name)


def wholly_braced(part: str) -> bool:
    """Whether part is one group in braces, `{...}`, from its first character to its last."""
    return part.startswith("{") and part.endswith("}") and _closes_at_end(part)


def _closes_at_end(part: str) -> bool:
    depth = 0
    for i, ch in enumerate(part):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and i < len(part) - 1:
            return False
    return True


def _plain(part: str) -> bool:
    """Neither braced as a whole nor written "Last, First": biblatex parses it as First von Last.
    EndNote marks an organisation with a comma at the end ("Local Government Association,"):
    a family name and nothing else, so it is read as a person's too."""
    return not wholly_braced(part) and "," not in part.rstrip(",")


def names_organisation(text: str) -> bool:
    """Whether text has a word that marks an organisation's name ("Council", "of the")."""
    return bool(ORGANISATION.search(text) or CONNECTOR.search(text))


def _organisation(part: str) -> bool:
    return _plain(part) and names_organisation(part)


def looks_like_organisation(name: str) -> bool:
    """Whether a name reads as an organisation's (words like Council, Institute; "of", "for")."""
    return bool(ORGANISATION.search(name) or CONNECTOR.search(f" {name} "))


def _name_warning(name: str, value: str) -> tuple[str, str, str] | None:
    parts = split_top_level(value)
    # Consecutive plain parts around an organisation's are most likely its own words, split at its "and".
    runs: list[list[int]] = []
    for i, part in enumerate(parts):
        if _plain(part) and runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        elif _plain(part):
            runs.append([i])
    run = next((r for r in runs if any(_organisation(parts[i]) for i in r)), None)
    if run is None:
        return None
    organisation = " and ".join(parts[i] for i in run).rstrip(",")
    fixed = " and ".join([*parts[: run[0]], f"{{{organisation}}}", *parts[run[-1] + 1:]])
    read = ("it as a person's name" if len(parts) == 1
            else f"it as {len(parts)} names: " + ", ".join(repr(p) for p in parts))
    return (name, f"{name} {{{value}}} looks like it names an organisation, but biblatex reads {read}",
            f"if {organisation!r} is one organisation, write {name} = {{{fixed}}}")


def warnings(fields: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(field, message, hint) for each organisation that biblatex would split or read as a person."""
    for name in NAME_FIELDS:
        found = _name_warning(name, fields[name]) if fields.get(name) else None
        if found:
            yield found
    for name in LIST_FIELDS:
        parts = split_top_level(fields.get(name, ""))
        if len(parts) > 1:
            one = fields[name].replace(" and ", " {and} ")
            yield (name, f"{name} {{{fields[name]}}} is read as {len(parts)} names and printed as "
                         f"{'; '.join(parts)!r}",
                   f"if it is one name, write {name} = {{{one}}}")


_ISSUERS = ("institution", "organization")  # bodies that issue a work (publisher is a printer's name)


def by_named_people(fields: dict[str, str]) -> bool:
    """A work whose authors are all persons and that no institution or organisation issued: what a
    general finding rests on (validate/organisations.py)."""
    authors = split_names(fields.get("author", ""))
    return bool(authors) and all(is_person(a) for a in authors) and not any(fields.get(f) for f in _ISSUERS)
