"""The bibliography as readers see it: one plain-text view per work, wherever it is described.

A work comes from references.bib (BibTeX, LaTeX and all) or from a record's own
`references` (CSL, plain text as typed). Everything shown from a bibliography other than
the rendered reference itself (JSON-LD's citations, Casebook's note on a source, the
Propose page's search, the list of web sources) reads this view, so the two kinds of
work look alike everywhere and no LaTeX reaches a page. BibTeX is decoded by pandoc's own
biblatex reader (bibplain.py), every value of a bibliography in one call.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from casebook.bib.names import by_named_people, split_names
from casebook.bib.plain import decode
from casebook.bib.works import csl_json
from casebook.model import BibEntry, Work
from casebook.pandoc_tools import run_pandoc
from casebook.words import phrase

_PUBLISHER_FIELDS = ("publisher", "institution", "organization")
_YEAR = re.compile(r"\d{4}")
# BibTeX entry types and CSL types read online (their reference gives an address and an access date).
_ONLINE = {"online", "electronic", "www", "webpage"}
BIB_SHOWN = "references.bib"


@dataclass(frozen=True)
class Agent:
    """An author: a person (family and given names) or an organisation (one name)."""

    name: str  # as printed whole: "Gordon Latham", "Chartered Institute of Personnel and Development"
    family: str | None = None
    given: str | None = None

    @property
    def organisation(self) -> bool:
        return self.family is None

    @property
    def short(self) -> str:
        """What a citation names: a person's family name, an organisation's whole name."""
        return self.family or self.name


@dataclass(frozen=True)
class WorkView:
    key: str
    title: str
    authors: tuple[Agent, ...]
    date: str | None  # as the source gives it: 2015, 2015-06, 2015-06-01
    publisher: str | None
    note: str | None  # Casebook's note on its copy (annotation, annote): never printed in the reference
    online: bool
    carried_by: str | None = None  # the record file describing it, when not references.bib
    line: int = 0  # where its key is defined: the entry's first line, or its `id:` in the record
    by_named_people: bool = False  # references.bib's work by persons that no body issued (bibnames.by_named_people)

    @property
    def defined(self) -> str:
        """Where the key is defined, as `casebook validate` names the place ("references.bib (line 4)")."""
        return phrase("defined-at", path=self.carried_by or BIB_SHOWN, line=str(self.line))

    @property
    def year(self) -> str:
        found = _YEAR.search(self.date or "")
        return found.group(0) if found else ""


def bibliography_views(bibliography: dict[str, BibEntry], works: dict[str, Work],
                       plain: Callable[[Iterable[str]], dict[str, str]] = decode) -> dict[str, WorkView]:
    """Every work by key: references.bib's entries, then the records' works, each as pandoc reads it
    (one pandoc call for each kind). plain: how the LaTeX values are decoded (the edition's rendering
    keeps what it decoded in the fragment store)."""
    decoded = plain(_raw_values(bibliography))
    views = {key: _from_bib(entry, decoded) for key, entry in bibliography.items()}
    read = _as_pandoc_reads(works)
    views.update({key: _from_csl(work, read.get(key, work.csl)) for key, work in works.items()})
    return dict(sorted(views.items()))


def _as_pandoc_reads(works: dict[str, Work]) -> dict[str, dict]:
    """The works' text as pandoc's CSL reader gives it to citeproc (straight quotes curled, as the
    BibTeX reader curls them), so a work reads alike from a record or from references.bib."""
    if not works:
        return {}
    out = run_pandoc(csl_json(works.values()), ["-f", "csljson", "-t", "csljson", "--sandbox"],
                     "the works records describe")
    return {item["id"]: item for item in json.loads(out)}


def _raw_values(bibliography: dict[str, BibEntry]) -> set[str]:
    """Every value _from_bib decodes: whole fields, and each author name and its parts."""
    values: set[str] = set()
    for entry in bibliography.values():
        values.update(entry.fields.values())
        for name in split_names(entry.fields.get("author") or entry.fields.get("editor") or ""):
            values.update((name, *name.partition(",")))
    return values


def _bib_agent(name: str, plain_text: Callable[[str], str]) -> Agent:
    """A name wholly in braces is a body ({CIPD}); "Last, First" a person; else the last word is the family."""
    if name.startswith("{") and name.endswith("}"):
        return Agent(plain_text(name))
    if "," in name:
        family, _, given = (plain_text(part) for part in name.partition(","))
    else:
        whole = plain_text(name)
        given, _, family = whole.rpartition(" ")
    if not given:
        return Agent(family, family=family)
    return Agent(f"{given} {family}", family=family, given=given)


def _from_bib(entry: BibEntry, decoded: dict[str, str]) -> WorkView:
    def plain_text(value: str) -> str:
        return decoded[value] if value in decoded else decode([value])[value]

    fields = entry.fields
    names = split_names(fields.get("author") or fields.get("editor") or "")
    publisher = next((fields[f] for f in _PUBLISHER_FIELDS if fields.get(f)), None)
    note = fields.get("annotation") or fields.get("annote")
    return WorkView(key=entry.key, title=plain_text(fields.get("title", entry.key)),
                    authors=tuple(_bib_agent(n, plain_text) for n in names),
                    date=plain_text(fields.get("date") or fields.get("year") or "") or None,
                    publisher=plain_text(publisher) if publisher else None,
                    note=plain_text(note) if note else None, online=entry.entry_type in _ONLINE, line=entry.line,
                    by_named_people=by_named_people(fields))


def _csl_agent(name: dict) -> Agent:
    if "literal" in name:
        return Agent(str(name["literal"]))
    family, given = str(name.get("family", "")), name.get("given")
    return Agent(f"{given} {family}" if given else family, family=family, given=str(given) if given else None)


def _from_csl(work: Work, csl: dict) -> WorkView:
    names = csl.get("author") or csl.get("editor") or []
    return WorkView(key=work.key, title=str(csl.get("title", work.key)), authors=tuple(_csl_agent(n) for n in names),
                    date=str(work.csl["issued"]) if work.csl.get("issued") else None,
                    publisher=csl.get("publisher") or (csl.get("container-title") if csl.get("type") == "webpage"
                                                       else None),
                    note=csl.get("annote"), online=csl.get("type") in _ONLINE, carried_by=work.path, line=work.line)
