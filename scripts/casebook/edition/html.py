"""Record and theme HTML for the site: the fragment store's HTML, sanitised for the page it goes on.

Citations were resolved once, over the whole bibliography (fragments/), so a page cites
exactly as every pack does.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import nh3

from casebook import urls
from casebook.edition.sanitize import clean
from casebook.fragments import Rendering
from casebook.fragments.units import group_unit, record_unit, theme_unit
from casebook.model import ContentSet

_CITES = re.compile(r'data-cites="([^"]*)"')


@dataclass
class Rendered:
    """Safe HTML by (page address, fragment name), and each reference's HTML by key.

    A fragment is cleaned for its page when a page first asks for it: a rebuild that keeps most
    pages (site/page_inputs.py) never cleans theirs."""

    raw: dict[str, dict[str, str]]  # page address -> fragment name -> the store's HTML, not yet cleaned
    references: dict[str, str]
    keys: dict[str, frozenset[str]] = field(default_factory=dict)  # page address -> keys its fragments cite
    _order: dict[str, int] = field(default_factory=dict)
    _cleaned: dict[tuple[str, str], str] = field(default_factory=dict)

    def get(self, page: str, name: str) -> str:
        found = self._cleaned.get((page, name))
        if found is None:
            found = self._cleaned[(page, name)] = clean(self.raw[page][name], page)
        return found

    def inline(self, page: str, name: str) -> str:
        return unwrap_paragraph(self.get(page, name))

    def cited_on(self, page: str) -> list[str]:
        """Keys a page's fragments cite, as the render found them, in reference-list order."""
        return self._in_order(self.keys.get(page, frozenset()))

    def cited(self, *fragments: str) -> list[str]:
        """Keys cited in the given HTML, in reference-list (alphabetical) order."""
        return self._in_order({key for frag in fragments for match in _CITES.finditer(frag)
                               for key in match.group(1).split()})

    def _in_order(self, keys: set[str] | frozenset[str]) -> list[str]:
        if not self._order:
            self._order.update({key: i for i, key in enumerate(self.references)})
        return sorted((k for k in keys if k in self.references), key=lambda k: self._order[k])


def unwrap_paragraph(html: str) -> str:
    """A one-paragraph fragment without its <p> wrapper (a citation shown beside other text)."""
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def plain_text(html: str) -> str:
    """Text of a sanitised fragment, for card summaries, feeds and data files."""
    text = nh3.clean(html, tags=set())
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


def site_html(content: ContentSet, rendering: Rendering) -> Rendered:
    """The site's HTML for every record and theme fragment, each cleaned for its own page when asked for."""
    raw: dict[str, dict[str, str]] = {}
    keys: dict[str, frozenset[str]] = {}
    for record in content.published:
        page, pieces = urls.record_page(record.id), rendering.pieces[record_unit(record.id)]
        raw[page] = {name: piece.html for name, piece in pieces.items()}
        keys[page] = frozenset(key for piece in pieces.values() for key in piece.keys)
    for theme in content.taxonomy.themes:
        raw[urls.theme_page(theme.id)] = {"definition": rendering.piece(theme_unit(theme.id), "definition").html}
    raw["themes/"] = {f"group.{group.id}": rendering.piece(group_unit(group.id), "description").html
                      for group in content.taxonomy.groups}
    references = {key: clean(ref.html, urls.BIBLIOGRAPHY) for key, ref in rendering.references.items()}
    return Rendered(raw, references, keys)


def html_templates(folder: Path) -> jinja2.Environment:
    """Jinja for the site's HTML (its pages, the self-assessment and Propose pages): autoescaped,
    so nothing a contributor wrote becomes markup, and strict about names a template lacks.

    Compiled templates are kept in Jinja's own cache in the user's temporary folder (0.07 s of every
    build went on compiling them); Jinja checks each against its template's text before using it."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              bytecode_cache=jinja2.FileSystemBytecodeCache())
