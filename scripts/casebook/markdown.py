"""What Casebook reads out of contributors' Markdown before any renderer sees it.

Validation and rendering share these rules, so what validates is what renders:
bracketed pandoc citations `[@key, p. 7]` are citations; a bare `@name` is text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# A bracketed group holding at least one @key: pandoc's normal citation syntax.
_CITE_GROUP = re.compile(r"\[[^\[\]@]*@[^\[\]]*\]")
# A pandoc citation key: starts with a letter (any script: pandoc reads `@éclair2020` as a
# citation), digit or _, internal punctuation allowed. `-@key` (author suppressed) needs no
# pattern of its own: `-` may precede the `@`. The pattern starts with the literal `@` (its
# look-behind after it) so the search runs fast.
KEY_BODY = r"\w(?:[\w:.#$%&+?<>~/-]*\w)?"
_KEY = re.compile(r"@(?<![\w.\\]@)(" + KEY_BODY + ")")
# The start of an inline link or image, `[text](` / `![alt](`; the destination is read by _destination.
_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(")
# After `<destination>`: an optional title, then the `)` that ends the link.
_TAIL_AFTER_ANGLE = re.compile(r"""\s*(?:(?:"[^"]*"|'[^']*'|\([^)]*\))\s*)?\)""")
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*$""")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
# Reference-style link definitions: `[label]: target` (not footnotes, `[^1]: ...`).
_REF_DEF = re.compile(r"^[ ]{0,3}\[(?!\^)[^\[\]]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_REF_DEF_REST = re.compile(r"^[ ]{0,3}\[(?!\^)[^\[\]]+\]:(.*)$", re.MULTILINE)
# Pandoc unescapes `\:` in link targets, so `javascript\:x` is still javascript.
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROLS = re.compile(r"[\x00-\x20\x7f]")  # what browsers forgive inside a scheme
_BARE_AT = re.compile(r"(?<!\\)@")

SAFE_SCHEMES = {"http", "https", "mailto"}


class Found(NamedTuple):
    """Something found in a Markdown string, with its offset into that string (a named tuple:
    validation makes one per citation of every record, and a frozen dataclass is slow to make)."""

    value: str
    offset: int


def citation_keys(text: str) -> tuple[Found, ...]:
    """Keys cited inside [...] groups, with offsets."""
    return _keys(text)[0]


def bare_keys(text: str) -> tuple[Found, ...]:
    """`@name`s outside any [...] citation group: printed as text (an email address is not one)."""
    return _keys(text)[1]


@lru_cache(maxsize=65536)
def _keys(text: str) -> tuple[tuple[Found, ...], tuple[Found, ...]]:
    """(cited keys, bare keys) in one pass; cached, since validation asks of each field several times."""
    if "@" not in text:
        return (), ()
    cited, bare = [], []
    for match in _KEY.finditer(text):
        pos = match.start()
        found = Found(match.group(1), match.start(1))
        if text.rfind("[", 0, pos) <= text.rfind("]", 0, pos):
            bare.append(found)  # not inside an open bracket: a bare @name is text
            continue
        close, reopen = text.find("]", pos), text.find("[", pos)
        (bare if close == -1 or -1 < reopen < close else cited).append(found)
    return tuple(cited), tuple(bare)


class CiteItem(NamedTuple):
    """One work cited inside a [...] group: `see @key, p. 7` is prefix 'see', key, suffix 'p. 7'."""

    key: Found
    prefix: str
    suffix: str


def citation_items(text: str) -> tuple[CiteItem, ...]:
    """Each citation with the text around it in its group, split at `;` as pandoc splits them."""
    items = []
    for found in citation_keys(text):
        open_at = text.rfind("[", 0, found.offset)
        close_at = text.find("]", found.offset)
        start = max(open_at, text.rfind(";", open_at, found.offset)) + 1
        end = text.find(";", found.offset, close_at)
        end = close_at if end == -1 else end
        at = found.offset - 1 - (text[found.offset - 2] == "-" if found.offset >= 2 else 0)
        suffix = text[found.offset + len(found.value): end].strip()
        items.append(CiteItem(found, text[start:at].strip(), suffix.removeprefix(",").strip()))
    return tuple(items)


_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
# Lines that are not statements: ATX headings, thematic breaks, setext underlines, link definitions.
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]|$)")
_RULE = re.compile(r"^[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_UNDERLINE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
_LINK_DEF = re.compile(r"^[ ]{0,3}\[(?!\^)[^\[\]]+\]:")
# What those lines start with, after their indent ("" for a line of spaces).
_NOT_TEXT_LEADS = ("#", "-", "*", "_", "=", "[", "")


def is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM.match(text))


def statements(text: str) -> list[Found]:
    """The paragraphs and list items of a Markdown text, each with its offset: the units that
    must each carry a source. Headings, rules and link definitions are not statements (a
    footnote is: it is printed with the text)."""
    bounds, pos = [], 0
    for brk in _BLOCK_BREAK.finditer(text):
        bounds.append((pos, brk.start()))
        pos = brk.end()
    bounds.append((pos, len(text)))
    found = []
    for start, end in bounds:
        block = text[start:end]
        # One line (YAML folds plain text onto one) holds at most one list item, at its start.
        cuts = [0] if "\n" not in block else sorted({0, *(m.start() for m in _LIST_ITEM.finditer(block))})
        for cut, upto in zip(cuts, [*cuts[1:], len(block)], strict=True):
            piece = block[cut:upto]
            if _says_something(piece):
                found.append(Found(piece.strip(), start + cut + len(piece) - len(piece.lstrip())))
    return found


def _says_something(piece: str) -> bool:
    """Whether anything is left of a block once headings, rules and link definitions are taken out."""
    if "\n" not in piece and piece.lstrip()[:1] not in _NOT_TEXT_LEADS:
        return True  # one line that starts as none of those can (the usual case, decided at once)
    lines = piece.splitlines()
    keep = [True] * len(lines)
    for i, line in enumerate(lines):
        if i and _UNDERLINE.match(line) and keep[i - 1] and lines[i - 1].strip():
            keep[i] = keep[i - 1] = False  # `Title` over `---` or `===`: a heading
        elif _HEADING.match(line) or _LINK_DEF.match(line) or _RULE.match(line):
            keep[i] = False
    return any(k and line.strip() for k, line in zip(keep, lines, strict=True))


def escape_stray_at(text: str) -> str:
    """Backslash every `@` that does not start a bracketed citation key, so pandoc keeps it as text."""
    if "@" not in text:
        return text
    keep = {found.offset - 1 for found in citation_keys(text)}
    return _BARE_AT.sub(lambda m: "@" if m.start() in keep else "\\@", text)


_FOOTNOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")


def scope_footnotes(text: str, scope: str) -> str:
    """Prefix every footnote label ([^1] and its [^1]: definition) with scope, so fragments
    rendered in one pandoc document may each use [^1] without clashing."""
    if "[^" not in text:
        return text
    return _FOOTNOTE_LABEL.sub(lambda m: f"[^{scope}{m.group(1)}]", text)


@dataclass(frozen=True)
class Link:
    target: str
    offset: int
    is_image: bool


def links(text: str) -> list[Link]:
    if "](" not in text and "<" not in text and "]:" not in text:
        return []
    found = []
    for m in _LINK.finditer(text):
        destination = _destination(text, m.end())
        if destination:
            found.append(Link(destination[0], destination[1], m.group(1) == "!"))
    found += [Link(m.group(1), m.start(1), False) for m in _AUTOLINK.finditer(text)]
    found += [Link(m.group(1), m.start(1), False) for m in _REF_DEF.finditer(text)]
    return sorted(found, key=lambda link: link.offset)


def link_tails(text: str) -> list[tuple[int, int]]:
    """(start, end) of the `(destination "title")` of each inline link and of the rest of each reference
    definition's line: addresses and titles, where nothing is read as Markdown or HTML."""
    spans = []
    for m in _LINK.finditer(text):
        end = _tail_end(text, m.end())
        if end is not None:
            spans.append((m.end() - 1, end))
    spans += [(m.start(1), m.end(1)) for m in _REF_DEF_REST.finditer(text)]
    return spans


def _tail_end(text: str, pos: int) -> int | None:
    """Past the `)` that closes an inline link's destination and title, read as _destination reads it."""
    start = pos + len(text[pos:]) - len(text[pos:].lstrip())
    if text.startswith("<", start):
        end = text.find(">", start)
        after = _TAIL_AFTER_ANGLE.match(text, end + 1) if end > 0 else None
        return after.end() if after else None
    close = _balancing_paren(text, start)
    return close + 1 if close is not None else None


def _destination(text: str, pos: int) -> tuple[str, int] | None:
    """A link's target and its offset, read as pandoc does: `<...>`, or up to the `)` that
    balances, less an optional title. Pandoc keeps spaces inside a target (`javascript: x`)."""
    start = pos + len(text[pos:]) - len(text[pos:].lstrip())
    if text.startswith("<", start):
        end = text.find(">", start)
        return (text[start + 1 : end], start + 1) if end > 0 else None
    close = _balancing_paren(text, start)
    return (_TITLE.sub("", text[start:close]).rstrip(), start) if close is not None else None


def _balancing_paren(text: str, start: int) -> int | None:
    """Where the `)` that closes a link's `(` is, from start (backslash escapes skipped); None if none does."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None


def link_scheme(target: str) -> str | None:
    """The URL scheme, lower-cased, as pandoc and browsers would read it.

    Pandoc decodes entities and backslash escapes (`javascript&#58;`, `javascript\\:`) and
    browsers forgive whitespace and controls (`java\\tscript:`), so all of those go first.
    """
    cleaned = _BACKSLASH_ESCAPE.sub(r"\1", html.unescape(target))
    cleaned = _CONTROLS.sub("", cleaned)
    scheme = _SCHEME.match(cleaned)  # as the safety filter reads it; urlsplit raises on `http://[x`
    return scheme.group(1).lower() if scheme else None


def is_safe_url(target: str) -> bool:
    scheme = link_scheme(target)
    return scheme is None or scheme in SAFE_SCHEMES


def patterns() -> dict[str, object]:
    """The patterns the Propose page's copy of these functions uses (builders/propose_rules.py sends them)."""
    return {"key": _KEY, "keyBody": re.compile(KEY_BODY), "link": _LINK, "tailAfterAngle": _TAIL_AFTER_ANGLE,
            "title": _TITLE, "autolink": _AUTOLINK, "refDef": _REF_DEF, "refDefRest": _REF_DEF_REST,
            "backslashEscape": _BACKSLASH_ESCAPE, "scheme": _SCHEME, "controls": _CONTROLS,
            "blockBreak": _BLOCK_BREAK, "listItem": _LIST_ITEM, "heading": _HEADING, "rule": _RULE,
            "underline": _UNDERLINE, "linkDef": _LINK_DEF, "space": re.compile(r"\s"),
            "notTextLeads": list(_NOT_TEXT_LEADS)}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset inside a string."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line + 1, offset - start + 1


def lead(text: str) -> str:
    """The first sentences of a Markdown field's first paragraph, up to and including the first
    that cites a source: the record's own words with their citation, for the pack overview."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    taken = []
    for sentence in _sentences(paragraph):
        taken.append(sentence)
        if citation_keys(sentence):
            return " ".join(taken)
    return paragraph


def _sentences(paragraph: str) -> list[str]:
    """Split at . ! ? followed by a space, never inside brackets (so `[@key, p. 7]` stays whole)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(paragraph):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth = max(0, depth - 1)
        elif ch in ".!?" and depth == 0 and (i + 1 == len(paragraph) or paragraph[i + 1] == " "):
            out.append(paragraph[start: i + 1].strip())
            start = i + 1
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out
