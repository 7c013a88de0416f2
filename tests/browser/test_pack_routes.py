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
