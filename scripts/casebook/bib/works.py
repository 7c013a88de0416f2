"""Works a record carries itself: the CSL YAML entries of its `references`, beside references.bib.

A contribution is one file: a new case study usually comes with a new source, and a
cohort member who has never seen BibTeX describes it in the record, in pandoc's own CSL
YAML (people as family and given names, an organisation as one `literal` name, titles
exactly as typed, dates as text). Loading reads these into Work objects (model.py);
every later stage sees one bibliography: references.bib's entries and the records' works.

Pandoc is given them as CSL JSON (csl_json), not as YAML metadata: CSL JSON strings are
plain text to pandoc (no Markdown, no raw HTML), so what a stranger typed cannot become
markup, and the schema refuses `<` and `>` in them besides.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from casebook.model import Work

# Each CSL type a record may use, the biblatex type it becomes in references.bib
# (casebook works move), and what Casebook needs to write a UK Harvard reference for it:
# the same policy as bibtypes.REQUIRED_FIELDS for the biblatex type. A tuple inside is
# "any one of these".
Need = tuple[str | tuple[str, ...], ...]
TYPES: dict[str, tuple[str, Need]] = {
    "report": ("report", (("author", "publisher"), "title")),
    "webpage": ("online", ("title", "URL")),
    "article-journal": ("article", ("author", "title", "container-title", "issued")),
    "book": ("book", (("author", "editor"), "title", "issued")),
    "chapter": ("incollection", ("author", "title", "container-title", "issued")),
    "document": ("misc", ("title",)),
}
# What a field is called where a contributor reads about it (messages, the Propose page).
FIELD_WORDS = {"author": "author", "editor": "editor", "title": "title", "container-title": "container-title",
               "publisher": "publisher", "issued": "issued (date published)", "URL": "URL"}
NAME_FIELDS = ("author", "editor")
DATE_FIELDS = ("issued", "accessed")


def work_from_data(item: dict, path: str, line: int) -> Work:
    """A Work from one entry that has passed the schema (dates kept as text)."""
    csl = {k: (str(v) if k in DATE_FIELDS else v) for k, v in item.items()}
    return Work(key=item["id"], csl=csl, path=path, line=line)


def date_parts(value: str) -> list[int]:
    """'2016-03' -> [2016, 3]: CSL's date-parts of a YYYY[-MM[-DD]] date."""
    return [int(part) for part in str(value).split("-")]


def csl_item(work: Work) -> dict:
    """The work as pandoc's citeproc reads CSL JSON: dates as date-parts, the rest as written."""
    item: dict = {}
    for name, value in sorted(work.csl.items()):
        if name in DATE_FIELDS:
            item[name] = {"date-parts": [date_parts(value)]}
        elif name in NAME_FIELDS:
            item[name] = [dict(sorted(n.items())) for n in value]
        else:
            item[name] = value
    return item


def csl_json(works: Iterable[Work]) -> str:
    """Every work as one CSL JSON file's text, in key order (same works, same bytes)."""
    items = [csl_item(w) for w in sorted(works, key=lambda w: w.key)]
    return json.dumps(items, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def first_creator(csl: dict) -> str:
    """The name a citation of the work starts with: its first author's (or editor's) family name or
    literal, else '' (the style then cites it by title)."""
    for field in NAME_FIELDS:
        names = csl.get(field) or []
        if names:
            return str(names[0].get("family") or names[0].get("literal") or "")
    return ""


def year(csl: dict) -> str:
    issued = csl.get("issued")
    return str(issued)[:4] if issued else ""
