"""LaTeX in references.bib is decoded once, by pandoc's biblatex reader, wherever a field is shown
outside the reference list (Casebook's annotations, JSON-LD citation names)."""

from __future__ import annotations

import pytest
from casebook.bib import plain as bibplain
from casebook.bib.view import bibliography_views
from casebook.model import BibEntry, Work
from casebook.site.jsonld import _cited_work

bib_plain = bibplain.plain_text

DECODED = [
    (r'M\"uller \& Co., pp.~1--3', "Müller & Co., pp. 1–3"),
    (r"see \texttt{cases.csv} and \emph{the} \textbf{report}", "see cases.csv and the report"),
    (r"{\'E}cole, Fran{\c{c}}ois, {\o}re, \ss, \AE{}", "École, François, øre, ß, Æ"),
    (r"``quoted'' --- and 50\% of \$5", "\u201cquoted\u201d \u2014 and 50% of $5"),
    ("Already Unicode: Müller — fine", "Already Unicode: Müller — fine"),
]


@pytest.mark.parametrize(("raw", "plain"), DECODED)
def test_annotation_text_is_decoded(raw: str, plain: str) -> None:
    assert bib_plain(raw) == plain


def test_jsonld_citation_names_are_decoded_and_a_records_work_reads_alike() -> None:
    knuth = BibEntry("knuth1986", "book", {"author": "Knuth, Donald", "title": r"The {\TeX}book", "date": "1986"}, 1)
    cc = BibEntry("cc", "article", {"author": r"M{\"u}ller, C.", "title": r"C--C and M{\"u}ller", "date": "2001"}, 2)
    org = BibEntry("cipd", "report", {"author": "{Chartered Institute of Personnel and Development}",
                                      "title": "Leading", "institution": r"CIPD \& PPMA", "date": "2012"}, 3)
    carried = Work("panel2016", {"id": "panel2016", "type": "report", "title": "Panels in Northbridge",
                                 "author": [{"literal": "Chartered Institute of Personnel and Development"},
                                            {"family": "Brown", "given": "Ann"}],
                                 "publisher": "Northbridge Council", "issued": "2016-03"}, "case_studies/x.yaml", 9)
    views = bibliography_views({e.key: e for e in (knuth, cc, org)}, {"panel2016": carried})
    assert _cited_work(views["knuth1986"], "knuth1986")["name"] == "The TeXbook"
    work = _cited_work(views["cc"], "cc")
    assert work["name"] == "C–C and Müller" and work["author"][0]["familyName"] == "Müller"
    assert _cited_work(views["cipd"], "cipd")["author"] == [
        {"@type": "Organization", "name": "Chartered Institute of Personnel and Development"}]
    assert _cited_work(views["cipd"], "cipd")["publisher"]["name"] == "CIPD & PPMA"
    assert _cited_work(views["panel2016"], "panel2016") == {
        "@type": "CreativeWork", "name": "Panels in Northbridge", "datePublished": "2016-03",
        "author": [{"@type": "Organization", "name": "Chartered Institute of Personnel and Development"},
                   {"@type": "Person", "name": "Ann Brown", "familyName": "Brown", "givenName": "Ann"}],
        "publisher": {"@type": "Organization", "name": "Northbridge Council"}}
    assert views["panel2016"].carried_by == "case_studies/x.yaml" and views["cipd"].carried_by is None
    assert _cited_work(None, "absent") == {"@type": "CreativeWork", "name": "absent"}


def test_hostile_text_stays_text() -> None:
    """Decoding makes plain text; markup-looking text survives as text for the page to escape."""
    assert bibplain.plain_text(r"<script>alert(1)</script> \textless b\textgreater") == (
        "<script>alert(1)</script> <b>")


def test_one_pandoc_call_decodes_a_whole_bibliography(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = bibplain.run_pandoc
    monkeypatch.setattr(bibplain, "run_pandoc", lambda *a, **k: calls.append(a) or real(*a, **k))
    bib = "".join(rf"@misc{{k{i}, title = {{T\'itle {i}}}, annotation = {{N\"ote {i}}}}}" "\n" for i in range(30))
    fields = bibplain.plain_fields(bib)
    assert fields["k7"] == {"title": "Títle 7", "annotation": "Nöte 7"}
    assert len(calls) == 1
    # Nothing is kept at module level: a value decoded on its own is a call of its own.
    assert bibplain.plain_text(r'N\"ote 12') == "Nöte 12"
    assert len(calls) == 2
