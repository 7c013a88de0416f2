"""One selection model: every case index filter is a `casebook pack` option; a filtered address is a pack."""

from __future__ import annotations

import pytest
from casebook import cli
from casebook.pack import contents
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.selection import FACETS, Selection, from_url, select
from casebook.validate import validate_project
from conftest import REPO
from pypdf import PdfReader


@pytest.fixture(scope="module")
def content():
    return validate_project(Project(REPO)).content


def _titles_in(pdf_path) -> str:
    return " ".join("".join(p.extract_text() for p in PdfReader(pdf_path).pages).split())


def test_every_facet_is_a_pack_option_with_the_same_name() -> None:
    parser = cli.build_parser()
    for facet in FACETS:
        args = parser.parse_args(["pack", f"--{facet.name.replace('_', '-')}", "x", "-o", "p.pdf"])
        assert getattr(args, facet.name) == ["x"]


def test_an_index_address_is_the_same_selection_as_the_options(content) -> None:
    by_url = from_url("https://example.org/cases/?region=West+Midlands&theme=agility&theme=listening")
    assert by_url == Selection.of(region=("West Midlands",), theme=("agility", "listening"))
    assert from_url("cases/?nation=Scotland") == Selection.of(nation=("Scotland",))
    assert from_url("?id=b&id=a") == Selection.of(ids=("b", "a"))
    chosen = select(content, by_url)
    assert chosen and all("West Midlands" in {o.region for o in r.organisations} for r in chosen)
    assert all({"agility", "listening"} & set(r.themes) for r in chosen)


def test_an_address_with_an_unknown_filter_is_refused_with_a_hint() -> None:
    with pytest.raises(CasebookError, match="'regoin' in the address is not a filter of the case index; "
                                            "did you mean 'region'"):
        from_url("cases/?regoin=West+Midlands")


def test_a_basket_keeps_the_order_it_was_given(content) -> None:
    ids = tuple(r.id for r in content.published[:3])[::-1]
    assert tuple(r.id for r in select(content, Selection.of(ids=ids))) == ids


def test_region_and_theme_from_the_command_line(tmp_path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert cli.main(["--root", str(REPO), "pack", "--region", "West Midlands", "--theme", "agility",
                     "-o", str(out)]) == 0
    content = validate_project(Project(REPO)).content
    chosen = select(content, Selection.of(region=("West Midlands",), theme=("agility",)))
    text = _titles_in(out)
    for record in chosen:
        assert " ".join(record.title.split()[:4]) in text
    others = [r for r in content.published if r not in chosen]
    assert others and not any(r.title in text for r in others)


def test_from_url_on_the_command_line_matches_the_options(tmp_path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert cli.main(["--root", str(REPO), "pack", "--from-url", "cases/?nation=Scotland&kind=commentary",
                     "-o", str(a)]) == 0
    assert cli.main(["--root", str(REPO), "pack", "--nation", "Scotland", "--kind", "commentary", "-o", str(b)]) == 0
    assert a.read_text().count("<h1") == b.read_text().count("<h1")


def test_over_the_page_budget_a_pack_is_a_digest_unless_full(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(contents, "PAGE_BUDGET", 8)
    out = tmp_path / "all.pdf"
    assert cli.main(["--root", str(REPO), "pack", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "so this pack is a digest" in err and "--full" in err
    digest = PdfReader(out)
    assert "This pack is a digest" in " ".join(digest.pages[0].extract_text().split())
    assert cli.main(["--root", str(REPO), "pack", "--full", "-o", str(tmp_path / "full.pdf")]) == 0
    full = PdfReader(tmp_path / "full.pdf")
    assert len(full.pages) > len(digest.pages) and "digest" not in full.pages[0].extract_text()
    assert "digest" not in capsys.readouterr().err


def test_options_and_an_address_together_are_refused(tmp_path, capsys) -> None:
    assert cli.main(["--root", str(REPO), "pack", "--theme", "agility", "--from-url", "cases/?theme=agility",
                     "-o", str(tmp_path / "x.pdf")]) == 1
    assert "not both" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_past_the_listing_size_a_pack_lists_facts_and_addresses(tmp_path, capsys, monkeypatch) -> None:
    from casebook.pack import pack_data

    monkeypatch.setattr(pack_data, "LISTING_FROM", 3)
    monkeypatch.setenv("CASEBOOK_SITE_URL", "https://casebook.example.org/")
    out = tmp_path / "all.pdf"
    assert cli.main(["--root", str(REPO), "pack", "-o", str(out)]) == 0
    assert "so this pack is a listing" in capsys.readouterr().err
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]
    assert "This pack is a listing" in pages[0]
    listed = " ".join(pages[2:])
    assert "Records in this pack" in listed and "https://casebook.example.org/cases/" in listed
    assert "Summary" not in listed and "References" not in listed  # no prose, so nothing cited
    word = tmp_path / "all.docx"
    assert cli.main(["--root", str(REPO), "pack", "-o", str(word)]) == 0
    import docx

    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "This pack is a listing" in text and "Summary" not in text
