"""Shared fixtures: a throw-away Casebook project built from the real schema and test fixtures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
# A fixed "today", so review and future-date checks never depend on the calendar.
TODAY = "2026-11-23"
# "Today" for tests of the bundled content: the newest date any record carries, so none is in the future.
CONTENT_TODAY = max([TODAY, *(m.group(1) for p in (REPO / "case_studies").glob("*.yaml")
                              for m in re.finditer(r'^(?:added|last_reviewed): "(\d{4}-\d{2}-\d{2})"',
                                                   p.read_text(encoding="utf-8"), re.MULTILINE))])
# The first line of every record file (validate/records.py says why).
MODELINE = "# yaml-language-server: $schema=../schema/record.schema.json"


# Everything a real project holds that a build reads.
PROJECT_PARTS = ("case_studies", "schema", "docs", "references.bib", "themes.yaml", "mkdocs.yml", "CONTRIBUTING.md",
                 "assessment.yaml")


def copy_project(dest: Path) -> Path:
    """A copy of this repository's content at dest, to build, edit or break without touching the real one."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copyfile(source, dest / name)
    return dest


def build_project(root: Path, bib: Path | None = None, themes: Path | None = None) -> Path:
    """A project at root: the real schema/, the fixture taxonomy and bibliography, empty case_studies/."""
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copyfile(themes or CASES / "themes.yaml", root / "themes.yaml")
    shutil.copyfile(bib or CASES / "references.bib", root / "references.bib")
    (root / "case_studies").mkdir()
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh fixture project, with a fixed date and no CI or colour settings leaking in."""
    monkeypatch.setenv("CASEBOOK_TODAY", TODAY)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return build_project(tmp_path / "project")
