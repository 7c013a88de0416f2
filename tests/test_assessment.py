"""assessment.yaml: validation with exact locations, and the page's embedded data kept safe."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from casebook import cli
from casebook.builders.assessment import write_assessment_page
from casebook.fragments import render_units
from casebook.fragments.units import content_units
from casebook.project import Project
from casebook.site.scriptjson import script_json
from casebook.validate import validate_project

REPO = Path(__file__).resolve().parent.parent

HEADER = """\
# yaml-language-server: $schema=schema/assessment.schema.json
title: A test self-assessment
wording: casebook
intro: Casebook's own statements [@latham2015aspire, p. 6].
scale:
  labels: [One, Two, Three, Four, Five]
  dont_know: Don't know
characteristics:
"""

GOOD = HEADER + """\
  - theme: listening
    statements:
      - id: listen-customers
        theme: listening
        text: I seek the views of the people who receive the service.
      - id: listen-staff
        theme: employee-voice
        text: Staff can raise concerns and see what happened as a result.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A copy of the real taxonomy and bibliography, with no records, for assessment fixtures."""
    monkeypatch.setenv("NO_COLOR", "1")
    root = tmp_path / "project"
    shutil.copytree(REPO / "schema", root / "schema")
    for name in ("themes.yaml", "references.bib"):
        shutil.copyfile(REPO / name, root / name)
    (root / "case_studies").mkdir()
    return Project(root)


def check(project: Project, text: str) -> list[str]:
    project.assessment.write_text(text, encoding="utf-8")
    result = validate_project(project)
    return [str(p) for p in result.problems.sorted() if p.path == "assessment.yaml"]


def test_real_assessment_validates() -> None:
    project = Project(REPO)
    result = validate_project(project)
    assert [str(p) for p in result.problems.errors] == []
    assessment = result.content.assessment
    assert assessment is not None
    groups = {t.id: t.group for t in result.content.taxonomy.themes}
    # The six characteristics of customer-focused leadership, in the report's order.
    assert [c.theme for c in assessment.characteristics] == [
        t.id for t in result.content.taxonomy.themes if t.group == "customer-focused-leadership"]
    assert all(groups[c.theme] == "customer-focused-leadership" for c in assessment.characteristics)


def test_real_assessment_says_whose_wording() -> None:
    text = (REPO / "assessment.yaml").read_text(encoding="utf-8")
    assert "wording: casebook" in text
    assert "Casebook's own wording, not the report's" in text


def test_good_fixture_validates(project: Project) -> None:
    assert check(project, GOOD) == []


def test_unknown_theme_has_file_line_and_suggestion(project: Project) -> None:
    text = GOOD.replace("theme: employee-voice", "theme: employe-voice")
    assert check(project, text) == [
        "assessment.yaml:15:16: error[unknown-theme]: 'employe-voice' is not a theme "
        "(did you mean 'employee-voice'?)"]


def test_unknown_characteristic_theme(project: Project) -> None:
    text = GOOD.replace("  - theme: listening", "  - theme: listenning")
    assert check(project, text) == [
        "assessment.yaml:9:12: error[unknown-theme]: 'listenning' is not a theme (did you mean 'listening'?)"]


def test_duplicate_statement_id_points_at_the_second(project: Project) -> None:
    text = GOOD.replace("id: listen-staff", "id: listen-customers")
    assert check(project, text) == [
        "assessment.yaml:14:13: error[duplicate-id]: statement id 'listen-customers' is also used at line 11 "
        "(ids key people's saved answers: give the new statement a new id)"]


def test_schema_error_is_located(project: Project) -> None:
    text = GOOD.replace("        text: I seek the views of the people who receive the service.\n", "")
    problems = check(project, text)
    assert problems == ["assessment.yaml:11:9: error[missing-field]: characteristics[0].statements[0] is missing "
                        "the required field 'text' (Casebook's wording, first person, one behaviour per statement; "
                        "plain text (shown as written, never as HTML or Markdown).)"]


def test_yaml_error_is_located(project: Project) -> None:
    text = GOOD.replace("text: Staff can raise", "text: Note: staff can raise")
    assert check(project, text) == [
        "assessment.yaml:16:19: error[yaml-colon-in-value]: line 16: the value holds a colon followed by a space, "
        "which YAML reads as a new field; put the whole value in double quotes (\"...\")"]


def test_unknown_citation_in_intro(project: Project) -> None:
    text = GOOD.replace("[@latham2015aspire, p. 6]", "[@latham2051aspire, p. 6]")
    assert check(project, text) == [
        "assessment.yaml:4:35: error[unknown-key]: inline citation @latham2051aspire is not a key in "
        "references.bib (did you mean 'latham2015aspire'?)"]


def test_cli_reports_and_fails(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.assessment.write_text(GOOD.replace("id: listen-staff", "id: listen-customers"), encoding="utf-8")
    code = cli.main(["--root", str(project.root), "validate"])
    err = capsys.readouterr().err
    assert code == 1
    assert "assessment.yaml:14:13: error[duplicate-id]" in err


def test_no_assessment_file_is_fine(project: Project) -> None:
    assert validate_project(project).ok


# --- the page ---------------------------------------------------------------------------------

HOSTILE = "I never write </script><script>alert(1)</script> or <!-- in \u2028 a statement & more."


def _embedded(page: str) -> str:
    found = re.findall(r'<script type="application/json" id="cb-sa-data">(.*?)</script>', page, re.S)
    assert len(found) == 1
    return found[0]


def _rendering(content):
    return render_units(content_units(content), content.bib_text)


def test_script_json_cannot_close_the_block() -> None:
    text = script_json({"text": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"text": HOSTILE}


def test_page_embeds_valid_safe_json(project: Project, tmp_path: Path) -> None:
    hostile = GOOD.replace("text: I seek the views of the people who receive the service.",
                           "text: " + json.dumps(HOSTILE))
    assert check(project, hostile) == []
    content = validate_project(project).content
    docs = tmp_path / "docs"
    assert write_assessment_page(content, _rendering(content), docs) == "self-assessment/index.md"
    page = (docs / "self-assessment" / "index.md").read_text(encoding="utf-8")
    assert (docs / "self-assessment" / "assessment.js").is_file()
    assert (docs / "self-assessment" / "assessment.css").is_file()
    # Only the two scripts the template writes: the hostile text opened none of its own.
    assert page.count("<script") == 2
    assert "alert(1)</script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text in the form
    data = json.loads(_embedded(page))
    statements = [s for c in data["characteristics"] for s in c["statements"]]
    assert statements[0]["text"] == HOSTILE
    assert data["characteristics"][0]["href"] == "../themes/listening/"
    assert [t["id"] for t in data["characteristics"][0]["themes"]] == ["listening", "employee-voice"]


def test_page_lists_related_records(tmp_path: Path) -> None:
    project = Project(REPO)
    content = validate_project(project).content
    write_assessment_page(content, _rendering(content), tmp_path)
    data = json.loads(_embedded((tmp_path / "self-assessment" / "index.md").read_text(encoding="utf-8")))
    for characteristic in data["characteristics"]:
        themes = {t["id"] for t in characteristic["themes"]}
        expected = {r.id for r in content.published if themes & set(r.themes)}
        listed = {r["id"] for r in characteristic["records"]}
        assert listed <= expected
        assert len(listed) == min(len(expected), 8)
        for record in characteristic["records"]:
            assert record["href"] == f"../cases/{record['id']}/"
        for theme in characteristic["themes"]:
            assert theme["href"] == f"../themes/{theme['id']}/"
            assert theme["records"] == [r.id for r in content.published if theme["id"] in r.themes]
            for record_id in theme["records"]:
                assert data["records"][record_id]["href"] == f"../cases/{record_id}/"
