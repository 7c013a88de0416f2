"""No raw LaTeX in any output of the bibliography test set: a site and a briefing pack built
from records citing every work in tests/bibdata, read back page by page, file by file. And
nothing private from references.bib (a file's path, an abstract, notes, JabRef's directory)
in any file of the site or in the packs."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from casebook.bib import plain as bibplain
from casebook.builders import build_site
from casebook.pack import PackSpec, Selection, render_pack
from casebook.project import Project
from casebook.validate import validate_project
from conftest import MODELINE, REPO
from packdata import pdf_pages
from test_bibliography import ACCEPTED, BIBDATA, RAW_LATEX, _types

pytestmark = pytest.mark.slow
PER_RECORD = 8
# Outputs that are meant to hold TeX or code: the bibliography as written, the schema, the
# contributor guide (its examples show BibTeX), the command reference (the commands' help, with
# shell line continuations), the search index and the site's own assets.
NOT_READER_TEXT = ("data/references.bib", "data/record.schema.json", "data/cases.schema.json",
                   "data/cases.csv.schema.json", "contributing/", "cli/", "pagefind/", "assets/", "search/")
# Private fields as reference managers export them, each holding the marker, which is found nowhere else.
MARKER = "q7x"
PLANTED = r"""
@report{planted2026private,
  author = {{Casebook Privacy Test}},
  title = {A report exported with private fields},
  institution = {Casebook},
  date = {2026},
  abstract = {Q7X abstract: the publisher's summary of the report.},
  file = {/Users/jo/Zotero/storage/Q7XPRIV1/Casebook - 2026 - A report.pdf},
  annote = {Q7X note: ask Jo before citing.},
  note = {Copy at C:\Users\jo\Documents\Q7X-copy.docx},
  mendeley-groups = {Q7X folder},
  annotation = {Casebook scanned it to ~/Q7X/scan.pdf},
}

@Comment{jabref-meta: fileDirectory-jo-laptop:/home/jo/Q7X-papers;}
"""


class _Text(HTMLParser):
    """Visible text, and the JSON-LD, of an HTML page (scripts and styles are code, not text)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.jsonld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._in = "jsonld" if dict(attrs).get("type") == "application/ld+json" else "code"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is None:
            self.text.append(data)
        elif self._in == "jsonld":
            self.jsonld.append(data)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def reader_text(path: Path) -> list[str]:
    """The strings of an output file that a reader sees."""
    data = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(data)
        return parser.text + [s for block in parser.jsonld for s in _strings(json.loads(block))]
    if path.suffix == ".json":
        return _strings(json.loads(data))
    if path.suffix == ".csv":
        return [cell for row in csv.reader(io.StringIO(data)) for cell in row]
    if path.suffix == ".xml":
        return [t for el in ET.fromstring(data).iter() for t in (el.text, el.tail, *el.attrib.values()) if t]
    return []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], int, dict[str, bytes]]:
    """A project with the real taxonomy and docs, the test set (and PLANTED) added to the
    bibliography, and published records that between them cite every work in it; the site, the
    PDF pack's pages, how many decoding calls the site made, and the pack in every format."""
    root = tmp_path_factory.mktemp("bibset") / "project"
    for name in ("schema", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("themes.yaml", "mkdocs.yml", "assessment.yaml", "CONTRIBUTING.md"):
        shutil.copyfile(REPO / name, root / name)
    bib = [(REPO / "references.bib").read_text(encoding="utf-8")]
    keys: list[str] = []
    for name in ACCEPTED:
        bib.append((BIBDATA / f"{name}.bib").read_text(encoding="utf-8"))
        keys += [k for k, t in _types(name).items() if t != "xdata"]
    bib.append(PLANTED)
    keys.append("planted2026private")
    (root / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    (root / "case_studies").mkdir()
    for n in range(0, len(keys), PER_RECORD):
        cited = "; ".join(f"@{k}, p. {i + 1}" for i, k in enumerate(keys[n:n + PER_RECORD]))
        (root / "case_studies" / f"bibset-{n:03d}.yaml").write_text(
            f"{MODELINE}\nid: bibset-{n:03d}\nkind: finding\ntitle: Test set record {n}\n"
            f"summary: Works of the bibliography test set [{cited}].\nthemes: [agility]\n"
            f"evidence_type: literature-review\nstatus: published\nlast_reviewed: \"2026-11-01\"\n"
            f"sources:\n  - key: {keys[n]}\n    locator: p. 1\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEBOOK_TODAY", "2026-12-01")
        mp.setenv("SOURCE_DATE_EPOCH", "1795000000")
        result = validate_project(Project(root))
        assert result.ok, [str(p) for p in result.problems.errors]
        site = root / "site"
        calls = []
        real = bibplain.run_pandoc
        mp.setattr(bibplain, "run_pandoc", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
        build_site(result.content, site, packs=[])
        mp.setattr(bibplain, "run_pandoc", real)
        spec = PackSpec(title="Agility", selection=Selection.of(theme=("agility",)), timestamp=1_795_000_000,
                        link_base="https://example.org/")
        packs = {fmt: render_pack(result.content, spec, fmt).data for fmt in ("pdf", "docx", "html")}
    return site, pdf_pages(packs["pdf"]), len(calls), packs


def _outputs(site: Path, about: bool) -> list[Path]:
    found = []
    for path in sorted(site.rglob("*")):
        shown = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in (".html", ".json", ".csv", ".xml"):
            continue
        if shown.startswith(NOT_READER_TEXT) or shown.startswith("about/") != about:
            continue
        found.append(path)
    return found


def test_no_raw_latex_on_any_page_feed_csv_or_json_ld(built: tuple) -> None:
    site = built[0]
    outputs = _outputs(site, about=False)
    assert any(p.name == "feed.xml" for p in outputs) and any(p.name == "cases.csv" for p in outputs)
    bibliography = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "Müller &amp; Co.’s summary, pp. 1–2, of factsheet.pdf." in bibliography  # an annotation, decoded
    for path in outputs:
        for text in reader_text(path):
            assert not RAW_LATEX.search(text), (path.relative_to(site).as_posix(), text[:200])


def test_no_raw_latex_in_the_briefing_pack(built: tuple) -> None:
    pages = built[1]
    text = "\n".join(pages)
    assert "Ångström" in text and "Vol. 2: Leading change" in text
    assert not RAW_LATEX.search(text), RAW_LATEX.search(text)


def test_no_raw_latex_on_the_about_page(built: tuple) -> None:
    site = built[0]
    for path in _outputs(site, about=True):
        for text in reader_text(path):
            assert not RAW_LATEX.search(text), (path.relative_to(site).as_posix(), text[:200])


def test_bibliography_fields_are_decoded_in_a_few_pandoc_calls(built: tuple) -> None:
    """Decoding LaTeX in the fields the pages show (JSON-LD, annotations) is batched: asked one
    value at a time it was a pandoc call per value, 39 s of a 100-record build."""
    calls = built[2]
    assert 1 <= calls <= 2, calls


def _unpacked(data: bytes) -> list[bytes]:
    """A file's bytes, and what is inside it when it is compressed (Pagefind's index, a .docx)."""
    if data[:2] == b"\x1f\x8b":
        return [gzip.decompress(data)]
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [archive.read(name) for name in archive.namelist()]
    return [data]


def test_nothing_private_from_the_bibliography_is_published(built: tuple) -> None:
    """PLANTED's file path, abstract, notes, folders and JabRef directory are in no file of the
    site (pages, JSON-LD, open data, the Propose page's index, the search index) nor in a pack,
    while the work itself is cited and listed."""
    site, pages, _, packs = built
    files = [p for p in sorted(site.rglob("*")) if p.is_file()]
    assert any(p.name.endswith(".pf_fragment") for p in files) and (site / "data" / "references.bib").is_file()
    for path in files:
        for data in _unpacked(path.read_bytes()):
            assert MARKER.encode() not in data.lower(), path.relative_to(site).as_posix()
            assert b"/Users/jo" not in data and b"fileDirectory" not in data, path.relative_to(site).as_posix()
    published = (site / "data" / "references.bib").read_text(encoding="utf-8")
    assert "@report{planted2026private," in published and "A report exported with private fields" in published
    bibliography = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "Casebook Privacy Test (2026)" in bibliography
    assert any("A report exported with private fields" in page for page in pages)
    for fmt, data in packs.items():
        inside = [pdf_text.encode() for pdf_text in pages] if fmt == "pdf" else _unpacked(data)
        assert not any(MARKER.encode() in part.lower() for part in inside), fmt
        assert any(b"Casebook Privacy Test" in part for part in inside), fmt
