"""'How to cite this page': the web-page reference for a Casebook page, in Cite Them Right form.

Sources are always cited through citeproc (render.py). A Casebook page is not in
references.bib, and citeproc given every page at once adds year suffixes
("Casebook (2026a)") that a reader citing one page must not copy, so this one
pattern is a template: Casebook (year) *Title*. Available at: URL (Accessed: date).
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook import urls
from casebook.model import Record, SiteAddress


@dataclass(frozen=True)
class PageCitation:
    year: str
    title: str
    url: str | None  # absolute when the site address is known; else the browser offers its own (http only)


def page_citation(record: Record, address: SiteAddress) -> PageCitation:
    return PageCitation(year=record.last_reviewed[:4], title=record.title,
                        url=address.absolute(urls.record_page(record.id)))


def citation_meta(record: Record, address: SiteAddress, summary: str, themes: list[str]) -> list[tuple[str, str]]:
    """Highwire Press `citation_*` tags for the page's <head>: what Zotero's and Mendeley's browser
    buttons (and Google Scholar) read to save the page as an item in one click. The same facts
    as "How to cite this page": Casebook as author, the year of the last review, the title."""
    cite = page_citation(record, address)
    tags = [("citation_title", cite.title), ("citation_author", "Casebook"),
            ("citation_publication_date", record.last_reviewed.replace("-", "/")),
            ("citation_publisher", "Casebook"), ("citation_language", "en")]
    if record.added:
        tags.append(("citation_online_date", record.added.replace("-", "/")))
    if cite.url:
        tags += [("citation_public_url", cite.url), ("citation_abstract_html_url", cite.url)]
    if summary:
        tags.append(("citation_abstract", summary))
    if themes:
        tags.append(("citation_keywords", "; ".join(themes)))
    return tags
