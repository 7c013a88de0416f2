"""Each record's sources as files a reference manager imports: RIS and BibTeX, one pair per record.

A reader who keeps sources in Zotero, Mendeley or EndNote takes a record's works in one
click instead of retyping them. pandoc's biblatex reader reads references.bib once (LaTeX
decoded, crossref and @string resolved, as citeproc sees it) into CSL JSON; its BibTeX
writer and the small RIS writer here work from that. Casebook's annotations are left out:
they describe Casebook's copy of a work, not the work.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from casebook import urls
from casebook.builders.files import FolderWriter
from casebook.pandoc_tools import run_pandoc

_NOT_THE_WORK = ("annote",)
_RIS_TYPE = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS", "article": "JOUR",
    "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER", "report": "RPRT", "thesis": "THES",
    "webpage": "ELEC", "post-weblog": "BLOG", "post": "ELEC", "dataset": "DATA", "speech": "SOUND",
    "interview": "GEN", "legislation": "STAT", "legal_case": "CASE", "manuscript": "UNPB",
}
# CSL variable -> RIS tag, for the plain ones (names, dates and pages are written below).
_RIS_FIELDS = (("title", "TI"), ("container-title", "T2"), ("collection-title", "T3"), ("publisher", "PB"),
               ("publisher-place", "CY"), ("volume", "VL"), ("issue", "IS"), ("edition", "ET"),
               ("ISBN", "SN"), ("ISSN", "SN"), ("DOI", "DO"), ("URL", "UR"), ("genre", "M3"), ("number", "M1"))


@lru_cache(maxsize=2)
def _library(bib_text: str, works_json: str = "") -> tuple[dict[str, dict], dict[str, str]]:
    """Every entry as CSL JSON and as BibTeX, by key: references.bib's and the works records describe
    (works_json, CSL JSON as fragments.Sources gives pandoc), each read by pandoc as citeproc reads it."""
    items = json.loads(run_pandoc(bib_text, ["-f", "biblatex", "-t", "csljson", "--sandbox"],
                                  "the bibliography as CSL JSON"))
    if works_json:
        items += json.loads(run_pandoc(works_json, ["-f", "csljson", "-t", "csljson", "--sandbox"],
                                       "the works records describe"))
    items = [{k: v for k, v in item.items() if k not in _NOT_THE_WORK} for item in items]
    bibtex = run_pandoc(json.dumps(items, ensure_ascii=False), ["-f", "csljson", "-t", "bibtex", "--sandbox"],
                        "the bibliography as BibTeX")
    entries = {}
    for block in re.split(r"(?m)^(?=@)", bibtex):
        head = re.match(r"@\w+\{([^,]+),", block)
        if head:
            entries[head.group(1)] = block.rstrip() + "\n"
    return {item["id"]: item for item in items}, entries


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _names(people: list[dict]) -> list[str]:
    out = []
    for person in people:
        if "literal" in person:
            out.append(person["literal"])
        else:
            family = " ".join(p for p in (person.get("non-dropping-particle"), person.get("family")) if p)
            given = " ".join(p for p in (person.get("given"), person.get("dropping-particle")) if p)
            out.append(f"{family}, {given}" if given else family)
    return [_one_line(n) for n in out if n]


def ris_entry(item: dict) -> str:
    """One CSL JSON item as a RIS record (tags as in the RIS specification; CRLF line ends)."""
    lines = [("TY", _RIS_TYPE.get(item.get("type", ""), "GEN"))]
    lines += [("AU", name) for name in _names(item.get("author", []))]
    lines += [("A2", name) for name in _names(item.get("editor", []))]
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if parts[0]:
        date = [str(parts[0][0])] + [f"{int(p):02d}" for p in parts[0][1:3]]
        lines.append(("PY", date[0]))
        lines.append(("DA", "/".join(date + [""] * (3 - len(date))) + "/"))
    lines += [(tag, _one_line(item[var])) for var, tag in _RIS_FIELDS if item.get(var)]
    if item.get("page"):
        first, _, last = str(item["page"]).replace("\u2013", "-").partition("-")
        lines.append(("SP", first.strip()))
        if last.strip():
            lines.append(("EP", last.strip()))
    lines += [("ID", item["id"]), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def write_source_files(bib_text: str, keys_by_record: dict[str, list[str]], files: FolderWriter,
                       works_json: str = "") -> None:
    """data/sources/<id>.ris and .bib for every record, holding the works its page lists under References."""
    items, bibtex = _library(bib_text, works_json)
    ris: dict[str, str] = {}  # each work's entry once, though many records list it
    for record_id, keys in keys_by_record.items():
        known = [k for k in keys if k in items]
        entries = [ris[k] if k in ris else ris.setdefault(k, ris_entry(items[k])) for k in known]
        files.put_text(urls.sources_file(record_id, "ris"), "\r\n".join(entries))
        files.put_text(urls.sources_file(record_id, "bib"), "\n".join(bibtex[k] for k in known if k in bibtex))
