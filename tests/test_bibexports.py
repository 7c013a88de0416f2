"""Reference managers' exports read as pandoc reads them: each quirk that prints wrongly is warned, and
the fix its warning gives prints right through pandoc and Casebook's style (the fragment store).

The sets in tests/bibdata follow each tool's export format: Mendeley Desktop, Google Scholar's
"Import into BibTeX", EndNote's "BibTeX Export" style, Zotero (Better BibTeX in both modes, and
Zotero's own exporter) and JabRef. The warnings themselves are golden files (<set>.warnings,
test_bibliography.py); here every fix is applied as the warning states it, and the result renders.
"""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.model import Field
from casebook.bib import exports as bibexports
from casebook.bib import names as bibnames
from casebook.bib import private as bibprivate
from casebook.bib import titles as bibtitles
from casebook.bib.library import load_bibliography, parse_library, read_fields
from casebook.bib.view import bibliography_views
from casebook.fragments import render_units
from casebook.model import BibEntry
from casebook.site.jsonld import _cited_work
from test_bibliography import ACCEPTED, BIBDATA, EXPORTED, RAW_LATEX, _text, rendered

SETS = EXPORTED + ["zotero-better-bibtex", "jabref"]
ACCESSED = "2026-11-20"
# (set, key, as exported: printed wrongly, with the warning's fix: printed right)
PRINTS = [
    ("mendeley", "Rayson2013", "why{\\_}engagement{\\_}matters",
     "Available at: https://example.org/lgc/why_engagement_matters."),
    ("mendeley", "LocalGovernmentAssociation2016", "(2016) The Local Government Workforce Strategy.",
     "(2016) The local government workforce strategy."),
    ("mendeley", "WestMidlandsEmployers2026", "West Midlands’. https://example.org/wme/horizon-scanning.",
     "Available at: https://example.org/wme/horizon-scanning (Accessed: 20 November 2026)."),
    ("mendeley", "Willmott2012", "values-based-leadership https://example.org/pmm/",
     "Available at: https://example.org/pmm/values-based-leadership."),
    ("google-scholar", "association2016local", "Association, L.G. (2016)", "Local Government Association (2016)"),
    ("google-scholar", "england2019nhs", "England, N. (2019)", "NHS England (2019)"),
    ("google-scholar", "organization2016working", "Organization, W.H. et al. (2016)",
     "World Health Organization et al. (2016)"),
    ("google-scholar", "willmott2012values", "People Management [Preprint].", "’, People Management."),
    ("google-scholar", "muller2014customer", "leadership in english local", "leadership in English local"),
    ("google-scholar", "macleod2009engaging", "Innovation; Skills.", "Innovation and Skills."),
    ("endnote", "RN1", "https://doi.org/https://doi.org/", "Available at: https://doi.org/10.5555/pm.2012.1230."),
    ("endnote", "RN2", "Personnel, C.I. of and Development (2012)",
     "Chartered Institute of Personnel and Development (2012)"),
    ("endnote", "RN3", "local government. Thesis.", "local government. PhD thesis."),
    ("zotero-better-bibtex", "westmidlandsemployers2026HorizonScanning", "’. https://example.org/wme/",
     "Available at: https://example.org/wme/horizon-scanning-2026 (Accessed: 20 November 2026)."),
    ("zotero-better-bibtex", "local_government_association_measuring_2016",
     "Measuring Employee Engagement in Local Government.", "Measuring employee engagement in local government."),
]


def _fixes(entry_type: str, fields: dict[str, str]) -> dict[str, str | None]:
    """Every warning's fix for one entry, as its hint states it (None: remove the field)."""
    changes: dict[str, str | None] = {}
    for quirk in bibexports.warnings(entry_type, fields):
        changes.update(quirk.fix)
    for name, _, hint in bibnames.warnings(fields):
        changes[name] = re.search(r"write \w+ = \{(.*)\}$", hint).group(1)
    for name, _, _ in bibtitles.warnings(fields):
        value = fields[name]
        for word in bibtitles.lowered_words(value):
            value = re.sub(rf"(?<=\s)({re.escape(word)})\b", r"{\1}", value, count=1)
        changes[name] = value
    for name, _, _ in bibprivate.warnings(fields):
        changes[name] = None
    return {k: v.replace(bibexports.ACCESSED, ACCESSED) if v else v for k, v in changes.items()}


def fixed(name: str) -> str:
    """The set with every warning's fix applied (comments holding a path removed, as theirs says)."""
    text = (BIBDATA / f"{name}.bib").read_text(encoding="utf-8")
    for _ in range(3):  # a fix can reveal another (an address unescaped, then found to be two)
        library, fields = parse_library(text), read_fields(text)
        changed = False
        for entry in library.entries:
            changes = _fixes(entry.entry_type.lower(), fields[entry.key])
            changed = changed or bool(changes)
            kept = [f for f in entry.fields if f.key.lower() not in changes]
            entry.fields = kept + [Field(k, v) for k, v in changes.items() if v is not None]
        if not changed:
            break
        text = bibtexparser.write_string(library)
    return bibprivate.published(text, parse_library(text))


def render(text: str) -> dict[str, str]:
    """Each reference as the site prints it: the fragment store, citeproc, Casebook's style."""
    return {key: _text(ref.html) for key, ref in sorted(render_units([], text).references.items())}


@pytest.fixture(scope="module")
def as_fixed() -> dict[str, tuple[str, dict[str, str]]]:
    return {name: (text, render(text)) for name in SETS for text in [fixed(name)]}


@pytest.mark.parametrize(("name", "key", "wrong", "right"), PRINTS, ids=[f"{p[0]}-{p[1]}" for p in PRINTS])
def test_the_quirk_prints_wrongly_and_its_fix_prints_right(name: str, key: str, wrong: str, right: str,
                                                          as_fixed: dict) -> None:
    as_exported, after = rendered(name)[key], as_fixed[name][1][key]
    assert wrong in as_exported and right not in as_exported, as_exported
    assert right in after and wrong not in after, after


@pytest.mark.parametrize("name", SETS)
def test_every_warning_is_cleared_by_its_fix(name: str, as_fixed: dict, tmp_path: Path) -> None:
    """Applying each hint leaves nothing to warn about, nothing raw, and every work in the list."""
    text, references = as_fixed[name]
    (tmp_path / "references.bib").write_text(text, encoding="utf-8")
    _, problems, _ = load_bibliography(tmp_path / "references.bib", name)
    assert [str(p) for p in problems.sorted()] == []
    assert set(references) == set(read_fields((BIBDATA / f"{name}.bib").read_text(encoding="utf-8")))
    for key, reference in references.items():
        assert not RAW_LATEX.search(reference), (key, reference)


def test_every_entry_with_an_export_quirk_has_a_print_check() -> None:
    """No export quirk in the sets is asserted only by its golden warning: each has a PRINTS row
    (or, for an organisation that prints right, the data check below)."""
    checked = {(name, key) for name, key, _, _ in PRINTS} | set(DATA_ONLY)
    for name in SETS:
        text = (BIBDATA / f"{name}.bib").read_text(encoding="utf-8")
        library, fields = parse_library(text), read_fields(text)
        for entry in library.entries:
            codes = [q.code for q in bibexports.warnings(entry.entry_type.lower(), fields[entry.key])]
            if codes and (name, entry.key) not in checked and (name, entry.key) != ("jabref", "WME2026"):
                pytest.fail(f"{name} {entry.key}: {codes} has no print check")


# Organisations the reference list prints right as exported, but the data reads as people.
DATA_ONLY = [("endnote", "RN1"), ("endnote", "RN4"), ("endnote", "RN5")]


@pytest.mark.parametrize(("name", "key"), DATA_ONLY)
def test_an_organisation_is_a_person_in_the_data_until_braced(name: str, key: str) -> None:
    """EndNote's `PPMA` and `Local Government Association,` print as written, but schema.org
    (JSON-LD on every record page) calls them people until the fix braces them."""
    fields = read_fields((BIBDATA / f"{name}.bib").read_text(encoding="utf-8"))[key]
    entry_type = parse_library((BIBDATA / f"{name}.bib").read_text(encoding="utf-8")).entries_dict[key].entry_type
    author = _fixes(entry_type.lower(), fields)["author"]
    def cited(entry: BibEntry) -> list:
        return _cited_work(bibliography_views({key: entry}, {})[key], key)["author"]

    before = cited(BibEntry(key, "misc", fields, 1))
    after = cited(BibEntry(key, "misc", {**fields, "author": author}, 1))
    name_printed = fields["author"].rstrip(",")
    assert [a["@type"] for a in before] == ["Person"] and [a["@type"] for a in after] == ["Organization"]
    assert after[0]["name"] == name_printed
    assert rendered(name)[key].startswith(f"{name_printed} (")


def test_publishing_changes_nothing_printed() -> None:
    """The published text (private fields and comments out) renders exactly as the file does."""
    for name in ACCEPTED + EXPORTED:
        _, _, published = load_bibliography(BIBDATA / f"{name}.bib", name)
        assert render(published) == rendered(name), name
