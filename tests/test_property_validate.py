"""Property: whatever bytes a contributor commits, `casebook validate` answers with located problems.

Random and mutated YAML (the real exemplar record, cut, duplicated, spliced with random
Unicode and raw bytes) never raises, exits 0 or 1, and every problem it prints has the
`path:line:col: severity[code]: message` shape with a line inside the file.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from casebook import cli
from conftest import REPO, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXEMPLAR = REPO / "case_studies" / "warwickshire-one-front-door.yaml"
NAME = EXEMPLAR.name
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (error|warning)\[[a-z0-9-]+\]: \S.*$")
SUMMARY = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)$")
# Deterministic and quick enough for every CI run (`derandomize` replays the same examples).
# CASEBOOK_FUZZ_EXAMPLES=5000 hunts for longer, with fresh random examples each run.
_HUNT = int(os.environ.get("CASEBOOK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_HUNT or 100, derandomize=not _HUNT, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def fuzz_project() -> Iterator[Path]:
    """One project for all examples (the record file is rewritten each time): the real taxonomy and sources."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "schema", root / "schema")
        shutil.copyfile(REPO / "themes.yaml", root / "themes.yaml")
        shutil.copyfile(REPO / "references.bib", root / "references.bib")
        (root / "case_studies").mkdir()
        yield root


def _check(project: Path, raw: bytes, monkeypatch: pytest.MonkeyPatch, support: dict[str, bytes] | None = None) -> None:
    """Write the record (and any replaced support file), validate, and check every line printed."""
    monkeypatch.setenv("CASEBOOK_TODAY", TODAY)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    files = {f"case_studies/{NAME}": raw, **(support or {})}
    for name, content in files.items():
        (project / name).write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(project), "validate"])
    assert code in (0, 1)
    lines = err.getvalue().splitlines()
    if code == 0 and not lines:
        assert out.getvalue().startswith("ok: ")
        return
    assert lines, "exit 1 must come with at least one problem"
    assert SUMMARY.match(lines[-1]), lines[-1]
    for line in lines[:-1]:
        match = PROBLEM.match(line)
        assert match, f"not a located problem: {line!r}"
        path = match["path"]
        assert path in (f"case_studies/{NAME}", "references.bib", "themes.yaml"), line
        content = files.get(path, (REPO / path).read_bytes())
        assert 1 <= int(match["line"]) <= content.count(b"\n") + 1, line
        assert int(match["col"]) >= 1, line


def _mutate(data: st.DataObject, text: bytes) -> bytes:
    """Apply a few random edits of the kinds real mistakes and attacks make."""
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        lines = text.split(b"\n")
        kind = data.draw(st.sampled_from(["delete", "insert-text", "insert-bytes", "duplicate-line",
                                          "delete-line", "swap-lines", "replace-char", "indent"]), label="kind")
        at = data.draw(st.integers(0, max(len(text) - 1, 0)), label="at")
        row = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="row")
        if kind == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 40), label="n"):]
        elif kind == "insert-text":
            piece = data.draw(st.one_of(st.text(max_size=20), st.sampled_from(YAML_BITS)), label="piece")
            text = text[:at] + piece.encode("utf-8", "surrogatepass") + text[at:]
        elif kind == "insert-bytes":
            text = text[:at] + data.draw(st.binary(min_size=1, max_size=8), label="bytes") + text[at:]
        elif kind == "duplicate-line":
            text = b"\n".join(lines[: row + 1] + lines[row:])
        elif kind == "delete-line":
            text = b"\n".join(lines[:row] + lines[row + 1:])
        elif kind == "swap-lines" and len(lines) > 1:
            other = data.draw(st.integers(0, len(lines) - 1), label="other")
            lines[row], lines[other] = lines[other], lines[row]
            text = b"\n".join(lines)
        elif kind == "replace-char":
            char = data.draw(st.characters(codec="utf-8"), label="char")
            text = text[:at] + char.encode() + text[at + 1:]
        elif kind == "indent":
            lines[row] = b" " * data.draw(st.integers(1, 6), label="spaces") + lines[row]
            text = b"\n".join(lines)
    return text


# Fragments that exercise the parser's and the validator's odd corners.
YAML_BITS = [
    ":", ": ", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object/apply:os.system ",
    "!!binary ", "!!set ", "<<: ", '"', "'", "|\n", ">-\n", "#", "%YAML 1.1\n", "---\n", "...\n", "\t",
    "\u202e", "\u200b", "\x85", "\u2028", "\r", "\ufeff", "[@", "[@latham2015aspire, p. 7]", "[@nokey, p. 1]",
    "[x](../../etc/passwd)", "[x](javascript:alert(1))", "![i](a.png)", "2015-02-30", "0000-01-01",
    "99999999999999999999", ".nan", "-.inf", "0x1F", "~", "null", "true", "id: ", "themes: ", "sources: ",
]


@FUZZ
@given(data=st.data())
def test_mutated_exemplar(data: st.DataObject, fuzz_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(fuzz_project, _mutate(data, EXEMPLAR.read_bytes()), monkeypatch)


def _yamlish() -> st.SearchStrategy[str]:
    """Text built from YAML's own pieces, nested, so the parser sees plausible documents."""
    scalar = st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=12), st.integers().map(str))
    line = st.lists(scalar, min_size=1, max_size=6).map("".join)
    return st.lists(st.tuples(st.integers(0, 8), line), max_size=25).map(
        lambda rows: "\n".join(" " * indent + text for indent, text in rows))


@FUZZ
@given(text=_yamlish())
def test_random_yaml(text: str, fuzz_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = "# yaml-language-server: $schema=../schema/record.schema.json\n"
    _check(fuzz_project, (header + text).encode("utf-8", "surrogatepass"), monkeypatch)


@FUZZ
@given(raw=st.binary(max_size=600))
def test_random_bytes(raw: bytes, fuzz_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(fuzz_project, raw, monkeypatch)


@FUZZ
@given(data=st.data(), name=st.sampled_from(["themes.yaml", "references.bib"]))
def test_mutated_taxonomy_and_bibliography(data: st.DataObject, name: str, fuzz_project: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Contributions change themes.yaml and references.bib too; a broken one is located, never a crash."""
    try:
        _check(fuzz_project, EXEMPLAR.read_bytes(), monkeypatch, {name: _mutate(data, (REPO / name).read_bytes())})
    finally:
        shutil.copyfile(REPO / name, fuzz_project / name)
