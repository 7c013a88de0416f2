"""Sources for the Propose page: the bibliography to search, and short forms for a new work.

The index holds what a person searches by (authors and titles, as plain text), the key
the record cites and the reference as readers will read it. A new work is described in
a short form per kind of work a contributor meets, and becomes an entry of the record's
own `references` (CSL, as works.py reads it: people as family and given names, an
organisation as one name, the title exactly as typed). Which fields a kind needs is read
from works.TYPES, the policy `casebook validate` applies.
"""

from __future__ import annotations

import re

from casebook.bib.view import WorkView
from casebook.bib.works import TYPES

# (CSL field, label, kind, help). kind: names (people or organisations), text, date, day, url.
_TITLE = ("title", "Title", "text", "Exactly as the document gives it, capitals and all.")
_ISSUED = ("issued", "Date published", "date", "A year (2016), a month (2016-03) or a day (2016-03-15).")
_NOTE = ("annote", "Note for Casebook's editors", "text",
         "Not printed in the reference, e.g. “Internal report, shared with permission”.")
_URL = ("URL", "Web address", "url", "The https:// address where anyone can read the document, if it is online.")
_ACCESSED = ("accessed", "Date you read it online", "day", "As 2026-11-20 (year, month, day).")
_PUBLISHER = ("publisher", "Published by", "text", "The organisation that published or issued it.")
SOURCE_TYPES = [
    {"type": "report", "label": "Report", "fields": [
        ("author", "Authors", "names", "People, or an organisation as the author."), _TITLE, _PUBLISHER,
        ("genre", "Kind of report", "text", "For example “Programme cohort report”."), _ISSUED, _URL, _ACCESSED,
        _NOTE]},
    {"type": "webpage", "label": "Web page or blog post", "fields": [
        ("author", "Authors", "names", "Leave empty when the page names nobody."), _TITLE,
        ("container-title", "Website or blog", "text", "Its name."),
        ("publisher", "Whose site it is", "text", "The organisation that runs it, if it says."), _ISSUED, _URL,
        _ACCESSED, _NOTE]},
    {"type": "article-journal", "label": "Journal article", "fields": [
        ("author", "Authors", "names", ""), _TITLE, ("container-title", "Journal", "text", ""), _ISSUED,
        ("volume", "Volume", "text", ""), ("issue", "Issue", "text", ""), ("page", "Pages", "text", "e.g. 12-30."),
        ("DOI", "DOI", "text", "e.g. 10.1000/xyz123."), _URL, _ACCESSED, _NOTE]},
    {"type": "book", "label": "Book", "fields": [
        ("author", "Authors", "names", ""), ("editor", "Editors (when there are no authors)", "names", ""),
        _TITLE, ("edition", "Edition", "text", "e.g. 2."), ("publisher", "Publisher", "text", ""),
        ("publisher-place", "Place of publication", "text", ""), _ISSUED, _URL, _NOTE]},
    {"type": "chapter", "label": "Chapter in a book", "fields": [
        ("author", "Authors of the chapter", "names", ""), ("title", "Chapter title", "text", _TITLE[3]),
        ("container-title", "Book title", "text", ""), ("editor", "Editors of the book", "names", ""),
        ("publisher", "Publisher", "text", ""), ("publisher-place", "Place of publication", "text", ""),
        _ISSUED, ("page", "Pages", "text", "e.g. 45-67."), _NOTE]},
    {"type": "document", "label": "Another kind of document", "fields": [
        ("author", "Authors", "names", ""), _TITLE, _PUBLISHER, _ISSUED, _URL, _ACCESSED, _NOTE]},
]


def source_types() -> list[dict]:
    """The new-source forms, each with the groups of fields works.TYPES requires (any one of a group)."""
    out = []
    for kind in SOURCE_TYPES:
        names = [f[0] for f in kind["fields"]]
        groups = [[need] if isinstance(need, str) else list(need) for need in TYPES[kind["type"]][1]]
        missing = [name for group in groups for name in group if name not in names]
        if missing:
            raise ValueError(f"the {kind['type']} form lacks {missing}, which works.TYPES requires")
        out.append({"type": kind["type"], "label": kind["label"], "required": groups,
                    "fields": [{"name": n, "label": lab, "kind": k, "help": h} for n, lab, k, h in kind["fields"]]})
    return out


def bib_index(views: dict[str, WorkView], references: dict[str, str] | None = None) -> list[dict]:
    """Every work by key: its authors (family names, organisations whole), title and year to search by, its
    reference as the site prints it (references: plain text by key), and where its key is defined (for the
    browser's "a key names one work" check), in key order."""
    return [{"key": key, "authors": [a.short for a in view.authors] or ([view.publisher] if view.publisher else []),
             "title": view.title, "year": view.year, "reference": (references or {}).get(key, ""),
             "defined": view.defined, "namedPeople": view.by_named_people}
            for key, view in sorted(views.items())]


def plain(value: str) -> str:
    """A BibTeX value as it reads: braces that protect case dropped, LaTeX escapes undone, spaces folded."""
    text = re.sub(r"\\([&%$#_{}])", r"\1", value).replace("{", "").replace("}", "")
    return " ".join(text.split())
