"""Which line of a YAML text is out of line: list dashes, the fields of list items, block text.

The half of yamlexplain.py that reads layout rather than punctuation. Two lines that
disagree (a dash at three spaces under one at two) do not say which one is wrong; the
field that owns the list does: Casebook's files, the scaffold and the Propose page put a
list's items two spaces in from its field name, so the line that is not there is blamed,
and the lower line (where the parser stopped) when neither or both are.
Lines are 0-based here and 1-based in every Mistake.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from casebook.yamlio.compose import BLOCK_ITEM_LINE, ITEM_LINE

# A line that starts a field: indent, any `- `, a name as Casebook's files spell them.
FIELD = re.compile(r"(?P<lead> *(?:- +)*)(?P<key>[A-Za-z_][\w-]*)(?P<rest>.*)")
# A line whose value is a block of text below it (`text: >-`, `- |`).
_BLOCK_OPENER = re.compile(r"(?:^|[ :-])[>|][-+]?\s*$")


class Mistake(NamedTuple):
    line: int
    col: int
    code: str
    message: str


def swallowed_item(lines: list[str], first: int, last: int, block: bool) -> Mistake | None:
    """A `- item` that YAML read as more of the text on lines first..last (0-based).

    Valid YAML, so the parser never complains: a dash indented deeper than the list's other
    dashes continues the item above, as plain text (`a - b`) or, under `- >-`, as a line of
    its block. In a block only a bare `- >-` counts: a `- ` line there may be Markdown."""
    for number in range(first + 1, min(last + 1, len(lines))):
        line = lines[number]
        if not (BLOCK_ITEM_LINE if block else ITEM_LINE).match(line):
            continue
        if ITEM_LINE.match(lines[first]):
            return misaligned_items(lines, first, number, swallowed=True)
        return Mistake(number + 1, indent(line) + 1, "yaml-indent",
                       f"line {number + 1} starts with a dash but YAML reads it as more of the text that "
                       f"starts on line {first + 1}; if it is a list item, line its dash up with the list's "
                       "other items, and if it is text, write the value after >-")
    return None


def stray_line(lines: list[str], number: int) -> Mistake | None:
    """The parser stopped at a line out of line with its neighbours: a list item's dash,
    a field inside a list item, or a block's text not indented under its field."""
    line = lines[number]
    col = indent(line)
    if ITEM_LINE.match(line):
        above = next((i for i in range(number - 1, -1, -1) if content(lines[i]) and ITEM_LINE.match(lines[i])), None)
        if above is None or indent(lines[above]) == col:
            return None
        return misaligned_items(lines, above, number)
    shallow = shallow_block_text(lines, number)
    if shallow:
        return shallow
    item = next((i for i in range(number - 1, -1, -1) if content(lines[i]) and indent(lines[i]) <= col), None)
    if item is None or not ITEM_LINE.match(lines[item]) or not FIELD.fullmatch(line):
        return None
    return misaligned_fields(lines, item, number)


def shallow_block_text(lines: list[str], number: int) -> Mistake | None:
    """The first line of a block (`text: >-`) indented no deeper than the field that opens it,
    so YAML ends the block at once and reads the line as something else."""
    above = previous(lines, number)
    if above is None or not _BLOCK_OPENER.search(lines[above]):
        return None
    found = FIELD.fullmatch(lines[above])
    name = len(found["lead"]) if found else indent(lines[above])  # where its name (or dash) is
    if indent(lines[number]) > name:
        return None
    if ITEM_LINE.match(lines[above]):
        wrong = _dash_out_of_place(lines, above)
        if wrong:
            return wrong
    return Mistake(number + 1, indent(lines[number]) + 1, "yaml-indent",
                   f"line {number + 1} is the text of the field on line {above + 1} but is not indented deeper "
                   f"than that field's name; indent it with {spaces(name + 2)}")


def deeper_field(lines: list[str], above: int, number: int, col: int) -> Mistake | None:
    """Line `number` is a field (`name:`, its colon at col) indented deeper than the fields
    of line `above`, so YAML read it as more of the value there."""
    here, there = FIELD.fullmatch(lines[number]), FIELD.fullmatch(lines[above])
    if not here or not there or len(here["lead"]) + len(here["key"]) != col:
        return None
    return misaligned_fields(lines, above, number)


def misaligned_items(lines: list[str], above: int, below: int, swallowed: bool = False) -> Mistake:
    """Two dashes of one list at different indents: blame the one that is not where the
    field owning the list puts its items, or else the lower one."""
    owner = _owner(lines, above, min(indent(lines[above]), indent(lines[below])))
    wrong, right = (below, above)
    if owner and not owner.earlier and indent(lines[below]) == owner.items != indent(lines[above]):
        wrong, right = (above, below)  # the list's first item, out of place; the second is where it should be
    where = "below" if wrong == above else "above"
    why = ""
    if swallowed:
        why = (" (so YAML reads it as more of that item's text)" if wrong == below
               else f" (so YAML reads line {below + 1} as more of this item's text)")
    target = indent(lines[right])
    return Mistake(wrong + 1, indent(lines[wrong]) + 1, "yaml-indent",
                   f"line {wrong + 1}: this list item's dash is indented {spaces(indent(lines[wrong]))} but the "
                   f"item {where} (line {right + 1}) is indented {target}{why}; indent it with {spaces(target)}")


def misaligned_fields(lines: list[str], item: int, number: int) -> Mistake | None:
    """A field of the list item opened on line `item` not in line with that item's first
    field: the dash is blamed when it, not the field, is out of place in its list."""
    opening = FIELD.fullmatch(lines[item])
    dash, field = indent(lines[item]), indent(lines[number])
    first = len(opening["lead"]) if opening else field
    if field == first:
        return None
    owner = _owner(lines, item, dash)
    if owner and field == owner.items + (first - dash):  # where its fields would be, were the dash in place
        wrong = _dash_out_of_place(lines, item)
        if wrong:
            return wrong
    return Mistake(number + 1, field + 1, "yaml-indent",
                   f"line {number + 1}: this field is indented {spaces(field)} but the list item it belongs to "
                   f"has its first field (line {item + 1}) at {first}; indent it with {spaces(first)}")


def _dash_out_of_place(lines: list[str], item: int) -> Mistake | None:
    """The dash on line `item`, when it is not where the field owning its list puts items."""
    owner = _owner(lines, item, indent(lines[item]))
    if owner is None or owner.items == indent(lines[item]):
        return None
    name = FIELD.fullmatch(lines[owner.line])["key"]  # type: ignore[index]  # an owner is a field line
    return Mistake(item + 1, indent(lines[item]) + 1, "yaml-indent",
                   f"line {item + 1}: this list item's dash is indented {spaces(indent(lines[item]))}, but the "
                   f"items of {name!r} (line {owner.line + 1}) go {spaces(owner.items)} in; indent it with "
                   f"{spaces(owner.items)}")


class _Owner(NamedTuple):
    line: int  # the `name:` line that owns the list
    items: int  # where it puts its items: two spaces in from the name
    earlier: bool  # whether items of the list come before the line asked about


def _owner(lines: list[str], index: int, below: int) -> _Owner | None:
    """The field owning the list that lines[index] is in: the nearest `name:` above indented
    no deeper than `below` (YAML lets a list sit level with its field), passing the list's
    earlier items."""
    earlier = False
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if not content(line) or indent(line) > below:
            continue
        if indent(line) == below and ITEM_LINE.match(line):
            earlier = True
            continue
        found = FIELD.fullmatch(line)
        if found and found["rest"].rstrip() == ":":
            return _Owner(above, len(found["lead"]) + 2, earlier)
        return None
    return None


def previous(lines: list[str], index: int) -> int | None:
    """The nearest line above with anything but blanks and a comment."""
    return next((above for above in range(index - 1, -1, -1) if content(lines[above])), None)


def content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def short(text: str, limit: int = 40) -> str:
    """Words from the file, cut so one long line cannot flood the message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"
