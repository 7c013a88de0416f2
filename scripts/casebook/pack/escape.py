"""Plain text made safe to place in pandoc Markdown.

Titles, names, quotes and figure labels are plain text: they must come out of pandoc
exactly as written, whatever they contain. Pandoc Markdown lets a backslash escape any
ASCII punctuation (`all_symbols_escapable`), so escaping every one of them leaves
nothing for the reader to interpret: no emphasis, links, citations, lists, headings,
table cells, raw formats or smart punctuation.
"""

from __future__ import annotations

import string

_PUNCTUATION = frozenset(string.punctuation)


class Markdown(str):
    """Markdown that Casebook built itself (structure, citations from validated keys, placeholders).

    The pack template passes these through unchanged; every other string is escaped.
    """


def escape_markdown(text: str) -> str:
    """Plain text as pandoc Markdown that renders back to the same text (whitespace collapsed)."""
    collapsed = " ".join(text.split())
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in collapsed)
