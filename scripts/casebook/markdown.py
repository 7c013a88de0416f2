"""What Casebook reads out of contributors' Markdown before any renderer sees it.

Validation and rendering share these rules, so what validates is what renders:
bracketed pandoc citations `[@key, p. 7]` are citations; a bare `@name` is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# A bracketed group holding at least one @key: pandoc's normal citation syntax.
_CITE_GROUP = re.compile(r"\[[^\[\]]*?(?<![\w.])-?@[A-Za-z0-9_][^\[\]]*\]")
_KEY_IN_GROUP = re.compile(r"(?<![\w.])-?@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*?)(?=[\s,;\]]|$)")
_AT = re.compile(r"(?<!\\)@")
# Inline links and images: [text](target "title") / ![alt](target)
_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")

SAFE_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Found:
    """Something found in a Markdown string, with its offset into that string."""

    value: str
    offset: int


def citation_keys(text: str) -> list[Found]:
    found = []
    for group in _CITE_GROUP.finditer(text):
        for key in _KEY_IN_GROUP.finditer(group.group(0)):
            found.append(Found(key.group(1).rstrip("."), group.start() + key.start(1)))
    return found


def escape_stray_at(text: str) -> str:
    """Backslash every `@` outside a bracketed citation, so pandoc keeps it as text."""
    out, last = [], 0
    for group in _CITE_GROUP.finditer(text):
        out.append(_AT.sub(r"\\@", text[last: group.start()]))
        out.append(group.group(0))
        last = group.end()
    out.append(_AT.sub(r"\\@", text[last:]))
    return "".join(out)


@dataclass(frozen=True)
class Link:
    target: str
    offset: int
    is_image: bool


def links(text: str) -> list[Link]:
    found = [Link(m.group(2), m.start(2), m.group(1) == "!") for m in _LINK.finditer(text)]
    found += [Link(m.group(1), m.start(1), False) for m in _AUTOLINK.finditer(text)]
    return found


def link_scheme(target: str) -> str | None:
    """The URL scheme, lower-cased, ignoring the tricks browsers forgive (`java\\tscript:`)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", target)
    scheme = urlsplit(cleaned).scheme
    return scheme.lower() or None


def is_safe_url(target: str) -> bool:
    scheme = link_scheme(target)
    return scheme is None or scheme in SAFE_SCHEMES


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset inside a string."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line + 1, offset - start + 1
