"""Briefing packs rendered for real (pandoc 3.9, typst 0.15.2) and read back with pypdf/python-docx."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from casebook import validate
from casebook.bib.library import load_bibliography
from casebook.fragments import render_units
from casebook.fragments.units import content_units
from casebook.pack import PackSpec, Selection, render_pack
from casebook.pack.contents import pack_contents
from casebook.pack.document import build_document
from casebook.pack.pack_data import pack_data
from casebook.pack.render import compile_typst
from casebook.pack.typst_pack import pack_files
from casebook.pandoc_tools import base_args, run_pandoc
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.selection import select
from casebook.validate import links, validate_project
from conftest import TODAY
from packdata import pack_project, pdf_pages, squash, standard_records
from pypdf import PdfReader

pytestmark = pytest.mark.slow
EPOCH = 1_700_000_000  # 14 November 2023
AGILITY_TITLES = ["Sandford's agile teams: deciding at the front line",
                  r'Hostile #eval("1+1") \input{x} @name C:\Temp\new_reports']


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEBOOK_TODAY", TODAY)
        # The hostile record holds raw HTML, which validation refuses (links.record_html); the renderers must
        # still print it as text should that rule ever miss a tag, so the rule is set aside here.
        mp.setattr(validate, "RECORD_RULES", tuple(r for r in validate.RECORD_RULES if r is not links.record_html))
        root = pack_project(tmp_path_factory.mktemp("pack") / "project", standard_records())
        result = validate_project(Project(root))
    assert result.ok, [str(p) for p in result.problems.errors]
    return result.content


def _spec(selection: Selection, title: str = "Agility") -> PackSpec:
    return PackSpec(title=title, selection=selection, timestamp=EPOCH, link_base="https://example.org/cb/")


@pytest.fixture(scope="module")
def agility_pdf(content) -> bytes:
    return render_pack(content, _spec(Selection.of(theme=("agility",))), "pdf").data


@pytest.fixture(scope="module")
def pages(agility_pdf) -> list[str]:
    return pdf_pages(agility_pdf)


def _section(pages: list[str], heading: str) -> str:
    """The text of the page that starts with this level-1 heading (after the running header)."""
    for text in pages:
        lines = text.splitlines()
        if len(lines) > 1 and squash(lines[1]) == squash(heading):
            return text
    raise AssertionError(f"no page starts with {heading!r}")


def test_pdf_metadata_title_author_language_and_tags(agility_pdf):
    reader = PdfReader(io.BytesIO(agility_pdf))
    assert reader.metadata.title == "Agility"
    assert reader.metadata.author == "Casebook"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in agility_pdf  # PDF/UA-1 identification in the XMP metadata
    assert reader.metadata.creation_date.year == 2023  # the timestamp passed in, not the clock


def test_fonts_are_embedded(agility_pdf):
    reader = PdfReader(io.BytesIO(agility_pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_cover_says_title_date_and_selection(pages):
    cover = squash(pages[0])
    for wanted in ["Agility", "A Casebook briefing pack", "14 November 2023",
                   "Published Casebook records on the theme Agility."]:
        assert squash(wanted) in cover


def test_contents_lists_overview_each_record_and_references(pages):
    contents = pages[1]
    assert "Contents" in contents
    for heading in ["At a glance", *AGILITY_TITLES, "Casebook's notes on the sources", "References"]:
        assert squash(heading) in squash(contents)
    assert "A draft that must not appear" not in "".join(pages)
    assert "Engaged managers make the difference" not in "".join(pages)


def test_running_header_and_page_numbers(pages):
    count = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert text.splitlines()[0].startswith("Agility")
        assert f"{number} of {count}" in text


def test_each_record_has_its_page_sections_and_site_link(pages):
    record = _section(pages, AGILITY_TITLES[0])
    following = record + "".join(pages[pages.index(record) + 1:])
    for part in ["Summary", "Context", "Approach", "Quotes", "Figures", "Sources",
                 "https://example.org/cb/cases/sandford-agile-teams/",
                 "Teams given delegated authority", "12 teams", "The report gives the number once."]:
        assert squash(part) in squash(following), part
    # Casebook's notes are collected at the end, still labelled as Casebook's.
    notes = squash(_section(pages, "Casebook's notes on the sources"))
    assert squash("These notes are Casebook's own, not the sources'") in notes
    assert squash("Casebook has only pages 1 to 8 of the report.") in notes
    assert squash("Casebook has only pages 1 to 8 of the report.") not in squash(record)


def test_citations_read_as_pandoc_renders_them_on_the_site(pages, content):
    text = squash("".join(pages))
    for cite in ["(Latham et al., 2015, p. 7)", "(Latham et al., 2015, pp. 6–8)",
                 "(MacLeod and Clarke, 2009, p. 9)"]:
        assert squash(cite) in text, cite
    # The same engine and style as the site: render one citation as the site does and compare.
    site = run_pandoc("[@latham2015aspire, p. 7]", [*base_args(content.bib_path), "--to", "plain"], "site")
    assert squash(site.splitlines()[0]) == squash("(Latham et al., 2015, p. 7)")


def test_references_hold_exactly_the_cited_works(pages, content):
    refs = squash(_section(pages, "References"))
    entries, _, _ = load_bibliography(Path(content.bib_path), "references.bib")
    cited = {"latham2015aspire", "macleod2009engaging"}
    for key, entry in entries.items():
        start = squash(entry.fields["title"].split(":")[0][:40]).lower()
        assert (start in refs.lower()) == (key in cited), key
    assert squash("Latham, G. et al. (2015)") in refs
    assert squash("MacLeod, D. and Clarke, N. (2009)") in refs


def test_overview_counts_sources_as_the_references_list_them(content):
    pages = pdf_pages(render_pack(content, _spec(Selection(), title="All"), "pdf").data)
    overview = squash(_section(pages, "At a glance"))
    refs = _section(pages, "References")
    entries = len(re.findall(r"\(\d{4}\)|\(no date\)", refs))
    assert entries == 3
    assert squash(f"drawing on {entries} sources.") in overview


def test_overview_cites_each_key_finding(pages):
    overview = squash(_section(pages, "At a glance"))
    assert squash("without waiting for approval (Latham et al., 2015, p. 7).") in overview
    assert squash("2 published Casebook records (2 case studies), drawing on 2 sources.") in overview


def test_hostile_record_renders_literally(pages, agility_pdf):
    text = squash("".join(pages))
    for literal in ['#read("/etc/passwd")', '#eval("1+1")', r"\input{/etc/passwd}", "<script>alert(1)</script>",
                    "x{=typst}", "@name", r"C:\Temp\new_reports", "title: pwned",
                    r'Hostile #eval("1+1") \input{x} @name C:\Temp\new_reports',
                    '#image("/etc/passwd")', "*stars*", "[@latham2015aspire]", r"Speaker \\ with <b>tags</b>",
                    "Cells | with pipes | and #sym.pi", '#eval("2+2")', '#read("/etc/hostname")']:
        assert squash(literal) in text, literal
    assert "root:x:0" not in "".join(pages)
    reader = PdfReader(io.BytesIO(agility_pdf))
    assert reader.metadata.title == "Agility"  # the metadata block in the summary changed nothing
    # A heading in record text is demoted: it is not in the contents.
    assert "Heading smuggled" not in pages[1]
    assert squash("Heading smuggled into a summary") in text


def _hostile_files(content) -> dict[str, bytes]:
    rendering = render_units(content_units(content), content.bib_text)
    spec = _spec(Selection.of(ids=("hostile-record",)))
    records = select(content, spec.selection)
    return pack_files(pack_data(content, rendering, records, spec.selection, spec.title, "2023-11-14", None, "auto",
                                spec.link_base))


def test_hostile_text_reaches_typst_escaped(content):
    files = _hostile_files(content)
    data = json.loads(files["pack.json"])
    # Record prose is the fragment store's Typst, in strings the template evaluates as markup.
    source = "\n".join(piece for record in data["records"] for piece in record["pieces"].values())
    # Code in record text becomes Typst raw text (`...`), which Typst never evaluates.
    body = re.sub(r"`[^`]*`", "", source)
    assert re.search(r"(?<!\\)#(read|eval|image)\(", body) is None
    assert r"\#read(" in body and r"C:\\Temp\\new\_reports" in body
    # Titles, names and quotes reach Typst only as JSON strings, which Typst shows as text.
    assert data["records"][0]["title"] == AGILITY_TITLES[1]
    assert "Hostile" not in source and b"Hostile" not in files["main.typ"] and set(files) == {"main.typ", "pack.json"}


def test_two_builds_are_byte_identical(content, agility_pdf):
    again = render_pack(content, _spec(Selection.of(theme=("agility",))), "pdf").data
    assert again == agility_pdf


def test_missing_citation_fails_the_build(content, tmp_path):
    broken = dataclasses.replace(content, bib_text="@report{other, title = {Other}, year = {2020}}\n")
    with pytest.raises(CasebookError, match="latham2015aspire not found"):
        render_pack(broken, _spec(Selection.of(theme=("agility",))), "pdf")


def test_typst_compiles_only_inside_its_fresh_root(tmp_path):
    with pytest.raises(CasebookError, match="typst could not compile"):
        compile_typst({"main.typ": b'#read("/etc/passwd")'}, EPOCH, tmp_path / "root")


def test_docx_has_the_same_headings(content):
    data = render_pack(content, _spec(Selection.of(theme=("agility",))), "docx").data
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["At a glance", *sorted(AGILITY_TITLES, key=str.casefold),
                        "Casebook\u2019s notes on the sources", "References"]
    assert document.core_properties.title == "Agility"
    text = squash("\n".join(p.text for p in document.paragraphs))
    assert squash(r"C:\Temp\new_reports") in text and squash("(Latham et al., 2015, p. 7)") in text
    # Running header (the title field), page numbers and A4 come from pandoc/reference.docx.
    section = document.sections[0]
    assert 'w:instr="TITLE"' in section.header._element.xml
    assert 'w:instr="PAGE"' in section.footer._element.xml and 'w:instr="NUMPAGES"' in section.footer._element.xml
    assert round(section.page_width.cm, 1) == 21.0 and section.different_first_page_header_footer


def test_reference_docx_is_up_to_date():
    from casebook.pack.reference_docx import REFERENCE_DOCX, build_reference_docx

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist() if not name.startswith("docProps/")}

    assert parts(build_reference_docx()) == parts(REFERENCE_DOCX.read_bytes()), (
        "run: .venv/bin/python -m casebook.pack.reference_docx")


def test_html_is_one_self_contained_file(content):
    html = render_pack(content, _spec(Selection.of(theme=("agility",))), "html").data.decode()
    assert "<script" not in html.replace("&lt;script", "")
    assert not re.search(r"<(link|img|iframe|object)\b", html)
    assert not re.search(r"\ssrc=", html)
    assert "<style" in html and "<title>Agility</title>" in html
    assert 'href="https://example.org/cb/cases/sandford-agile-teams/"' in html


def test_hostile_title_reaches_pdf_metadata_as_text(content):
    title = AGILITY_TITLES[1]
    data = render_pack(content, _spec(Selection.of(ids=("hostile-record",)), title=title), "pdf").data
    assert PdfReader(io.BytesIO(data)).metadata.title == title


def test_body_holds_record_markdown_only_as_placeholders(content):
    rendering = render_units(content_units(content), content.bib_text)
    doc = build_document(pack_contents(content, rendering, _spec(Selection.of(ids=("hostile-record",))), digest=False))
    assert f"CASEBOOKPIECE{doc.token}x" in doc.body
    assert "etc/passwd" not in doc.body.replace(r"\/etc\/passwd", "")  # only the escaped title/quote forms
    assert "# Heading smuggled" not in doc.body
    assert ("hostile-record", "summary") in doc.places.values()
    assert r"# Hostile \#eval\(\"1\+1\"\) \\input\{x\} \@name C\:\\Temp\\new\_reports" in doc.body


def test_every_link_says_where_it_goes(agility_pdf):
    """A screen reader reads a link's description: a citation names its reference, not just a page."""
    reader = PdfReader(io.BytesIO(agility_pdf))
    described = [str(a.get_object().get("/Contents", "")) for page in reader.pages
                 for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link"]
    assert described and not [d for d in described if re.fullmatch(r"\s*(page \d+)?\s*", d)]
    assert any(d.startswith("Reference: Latham, G. et al. (2015), page ") for d in described)
