"""Escaping plain text for pandoc Markdown, the overview's lead sentences, formats and site URL."""

from __future__ import annotations

import string

import pytest
from casebook.markdown import lead
from casebook.pack.escape import escape_markdown
from casebook.pack.single import output_format
from casebook.pandoc_tools import base_args, run_pandoc
from casebook.problems import CasebookError
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE_PLAIN = [
    '#read("/etc/passwd")', '#eval("1+1")', r"\input{/etc/passwd}", "<script>alert(1)</script>",
    "`x`{=typst}", "@name", "[@latham2015aspire, p. 7]", r"C:\Temp\new_reports", "*not emphasis*",
    "1. not a list", "# not a heading", "> not a quote", "| a | table |", "$x^2$", "a -- b --- c",
    "<!-- comment -->", "[link](javascript:alert(1))", "line\\", "trailing backslash \\", "&amp; &lt;",
    "---", "title: pwned", "'single' \"double\"", "~~strike~~ ^sup^ ~sub~", "[^1]", "{.class}",
]


def _render_plain(texts: list[str]) -> list[str]:
    """Each escaped text as its own paragraph, through the real reader; what pandoc makes of it."""
    marker = "CASEBOOKTESTMARKER"
    source = "".join(f"{escape_markdown(t)}\n\n{marker}\n\n" for t in texts)
    out = run_pandoc(source, [*base_args(REPO / "references.bib"), "--to", "plain"], "escape test")
    return [part.strip() for part in out.split(marker)][: len(texts)]


def test_escaped_plain_text_renders_back_exactly():
    assert _render_plain(HOSTILE_PLAIN) == HOSTILE_PLAIN


def test_escaping_collapses_whitespace_to_one_line():
    assert escape_markdown("  a\n\n  b\tc ") == "a b c"
    assert escape_markdown(r"C:\Temp") == r"C\:\\Temp"


_TEXT = st.text(alphabet=st.sampled_from(string.printable + "éü’–—中😀\u00a0"), min_size=1, max_size=40)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT, min_size=1, max_size=40))
def test_escaping_round_trips_any_text(texts):
    # One pandoc call per example (citeproc costs ~0.1 s a call), many strings per call.
    wanted = [" ".join(t.split()) for t in texts]
    kept = [t for t in wanted if t]
    assert _render_plain(kept) == kept


def test_lead_takes_sentences_up_to_the_first_citation():
    text = ("Councils merged teams. They saved money, e.g. on rent [@latham2015aspire, p. 7]. "
            "Later sentences are left out [@latham2015aspire, p. 8].\n\nSecond paragraph.")
    assert lead(text) == ("Councils merged teams. They saved money, e.g. on rent [@latham2015aspire, p. 7].")


def test_lead_without_citation_is_the_first_paragraph():
    assert lead("One. Two.\n\nThree.") == "One. Two."


@pytest.mark.parametrize(("name", "written", "fmt"), [
    ("a.pdf", "a.pdf", "pdf"), ("a.PDF", "a.PDF", "pdf"), ("a.docx", "a.docx", "docx"),
    ("a.html", "a.html", "html"), ("agility", "agility.pdf", "pdf")])
def test_output_format_from_extension(tmp_path, name, written, fmt):
    assert output_format(tmp_path / name) == (tmp_path / written, fmt)


def test_unknown_extension_is_an_error(tmp_path):
    with pytest.raises(CasebookError, match=r"\.pdf, \.docx, \.html"):
        output_format(tmp_path / "pack.txt")


