"""One home for the validator's words (words.py): every entry fills in both runtimes from the same values, and
the form's wording (plain) is a practitioner's."""

from __future__ import annotations

import re

import pytest
from casebook import words
from test_propose import run_js

NAMES = re.compile(r"\{([A-Za-z_]+)\}")
# Words a practitioner filling in the form should not meet (the downloaded file's checks keep the codes).
DEVELOPER_WORDS = ("Markdown", "references.bib", "editorial_notes", "pandoc", "YAML", "BibTeX", "JSON", "schema",
                   "locator", "literal", "regex", "[@", "U+", "case_studies")


def test_the_forms_words_need_nothing_the_message_is_not_given() -> None:
    for key, entry in words.PROBLEMS.items():
        given = set(NAMES.findall(entry.message)) | set(NAMES.findall(entry.hint or ""))
        assert set(NAMES.findall(entry.plain)) <= given, key


@pytest.mark.parametrize("key", sorted(words.PROBLEMS))
def test_the_forms_words_are_a_practitioners(key: str) -> None:
    plain = words.PROBLEMS[key].plain
    fixed = NAMES.sub("", plain)  # the words themselves, values aside
    assert key.split("/")[0] not in fixed and not any(w in fixed for w in DEVELOPER_WORDS), (key, plain)
    assert plain[:1].isupper() or plain.startswith(("{", "@")), plain
    assert plain.endswith((".", "?")), plain


def test_fill_replaces_names_only_and_refuses_a_missing_one() -> None:
    assert words.fill("{a} {b} {a} {not a name} {}", a="x{b}", b="$1") == "x{b} $1 x{b} {not a name} {}"
    with pytest.raises(KeyError):
        words.fill("{missing}")


def test_the_browser_fills_as_python_does() -> None:
    values = {"where": "sources[0].key", "key": "a$&b", "value": "'x'", "fields": "id, kind", "options": "a, b",
              "code": "202E", "name": "RIGHT-TO-LEFT OVERRIDE", "tag": "'<b>'", "kind": "report", "index": "0"}
    wanted = {k: e for k, e in words.PROBLEMS.items()
              if set(NAMES.findall(e.message + (e.hint or "") + e.plain)) <= set(values)}
    assert len(wanted) > 10
    found = run_js(["propose-util.js", "propose-words.js"], """
      const W = CasebookPropose.words;
      return Object.keys(input.wanted).map(k => W.said(input.rules, k, input.values));""",
                   {"wanted": wanted, "values": values, "rules": {"words": words.table()}})
    for (key, _), said in zip(wanted.items(), found, strict=True):
        assert said == {"message": words.message(key, **values), "hint": words.hint(key, **values),
                        "plain": words.plain(key, **values)}, key
