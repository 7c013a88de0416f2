"""Validation on two cores reports exactly what one process does, in the same order.

From PARALLEL_FROM record files on, a forked child checks the second half of the files
(validate/perfile.py). Here the threshold is lowered so a small project takes that path,
and both runs are compared problem by problem, record by record.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from casebook.project import Project
from casebook.validate import perfile, validate_project
from conftest import CASES, copy_project


def _run(root: Path, parallel: bool, monkeypatch: pytest.MonkeyPatch, only: list[Path] | None = None):
    monkeypatch.setattr(perfile, "PARALLEL_FROM", 1 if parallel else 10**9)
    forked = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            forked.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(perfile, "ProcessPoolExecutor", CountedPool)
    result = validate_project(Project(root), only=only)
    return result, forked


def _problems(result) -> list[tuple]:
    return [(p.path, p.line, p.col, p.code, p.message, p.severity, p.hint) for p in result.problems.items]


def test_two_cores_find_the_same_problems_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every invalid and warning case at once (the fixture bibliography, so their keys resolve)."""
    monkeypatch.setenv("CASEBOOK_TODAY", "2026-11-23")
    root = copy_project(tmp_path / "project")
    shutil.copyfile(CASES / "references.bib", root / "references.bib")
    shutil.copyfile(CASES / "themes.yaml", root / "themes.yaml")
    for group in ("valid", "invalid", "warning"):
        for case in sorted((CASES / group).glob("*.yaml")):
            shutil.copyfile(case, root / "case_studies" / case.name)
    one, not_forked = _run(root, parallel=False, monkeypatch=monkeypatch)
    two, forked = _run(root, parallel=True, monkeypatch=monkeypatch)
    assert not_forked == [] and forked == [1]
    assert len(one.problems.errors) > 50  # the cases really are wrong, in many ways
    assert _problems(two) == _problems(one)


def test_two_cores_give_the_same_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project")
    one, _ = _run(root, parallel=False, monkeypatch=monkeypatch)
    two, forked = _run(root, parallel=True, monkeypatch=monkeypatch)
    assert forked == [1] and one.ok and two.ok
    assert one.content.records == two.content.records and one.content.record_texts == two.content.record_texts
    assert _problems(two) == _problems(one)


def test_two_cores_check_only_the_named_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project")
    named = sorted((root / "case_studies").glob("*.yaml"))[-1]
    named.write_text(named.read_text(encoding="utf-8").replace("status: published", "status: publishd"),
                     encoding="utf-8")
    one, _ = _run(root, parallel=False, monkeypatch=monkeypatch, only=[named])
    two, forked = _run(root, parallel=True, monkeypatch=monkeypatch, only=[named])
    assert forked == [1] and not one.ok
    assert _problems(two) == _problems(one)
    assert {p.path for p in two.problems.items} == {f"case_studies/{named.name}"}
