"""Pre-built packs are set again only when their inputs change (pack/kept.py), and a kept pack is
byte for byte the pack a build from nothing makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from casebook.fragments import render_units
from casebook.fragments.units import content_units
from casebook.pack import build_theme_packs, render
from casebook.pack.kept import KeptPacks
from casebook.project import Project
from casebook.selection import select
from casebook.validate import validate_project
from conftest import TODAY
from packdata import pack_project, standard_records

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CASEBOOK_TODAY", TODAY)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_COLOR", "1")
    return pack_project(tmp_path / "project", standard_records(hostile=False))


def _content(project: Path):
    result = validate_project(Project(project))
    assert result.ok, result.problems.sorted()
    return result.content


def _build(content, out: Path, kept: KeptPacks | None, compiled: list[str]) -> dict[str, bytes]:
    """Every pack's PDF and DOCX by file name; compiled gets the title of each pack Typst set."""
    infos = build_theme_packs(content, out, render_units(content_units(content), content.bib_text), jobs=1,
                              quiet=True, kept=kept)
    files = {}
    for info in infos:
        files[Path(info.path).name] = Path(info.path).read_bytes()
        files[Path(info.docx_path).name] = Path(info.docx_path).read_bytes()
    return files


def test_only_the_packs_holding_an_edited_record_are_set_again(project, tmp_path, monkeypatch):
    compiled: list[str] = []
    real = render.compile_in_folder

    def counting(files, timestamp, notes):
        pdf, info = real(files, timestamp, notes)
        compiled.append(info["title"])
        return pdf, info

    monkeypatch.setattr(render, "compile_in_folder", counting)
    kept_folder = tmp_path / "kept"
    content = _content(project)
    first = _build(content, tmp_path / "first", KeptPacks(kept_folder), compiled)
    titles = set(compiled)
    assert len(titles) == len(first) // 2 >= 3  # every pack set once, as PDF (and DOCX beside it)

    compiled.clear()
    again = _build(content, tmp_path / "again", KeptPacks(kept_folder), compiled)
    assert compiled == [] and again == first

    record = project / "case_studies" / "sandford-agile-teams.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. ", 1),
                      encoding="utf-8")
    edited = _content(project)
    holding = {title for title, selection in _packs_and_themes(edited)
               if selection is None or "sandford-agile-teams" in {r.id for r in select(edited, selection)}}
    kept = KeptPacks(kept_folder)
    after = _build(edited, tmp_path / "after", kept, compiled)
    assert set(compiled) == holding and len(holding) < len(titles)
    compiled.clear()
    assert after == _build(edited, tmp_path / "fresh", None, compiled)  # as a build from nothing
    kept.prune()
    assert len(list(kept_folder.iterdir())) == 3 * len(titles)  # PDF, DOCX and report of each pack in use


def _packs_and_themes(content):
    from casebook.pack.batch import theme_pack_specs

    for slug, _, spec in theme_pack_specs(content):
        yield spec.title, None if slug == "all" else spec.selection
