"""The preview's memo of record checks (validate/memo.py) never changes a verdict: after any edit, validating
with the memo reports exactly what validating from nothing reports, and only the edited file is read again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from casebook import validate
from casebook.project import Project
from casebook.validate import validate_project
from casebook.validate.memo import FileChecks
from conftest import copy_project

OFD = "warwickshire-one-front-door"


def _said(result) -> list[str]:
    return [str(p) for p in result.problems.sorted()]


def _same_both_ways(project: Path, memo: FileChecks) -> list[str]:
    with_memo, fresh = validate_project(Project(project), memo=memo), validate_project(Project(project))
    assert _said(with_memo) == _said(fresh)
    assert with_memo.ok == fresh.ok
    if fresh.content is not None:
        assert with_memo.content.records == fresh.content.records
    return _said(fresh)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))  # as an editor's save


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_only_the_edited_file_is_checked_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = FileChecks()
    _same_both_ways(project, memo)
    read: list[str] = []
    check = validate._check_file
    monkeypatch.setattr(validate, "_check_file", lambda ctx, path, shown: read.append(shown) or check(ctx, path, shown))
    _edit(project / "case_studies" / f"{OFD}.yaml", 'title: "', 'title: "Edited, ')
    result = validate_project(Project(project), memo=memo)
    assert result.ok and read == [f"case_studies/{OFD}.yaml"]
    assert any(r.title.startswith("Edited, ") for r in result.content.records)


def test_an_error_made_and_mended_is_reported_as_from_nothing(project: Path) -> None:
    memo = FileChecks()
    _same_both_ways(project, memo)
    record = project / "case_studies" / f"{OFD}.yaml"
    _edit(record, "themes:\n", "themes:\n  - agilty\n")
    said = _same_both_ways(project, memo)
    assert any("agilty" in line for line in said)
    _edit(record, "  - agilty\n", "")
    assert not any("agilty" in line for line in _same_both_ways(project, memo))


def test_a_changed_bibliography_or_taxonomy_checks_every_file_again(project: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    memo = FileChecks()
    _same_both_ways(project, memo)
    _edit(project / "references.bib", "@report{latham2015aspire,", "@report{latham2015aspireX,")
    said = _same_both_ways(project, memo)
    assert any("latham2015aspire" in line and "error" in line for line in said)
    read: list[str] = []
    check = validate._check_file
    monkeypatch.setattr(validate, "_check_file", lambda ctx, path, shown: read.append(shown) or check(ctx, path, shown))
    _edit(project / "themes.yaml", "title:", "title:")  # the same text, a new save: nothing to check again
    validate_project(Project(project), memo=memo)
    assert read == []


def test_a_work_another_record_carries_is_resolved_across_files_every_time(project: Path) -> None:
    """Keys a record cites from another record's works are resolved after the files are checked, so
    removing the work from the record that carries it is an error in the record that cites it."""
    memo = FileChecks()
    carrier = project / "case_studies" / f"{OFD}.yaml"
    text = carrier.read_text(encoding="utf-8")
    carrier.write_text(text + "references:\n  - id: memo2026test\n    type: report\n    title: A test work\n"
                       "    author:\n      - literal: Test Council\n    issued: 2026\n", encoding="utf-8")
    citing = project / "case_studies" / "dudley-shared-purpose-golden-thread.yaml"
    _edit(citing, "summary: ", "summary: See [@memo2026test, p. 1]. ")
    assert not any("memo2026test" in line and "error" in line for line in _same_both_ways(project, memo))
    carrier.write_text(text, encoding="utf-8")
    os.utime(carrier, ns=(carrier.stat().st_atime_ns, carrier.stat().st_mtime_ns + 2_000_000))
    said = _same_both_ways(project, memo)
    assert any("memo2026test" in line and "dudley" in line and "error" in line for line in said)


def test_the_bibliography_is_read_again_only_when_it_changed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """references.bib is parsed and checked once while it stays as it was; an edit to it is seen, with
    the same entries and problems as from nothing."""
    memo = FileChecks()
    loads: list[str] = []
    load = validate.load_bibliography
    monkeypatch.setattr(validate, "load_bibliography", lambda path, shown: loads.append(shown) or load(path, shown))
    _same_both_ways(project, memo)
    loads.clear()
    with_memo = validate_project(Project(project), memo=memo)
    assert loads == [] and with_memo.ok
    _edit(project / "references.bib", "@report{latham2015aspire,", "@report{latham2015aspireX,")
    said = _same_both_ways(project, memo)
    assert loads == ["references.bib", "references.bib"]  # the memo's run read it again; so did the fresh one
    assert any("latham2015aspire" in line and "error" in line for line in said)
