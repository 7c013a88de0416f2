"""One pack, two routes: `casebook pack` (Typst from PyPI) and the browser's (pack-make.mjs with the
vendored typst.ts), run by Node outside any browser, give the same text on the same pages.

Both only gather pack.json and compile the one pack.typ; this is the check that the browser's
gathering (assets/site/pack-gather.mjs) says what pack/pack_data.py says. The browser tests
(test_briefing_browser.py) drive the same code through the page and its Web Worker.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from casebook.pack import Selection, write_selected_pack
from casebook.pack.contents import cover_date
from casebook.project import Project
from casebook.selection import select
from casebook.validate import validate_project
from pypdf import PdfReader

from .conftest import REPO

ROUTE = REPO / "tests" / "js" / "pack_route.mjs"
SELECTIONS = {
    "filters": (Selection.of(region=("West Midlands",), theme=("agility",)), None),
    "two themes, titled": (Selection.of(theme=("agility", "partnership-working")), "A board's pack"),
    "hand-picked": (None, None),  # the last two published records, in reverse order
    "everything": (Selection(), None),
}


@pytest.fixture(scope="module")
def content():
    return validate_project(Project(REPO)).content


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.mark.parametrize("name", SELECTIONS)
def test_node_and_the_command_line_make_the_same_pack(name, content, built_site, site_url, tmp_path) -> None:
    node = shutil.which("node")
    assert node, "node is needed (make node)"
    selection, title = SELECTIONS[name]
    if selection is None:
        ids = tuple(r.id for r in content.published[-2:])[::-1]
        selection = Selection.of(ids=ids)
    records = select(content, selection)
    cli = write_selected_pack(content, selection, tmp_path / "cli.pdf", title=title).path
    request = {"ids": [r.id for r in records], "byHand": bool(selection.ids and not selection.values),
               "selection": {"values": [[n, list(v)] for n, v in selection.values], "ids": list(selection.ids)},
               "title": title or "", "isoDate": cover_date(content.timestamp)[1], "view": None}
    (tmp_path / "request.json").write_text(json.dumps(request), encoding="utf-8")
    done = subprocess.run([node, str(ROUTE), str(built_site), site_url, str(tmp_path / "request.json"),
                           str(tmp_path / "node.pdf")], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout.strip().splitlines()[-1])
    ours, theirs = pages_text(tmp_path / "node.pdf"), pages_text(cli)
    assert info["pages"] == len(ours) == len(theirs)
    # The same words on the same pages; where a line breaks may differ (typst.ts is built from
    # another Typst release than the PyPI package), so whitespace and hyphens are left out.
    assert [squash(p) for p in ours] == [squash(p) for p in theirs]
    assert PdfReader(tmp_path / "node.pdf").metadata.title == PdfReader(cli).metadata.title == info["title"]


def _node_pack(content, built_site, site_url, tmp_path, selection: Selection, fmt: str) -> tuple[Path, dict]:
    records = select(content, selection)
    request = {"ids": [r.id for r in records], "byHand": False, "format": fmt,
               "selection": {"values": [[n, list(v)] for n, v in selection.values], "ids": list(selection.ids)},
               "title": "", "isoDate": cover_date(content.timestamp)[1], "view": None}
    (tmp_path / "request.json").write_text(json.dumps(request), encoding="utf-8")
    out = tmp_path / f"node.{fmt}"
    done = subprocess.run([shutil.which("node") or "node", str(ROUTE), str(built_site), site_url,
                           str(tmp_path / "request.json"), str(out)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    return out, json.loads(done.stdout.strip().splitlines()[-1])


def _outline(pdf: Path) -> list[str]:
    return [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]


def test_word_and_html_hold_what_the_pdf_holds(content, built_site, site_url, tmp_path) -> None:
    from html.parser import HTMLParser

    import docx

    selection = Selection.of(region=("West Midlands",))
    cli = write_selected_pack(content, selection, tmp_path / "cli.pdf").path
    headings = _outline(cli)
    assert headings[0] == "At a glance" and headings[-1] == "References"
    # The body's words without running headers and page numbers (first and last line of a page).
    body = ["\n".join(text.splitlines()[1:-1]) for text in pages_text(cli)[1:]]
    pdf_words = squash("".join(body).replace("\u2019", "'"))

    word_file, info = _node_pack(content, built_site, site_url, tmp_path, selection, "docx")
    word = docx.Document(str(word_file))
    assert word.core_properties.title == info["title"] == PdfReader(cli).metadata.title
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == headings
    word_text = squash("\n".join(p.text for p in word.paragraphs).replace("\u2019", "'"))
    for table in word.tables:
        word_text += squash(" ".join(c.text for row in table.rows for c in row.cells))
    for record in select(content, selection):
        assert squash(record.title) in word_text
    # Every paragraph of the Word pack is text the PDF holds, in the PDF's words.
    for p in word.paragraphs:
        if p.text.strip() and p.style.name not in ("Title",):
            assert squash(p.text.replace("\u2019", "'")) in pdf_words or squash(p.text) in squash(
                pages_text(cli)[0]), p.text

    html_file, _ = _node_pack(content, built_site, site_url, tmp_path, selection, "html")
    html = html_file.read_text(encoding="utf-8")

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.h2: list[str] = []
            self.ids: set[str] = set()
            self.hrefs: list[str] = []
            self.tags: set[str] = set()
            self._in_h2 = False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.tags.add(tag)
            self._in_h2 = tag == "h2" and "id" in attrs
            if self._in_h2:
                self.h2.append("")
            if "id" in attrs:
                self.ids.add(attrs["id"])
            if tag == "a":
                self.hrefs.append(attrs.get("href", ""))

        def handle_endtag(self, tag):
            if tag == "h2":
                self._in_h2 = False

        def handle_data(self, data):
            if self._in_h2:
                self.h2[-1] += data

    reader = Reader()
    reader.feed(html)
    assert reader.h2 == headings
    assert not reader.tags & {"script", "img", "iframe", "object", "link"}  # one self-contained file
    inside = [h[1:] for h in reader.hrefs if h.startswith("#")]
    assert inside and all(target in reader.ids for target in inside)  # every citation finds its reference
    assert f"<title>{info['title']}</title>" in html
