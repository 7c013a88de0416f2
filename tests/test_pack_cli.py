"""`casebook pack` and the theme packs: selection, errors that write nothing, atomic output."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest
from casebook import cli
from casebook.fragments import render_units
from casebook.fragments.units import content_units
from casebook.pack import Selection, build_theme_packs, describe, select
from casebook.pack import render as render_module
from casebook.pack.batch import theme_pack_specs
from casebook.pack.kept import KeptPacks
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.validate import validate_project
from conftest import REPO, TODAY
from packdata import RICH, pack_project, pdf_pages, squash, standard_records
from pypdf import PdfReader


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CASEBOOK_TODAY", TODAY)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_COLOR", "1")
    return pack_project(tmp_path / "project", standard_records(hostile=False))


@pytest.fixture
def content(project):
    result = validate_project(Project(project))
    assert result.ok
    return result.content


def _ids(records):
    return [r.id for r in records]


def select_records(content, themes=(), organisations=(), org_types=(), kinds=(), evidence_types=(), ids=()):
    return select(content, Selection.of(theme=themes, organisation=organisations, org_type=org_types, kind=kinds,
                                        evidence_type=evidence_types, ids=tuple(ids)))


def test_same_option_is_or_different_options_are_and(content):
    assert _ids(select_records(content, themes=["agility"])) == ["sandford-agile-teams"]
    both = select_records(content, themes=["agility", "engaging-managers"])
    assert _ids(both) == ["sandford-agile-teams", "engagement-finding"]  # case studies first
    assert _ids(select_records(content, themes=["agility", "engaging-managers"], kinds=["finding"])) == [
        "engagement-finding"]
    assert _ids(select_records(content, organisations=["sandford borough council"])) == ["sandford-agile-teams"]
    assert _ids(select_records(content, org_types=["district-council"], evidence_types=["practitioner-report"])) == [
        "sandford-agile-teams"]
    assert _ids(select_records(content, ids=["engagement-finding"])) == ["engagement-finding"]
    assert len(select_records(content)) == 2  # everything published; the draft never


def test_unknown_values_are_all_reported_with_did_you_mean(content):
    with pytest.raises(CasebookError) as caught:
        select_records(content, themes=["agilty"], org_types=["county-councl"], kinds=["findings"],
                       evidence_types=["survey", "surveys"], ids=["engagment-finding"], organisations=["Sandfrod"])
    message = str(caught.value)
    for part in ["'agilty' is not a theme; did you mean 'agility'?",
                 "'county-councl' is not an organisation type; did you mean 'county-council'?",
                 "'findings' is not a kind; did you mean 'finding'?",
                 "'surveys' is not an evidence type; did you mean 'survey'?",
                 "'engagment-finding' is not a record id; did you mean 'engagement-finding'?",
                 "'Sandfrod' is not an organisation named in any published record"]:
        assert part in message


def test_draft_record_by_id_is_refused(content):
    with pytest.raises(CasebookError, match="'draft-agility' is draft; only published records"):
        select_records(content, ids=["draft-agility"])


def test_empty_selection_is_an_error_in_words(content):
    with pytest.raises(CasebookError, match="no published record matches the selection: Published Casebook "
                                            "records on the theme Agility, and of kind research finding."):
        select_records(content, themes=["agility"], kinds=["finding"])


def test_selection_in_words(content):
    assert describe(content, Selection()) == "All published Casebook records."
    listening = content.taxonomy.theme("listening").title
    assert describe(content, Selection.of(theme=("agility", "listening"), org_type=("nhs", "police"))) == (
        f"Published Casebook records on any of the themes Agility or {listening}, "
        "and from an organisation of type NHS or police.")


def _run(project: Path, *args: str) -> int:
    return cli.main(["--root", str(project), "pack", *args])


@pytest.mark.parametrize("args", [["--theme", "agilty"], ["--theme", "listening"], ["--kind", "case"],
                                  ["--id", "draft-agility"], ["--org-type", "nowhere"]])
def test_selection_errors_exit_1_and_write_nothing(project, tmp_path, capsys, args):
    out = tmp_path / "pack.pdf"
    assert _run(project, *args, "-o", str(out)) == 1
    assert not out.exists()
    assert "casebook: error:" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pack")]  # no temporary left behind


def test_unknown_extension_exits_1(project, tmp_path, capsys):
    assert _run(project, "-o", str(tmp_path / "pack.odt")) == 1
    assert "use one of .pdf, .docx, .html" in capsys.readouterr().err


def test_invalid_content_exits_1_with_the_problems(project, tmp_path, capsys):
    (project / "case_studies" / "broken.yaml").write_text("# yaml-language-server: $schema=x\nid: broken\n")
    out = tmp_path / "pack.pdf"
    assert _run(project, "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert "validation failed; no pack was written" in err and "case_studies/broken.yaml:" in err
    assert not out.exists()


def test_failed_run_leaves_existing_file_untouched(project, tmp_path, monkeypatch):
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"previous pack")

    def broken(*_args, **_kwargs):
        raise CasebookError("typst could not compile the briefing pack: simulated")

    monkeypatch.setattr(render_module, "compile_typst", broken)
    assert _run(project, "--theme", "agility", "-o", str(out)) == 1
    assert _run(project, "--theme", "agilty", "-o", str(out)) == 1
    assert out.read_bytes() == b"previous pack"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "project") == ["pack.pdf"]


@pytest.mark.slow
def test_pack_writes_pdf_docx_and_html(project, tmp_path, capsys):
    for name in ["agility.pdf", "agility.docx", "agility.html", "noext"]:
        assert _run(project, "--theme", "agility", "-o", str(tmp_path / name)) == 0
    assert (tmp_path / "noext.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "agility.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "agility.html").read_text().startswith("<!DOCTYPE html>")
    assert oct((tmp_path / "agility.pdf").stat().st_mode & 0o777) == "0o644"
    assert f"wrote {tmp_path / 'agility.pdf'}" in capsys.readouterr().out
    assert (tmp_path / "agility.pdf").read_bytes() == (tmp_path / "noext.pdf").read_bytes()


@pytest.mark.slow
def test_title_option_and_default_titles(project, tmp_path):
    out = tmp_path / "a.pdf"
    assert _run(project, "--theme", "agility", "--kind", "case-study", "--title", "Board *briefing*",
                "-o", str(out)) == 0
    assert PdfReader(out).metadata.title == "Board *briefing*"
    assert _run(project, "--id", "engagement-finding", "-o", str(out)) == 0
    assert PdfReader(out).metadata.title == "Engaged managers make the difference"


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_theme_packs_one_per_used_theme_and_the_complete_pack(content, project, tmp_path, jobs):
    rendering = render_units(content_units(content), content.bib_text)
    infos = build_theme_packs(content, tmp_path / "packs", rendering, jobs=jobs, quiet=True)
    assert [i.slug for i in infos] == ["customer-focus", "agility", "engaging-managers", "all"]
    for info in infos:
        data = Path(info.path).read_bytes()
        assert Path(info.path) == tmp_path / "packs" / f"{info.slug}.pdf"
        assert info.pages == len(PdfReader(io.BytesIO(data)).pages) > 3
        assert info.theme == (None if info.slug == "all" else info.slug)
        # The same pack as Word, read back: its title, and the records' titles the PDF holds.
        word = docx.Document(info.docx_path)
        assert info.docx_path == str(tmp_path / "packs" / f"{info.slug}.docx")
        assert word.core_properties.title == info.title
        word_text = squash("\n".join(p.text for p in word.paragraphs))
        pdf_text = squash("".join(pdf_pages(data)))
        for record in content.published:
            assert (squash(record.title) in word_text) == (squash(record.title) in pdf_text), (info.slug, record.id)
    complete = squash("".join(pdf_pages((tmp_path / "packs" / "all.pdf").read_bytes())))
    assert squash("Sandford's agile teams") in complete and squash("Engaged managers") in complete
    # Without a site address a pack carries no link to the site: a relative one would not work once downloaded.
    assert squash("cases/engagement-finding/") not in complete
    assert squash("On the Casebook site") not in complete


def _published_agility_in_repo() -> bool:
    result = validate_project(Project(REPO))
    return result.content is not None and any("agility" in r.themes for r in result.content.published)


@pytest.mark.slow
def test_cli_pack_against_the_real_repository(tmp_path, monkeypatch, project):
    """The command from the issue, on the repo's own content (a fixture project until it has agility)."""
    root = REPO if _published_agility_in_repo() else project
    monkeypatch.chdir(root)
    out = tmp_path / "agility.pdf"
    assert cli.main(["pack", "--theme", "agility", "-o", str(out)]) == 0
    reader = PdfReader(out)
    assert reader.metadata.title == "Agility"
    assert "References" in reader.pages[-1].extract_text()
    assert os.path.getsize(out) > 10_000


@pytest.mark.slow
def test_characters_beyond_the_fonts_give_a_tagged_pdf_and_a_warning(project, tmp_path, capsys):
    (project / "case_studies" / "rich-markdown.yaml").write_text(
        "# yaml-language-server: $schema=../schema/record.schema.json\n" + RICH, encoding="utf-8")
    out = tmp_path / "rich.pdf"
    assert _run(project, "--id", "rich-markdown", "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "casebook: warning: rich.pdf: not PDF/UA-1" in err and "😀" in err
    data = out.read_bytes()
    assert b"pdfuaid:part" not in data
    assert bool(PdfReader(out).trailer["/Root"]["/MarkInfo"]["/Marked"])
    text = squash("".join(pdf_pages(data)))
    for part in ["The footnote text (Latham et al., 2015, p. 8).", "nested point", "A block quote.",
                 "Definition", "Column a"]:
        assert squash(part) in text, part


# Pre-built packs are set again only when their inputs change (pack/kept.py), and a kept pack is
# byte for byte the pack a build from nothing makes.
def _validated(project: Path):
    result = validate_project(Project(project))
    assert result.ok, result.problems.sorted()
    return result.content


def _build(content, out: Path, kept: KeptPacks | None) -> dict[str, bytes]:
    """Every pack's PDF and DOCX by file name."""
    infos = build_theme_packs(content, out, render_units(content_units(content), content.bib_text), jobs=1,
                              quiet=True, kept=kept)
    files = {}
    for info in infos:
        files[Path(info.path).name] = Path(info.path).read_bytes()
        files[Path(info.docx_path).name] = Path(info.docx_path).read_bytes()
    return files


@pytest.mark.slow
def test_only_the_packs_holding_an_edited_record_are_set_again(project, tmp_path, monkeypatch):
    compiled: list[str] = []
    real = render_module.compile_in_folder

    def counting(files, timestamp, notes):
        pdf, info = real(files, timestamp, notes)
        compiled.append(info["title"])
        return pdf, info

    monkeypatch.setattr(render_module, "compile_in_folder", counting)
    kept_folder = tmp_path / "kept"
    content = _validated(project)
    first = _build(content, tmp_path / "first", KeptPacks(kept_folder))
    titles = set(compiled)
    assert len(titles) == len(first) // 2 >= 3  # every pack set once, as PDF (and DOCX beside it)

    compiled.clear()
    again = _build(content, tmp_path / "again", KeptPacks(kept_folder))
    assert compiled == [] and again == first

    record = project / "case_studies" / "sandford-agile-teams.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. ", 1),
                      encoding="utf-8")
    edited = _validated(project)
    holding = {title for title, selection in _packs_and_themes(edited)
               if selection is None or "sandford-agile-teams" in {r.id for r in select(edited, selection)}}
    kept = KeptPacks(kept_folder)
    after = _build(edited, tmp_path / "after", kept)
    assert set(compiled) == holding and len(holding) < len(titles)
    compiled.clear()
    assert after == _build(edited, tmp_path / "fresh", None)  # as a build from nothing
    kept.prune()
    assert len(list(kept_folder.iterdir())) == 3 * len(titles)  # PDF, DOCX and report of each pack in use


def _packs_and_themes(content):
    for slug, _, spec in theme_pack_specs(content):
        yield spec.title, None if slug == "all" else spec.selection
