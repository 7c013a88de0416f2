"""Sources for the Propose page: the bibliography to search, and short forms for a new work.

The index holds what a person searches by (authors and titles, as plain text) and the
key the record cites. The new-source forms are one per kind of work a contributor
meets; which of their fields are required is read from bib.REQUIRED_FIELDS, the
policy `casebook validate` applies, so the BibTeX written in the browser passes it.
"""

from __future__ import annotations

import re

from casebook.bib import REQUIRED_FIELDS
from casebook.bibview import WorkView

# (BibTeX field, label, kind, help). kind: names (people or organisations), text, date, url.
_TITLE = ("title", "Title", "text", "As the document gives it.")
_DATE = ("date", "Date published", "date", "A year (2016), a month (2016-03) or a day (2016-03-15).")
_NOTE = ("annotation", "Note for Casebook's editors (optional)", "text",
         "Not printed in the reference: e.g. 'Internal report, shared with permission; not published.'")
_URL = ("url", "Web address", "url", "https:// address where the document can be read, if it is public.")
SOURCE_TYPES = [
    {"type": "report", "label": "Report", "fields": [
        ("author", "Authors", "names", "People, or an organisation as author."), _TITLE,
        ("institution", "Published by", "text", "The organisation that issued the report."),
        ("type", "Kind of report (optional)", "text", "e.g. Programme cohort report."), _DATE, _URL, _NOTE]},
    {"type": "online", "label": "Web page or blog post", "fields": [
        ("author", "Authors (optional)", "names", "Leave out when the page names nobody."), _TITLE,
        ("organization", "Website or organisation", "text", "Whose site it is."), _DATE, _URL,
        ("urldate", "Date you read it", "date", "YYYY-MM-DD."), _NOTE]},
    {"type": "article", "label": "Journal article", "fields": [
        ("author", "Authors", "names", ""), _TITLE, ("journaltitle", "Journal", "text", ""), _DATE,
        ("volume", "Volume", "text", ""), ("number", "Issue", "text", ""),
        ("pages", "Pages", "text", "e.g. 12-30."), ("doi", "DOI", "text", "e.g. 10.1000/xyz123."), _URL, _NOTE]},
    {"type": "book", "label": "Book", "fields": [
        ("author", "Authors", "names", ""), ("editor", "Editors (when there are no authors)", "names", ""),
        _TITLE, ("publisher", "Publisher", "text", ""), ("location", "Place of publication", "text", ""),
        _DATE, _NOTE]},
    {"type": "incollection", "label": "Chapter in a book", "fields": [
        ("author", "Authors of the chapter", "names", ""), ("title", "Chapter title", "text", ""),
        ("booktitle", "Book title", "text", ""), ("editor", "Editors of the book", "names", ""),
        ("publisher", "Publisher", "text", ""), _DATE, ("pages", "Pages", "text", "e.g. 45-67."), _NOTE]},
]


def source_types() -> list[dict]:
    """The new-source forms, each with the groups of fields bib.py requires (any one of a group)."""
    out = []
    for kind in SOURCE_TYPES:
        names = [f[0] for f in kind["fields"]]
        groups = [[need] if isinstance(need, str) else list(need) for need in REQUIRED_FIELDS[kind["type"]]]
        # "year or date": the form asks for date, so date alone meets the need.
        groups = [[name for name in group if name in names] for group in groups]
        out.append({"type": kind["type"], "label": kind["label"], "required": groups,
                    "fields": [{"name": n, "label": lab, "kind": k, "help": h} for n, lab, k, h in kind["fields"]]})
    return out


def bib_index(views: dict[str, WorkView]) -> list[dict]:
    """Every work by key with its authors (family names, organisations whole), title, year and where its key
    is defined (for the browser's "a key names one work" check), in key order."""
    return [{"key": key, "authors": [a.short for a in view.authors] or ([view.publisher] if view.publisher else []),
             "title": view.title, "year": view.year, "defined": view.defined} for key, view in sorted(views.items())]


def plain(value: str) -> str:
    """A BibTeX value as it reads: braces that protect case dropped, LaTeX escapes undone, spaces folded."""
    text = re.sub(r"\\([&%$#_{}])", r"\1", value).replace("{", "").replace("}", "")
    return " ".join(text.split())
