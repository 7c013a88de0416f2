"""Briefing packs made in the reader's browser: a filtered index or a basket becomes the PDF `casebook pack` makes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from casebook.pack import Selection, write_selected_pack
from casebook.project import Project
from casebook.selection import select
from casebook.serve import serve_folder
from casebook.validate import validate_project
from pypdf import PdfReader

from .conftest import REPO, axe_violations, describe

FILTER = "cases/?region=West+Midlands&theme=agility"


@pytest.fixture(scope="module")
def content():
    return validate_project(Project(REPO)).content


def squash(text: str) -> str:
    """Text without layout: no whitespace or hyphens (soft or hard), straight quotes."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def make_pack(page, timeout: int = 120_000, fmt: str = "pdf") -> bytes:
    with page.expect_download(timeout=timeout) as info:
        page.locator(f"[data-cb-make-pack='{fmt}']").click()
    assert info.value.suggested_filename.endswith("." + fmt)
    path = info.value.path()
    return Path(path).read_bytes()


def cli_pack(content, selection: Selection, tmp_path: Path, title: str | None) -> bytes:
    written = write_selected_pack(content, selection, tmp_path / "cli.pdf", title=title)
    return written.path.read_bytes()


def body(pages: list[str]) -> str:
    """Everything after the cover (which alone differs: it carries the filtered view's address)."""
    return squash("".join(pages[1:]))


def test_the_filtered_index_becomes_the_command_lines_pack(page, site_url, content, tmp_path) -> None:
    page.goto(site_url + FILTER)
    chosen = select(content, Selection.of(region=("West Midlands",), theme=("agility",)))
    shown = page.locator("#cb-count").inner_text()
    assert shown == f"{len(chosen)} of {len(content.published)} records match the filters"
    page.locator("#cb-pack-title-index").fill("Agility in the West Midlands")
    pdf = make_pack(page)
    status = page.locator(".cb-briefing__status").inner_text()
    assert status.startswith("Your briefing pack is ready:")
    pages = pdf_text(pdf)
    text = squash("".join(pages))
    for record in chosen:
        assert squash(record.title) in text
    for other in content.published:
        if other not in chosen:
            assert squash(other.title) not in text, other.id
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"].get("/StructTreeRoot") is not None  # tagged
    assert reader.metadata.title == "Agility in the West Midlands"
    # The address is printed whole (broken only after & or /, never hyphenated) and linked whole.
    assert squash("The same selection on the site " + site_url + FILTER) in squash(pages[0])
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots") or []]
    assert links == [site_url + FILTER]
    expected = pdf_text(cli_pack(content, Selection.of(region=("West Midlands",), theme=("agility",)), tmp_path,
                                 "Agility in the West Midlands"))
    assert len(pages) == len(expected)
    # The same citation labels in the same places and the same reference list: the same text.
    assert body(pages) == body(expected)
    references = squash(pages[-1].split("References", 1)[1])
    assert references == squash(expected[-1].split("References", 1)[1]) and "Latham" in references
    assert page.outside_requests == []


def test_the_basket_survives_a_reload_and_keeps_its_order(page, site_url, content, tmp_path) -> None:
    first, second = [r for r in content.published][:2]
    for record in (second, first):
        page.goto(site_url + f"cases/{record.id}/")
        toggle = page.locator(f"[data-cb-basket='{record.id}']")
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(site_url + "packs/basket/")
    page.reload()
    titles = page.locator("#cb-basket-list .cb-basket-list__title").all_inner_texts()
    assert titles == [second.title, first.title]
    page.get_by_role("button", name=f"Move down: {second.title}").click()
    assert page.locator("#cb-basket-list .cb-basket-list__title").all_inner_texts() == [first.title, second.title]
    assert page.evaluate("document.activeElement.textContent") in ("Move down", "Move up")
    pdf = make_pack(page)
    # No title given: both routes make the same one from the selection (pack.typ does, for both).
    expected = cli_pack(content, Selection.of(ids=(first.id, second.id)), tmp_path, None)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "2 chosen records"
    assert body(pdf_text(pdf)) == body(pdf_text(expected))
    # The basket as a Word file: the same records, in the reader's order.
    import docx

    word = docx.Document(io.BytesIO(make_pack(page, fmt="docx")))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings.index(first.title) < headings.index(second.title)
    assert word.core_properties.title == "2 chosen records"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name=f"Remove: {first.title}").click()
    assert page.locator("#cb-basket-list li").count() == 1
    page.locator("#cb-basket-clear").click()
    assert page.locator("#cb-basket-empty").is_visible()
    assert page.outside_requests == []


def test_no_webassembly_says_so_with_the_command_line(page, site_url) -> None:
    page.add_init_script("delete window.WebAssembly")
    page.goto(site_url + FILTER)
    page.locator("[data-cb-make-pack='pdf']").click()
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible")
    text = alert.inner_text()
    assert "cannot run WebAssembly" in text and "could not be made" in text
    assert 'casebook pack --theme "agility" --region "West Midlands" -o pack.pdf' in text
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_nothing_heavy_loads_until_the_button_is_pressed(page, site_url) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + FILTER)
    page.wait_for_load_state("networkidle")
    assert not any("typst" in url or "/fonts/" in url or "packs/data" in url for url in fetched)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_hostile_title_reaches_the_pdf_as_text(browser, tmp_path_factory) -> None:
    from casebook.builders import build_site
    from test_site import HOSTILE_TITLE, hostile_content

    _, hostile = hostile_content()
    out = tmp_path_factory.mktemp("hostile-pack") / "site"
    build_site(hostile, out, packs=[], node_modules=REPO / "node_modules")
    with serve_folder(out) as address:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(address + "cases/hostile-record/")
        page.locator("[data-cb-basket='hostile-record']").click()
        page.goto(address + "packs/basket/")
        assert page.locator(".cb-basket-list__title").inner_text() == HOSTILE_TITLE
        pdf = make_pack(page)
        assert squash(HOSTILE_TITLE) in squash("".join(pdf_text(pdf)))
        assert dialogs == []
        context.close()


@pytest.mark.parametrize("address", ["cases/?nation=Scotland", "cases/?org_type=county-council&kind=case-study",
                                     "cases/?theme=agility&theme=listening&year=2015", FILTER])
def test_from_url_picks_what_the_index_shows(page, site_url, content, address) -> None:
    from casebook.selection import from_url

    page.goto(site_url + address)
    shown = [href.rstrip("/").rsplit("/", 1)[-1] for href in page.locator(
        "#cb-results > li:not([hidden]) a.cb-card__title").evaluate_all("links => links.map(a => a.href)")]
    chosen = [r.id for r in select(content, from_url(address))]
    assert sorted(shown) == sorted(chosen) and chosen


def test_word_and_web_page_packs_download_with_the_pdfs_contents(page, site_url, content, tmp_path) -> None:
    """The filtered index's Word and HTML buttons: the files downloaded, read back, hold the PDF's sections."""
    import docx

    page.goto(site_url + FILTER)
    pdf = make_pack(page)
    outline = [item.title for item in PdfReader(io.BytesIO(pdf)).outline if not isinstance(item, list)]
    word = docx.Document(io.BytesIO(make_pack(page, fmt="docx")))
    assert page.locator(".cb-briefing__status").inner_text().startswith("Your briefing pack is ready: a Word file")
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == outline
    word_text = squash("\n".join(p.text for p in word.paragraphs))
    chosen = select(content, Selection.of(region=("West Midlands",), theme=("agility",)))
    for record in chosen:
        assert squash(record.title) in word_text
    assert word.core_properties.title == PdfReader(io.BytesIO(pdf)).metadata.title
    html = make_pack(page, fmt="html").decode("utf-8")
    for record in chosen:
        assert record.title.replace("'", "&#39;") in html or record.title in html
    assert "<script" not in html and squash("At a glance") in squash(html)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert page.outside_requests == []
