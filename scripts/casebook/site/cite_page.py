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
