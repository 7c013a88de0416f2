"""YAML mistakes in plain words, on the line where the mistake is.

libyaml says where it gave up, in its own terms: a tab is "a character that cannot start
any token", a missing colon is reported on the line after it, a colon with no space after
it on the next field's line. Here the text around the parser's marks (and the tokens its
scanner read before it gave up) is read again to recognise the mistakes people make when
they write a record by hand, and to name the line where each one is and what to type.
Anything not recognised keeps the parser's own words (yamlsafe.py), so a wrong guess is
never worse than the message it replaces. Mistakes of layout (which of two lines is out
of line) are yamlindent.py's.

Some mistakes are valid YAML that means something else (`“kind”:` is a field named with
its quotes; `title "A: b"` a field named `title "A`). yamlsafe.py asks `odd_key` about
keys like those, and yamlindent.swallowed_item about a `- item` indented so deep that
YAML reads it as more of the text above, while it builds the data.

Each mistake has its own code, as yaml-alias and yaml-tag do: a maintainer, a CI
annotation or the browser's parity list can tell a tab from an unclosed quote without
reading the words; anything else stays yaml-syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from casebook.yamlio.compose import CURLY_QUOTES, Loader
from casebook.yamlio.indent import (
    FIELD,
    Mistake,
    deeper_field,
    indent,
    previous,
    shallow_block_text,
    short,
    stray_line,
    swallowed_item,
)
from casebook.yamlio.text import has_odd_breaks

__all__ = ["Mistake", "explain", "odd_key", "swallowed_item"]

# What a value can open with; after `name ` it says the colon was forgotten, not that prose runs on.
_VALUE_OPENS = tuple("\"'{[>|")
_STOPPED = re.compile(r"did not find expected|expected <block end>")


@dataclass(frozen=True)
class _Error:
    problem: str
    context: str
    at: tuple[int, int]  # where the parser gave up (0-based line, column)
    opened: tuple[int, int] | None  # what it was reading then, when it says
    lines: list[str]
    text: str


def explain(exc: yaml.MarkedYAMLError, text: str) -> Mistake | None:
    """A plain-words diagnosis of a parser error, or None to keep the parser's message."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None or has_odd_breaks(text):  # lines YAML counts and editors do not: leave it
        return None
    lines = text.split("\n")
    at = (min(mark.line, len(lines) - 1), mark.column)
    opened = (min(exc.context_mark.line, len(lines) - 1), exc.context_mark.column) if exc.context_mark else None
    error = _Error(exc.problem or "", exc.context or "", at, opened, lines, text)
    for rule in _RULES:
        found = rule(error)
        if found:
            return found
    return None


def odd_key(key: str, lines: list[str], line: int, col: int) -> Mistake | None:
    """A plain key that is really a mistake on its line (line and col 1-based).

    `“kind”:` names a field “kind”; `title:"A: b"` and `title "A: b"` name one called
    `title:"A` or `title "A`, because the `: ` inside the quotes ends the key."""
    if len(key) > 1 and key[0] in CURLY_QUOTES and key[-1] in CURLY_QUOTES:
        return Mistake(line, col, "yaml-curly-quote",
                       f"line {line}: the field name {short(key)} is in curly quotes, which YAML reads as part "
                       f"of the name; type it without quotes ({key[1:-1]}:)")
    found = FIELD.fullmatch(key)
    if found and (found["rest"].startswith(":") or found["rest"].lstrip().startswith(_VALUE_OPENS)):
        return _field_line(lines, line - 1)
    return None


def _tab(e: _Error) -> Mistake | None:
    """A tab among the spaces that indent a line (YAML indents with spaces only)."""
    if "tab" not in e.problem and "cannot start any token" not in e.problem:
        return None
    first = e.opened[0] if e.opened and "tab" in e.problem else e.at[0]
    for number in [e.at[0], *range(first, e.at[0])]:
        line = e.lines[number]
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead:
            return Mistake(number + 1, lead.index("\t") + 1, "yaml-tab",
                           f"line {number + 1} starts with a tab: indent with spaces")
    return None


def _reserved_start(e: _Error) -> Mistake | None:
    """`summary: @latham2015aspire says`: YAML keeps @ and ` for later use, so no value starts with one."""
    if "cannot start any token" not in e.problem:
        return None
    line, col = e.at
    char = e.lines[line][col:col + 1]
    if char not in ("@", "`"):
        return None
    return Mistake(line + 1, col + 1, "yaml-reserved-start",
                   f"line {line + 1}: a value cannot start with {char} in YAML; put the whole value in double "
                   "quotes (\"...\")")


def _unclosed_bracket(e: _Error) -> Mistake | None:
    """`source: {key: x, locator: p. 7` with no closing brace (or a list's bracket)."""
    if "flow" not in e.context or not e.opened or "did not find expected ','" not in e.problem:
        return None
    line, col = e.opened
    text = e.lines[line][col:]
    opener, closer = ("{", "}") if text.startswith("{") else ("[", "]")
    if text.count(opener) <= text.count(closer):
        return None
    return Mistake(line + 1, col + 1, "yaml-unclosed-bracket",
                   f"line {line + 1}: the {opener} opened here is not closed on this line; type a closing "
                   f"{closer} at the end of the value")


def _unclosed_quote(e: _Error) -> Mistake | None:
    """A quotation mark not closed on its line: YAML reads on to the next quote, lines later."""
    if "quoted scalar" in e.context and e.opened:  # never closed at all: the parser says where it opened
        line, col = e.opened
        return _quote_mistake(line, col, e.lines[line][col:col + 1] or '"')
    if not _STOPPED.search(e.problem):
        return None
    found = [token for token in _scalars(e) if token.style in ('"', "'")
             and token.end_mark.line == e.at[0] > token.start_mark.line]
    return _quote_mistake(found[-1].start_mark.line, found[-1].start_mark.column, found[-1].style) if found else None


def _quote_mistake(line: int, col: int, quote: str) -> Mistake:
    return Mistake(line + 1, col + 1, "yaml-unclosed-quote",
                   f"line {line + 1}: the {quote} opened here is not closed on this line; "
                   f"type a closing {quote} at the end of the value")


def _text_after_block_opener(e: _Error) -> Mistake | None:
    """`summary: >- The text`: a block's text starts on the line below its `>-` or `|`."""
    if "block scalar" in e.context and "expected comment or line break" in e.problem and e.opened:
        line, col = e.opened
        opener = (e.lines[line][col:].split() or [">-"])[0]
        return Mistake(line + 1, e.at[1] + 1, "yaml-block-start",
                       f"line {line + 1}: the text after {opener} must start on the next line; move it there, "
                       "indented two spaces more than the field name")
    return None


def _missing_colon(e: _Error) -> Mistake | None:
    """`kind case-study` or `kind:case-study`: the parser notices only on a later line."""
    if "could not find expected ':'" in e.problem and e.opened:
        return shallow_block_text(e.lines, e.opened[0]) or _field_line(e.lines, e.opened[0])
    return None


def _field_line(lines: list[str], number: int) -> Mistake | None:
    """What is wrong with a line that should start a field (`name: value`) and does not."""
    line = lines[number]
    found = FIELD.fullmatch(line)
    if not found:
        return None
    key, rest, col = found["key"], found["rest"], len(found["lead"]) + len(found["key"]) + 1
    if rest.startswith(":") and rest[1:2] not in ("", " ", "\t"):
        return Mistake(number + 1, col, "yaml-colon-space",
                       f"line {number + 1}: type a space after the colon ({key}: {short(rest[1:].strip())})")
    if rest.startswith(":"):
        return None  # a well-formed field: the mistake is elsewhere
    value = rest.strip()
    message = f"line {number + 1} has no colon after {key!r}; type one ({key}:{' ' if value else ''}{short(value)})"
    above = previous(lines, number)
    if above is not None and indent(lines[above]) > indent(line):
        message += f", or if it continues the text above, indent it like line {above + 1}"
    return Mistake(number + 1, col, "yaml-missing-colon", message)


def _colon_in_value(e: _Error) -> Mistake | None:
    """"mapping values are not allowed": a `: ` where YAML cannot start a field.

    The scanner's last token is the text the colon is in. When that text began on an
    earlier line, at the start of it, that line was meant to be a field and is not;
    begun after a field name, the colon is inside its value, or a field below is indented
    too deep. On its own line, the colon is inside a value (`title: Note: this`), the
    value opened with a curly quote, or the line's own colon is missing."""
    if "mapping values are not allowed" not in e.problem:
        return None
    number, col = e.at
    scalars = [token for token in _scalars(e) if not token.style]
    start = scalars[-1].start_mark if scalars else None
    if start is not None and start.line < number:
        begins = FIELD.fullmatch(e.lines[start.line])
        at_start = begins is not None and start.column == len(begins["lead"])
        mistake = _field_line(e.lines, start.line) if at_start else deeper_field(e.lines, start.line, number, col)
        return mistake or Mistake(number + 1, col + 1, "yaml-colon-in-value",
                                  f"line {number + 1} holds a colon followed by a space inside the value that starts "
                                  f"on line {start.line + 1}; put that value in double quotes (\"...\") or write it "
                                  "after >-")
    line = e.lines[number]
    value = line[line.index(":") + 1:].lstrip() if ":" in line[:col] else line.lstrip(" -")
    if value[:1] in CURLY_QUOTES:
        return Mistake(number + 1, len(line) - len(value) + 1, "yaml-curly-quote",
                       f"line {number + 1}: the value starts with a curly quote ({value[0]}), which YAML reads "
                       "as an ordinary letter; type straight quotes (\"...\") around the value")
    found = FIELD.fullmatch(line)
    if found and (found["rest"].lstrip().startswith(_VALUE_OPENS) or found["rest"][1:2] not in " \t"):
        return _field_line(e.lines, number)  # `source {key: x}` or `source:{key: x}`
    return Mistake(number + 1, col + 1, "yaml-colon-in-value",
                   f"line {number + 1}: the value holds a colon followed by a space, which YAML reads as a "
                   "new field; put the whole value in double quotes (\"...\")")


def _stopped(e: _Error) -> Mistake | None:
    """The parser stopped at the start of a line that is out of line with its neighbours."""
    if not _STOPPED.search(e.problem) or indent(e.lines[e.at[0]]) != e.at[1]:
        return None
    return stray_line(e.lines, e.at[0])


def _scalars(e: _Error) -> list[yaml.ScalarToken]:
    """The scalars the scanner read up to where the parser stopped (it reads them before
    it complains about what follows)."""
    found = []
    try:
        for token in yaml.scan(e.text, Loader=Loader):
            if (token.start_mark.line, token.start_mark.column) > e.at:
                break
            if isinstance(token, yaml.ScalarToken):
                found.append(token)
    except yaml.YAMLError:
        pass
    return found


_RULES: tuple[Callable[[_Error], Mistake | None], ...] = (
    _tab, _reserved_start, _unclosed_bracket, _unclosed_quote, _text_after_block_opener, _missing_colon,
    _colon_in_value, _stopped)
