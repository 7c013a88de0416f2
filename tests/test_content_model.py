"""The content model: one ContentSet that every output reads, one site address, a generated navigation."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from casebook import cli
from casebook.builders import NAV_FILE, build_site
from casebook.builders.opendata import served_record_text
from casebook.model import SiteAddress
from casebook.pack import Selection, write_selected_pack
from casebook.project import Project
from casebook.site.navigation import GeneratedNav, with_generated
from casebook.siteconfig import read_mkdocs_config, resolve_address
from casebook.validate import validate_project
from conftest import CONTENT_TODAY, REPO, copy_project
from pypdf import PdfReader

SITE = "https://example.org/casebook/"
OFD = "warwickshire-one-front-door"


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


# --- the site address, resolved once ---------------------------------------------------------

def test_the_environment_wins_over_mkdocs_yml_and_a_slash_is_added() -> None:
    config = {"site_url": "https://one.example/", "repo_url": "https://github.com/o/r"}
    assert resolve_address(config, {}).url == "https://one.example/"
    assert resolve_address(config, {"CASEBOOK_SITE_URL": "https://two.example/cb"}).url == "https://two.example/cb/"
    assert resolve_address({}, {}).url is None
    assert resolve_address(config, {}).edit_base == "https://github.com/o/r/edit/main/"


def test_any_fork_s_site_knows_its_repository_from_the_workflow_and_mkdocs_yml_wins() -> None:
    env = {"CASEBOOK_REPO_URL": "https://github.com/fork/casebook", "CASEBOOK_REPO_BRANCH": "trunk"}
    forked = resolve_address({}, env)
    assert (forked.repo_url, forked.edit_base) == ("https://github.com/fork/casebook",
                                                   "https://github.com/fork/casebook/edit/trunk/")
    assert resolve_address({"repo_url": "https://github.com/o/r"}, env).edit_base == "https://github.com/o/r/edit/main/"
    assert resolve_address({}, {**env, "CASEBOOK_REPO_BRANCH": "../x"}).edit_base.endswith("/edit/main/")
    assert resolve_address({}, {"CASEBOOK_REPO_URL": "javascript:alert(1)"}).repo_url is None
    assert resolve_address({}, {}).repo_url is None


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "cases/", "//host/x", "https://x.org/a b", "ftp://x.org/"])
def test_an_address_that_cannot_be_linked_is_not_used(bad: str) -> None:
    assert resolve_address({"site_url": bad}, {}).url is None


def test_mkdocs_yml_with_mkdocs_own_tags_still_reads() -> None:
    text = ("site_name: X\nsite_url: https://example.org/casebook\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\nextra:\n  x: !ENV [HOME]\n")
    assert resolve_address(read_mkdocs_config(text), {}).url == "https://example.org/casebook/"


def test_a_bad_address_is_a_located_validation_error(tmp_path: Path, monkeypatch) -> None:
    root = copy_project(tmp_path / "p")
    monkeypatch.setenv("CASEBOOK_TODAY", CONTENT_TODAY)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("site_name: Casebook\n", "site_name: Casebook\nsite_url: cases/\n"),
                                     encoding="utf-8")
    errors = [str(p) for p in validate_project(Project(root)).problems.errors]
    assert errors == ["mkdocs.yml:5:1: error[site-url]: site_url 'cases/' cannot be used: it must be an absolute "
                      "http:// or https:// address, e.g. https://example.org/casebook/"]


# --- every output from the ContentSet alone ----------------------------------------------------

@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory):
    """A ContentSet validated with a site address, whose project folder is then moved away."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CASEBOOK_SITE_URL", SITE)
    mp.setenv("SOURCE_DATE_EPOCH", "1795000000")
    mp.setenv("CASEBOOK_TODAY", CONTENT_TODAY)
    tmp = tmp_path_factory.mktemp("model")
    root = copy_project(tmp / "project")
    result = validate_project(Project(root))
    assert result.ok, [str(p) for p in result.problems.errors]
    shutil.move(root, tmp / "gone")
    shutil.rmtree(tmp / "gone")
    assert not root.exists()
    out = tmp / "site"
    build_site(result.content, out, packs=[], keep_docs=tmp / "docs")
    pack = write_selected_pack(result.content, Selection.of(ids=(OFD,)), tmp / "pack.pdf")
    html = write_selected_pack(result.content, Selection.of(ids=(OFD,)), tmp / "pack.html")
    yield result.content, out, pack.path, html.path, tmp / "docs"
    mp.undo()


def test_site_and_packs_render_with_the_project_folder_gone(moved) -> None:
    content, out, pdf, html, _ = moved
    assert (out / "cases" / OFD / "index.html").is_file()
    assert (out / "self-assessment" / "index.html").is_file()
    assert (out / "about" / "index.html").is_file()  # hand-written docs came from the ContentSet
    served = (out / "data" / "records" / f"{OFD}.yaml").read_text(encoding="utf-8")
    assert served == served_record_text(content.record_texts[OFD])  # as written, the modeline as served
    assert (out / "data" / "references.bib").read_text(encoding="utf-8") == content.bib_text
    assert content.record(OFD).title.split(":")[0] in pdf_text(pdf)
    assert html.is_file()


@pytest.mark.slow
def test_with_an_address_every_outside_link_is_absolute(moved) -> None:
    _, out, pdf, html, _ = moved
    record = f"{SITE}cases/{OFD}/"
    assert f"On the Casebook site: {record}" in " ".join(pdf_text(pdf).split())  # the address on its own line
    assert f'href="{record}"' in html.read_text(encoding="utf-8")
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]*)"', feed) and all(h.startswith(SITE) for h in re.findall(r'href="([^"]*)"', feed))
    assert f"<id>{record}</id>" in feed and "urn:casebook" not in feed
    rows = list(csv.DictReader(io.StringIO((out / "data/cases.csv").read_text(encoding="utf-8-sig"))))
    assert {r["id"]: r["url"] for r in rows}[OFD] == record
    page = (out / "cases" / OFD / "index.html").read_text(encoding="utf-8")
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert jsonld["url"] == jsonld["@id"] == record
    assert f"Available at: <span data-cb-here>{record}</span>" in page
    assert f"<loc>{record}</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/casebook/assets/stylesheets/' in not_found


def test_without_an_address_no_output_carries_a_relative_site_link(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CASEBOOK_SITE_URL", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    result = validate_project(Project(REPO))
    content = result.content
    assert content.address.url is None or pytest.skip("mkdocs.yml sets site_url")
    out = tmp_path / "site"
    build_site(content, out, packs=[])
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "href=" not in feed and f"<id>urn:casebook:record:{OFD}</id>" in feed
    rows = list(csv.DictReader(io.StringIO((out / "data/cases.csv").read_text(encoding="utf-8-sig"))))
    assert {r["url"] for r in rows} == {""}
    page = (out / "cases" / OFD / "index.html").read_text(encoding="utf-8")
    assert '"url"' not in re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "Available at: <span data-cb-here>the address of this page</span>" in page
    for name in ("pack.pdf", "pack.html", "pack.docx"):
        written = write_selected_pack(content, Selection.of(theme=("agility",)), tmp_path / name)
        if name.endswith(".pdf"):
            text = pdf_text(written.path)
        elif name.endswith(".html"):
            text = written.path.read_text(encoding="utf-8")
        else:
            import docx

            text = "\n".join(p.text for p in docx.Document(str(written.path)).paragraphs)
        assert "cases/" not in text and "On the Casebook site" not in text, name


def test_build_says_once_that_the_address_is_not_set(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("CASEBOOK_SITE_URL", raising=False)
    root = copy_project(tmp_path / "p")
    assert cli.main(["--root", str(root), "build", "--no-packs"]) == 0
    err = capsys.readouterr().err
    assert err.count("site address not set") == 1 and "set site_url in mkdocs.yml" in err


# --- the navigation: generated pages placed by path, never by title -----------------------------

GENERATED = GeneratedNav(themes=[("Agility", "themes/agility/index.md")], assessment="self-assessment/index.md")


def test_renamed_and_reordered_entries_keep_the_generated_pages() -> None:
    nav = [{"Start": "index.md"}, {"Reading list": "bibliography/index.md"}, {"Topics": "themes/index.md"}]
    assert with_generated(nav, GENERATED) == [
        {"Start": "index.md"}, {"Reading list": "bibliography/index.md"},
        {"Self-assessment": "self-assessment/index.md"},
        {"Topics": [{"All themes": "themes/index.md"}, {"Agility": "themes/agility/index.md"}]}]


def test_entries_missing_from_mkdocs_yml_are_added_at_the_end() -> None:
    assert with_generated([{"Home": "index.md"}], GENERATED) == [
        {"Home": "index.md"}, {"Themes": [{"All themes": "themes/index.md"}, {"Agility": "themes/agility/index.md"}]},
        {"Self-assessment": "self-assessment/index.md"}]


@pytest.mark.slow
def test_a_real_build_with_renamed_nav_titles_keeps_every_theme_page(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CASEBOOK_TODAY", CONTENT_TODAY)
    root = copy_project(tmp_path / "p")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - Themes: themes/index.md", "  - Topics: themes/index.md")
    text = text.replace("  - Bibliography: bibliography/index.md", "  - Reading list: bibliography/index.md")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    content = validate_project(Project(root)).content
    build_site(content, tmp_path / "site", packs=[], keep_docs=tmp_path / "docs")
    nav = json.loads((tmp_path / "docs" / NAV_FILE).read_text(encoding="utf-8"))
    topics = next(item["Topics"] for item in nav if isinstance(item, dict) and "Topics" in item)
    assert [{t.title: f"themes/{t.id}/index.md"} for t in content.taxonomy.themes] == topics[1:]
    titles = [next(iter(item)) for item in nav if isinstance(item, dict)]
    assert titles.index("Self-assessment") == titles.index("Reading list") + 1


# --- the command line: an internal error is one line and exit 2 ---------------------------------

@pytest.mark.parametrize("argv", [["build", "--no-packs"], ["pack", "-o", "x.pdf"], ["validate"]])
def test_an_internal_error_is_one_line_and_exit_2(argv, monkeypatch, capsys, tmp_path) -> None:
    import casebook.validate

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(casebook.validate, "validate_project", broken)
    assert cli.main(["--root", str(REPO), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"casebook: internal error in `casebook {argv[0]}` (RuntimeError: boom")


def test_site_address_is_plain_data() -> None:
    address = SiteAddress(url=SITE)
    assert address.absolute("cases/x/") == SITE + "cases/x/"
    assert SiteAddress().absolute("cases/x/") is None
