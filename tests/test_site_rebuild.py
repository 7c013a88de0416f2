"""Rebuilds that touch only what changed: the previous site is the base, a changed page is built again,
every other file is the previous build's own (the same file, hard-linked), and the result is byte for
byte what a build from nothing gives. A failed rebuild leaves the previous site exactly as it was."""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
from pathlib import Path

import pytest
import yaml
from casebook import cli
from casebook.problems import CasebookError
from conftest import copy_project

pytestmark = pytest.mark.slow

OFD = "warwickshire-one-front-door"
OTHER = "dudley-shared-purpose-golden-thread"


def _build(project: Path) -> None:
    assert cli.main(["--root", str(project), "build", "--no-packs"]) == 0


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file()}


def _differences(a: Path, b: Path) -> list[str]:
    names = sorted(set(_digests(a)) | set(_digests(b)))
    return [n for n in names if not ((a / n).is_file() and (b / n).is_file()
                                     and filecmp.cmp(a / n, b / n, shallow=False))]


def _edit(project: Path) -> None:
    path = project / "case_studies" / f"{OFD}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: \"", "title: \"Edited, ", 1), encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    project = copy_project(tmp_path / "project")
    _build(project)
    assert (project / "build" / "site-manifest.json").is_file()
    return project


def test_a_one_record_edit_builds_that_page_again_and_keeps_the_rest_byte_for_byte(built: Path,
                                                                                tmp_path: Path) -> None:
    before = _inodes(built / "site")
    _edit(built)
    _build(built)
    after = _inodes(built / "site")
    record = f"cases/{OFD}/index.html"
    assert after[record] != before[record]  # written again
    kept = [n for n in after if n.startswith("cases/") and n != record and n.endswith("index.html")
            and n.count("/") == 2 and after[n] == before.get(n)]
    assert f"cases/{OTHER}/index.html" in kept and len(kept) >= 5  # the same files, not copies (others list it)
    # Files the rebuild made alike are not written again either (builders/files.py): another record's
    # downloads and browser-pack data, and the Propose page's compiled schema (kept by its inputs).
    alike = [f"data/sources/{OTHER}.ris", f"data/sources/{OTHER}.bib", f"data/records/{OTHER}.yaml",
             f"packs/data/records/{OTHER}.json", "propose/record-schema.js"]
    assert "packs/data/index.json" in after  # the browser's packs are built here (typst.ts from npm)
    assert [n for n in alike if after[n] != before[n]] == []
    assert [n for n in (f"data/records/{OFD}.yaml", f"packs/data/records/{OFD}.json", "packs/data/index.json")
            if after[n] == before[n]] == []
    # The same bytes as a build from nothing of the edited project, its record text rendered afresh (the
    # rebuild rendered the edited record against only the works it cites: fragments/sources.py).
    fresh = tmp_path / "fresh"
    shutil.copytree(built, fresh, ignore=shutil.ignore_patterns("site", "build"))
    _build(fresh)
    assert _differences(built / "site", fresh / "site") == []


def test_the_listing_pages_make_only_the_edited_records_card_again(built: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The case index and the theme pages list every record; each card is kept under what its record's page
    is made from (site/cards.py), so after an edit to one record's summary only that record's card is made,
    and the pages read exactly as a build from nothing makes them (the edited summary is on the cards). (A
    changed title is in other records' related lists: their pages, and so their cards, are made again.)"""
    from casebook.site.cards import KeptCards

    made: list[str] = []
    real = KeptCards.card

    def card(self, digest, make):
        return real(self, digest, lambda: made.append(self.key) or make())

    monkeypatch.setattr(KeptCards, "card", card)
    path = built / "case_studies" / f"{OFD}.yaml"
    path.write_text(path.read_text("utf-8").replace("summary: >-\n  In a partnership", "summary: >-\n  Edited: in a"
                                                    " partnership", 1), encoding="utf-8")
    _build(built)
    themes = len(yaml.safe_load((built / "case_studies" / f"{OFD}.yaml").read_text("utf-8"))["themes"])
    assert len(made) == 1 + themes, made  # its card on the case index and on each of its themes' pages
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert "Edited: in a partnership" in (built / "site" / "cases" / "index.html").read_text(encoding="utf-8")
    _same_as_a_build_from_nothing(built, tmp_path)


def test_a_failed_rebuild_leaves_the_previous_site_as_it_was(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _digests(built / "site")
    _edit(built)

    def refuse(site, pages=None):
        raise CasebookError("a failure after the generator has written into the new site")

    monkeypatch.setattr("casebook.builders.broken_links", refuse)
    assert cli.main(["--root", str(built), "build", "--no-packs"]) == 1
    assert _digests(built / "site") == before  # nothing written through a shared (hard-linked) file
    assert (built / "build" / "site-manifest.json").is_file()  # it still describes site/, untouched
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    _build(built)
    assert "Edited, Warwickshire" in (built / "site" / "cases" / OFD / "index.html").read_text(encoding="utf-8")


def test_other_settings_or_a_changed_site_folder_build_everything_again(built: Path) -> None:
    mkdocs = built / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("site_name: Casebook", "site_name: Casebook B"),
                      encoding="utf-8")
    before = _inodes(built / "site")
    _build(built)
    after = _inodes(built / "site")
    assert not [n for n in after if n.endswith(".html") and after[n] == before.get(n)]
    # Someone changed the built site by hand: its manifest no longer describes it, so nothing is reused.
    (built / "site" / "index.html").write_text("changed by hand", encoding="utf-8")
    before = _inodes(built / "site")
    _build(built)
    assert not [n for n, ino in _inodes(built / "site").items() if n.endswith(".html") and ino == before.get(n)]
    assert "changed by hand" not in (built / "site" / "index.html").read_text(encoding="utf-8")
    assert os.path.isfile(built / "build" / "site-manifest.json")


def _same_as_a_build_from_nothing(project: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site", "build"))
    _build(fresh)
    assert _differences(project / "site", fresh / "site") == []


def test_an_edited_source_rewrites_every_page_that_cites_it_and_only_those(built: Path, tmp_path: Path) -> None:
    """A record page's inputs include the works it cites as readers see them: a source's new title reaches
    every record citing it (site/page_inputs.py), and the pages of records that do not cite it are kept."""
    before = _inodes(built / "site")
    bib = built / "references.bib"
    text = bib.read_text(encoding="utf-8")
    assert "(Cohort 1) Business Partnering Programme report" in text
    old, new = "(Cohort 1) Business Partnering Programme report", "(Cohort 1) Business Partnering Scheme report"
    bib.write_text(text.replace(old, new, 1), encoding="utf-8")
    _build(built)
    after = _inodes(built / "site")
    citing = [p for p in (built / "case_studies").glob("*.yaml") if "latham2015aspire" in p.read_text("utf-8")]
    assert citing
    for path in citing:
        page = f"cases/{path.stem}/index.html"
        assert after[page] != before[page]
        assert "Partnering Scheme" in (built / "site" / page).read_text(encoding="utf-8")
    others = [f"cases/{p.stem}/index.html" for p in (built / "case_studies").glob("*.yaml") if p not in citing]
    assert others and all(after[page] == before[page] for page in others if page in before)
    _same_as_a_build_from_nothing(built, tmp_path)


def test_an_organisation_renamed_in_one_record_moves_it_on_every_page(built: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Organisation pages are kept only when their organisation's records are unchanged. The bibliography, a
    navigation page the generator builds every time, is not rendered again: its Markdown comes back from the
    fragment store, kept under what it shows (no work and no citing record's title changed here)."""
    from casebook.site.pages import PageWriter

    rendered: list[str] = []
    real = PageWriter._render
    monkeypatch.setattr(PageWriter, "_render", lambda self, page, template, **context: rendered.append(template)
                        or real(self, page, template, **context))
    path = built / "case_studies" / f"{OFD}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Warwickshire County Council" in text
    path.write_text(text.replace("Warwickshire County Council", "Warwickshire Council", 1), encoding="utf-8")
    _build(built)
    assert "organisation.md.j2" in rendered and "bibliography.md.j2" not in rendered
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert (built / "site" / "organisations").is_dir()
    _same_as_a_build_from_nothing(built, tmp_path)


def test_the_preview_keeps_the_whole_collection_downloads_and_writes_what_pages_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What only a publish needs (cases.json, cases.csv, the feed, the search index) stays as the preview's
    first build made it; what a page links to (the record's YAML) is written again with the page."""
    import gc

    from casebook import builders
    from casebook.project import Project
    from casebook.serve import rebuild

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    project = copy_project(tmp_path / "project")
    preview = project / "build" / "preview"
    # The first preview renders everything with the cycle collector on (its memory stays bounded); a rebuild on
    # it runs with the collector paused (serve collects after it), and the collector is back on after.
    collecting: list[bool] = []
    real = builders.build_site
    monkeypatch.setattr(builders, "build_site", lambda *a, **k: collecting.append(gc.isenabled()) or real(*a, **k))
    assert rebuild(Project(project), preview)
    before = _inodes(preview)
    _edit(project)
    assert gc.isenabled() and rebuild(Project(project), preview)
    assert collecting == [True, False] and gc.isenabled()
    after = _inodes(preview)
    for kept in ("data/cases.json", "data/cases.csv", "feed.xml"):
        assert after[kept] == before[kept], kept
    assert "Edited, Warwickshire" in (preview / "data" / "records" / f"{OFD}.yaml").read_text(encoding="utf-8")
    assert "Edited, Warwickshire" in (preview / "cases" / OFD / "index.html").read_text(encoding="utf-8")
    assert "Edited, Warwickshire" not in (preview / "data" / "cases.json").read_text(encoding="utf-8")


def _memory_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A memory folder of the test's own, always with room, and the docs folders the builds write in."""
    from casebook import builders, memory

    ram = tmp_path / "ram"
    ram.mkdir()
    monkeypatch.setattr(memory, "RAM_FOLDER", ram)
    monkeypatch.setattr(memory, "RAM_ROOM", 0)
    docs_at: list[Path] = []
    real = builders.page_writer
    monkeypatch.setattr(builders, "page_writer", lambda edition, docs, *a: docs_at.append(docs) or
                        real(edition, docs, *a))
    return ram, docs_at


def test_the_preview_writes_its_markdown_in_memory_and_removes_it_after_serving(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview's generated Markdown goes into the memory folder and is removed in the background once the
    new preview is in place (removing it first delayed the preview); nothing is left behind."""
    import time

    from casebook.project import Project
    from casebook.serve import rebuild

    ram, docs_at = _memory_folder(tmp_path, monkeypatch)
    project = copy_project(tmp_path / "project")
    assert rebuild(Project(project), project / "build" / "preview")
    assert docs_at and docs_at[0].is_relative_to(ram)
    assert (project / "build" / "preview" / "cases" / OFD / "index.html").is_file()
    deadline = time.monotonic() + 30
    while list(ram.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(ram.iterdir()) == []


def test_a_deleted_record_leaves_no_page_or_download_behind(built: Path, tmp_path: Path) -> None:
    """Downloads go into the site after the generator (builders/): the previous build's that this one does not
    make (a deleted record's YAML and sources) are removed from the new site, never left as stale links."""
    gone = "west-midlands-employers-horizon-scanning"
    assert (built / "site" / "data" / "records" / f"{gone}.yaml").is_file()
    (built / "case_studies" / f"{gone}.yaml").unlink()
    _build(built)
    site = built / "site"
    assert not (site / "cases" / gone).exists()
    assert not list(site.glob(f"data/**/{gone}.*"))
    _same_as_a_build_from_nothing(built, tmp_path)


def test_the_compiled_schema_is_compiled_again_when_what_makes_it_changes(built: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The Propose page's compiled schema is kept by a digest of its inputs (schema, compiler, pins): Node is not
    started while that digest stands, and compiles it again when it changes."""
    from casebook.builders import propose_page

    compiled: list[str] = []
    real = propose_page.compile_validator
    monkeypatch.setattr(propose_page, "compile_validator", lambda text, out: compiled.append(text) or real(text, out))
    schema = "propose/record-schema.js"
    before = (built / "site" / schema).read_bytes()
    _build(built)
    assert compiled == [] and (built / "site" / schema).read_bytes() == before
    monkeypatch.setattr(propose_page, "validator_inputs", lambda text: "another compiler")
    _build(built)
    assert len(compiled) == 1 and (built / "site" / schema).read_bytes() == before


def test_without_gnu_cp_the_previous_site_is_linked_from_python(built: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The previous site is linked by GNU cp -al (site/linking.py); a cp that cannot (BSD's has no -l) leaves
    it to Python, with the same site as the result."""
    import shutil as shell

    real = shell.which
    monkeypatch.setattr(shell, "which", lambda name, *a, **k: "/bin/false" if name == "cp" else real(name, *a, **k))
    before = _inodes(built / "site")
    _edit(built)
    _build(built)
    after = _inodes(built / "site")
    assert after[f"cases/{OTHER}/index.html"] == before[f"cases/{OTHER}/index.html"]
    assert after[f"cases/{OFD}/index.html"] != before[f"cases/{OFD}/index.html"]
    _same_as_a_build_from_nothing(built, tmp_path)


def test_without_a_memory_folder_the_docs_go_beside_the_output(built: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated Markdown goes into memory (/dev/shm) where there is one with room, else beside the output;
    the site is the same either way, and nothing is left behind in the memory folder."""
    from casebook import memory

    ram, docs_at = _memory_folder(tmp_path, monkeypatch)
    _edit(built)
    _build(built)
    assert docs_at and docs_at[0].is_relative_to(ram) and list(ram.iterdir()) == []
    monkeypatch.setattr(memory, "RAM_FOLDER", tmp_path / "none")
    _same_as_a_build_from_nothing(built, tmp_path)
    assert not [p for p in (built.parent).glob("casebook-*")]
