"""Regular expressions across Python and JavaScript (ecma.py): the schema's patterns read by ECMA-262 in
Python's detailed validator as Ajv and jsonschema-rs read them, and Python's patterns sent to the browser
matching there what they match here."""

from __future__ import annotations

import re

import pytest
from casebook import ecma
from casebook.project import load_json
from conftest import REPO
from test_propose import run_js

SAMPLES = ["abc", "abc\n", "Title\n", "a b", "a\x1cb", "a\ufeffb", "a\u00a0b", "٣", "x_1", "é", "p. 7", "pp. 7–8",
           "https://x.org/a", "https://x.org/a\x1c", "2016-03", "10.1000/xyz", "", "\n", "a\rb", "a\u2028b"]


def _schema_patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _schema_patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _schema_patterns(value)]
    return []


def test_the_schemas_patterns_read_in_python_as_javascript_reads_them() -> None:
    patterns = sorted(set(_schema_patterns(load_json(REPO / "schema/record.schema.json"))))
    theirs = run_js([], "return input.patterns.map(p => input.samples.map(s => new RegExp(p, 'u').test(s)));",
                    {"patterns": patterns, "samples": SAMPLES})
    for pattern, found in zip(patterns, theirs, strict=True):
        assert [bool(ecma.from_ecma(pattern).search(s)) for s in SAMPLES] == found, pattern


PYTHON = [r"\w+", r"\bTODO\b", r"^\s*x$", r"[\w.-]+@\d", r"(?<![\w.\\]@)a", r"^a.b$", r"\S+\s\W"]


@pytest.mark.parametrize("flags", [0, re.MULTILINE, re.DOTALL, re.IGNORECASE])
def test_pythons_patterns_match_in_javascript_what_they_match_here(flags: int) -> None:
    compiled = [re.compile(p, flags) for p in PYTHON]
    theirs = run_js([], """return input.patterns.map(p => input.samples.map(s => {
        const m = new RegExp(p.source, p.flags + "g"); const out = []; let x;
        while ((x = m.exec(s)) !== null) { out.push([x.index, x[0]]); if (x[0] === "") m.lastIndex++; }
        return out; }));""",
                    {"patterns": [ecma.to_js(p) for p in compiled], "samples": SAMPLES + ["éTODO TODO", "x\ny\n"]})
    for pattern, found in zip(compiled, theirs, strict=True):
        assert [[[m.start(), m.group()] for m in pattern.finditer(s)] for s in SAMPLES + ["éTODO TODO", "x\ny\n"]] \
            == found, pattern.pattern


@pytest.mark.parametrize("refused", [r"(?P<x>a)", r"a\Z", r"(?i)a", r"a*+", r"[\W]", r"[]a]"])
def test_what_has_no_like_in_javascript_is_refused(refused: str) -> None:
    with pytest.raises(ValueError):
        ecma.to_js(re.compile(refused))
