"""YAML mistakes are named on the line where they are, in words that say what to type.

A record as contributors write them (a copy of a real one, tests/cases/typical-record.yaml)
has each mistake put in at every place it can go: every field, every list item, every
quoted value. The golden cases (tests/cases/invalid/yaml-*.yaml) pin the exact words of
one of each; here only the line and the code are asserted, at every place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from casebook import cli
from casebook.yamlio.explain import explain
from casebook.yamlio.safe import LoadedYaml, YamlIssue, load_yaml_bytes
from conftest import CASES, REPO, build_project
from hypothesis import given, settings
from hypothesis import strategies as st

RECORD = (CASES / "typical-record.yaml").read_text(encoding="utf-8")
LINES = RECORD.split("\n")
FIELD = re.compile(r"(?P<lead> *(?:- )?)(?P<key>[a-z_]+):(?P<rest>.*)")
Inject = Callable[[str], str | None]


def _loaded() -> LoadedYaml:
    loaded, issue = load_yaml_bytes(RECORD.encode())
    assert issue is None and loaded is not None and not loaded.issues
    return loaded


def _field_lines() -> list[int]:
    """0-based lines holding a field name (not text inside a block that happens to look like one)."""
    return sorted({line - 1 for line, _ in _loaded().key_marks.values()})


def _item_lines(first: bool) -> list[int]:
    """0-based lines of list items in lists of two or more: the first items, or the others."""
    loaded = _loaded()
    found = []
    for path, (line, _) in loaded.value_marks.items():
        if path and isinstance(path[-1], int):
            siblings = loaded.data
            for step in path[:-1]:
                siblings = siblings[step]  # type: ignore[index]
            if len(siblings) > 1 and (path[-1] == 0) == first:  # type: ignore[arg-type]
                found.append(line - 1)
    return sorted(found)


def _reported(text: str) -> YamlIssue | None:
    loaded, issue = load_yaml_bytes(text.encode())
    return issue or (loaded.issues[0] if loaded and loaded.issues else None)


def _tab(line: str) -> str:
    return "\t" + line.lstrip(" ")


def _no_colon(line: str) -> str | None:
    found = FIELD.fullmatch(line)
    return found and f"{found['lead']}{found['key']}{found['rest']}"


def _no_space(line: str) -> str | None:
    found = FIELD.fullmatch(line)
    return found and found["rest"].strip() and f"{found['lead']}{found['key']}:{found['rest'].lstrip()}"


def _unclosed(line: str) -> str | None:
    found = FIELD.fullmatch(line)
    value = found["rest"].strip() if found else ""
    return line.rstrip()[:-1] if len(value) > 1 and value[0] in "\"'" and value[-1] == value[0] else None


def _curly(line: str) -> str | None:
    found = FIELD.fullmatch(line)
    return found and f"{found['lead']}\u201c{found['key']}\u201d:{found['rest']}"


def _shifted(by: int) -> Inject:
    return lambda line: " " * by + line if by > 0 else (line[-by:] if line.startswith(" " * -by) else None)


# A list item with one field (`- name: Casebook editorial team`) loses its colon into valid
# YAML text; the schema then reports that item, on the same line (test below).
ONE_FIELD_ITEMS = {i for i, line in enumerate(LINES) if line.startswith("  - name: Casebook")}

MISTAKES: list[tuple[str, str, Inject, Callable[[], list[int]]]] = [
    ("tab", "yaml-tab", _tab, _field_lines),
    ("tab in block text", "yaml-tab", _tab,
     lambda: [i for i, line in enumerate(LINES) if line.startswith("    ") and not FIELD.fullmatch(line)]),
    ("missing colon", "yaml-missing-colon", _no_colon, lambda: sorted(set(_field_lines()) - ONE_FIELD_ITEMS)),
    ("no space after colon", "yaml-colon-space", _no_space, lambda: sorted(set(_field_lines()) - ONE_FIELD_ITEMS)),
    ("unclosed quote", "yaml-unclosed-quote", _unclosed, _field_lines),
    ("curly quotes around a field name", "yaml-curly-quote", _curly, _field_lines),
    *[(f"list item {'deeper' if by > 0 else 'shallower'} by {abs(by)} ({which})", "yaml-indent", _shifted(by),
       (lambda first=(which == "first"): _item_lines(first)))
      for by in (1, 2, -1, -2) for which in ("first", "later")],
]


@pytest.mark.parametrize(("code", "inject", "where"), [pytest.param(c, f, w, id=n) for n, c, f, w in MISTAKES])
def test_each_mistake_is_reported_on_its_own_line(code: str, inject: Inject, where: Callable[[], list[int]]) -> None:
    tried, wrong = 0, []
    for index in where():
        changed = inject(LINES[index])
        if not changed:
            continue
        tried += 1
        issue = _reported("\n".join([*LINES[:index], changed, *LINES[index + 1:]]))
        if issue is None or (issue.line, issue.code) != (index + 1, code):
            wrong.append(f"line {index + 1} {changed.strip()[:40]!r}: {issue}")
    assert tried >= 3, "the mistake was put in too few places to say anything"
    assert not wrong, f"{len(wrong)} of {tried} reported elsewhere:\n" + "\n".join(wrong)


@pytest.mark.parametrize("inject", [_no_colon, _no_space])
def test_a_one_field_list_item_without_its_colon_is_reported_on_its_line(
        inject: Inject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`- name Casebook editorial team` is valid YAML (a line of text): the schema says so, there."""
    monkeypatch.setenv("CASEBOOK_TODAY", "2026-11-23")
    root = build_project(tmp_path / "p", bib=REPO / "references.bib", themes=REPO / "themes.yaml")
    (index,) = ONE_FIELD_ITEMS
    changed = [*LINES[:index], inject(LINES[index]), *LINES[index + 1:]]
    (root / "case_studies/warwickshire-one-front-door.yaml").write_text("\n".join(changed), encoding="utf-8")
    assert cli.main(["--root", str(root), "validate"]) == 1
    assert f"warwickshire-one-front-door.yaml:{index + 1}:5: error[wrong-type]" in capsys.readouterr().err


def test_colon_inside_a_block_that_lost_its_colon_blames_the_field() -> None:
    """`context >-` without its colon runs on as text until a `: ` inside the text trips the
    parser lines later; the line to fix is the field's."""
    text = "narrative:\n  context >-\n    The report says one thing.\n    It says: another.\n"
    issue = _reported(text)
    assert issue is not None and (issue.line, issue.code) == (2, "yaml-missing-colon")
    assert issue.message == "line 2 has no colon after 'context'; type one (context: >-)"


def test_a_dash_at_the_start_of_text_is_not_taken_for_a_list_item() -> None:
    """Markdown-like lines inside a block stay text: only a bare `- >-` there is a misplaced item."""
    text = "notes:\n  - >-\n    Leaders at all levels\n    - not one superhero.\n"
    loaded, issue = load_yaml_bytes(text.encode())
    assert issue is None and loaded is not None
    assert loaded.data == {"notes": ["Leaders at all levels - not one superhero."]}


def test_plain_text_over_lines_is_still_read() -> None:
    """Plain text on several lines goes the careful way (to look for a swallowed item) and
    reads as PyYAML reads it."""
    text = "summary: one line\n  and the next\nthemes:\n  - a\n"
    loaded, issue = load_yaml_bytes(text.encode())
    assert issue is None and loaded is not None
    assert loaded.data == yaml.safe_load(text)


def test_a_key_with_a_space_that_is_no_mistake_is_kept() -> None:
    loaded, issue = load_yaml_bytes(b"Kind of report: x\n")
    assert issue is None and loaded is not None and loaded.data == {"Kind of report": "x"} and not loaded.issues


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(0, len(RECORD) - 1), st.sampled_from([" ", "  ", ":", "\t", "-", "- ", '"', "'",
                                                                           "{", "[", "\n", "\u201c", "@", ">-", ""]),
                          st.integers(0, 3)), min_size=1, max_size=3))
def test_any_punctuation_slip_gets_an_answer_inside_the_file(edits: list[tuple[int, str, int]]) -> None:
    """Whatever is typed or deleted, the loader answers with a line inside the file and
    never raises; a diagnosis that cannot be made falls back to the parser's words."""
    text = RECORD
    for at, typed, deleted in edits:
        text = text[:at] + typed + text[at + deleted:]
    issue = _reported(text)
    if issue is not None:
        assert 1 <= issue.line <= text.count("\n") + 1
        assert issue.message and "\n" not in issue.message


def test_explain_leaves_what_it_does_not_know() -> None:
    text = "a: 1\n---\nb: 2\n"
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=yaml.SafeLoader)
    assert explain(caught.value, text) is None
