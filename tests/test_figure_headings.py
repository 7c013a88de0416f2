"""A record's figures table has one set of column names, from one place, on the site and in every pack.

The site called the column "Casebook's reading" and the PDF and DOCX packs "Casebook's
note"; both now read edition/record_view.FIGURE_HEADINGS (the site: tests/browser/test_layout_browser.py).
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from casebook.edition.record_view import FIGURE_HEADINGS
from casebook.pack import Selection, write_selected_pack
from casebook.project import Project
from casebook.validate import validate_project
from conftest import REPO
from pypdf import PdfReader

OFD = "warwickshire-one-front-door"  # a record with figures
IN_PACKS = [FIGURE_HEADINGS[k] for k in ("label", "value", "source", "note")]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def content():
    return validate_project(Project(REPO)).content


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'"))


def test_the_pdf_heads_the_figures_with_the_one_set_of_names(content, tmp_path) -> None:
    written = write_selected_pack(content, Selection.of(ids=(OFD,)), tmp_path / "p.pdf", title="Figures")
    text = plain(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(written.path.read_bytes())).pages))
    assert " ".join(IN_PACKS) in text
    assert re.search(r"Casebook's note\b", text) is None  # the old heading (the notes' section is "notes on")


def test_the_docx_heads_the_figures_with_the_one_set_of_names(content, tmp_path) -> None:
    written = write_selected_pack(content, Selection.of(ids=(OFD,)), tmp_path / "p.docx", title="Figures")
    rows = [[plain(c.text).strip() for c in t.rows[0].cells] for t in docx.Document(str(written.path)).tables]
    assert IN_PACKS in rows, rows
