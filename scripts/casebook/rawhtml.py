"""Raw HTML in record text, found where pandoc's raw_html extension would read it.

Casebook reads record Markdown with raw_html off (pandoc/common.yaml), so a `<script>` is
printed as text and can do no harm; but CONTRIBUTING says raw HTML is not allowed, and a
contributor who types `<b>` means markup that will never appear. So it is an error, at the
tag, wherever pandoc with raw_html on would have taken it for HTML: a tag whose name starts
with a letter (tagsoup's reading, with pandoc's own checks: `<https://x>` is an autolink,
`a < b` and `x<y)` are text), a comment `<!-- -->`, a processing instruction `<?php ?>`.
Not in code spans, fenced code blocks, link destinations and titles, or after a backslash.
tests/test_rawhtml.py holds this against pandoc's own parse.

The scanner is plain code rather than one regular expression, so it runs in linear time on
any input, and so the Propose page's copy (assets/propose/propose-html.js) can follow it
step for step.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from casebook import markdown

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.MULTILINE)
_FENCE_CLOSE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[ \t]*$", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_COMMENT = re.compile(r"<!--(?!-?>).*?-->", re.DOTALL)
# What tagsoup takes for space inside a tag: HTML's five, not \v or a no-break space.
_SPACE = " \t\n\r\f"
_NAME_END = re.compile(r"[ \t\n\r\f/>]")
_NOT_ATTRIBUTE = "\"'=<>`/"


class RawHtml(NamedTuple):
    text: str  # the whole tag or comment, as written
    offset: int
    comment: bool


def raw_html(text: str) -> list[RawHtml]:
    """Every tag and comment pandoc would read as raw HTML, in order; a closing tag only when no
    opening tag of its name came before it (one problem for `<b>bold</b>`, not two)."""
    if "<" not in text:
        return []
    skip = _skipped(text)
    found: list[RawHtml] = []
    opened: set[str] = set()
    i = text.find("<")
    while i != -1:
        if i in skip:
            i = text.find("<", skip[i])
            continue
        end, name, closing = _read(text, i)
        if end is None:
            i = text.find("<", i + 1)
            continue
        if not (closing and name in opened):
            found.append(RawHtml(text[i:end], i, name == "!--"))
        if not closing:
            opened.add(name)
        i = text.find("<", end)
    return found


def patterns() -> dict[str, object]:
    """What the Propose page's copy of this scanner needs (builders/propose_rules.py sends it)."""
    return {"fence": _FENCE, "fenceClose": _FENCE_CLOSE, "backticks": _BACKTICKS, "blankLine": _BLANK_LINE,
            "escape": _ESCAPE, "comment": _COMMENT, "nameEnd": _NAME_END, "tagSpace": _SPACE,
            "notAttribute": _NOT_ATTRIBUTE}


def _read(text: str, i: int) -> tuple[int | None, str, bool]:
    """(end, lower-cased name, whether a closing tag) of the HTML starting at text[i] == '<'."""
    comment = _COMMENT.match(text, i)
    if comment:
        return comment.end(), "!--", False
    if text.startswith("<?", i) and text[i + 2: i + 3].isalpha():  # a processing instruction, <?php ... >
        end = text.find(">", i)
        return (end + 1 if end != -1 else None), "?", False
    closing = text.startswith("</", i)
    start = i + 2 if closing else i + 1
    stop = _NAME_END.search(text, start)
    name = text[start: stop.start() if stop else len(text)]
    if not _is_name(name) or stop is None:
        return None, "", False
    if closing:
        end = text.find(">", stop.start())
        return (end + 1 if end != -1 else None), name.lower(), True
    return _attributes_end(text, stop.start()), name.lower(), False


def _is_name(name: str, attribute: bool = False) -> bool:
    """pandoc's check on what tagsoup read: a letter, then letters, digits, ':', '-' or '_'; a tag's
    name does not end in ':' (`<https:...>` is an address)."""
    return (bool(name) and name[0].isalpha() and (attribute or name[-1] != ":")
            and all(c.isalnum() or c in ":-_" for c in name))


def _attributes_end(text: str, pos: int) -> int | None:
    """Past the `>` that ends an opening tag's attributes (`a=1 b="x>y" c`), or None when none does."""
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in _SPACE or ch == "/":
            pos += 1
        elif ch == ">":
            return pos + 1
        elif ch in _NOT_ATTRIBUTE:
            return None
        else:
            start = pos
            while pos < n and text[pos] not in _SPACE and text[pos] not in "\"'>/=`":
                pos += 1
            if not _is_name(text[start:pos], attribute=True):
                return None
            after = _skip_space(text, pos)
            if after < n and text[after] == "=":
                pos = _value_end(text, _skip_space(text, after + 1))
                if pos is None:
                    return None
    return None


def _value_end(text: str, pos: int) -> int | None:
    if pos < len(text) and text[pos] in "\"'":
        close = text.find(text[pos], pos + 1)
        return close + 1 if close != -1 else None
    while pos < len(text) and text[pos] not in _SPACE and text[pos] != ">":
        pos += 1
    return pos


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _skipped(text: str) -> dict[int, int]:
    """Where a `<` is not HTML: the start of each such span mapped to its end (code, escapes, links)."""
    spans: list[tuple[int, int]] = []
    for fence in _FENCE.finditer(text):
        line_end = text.find("\n", fence.end())
        if line_end == -1 or any(a <= fence.start() < b for a, b in spans):
            continue
        mark = fence.group(1)
        close = next((m for m in _FENCE_CLOSE.finditer(text, line_end + 1)
                      if m.group(1)[0] == mark[0] and len(m.group(1)) >= len(mark)), None)
        if close:
            spans.append((fence.start(), close.end()))
    escapes = [(m.start(), m.end()) for m in _ESCAPE.finditer(text)]
    spans += _code_spans(text, spans, {end - 1 for _, end in escapes})
    spans += escapes + markdown.link_tails(text)
    skip: dict[int, int] = {}
    for start, end in spans:
        for at in range(start, end):
            if text[at] == "<":
                skip[at] = max(skip.get(at, 0), end)
    return skip


def _code_spans(text: str, fences: list[tuple[int, int]], escaped: set[int]) -> list[tuple[int, int]]:
    """`code`: a run of backticks up to the next run of the same length, within one paragraph (a
    backslash before a run takes its first backtick out of it)."""
    runs = [(m.start() + (m.start() in escaped), m.end()) for m in _BACKTICKS.finditer(text)
            if not any(a <= m.start() < b for a, b in fences)]
    runs = [(start, end) for start, end in runs if start < end]
    spans, i = [], 0
    while i < len(runs):
        start, end = runs[i]
        closing = next((j for j in range(i + 1, len(runs)) if runs[j][1] - runs[j][0] == end - start), None)
        if closing is not None and not _BLANK_LINE.search(text, end, runs[closing][0]):
            spans.append((start, runs[closing][1]))
            i = closing + 1
        else:
            i += 1
    return spans
