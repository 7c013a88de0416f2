"""Casebook's bibliography test set (tests/bibdata/): every biblatex entry type, @string macros,
crossref and xdata, accents in every LaTeX form, a Zotero (Better BibTeX) export and a JabRef
export. Each entry either renders in UK Harvard form through the site's own citeproc path, with
its LaTeX decoded and its crossref data inherited, or is refused with a located reason.

`<set>.references` snapshots each set's rendered reference list (key | text), `<set>.warnings`
the warnings it loads with (none when there is no such file); after a deliberate change to the
style or the checks, regenerate them with CASEBOOK_UPDATE_SNAPSHOTS=1 and read the diff. The
other reference managers' exports (EXPORTED) are tested in test_bibexports.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from casebook.bib import plain as bibplain
from casebook.bib import types as bibtypes
from casebook.bib.library import load_bibliography, read_fields
from casebook.fragments import render_units
from casebook.pandoc_tools import pandoc_binary, run_pandoc

BIBDATA = Path(__file__).resolve().parent / "bibdata"
ACCEPTED = ["biblatex-types", "accents", "zotero-better-bibtex", "jabref"]
# Exports that print wrongly as they come (warned, each with its fix): not in the site built from ACCEPTED.
EXPORTED = ["mendeley", "google-scholar", "endnote"]
# A TeX control sequence, or a brace, left in text meant for readers.
RAW_LATEX = re.compile(r"\\(?:[A-Za-z]+|[^\sA-Za-z])|[{}]")


def _text(html_fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_fragment)).strip()


def rendered(name: str) -> dict[str, str]:
    """Each entry's reference as the site renders it (the fragment store: citeproc, Casebook's style)."""
    references = render_units([], (BIBDATA / f"{name}.bib").read_text(encoding="utf-8")).references
    return {key: _text(ref.html) for key, ref in sorted(references.items())}


def _readable(text: str) -> str:
    """Pandoc's reference list writes \\'{\\i} as a dotless i and a combining accent; compare letters."""
    return unicodedata.normalize("NFC", re.sub("\u0131(?=[\u0300-\u036f])", "i", text))


@pytest.mark.parametrize("name", ACCEPTED + EXPORTED)
def test_each_set_loads_with_exactly_its_warnings(name: str) -> None:
    entries, problems, _ = load_bibliography(BIBDATA / f"{name}.bib", f"{name}.bib")
    assert not problems.errors
    assert entries
    found = "".join(f"{p}\n" for p in problems.sorted())
    golden = BIBDATA / f"{name}.warnings"
    if os.environ.get("CASEBOOK_UPDATE_SNAPSHOTS"):
        golden.write_text(found, encoding="utf-8") if found else golden.unlink(missing_ok=True)
    assert found == (golden.read_text(encoding="utf-8") if golden.exists() else "")


def test_refused_entries_each_get_a_located_reason() -> None:
    path = BIBDATA / "refused.bib"
    entries, problems, text = load_bibliography(path, "refused.bib")
    found = [str(p) for p in problems.sorted()]
    assert found == (BIBDATA / "refused.expected").read_text(encoding="utf-8").splitlines()
    starts = {key: text[: m.start()].count("\n") + 1 for m in re.finditer(r"^@\w+\{([^,\s]+),", text, re.M)
              for key in [m.group(1)]}
    bounds = sorted(starts.values()) + [text.count("\n") + 2]
    for key, start in starts.items():
        end = bounds[bounds.index(start) + 1]
        assert any(start <= p.line < end for p in problems.items), f"{key} has no located reason"


@pytest.mark.parametrize("name", ACCEPTED)
def test_references_render_with_no_raw_latex_and_match_the_snapshot(name: str) -> None:
    references = rendered(name)
    keys = set(read_fields((BIBDATA / f"{name}.bib").read_text(encoding="utf-8")))
    xdata = {k for k, v in _types(name).items() if v == bibtypes.XDATA}
    assert set(references) == keys - xdata, "every work, and only works, is in the reference list"
    for key, text in references.items():
        assert not RAW_LATEX.search(text), (key, text)
    snapshot = BIBDATA / f"{name}.references"
    lines = "".join(f"{key} | {text}\n" for key, text in references.items())
    if os.environ.get("CASEBOOK_UPDATE_SNAPSHOTS"):
        snapshot.write_text(lines, encoding="utf-8")
    assert lines == snapshot.read_text(encoding="utf-8")


def _types(name: str) -> dict[str, str]:
    text = (BIBDATA / f"{name}.bib").read_text(encoding="utf-8")
    return {m.group(2): m.group(1).lower() for m in re.finditer(r"^@(\w+)\{([^,\s]+),", text, re.M)}


def test_every_accent_form_is_decoded_in_annotations_and_in_the_reference_list() -> None:
    text = (BIBDATA / "accents.bib").read_text(encoding="utf-8")
    raw, plain, references = read_fields(text), bibplain.plain_fields(text), rendered("accents")
    assert len(raw) > 40
    for key, fields in raw.items():
        expected = fields["expected"].replace("\\%", "%")  # the one character a field cannot hold bare
        assert plain[key]["annotation"] == expected, key
        if key.startswith("acc-"):  # the LaTeX is in the author's name, which the style prints as written
            assert _readable(references[key]).startswith(expected), (key, references[key])


def test_every_command_the_validator_accepts_decodes_to_text() -> None:
    """bibtypes.KNOWN_COMMANDS is the list the bib-latex warning trusts: each must really decode."""
    for command in sorted(bibtypes.KNOWN_COMMANDS):
        sample = f"a\\{command}{{x}}b" if command.isalpha() else f"a\\{command}xb"
        decoded = bibplain.plain_text(sample)
        assert decoded.startswith("a") and decoded.endswith("b"), (command, decoded)
        if command != "textbackslash":
            assert "\\" not in decoded, (command, decoded)


def test_crossref_and_xdata_inheritance_agrees_with_pandoc() -> None:
    """bibtypes.resolve (used before the required-field check) gives what pandoc's reader inherits."""
    path = BIBDATA / "biblatex-types.bib"
    fields = read_fields(path.read_text(encoding="utf-8"))
    types = _types("biblatex-types")
    csl = {item["id"]: item for item in json.loads(
        run_pandoc(path.read_text(encoding="utf-8"), ["-f", "biblatex", "-t", "csljson"], "the test set"))}
    children = [k for k in fields if bibtypes.parents(fields[k])]
    assert len(children) >= 8
    for key in children:
        ours = bibtypes.resolve(key, types, fields)
        theirs = csl[key]
        assert ("date" in ours) == ("issued" in theirs), key
        assert ("publisher" in ours or "institution" in ours) == ("publisher" in theirs), key
        assert ("location" in ours) == ("publisher-place" in theirs), key
        if types[key] in ("inbook", "incollection", "inproceedings", "inreference"):
            assert ("booktitle" in ours or "maintitle" in ours) == ("container-title" in theirs), key
        if "date" in ours:
            assert str(theirs["issued"]["date-parts"][0][0]) == ours["date"][:4], key


def test_cite_them_right_volumes_report_types_chapters_and_patents() -> None:
    """The style fixes: each volume of one work reads differently, a report's type begins with a
    capital, a chapter always says "in", a multi-volume work counts its volumes, a patent its number."""
    refs = rendered("biblatex-types")
    assert "Vol. 2: Leading change" in refs["types-book"]
    assert "Vol. 3: Leading change" in refs["types-book-vol3"]
    assert "Technical report 99-02" in refs["types-report"]
    assert "’, in Collected guides." in refs["types-bookinbook"]
    assert "(3 vols)" in refs["types-mvbook"]
    assert refs["types-patent"].endswith("Queue management display. GB2481234.")
    assert "in G. Latham and P. Paul (eds) Customer-focused leadership" in refs["types-incollection"]


def test_pandoc_is_the_one_the_tests_ran() -> None:
    assert Path(pandoc_binary()).exists()
