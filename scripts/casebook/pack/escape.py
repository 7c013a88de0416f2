"""Plain text made safe to place in pandoc Markdown, and the lead of a Markdown summary.

Titles, names, quotes and figure labels are plain text: they must come out of pandoc
exactly as written, whatever they contain. Pandoc Markdown lets a backslash escape any
ASCII punctuation (`all_symbols_escapable`), so escaping every one of them leaves
nothing for the reader to interpret: no emphasis, links, citations, lists, headings,
table cells, raw formats or smart punctuation.
"""

from __future__ import annotations

import string

from casebook import markdown

_PUNCTUATION = frozenset(string.punctuation)


class Markdown(str):
    """Markdown that Casebook built itself (structure, citations from validated keys, placeholders).

    The pack template passes these through unchanged; every other string is escaped.
    """


def escape_markdown(text: str) -> str:
    """Plain text as pandoc Markdown that renders back to the same text (whitespace collapsed)."""
    collapsed = " ".join(text.split())
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in collapsed)


def lead(text: str) -> str:
    """The first sentences of a Markdown field's first paragraph, up to and including the first
    that cites a source: the record's own words with their citation, for the pack overview."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    taken = []
    for sentence in _sentences(paragraph):
        taken.append(sentence)
        if markdown.citation_keys(sentence):
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
