"""Data-driven validator tests: every case under tests/cases/ is one test.

- `valid/<name>.yaml`: validates clean (exit 0, nothing but the "ok" line).
- `invalid/<name>.yaml` + `<name>.expected`: exactly these diagnostics, exit 1.
- `warning/<name>.yaml` + `<name>.expected`: exactly these warnings, exit 0.

A case may be a folder instead of a file: its contents become case_studies/ (for
cases about several files, symlinks, stray files and sub-folders). A `<name>.bib`
beside a case replaces the fixture bibliography. The case file is dropped in as
`case_studies/<name>.yaml`, so a case's id is its name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from casebook import cli
from conftest import CASES

EXIT = {"valid": 0, "invalid": 1, "warning": 0}


def _cases() -> list:
    found = []
    for group in EXIT:
        for path in sorted((CASES / group).iterdir()):
            if path.suffix == ".yaml" or path.is_dir():
                found.append(pytest.param(group, path, id=f"{group}/{path.stem if path.is_file() else path.name}"))
    return found


def _install(case: Path, project: Path) -> None:
    target = project / "case_studies"
    if case.is_dir():
        shutil.rmtree(target)
        shutil.copytree(case, target, symlinks=True)
    else:
        shutil.copyfile(case, target / case.name)
    bib = case.with_suffix(".bib") if case.is_file() else case.parent / f"{case.name}.bib"
    if bib.exists():
        shutil.copyfile(bib, project / "references.bib")


@pytest.mark.parametrize(("group", "case"), _cases())
def test_case(group: str, case: Path, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _install(case, project)
    code = cli.main(["--root", str(project), "validate"])
    out, err = capsys.readouterr()
    if group == "valid":
        count = len(list(case.glob("*.yaml"))) if case.is_dir() else 1
        assert (code, err, out) == (0, "", f"ok: {count} record(s) valid\n")
        return
    expected = (case.parent / f"{case.stem if case.is_file() else case.name}.expected").read_text(encoding="utf-8")
    assert err == expected
    assert out == ""
    assert code == EXIT[group]


def test_every_case_has_its_expectation() -> None:
    """A case without its .expected (or an orphan .expected) is a mistake, not a skipped test."""
    for group in ("invalid", "warning"):
        names = {p.stem if p.is_file() else p.name for p in (CASES / group).iterdir()
                 if p.suffix == ".yaml" or p.is_dir()}
        expected = {p.stem for p in (CASES / group).glob("*.expected")}
        assert names == expected, f"{group}: cases and .expected files differ"
