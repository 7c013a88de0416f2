"""A DOCX or HTML pack as pandoc input: the body Markdown (templates/pack/body.md.j2) and its metadata.

Two rules keep record text from ever becoming structure or code:
- plain-text values are escaped by the template's finalize step (escape.escape_markdown),
  unless Casebook built them itself (escape.Markdown);
- record prose never enters the body as Markdown. The body holds an unguessable placeholder
  word for each piece, and pack/ast_fill.py puts the piece's stored AST in its place after
  pandoc has read the body. So one record's text cannot open a section, end the pack's
  structure, or define link labels or footnotes for another.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2

from casebook.pack.contents import PackContents
from casebook.pack.escape import Markdown, escape_markdown

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pack"


@dataclass
class Document:
    body: str
    metadata: dict
    token: str  # the placeholders' shared part
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # placeholder name -> (record id, piece)


def _finalize(value: object) -> str:
    if isinstance(value, Markdown):
        return str(value)
    if isinstance(value, bool) or value is None:
        raise TypeError(f"refusing to print {value!r} into the pack")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return escape_markdown(value)
    raise TypeError(f"refusing to print a {type(value).__name__} into the pack")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), finalize=_finalize,
                              undefined=jinja2.StrictUndefined, autoescape=False,
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def link_destination(url: str) -> Markdown:
    """A link target in angle brackets; the parts are a checked site URL and a record id slug."""
    if any(ch in url for ch in "<>\n\r\t ") or "\\" in url:
        raise ValueError(f"unexpected character in link {url!r}")
    return Markdown(f"<{url}>")


def build_document(contents: PackContents) -> Document:
    doc = Document(body="", metadata={}, token=secrets.token_hex(8))

    def place(record_id: str, piece: str) -> Markdown:
        name = f"p{len(doc.places)}"
        doc.places[name] = (record_id, piece)
        return Markdown(f"CASEBOOKPIECE{doc.token}x{name}")

    doc.body = _environment().get_template("body.md.j2").render(c=contents, place=place, link=link_destination)
    doc.metadata = {
        "title": escape_markdown(contents.title),
        "subtitle": escape_markdown(contents.subtitle),
        "date": escape_markdown(contents.date),
        "author": ["Casebook"],
        "abstract-title": "Selection",
        "abstract": escape_markdown(contents.selection),
        "keywords": [escape_markdown(k) for k in contents.keywords],
        "lang": "en-GB",
    }
    return doc
