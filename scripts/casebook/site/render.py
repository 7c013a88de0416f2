"""Record and theme text to safe HTML: one pandoc call for the whole site, then nh3.

Citations go through pandoc_tools (the same engine and CSL as the packs); every
fragment is sanitised for the page it will appear on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3

from casebook import urls
from casebook.model import ContentSet, Record
from casebook.pandoc_tools import render_fragments
from casebook.site.sanitize import clean

_CITES = re.compile(r'data-cites="([^"]*)"')


@dataclass
class Rendered:
    """Safe HTML by (page address, fragment name), and each reference's HTML by key."""

    html: dict[tuple[str, str], str]
    references: dict[str, str]
    _order: dict[str, int] = field(default_factory=dict)

    def get(self, page: str, name: str) -> str:
        return self.html[(page, name)]

    def inline(self, page: str, name: str) -> str:
        """A one-paragraph fragment without its <p> wrapper (for citations beside text)."""
        text = self.get(page, name)
        if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
            return text[3:-4]
        return text

    def record_html(self, record: Record) -> list[str]:
        """Every rendered fragment of a record's page."""
        page = urls.record_page(record.id)
        return [self.get(page, name) for name, _ in record_fragments(record)]

    def cited(self, *fragments: str) -> list[str]:
        """Keys cited in the given HTML, in reference-list (alphabetical) order."""
        keys = {key for frag in fragments for match in _CITES.finditer(frag) for key in match.group(1).split()}
        if not self._order:
            self._order.update({key: i for i, key in enumerate(self.references)})
        return sorted((k for k in keys if k in self.references), key=lambda k: self._order[k])


def plain_text(html: str) -> str:
    """Text of a sanitised fragment, for card summaries, feeds and data files."""
    text = nh3.clean(html, tags=set())
    return re.sub(r"\s+", " ", _unescape(text)).strip()


def _unescape(text: str) -> str:
    import html as html_lib

    return html_lib.unescape(text)


def record_fragments(record: Record) -> list[tuple[str, str]]:
    """(name, Markdown) for everything on a record page that pandoc renders."""
    items = list(record.markdown_fields())
    items += [(f"quote.{i}", q.source.citation()) for i, q in enumerate(record.quotes)]
    items += [(f"figure.{i}", f.source.citation()) for i, f in enumerate(record.figures)]
    items += [(f"source.{i}", s.citation()) for i, s in enumerate(record.sources)]
    return items


def render_site_text(content: ContentSet) -> Rendered:
    """Render every record and theme fragment in one pandoc call."""
    jobs: list[tuple[str, str, str]] = []
    for record in content.published:
        page = urls.record_page(record.id)
        jobs += [(page, name, text) for name, text in record_fragments(record)]
    for theme in content.taxonomy.themes:
        page = urls.theme_page(theme.id)
        jobs.append((page, "definition", theme.definition))
    for group in content.taxonomy.groups:
        jobs.append(("themes/", f"group.{group.id}", group.description))
    outputs, references = render_fragments([text for _, _, text in jobs], content.bib_path)
    html = {(page, name): clean(out, page) for (page, name, _), out in zip(jobs, outputs, strict=True)}
    safe_refs = {key: clean(value, urls.BIBLIOGRAPHY) for key, value in references.items()}
    return Rendered(html, safe_refs)
