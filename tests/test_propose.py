"""The Propose page's pieces without a browser: the YAML layout taken from `casebook new`, the Python
reference serialiser and the browser's (run in Node.js) agreeing byte for byte, the form read from
the schema, the BibTeX the page writes passing bib.py, the npm pins, and the pull-request summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import material
import pytest
import yaml
from casebook.bib import load_bibliography
from casebook.model import SiteAddress
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.proposal import present, record_layout, record_yaml
from casebook.scaffold import Answers, render_record
from casebook.site import mkdocs_run
from casebook.site.propose_form import form_spec
from casebook.site.propose_page import page_data
from casebook.site.propose_rules import CHECK_SCRIPTS, rules
from casebook.site.propose_validator import NPM_PINS, compile_validator
from casebook.validate import validate_project
from conftest import copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "scripts/casebook/assets/propose"
SCHEMA = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
TRICKY = ["plain", 'quotes " and \\ backslash', "colon: and # hash", "yes", "0123", "null", " leading space",
          "trailing space ", "line\u2028separator", "bidi \u202e kept raw", "tab\there", "emoji 🙂 and é",
          "two\nlines", "list\n\n- a\n- b", "  indented\nblock", "ends with newline\n", "\x7f\x85 controls",
          "- dash first", "[@latham2015aspire, p. 7] first", "crlf\r\nline"]


def run_js(files: list[str], body: str, payload: object) -> object:
    """Run the page's own scripts in Node.js (a bare `window`), then body with `input`; return its JSON."""
    scripts = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in files)
    program = (f"globalThis.window = globalThis;\n{scripts}\n"
               "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
               f"process.stdout.write(JSON.stringify((() => {{ {body} }})()));")
    with tempfile.NamedTemporaryFile("w", suffix=".cjs", encoding="utf-8", delete=False) as script:
        script.write(program)
    try:
        done = subprocess.run(["node", script.name], input=json.dumps(payload), capture_output=True, text=True,
                              check=True)
    finally:
        Path(script.name).unlink()
    return json.loads(done.stdout)


def full_record(**changes) -> dict:
    record = {"id": "sandwell-customer-panel", "kind": "case-study", "title": 'Sandwell: a "panel" #1',
              "summary": "Residents review services [@latham2015aspire, p. 7].\n\n- one [@latham2015aspire, p. 7]\n"
                         "- two [@latham2015aspire, p. 8]",
              "organisations": [{"name": "Sandwell MBC", "type": "metropolitan-borough-council",
                                 "region": "West Midlands", "nation": "England"}],
              "year": 2016, "themes": ["listening", "customer-focus"], "evidence_type": "practitioner-report",
              "narrative": {"context": "Context [@latham2015aspire, p. 2].",
                            "lessons": "Lessons [@latham2015aspire, p. 9]."},
              "quotes": [{"text": "Words\nover two lines", "speaker": "A head of service",
                          "source": {"key": "latham2015aspire", "locator": "p. 5"}}],
              "figures": [{"label": "Services", "value": "30+",
                           "source": {"key": "latham2015aspire", "locator": "p. 7"}},
                          {"label": "Offices", "value": 7.5,
                           "source": {"key": "latham2015aspire", "locator": "p. 8"}}],
              "sources": [{"key": "latham2015aspire", "locator": "pp. 7-8"}], "editorial_notes": ["A note."],
              "contributors": [{"name": "A. Person"}], "programme": {"name": "Aspire", "cohort": "1"},
              "status": "draft", "last_reviewed": "2026-11-20"}
    record.update(changes)
    return record


def test_layout_is_casebook_news_template_cut_at_each_field() -> None:
    layout = record_layout(SCHEMA)
    assert [f["name"] for f in layout["fields"]] == list(SCHEMA["properties"])
    tokens = layout["tokens"]
    answers = Answers(tokens["id"], "case-study", "Title", ("theme",), tokens["key"], tokens["locator"],
                      "practitioner-report")
    scaffolded = render_record(SCHEMA, answers, tokens["date"])
    rebuilt = "\n\n".join([layout["header"]] + [f["comment"] + "\n" + f["body"] for f in layout["fields"]]) + "\n"
    assert rebuilt == scaffolded.replace("# Made by `casebook new`.", "# Made on the Propose page.")
    stubs = {f["name"] for f in layout["fields"] if f["stub"]}
    assert {"organisations", "quotes", "figures", "added"} <= stubs and "summary" not in stubs


def test_a_record_written_by_the_reference_serialiser_validates(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    record = full_record()
    text = record_yaml(record_layout(SCHEMA), record)
    path = project / "case_studies" / f"{record['id']}.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate_project(Project(project), only=[path])
    assert result.ok, [str(p) for p in result.problems.sorted()]
    assert yaml.safe_load(text) == record
    assert text.startswith("# yaml-language-server: $schema=../schema/record.schema.json\n")
    assert "# figures: Numbers the sources give, each with its own source.\n" in text
    # A field left out keeps casebook new's commented-out stub, with the record's first source.
    short = record_yaml(record_layout(SCHEMA), {k: v for k, v in record.items() if k != "quotes"})
    assert "#     source: {key: latham2015aspire, locator: pp. 7-8}" in short


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40), st.lists(st.text(max_size=30), max_size=3))
def test_any_text_reads_back_as_typed(text: str, notes: list[str]) -> None:
    record = full_record(title=text, summary=text, editorial_notes=notes, period=text)
    written = {k: v for k, v in record.items() if present(v)}  # an empty list is left out, as in the form
    assert yaml.safe_load(record_yaml(record_layout(SCHEMA), record)) == written


def test_the_browsers_serialiser_writes_what_pythons_writes() -> None:
    layout = record_layout(SCHEMA)
    records = [full_record(title=t, summary=t, period=t, editorial_notes=[t, "plain"],
                           quotes=[{"text": t, "speaker": t, "source": {"key": "k", "locator": "p. 1"}}])
               for t in TRICKY] + [full_record(), {"id": "only-an-id"}]
    outputs = run_js(["propose-util.js", "propose-yaml.js"],
                     "return input.records.map(r => CasebookPropose.yaml.recordYaml(input.layout, r));",
                     {"layout": layout, "records": records})
    for record, output in zip(records, outputs, strict=True):
        assert output == record_yaml(layout, record)


def test_the_form_follows_the_schema_and_a_new_field_appears() -> None:
    schema = json.loads(json.dumps(SCHEMA))
    schema["properties"]["funding"] = {"description": "Who paid.", "type": "string"}
    spec = {n["name"]: n for n in form_spec(schema)}
    assert list(spec) == list(schema["properties"])
    assert spec["funding"]["widget"] == "text" and spec["funding"]["help"] == "Who paid."
    assert spec["summary"]["widget"] == "markdown" and spec["title"]["widget"] == "text"
    assert {c["name"]: c["widget"] for c in spec["narrative"]["children"]} == dict.fromkeys(
        ["context", "approach", "outcomes", "lessons"], "markdown")
    assert spec["editorial_notes"]["item"]["widget"] == "markdown"
    assert spec["themes"]["widget"] == "themes" and spec["status"] == {**spec["status"], "widget": "fixed",
                                                                        "value": "draft"}
    assert spec["sources"]["item"]["widget"] == "source" and spec["sources"]["min"] == 1
    kinds = spec["kind"]["options"]
    assert [o["label"] for o in kinds] == SCHEMA["properties"]["kind"]["x-labels"]
    org = {c["name"]: c for c in spec["organisations"]["item"]["children"]}
    assert org["region"]["widget"] == "select" and "West Midlands" in [o["value"] for o in org["region"]["options"]]


def test_page_data_index_and_repository_link() -> None:
    content = validate_project(Project(REPO)).content
    data = page_data(content)
    by_key = {e["key"]: e for e in data["bibliography"]}
    assert by_key["cipd2012leading"]["authors"] == ["CIPD", "PPMA"]
    assert by_key["latham2015aspire"]["authors"][:2] == ["Latham", "Lawrence"]
    assert data["publishedIds"] == sorted(r.id for r in content.published)
    assert data["github"] is None
    from dataclasses import replace

    addressed = replace(content, address=SiteAddress(repo_url="https://github.com/o/r",
                                                     edit_base="https://github.com/o/r/edit/trunk/"))
    assert page_data(addressed)["github"]["newFile"] == "https://github.com/o/r/new/trunk"


def test_bibtex_written_by_the_page_passes_bib_py(tmp_path: Path) -> None:
    types = page_data(validate_project(Project(REPO)).content)["sourceTypes"]
    report = next(t for t in types if t["type"] == "report")
    article = next(t for t in types if t["type"] == "article")
    entries = run_js(["propose-util.js", "propose-bibtex.js"], """
      var B = CasebookPropose.bibtex;
      var org = {author: [{kind: "organisation", name: "Sandwell Metropolitan Borough Council"}],
                 title: "Panel: 50% of staff & #1 ~ ^ $5_x", date: "2016-03"};
      var people = {author: [{kind: "person", family: "Brown", given: "Ann"},
                             {kind: "person", family: "Smith", given: ""}],
                    title: "A study", journaltitle: "Journal", date: "2020", url: "https://example.org/a%20b"};
      var none = {title: "No author"};
      return [B.entry(input.report, "sandwell2016panel", org), B.entry(input.article, "brown2020study", people),
              B.problems(input.report, "x", none, () => false).map(p => p.code),
              B.problems(input.report, "latham2015aspire", org, k => k === "latham2015aspire").map(p => p.code),
              B.suggestKey(org, k => k === "sandwell2016panel")];""", {"report": report, "article": article})
    first, second, missing, taken, key = entries
    assert "  author      = {{Sandwell Metropolitan Borough Council}},\n" in first
    assert "{Panel: 50\\% of staff \\& \\#1 \\textasciitilde{} \\textasciicircum{} \\$5\\_x}" in first
    assert "= {Brown, Ann and Smith},\n" in second and "= {https://example.org/a%20b},\n" in second
    assert missing == ["bib-missing-field"] and taken == ["bib-duplicate-key"] and key == "sandwell2016panela"
    bib = tmp_path / "references.bib"
    bib.write_text(first + "\n" + second, encoding="utf-8")
    entries_by_key, problems, _ = load_bibliography(bib, "references.bib")
    assert problems.items == []
    assert entries_by_key["sandwell2016panel"].fields["author"] == "{Sandwell Metropolitan Borough Council}"


def test_the_compiled_schema_checks_as_the_command_line_does(tmp_path: Path) -> None:
    name = compile_validator(json.dumps(SCHEMA), tmp_path)
    again = tmp_path / "again"
    again.mkdir()
    compile_validator(json.dumps(SCHEMA), again)
    assert (tmp_path / name).read_bytes() == (again / name).read_bytes()
    shutil.copyfile(tmp_path / name, ASSETS / ".test-record-schema.js")
    try:
        found = run_js([".test-record-schema.js", "propose-util.js", *CHECK_SCRIPTS], """
          const data = {themeGroups: [{themes: [{id: "listening"}]}], publishedIds: ["taken-id"],
                        bibliography: [{key: "latham2015aspire", defined: "references.bib (line 1)"}],
                        limits: {fileBytes: 100000}, today: "2026-11-23", rules: input.rules};
          const found = r => CasebookPropose.checks.check(r, data, "").map(p => [p.code, p.path, p.message]);
          return input.records.map(found);""",
            {"rules": rules(SCHEMA), "records": [
                full_record(themes=["listening"], summary="Text [@latham2015aspire, p. 1]."),
                full_record(id="Taken-Id", themes=["listenin"], last_reviewed="2026-02-30",
                            sources=[{"key": "latham2015aspire", "locator": "page 7"}],
                            summary="See [@nokey, p. 2] and [x](javascript:alert(1)).")]})
    finally:
        (ASSETS / ".test-record-schema.js").unlink()
    assert found[0] == []
    codes = {(code, path) for code, path, _ in found[1]}
    assert codes == {("bad-format", "id"), ("bad-date", "last_reviewed"), ("bad-format", "sources/0/locator"),
                     ("unknown-theme", "themes/0"), ("unknown-key", "summary"), ("unsafe-link", "summary"),
                     ("duplicate-id", "id")}
    messages = {code: message for code, _, message in found[1]}
    assert messages["unknown-key"] == ("inline citation @nokey names no work in references.bib or in a record's "
                                       "references")
    assert messages["bad-date"] == "last_reviewed: '2026-02-30' is not a real date"


def test_npm_pins_are_the_makefiles_and_a_missing_package_fails_clearly(tmp_path, monkeypatch) -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    line = next(x for x in makefile.splitlines() if x.startswith("NPM_PACKAGES :="))
    for name, version in NPM_PINS.items():
        assert f" {name}@{version}" in line
    monkeypatch.setenv("CASEBOOK_NODE_MODULES", str(tmp_path))
    with pytest.raises(CasebookError, match="make build"):
        compile_validator("{}", tmp_path)
    (tmp_path / "ajv").mkdir()
    (tmp_path / "ajv" / "package.json").write_text('{"version": "0.0.1"}', encoding="utf-8")
    with pytest.raises(CasebookError, match=r"ajv@.*version 0\.0\.1"):
        compile_validator("{}", tmp_path)


def test_source_partial_is_materials_without_its_github_api_hook() -> None:
    theirs = (Path(material.__file__).parent / "templates/partials/source.html").read_text(encoding="utf-8")
    ours = (REPO / "scripts/casebook/templates/site/overrides/partials/source.html").read_text(encoding="utf-8")
    strip = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731 - the generated-file comments differ
    assert strip(theirs).replace(' data-md-component="source"', "") == strip(ours)


def test_the_propose_page_follows_the_contributor_guide_in_the_nav() -> None:
    nav = [{"Home": "index.md"}, {"Contributing": "contributing.md"}, {"About": "about.md"}]
    placed = mkdocs_run.with_generated(nav, mkdocs_run.GeneratedNav(["themes/index.md"], None, "propose/index.md"))
    titles = [next(iter(item)) for item in placed]
    assert titles[1:3] == ["Contributing", "Propose a case study"]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_pull_request_summary_lists_new_records_with_their_problems(tmp_path: Path, monkeypatch) -> None:
    from casebook import pr_summary

    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base")
    layout = record_layout(SCHEMA)
    (project / "case_studies/sandwell-customer-panel.yaml").write_text(record_yaml(layout, full_record()))
    bad = full_record(id="bad-record", themes=["agilty"])
    (project / "case_studies/bad-record.yaml").write_text(record_yaml(layout, bad))
    git(project, "add", ".")
    git(project, "commit", "-qm", "proposal")
    text = pr_summary.summary(project, pr_summary.changed_files(project, "HEAD~1"), "casebook-site-pr-7")
    assert "| case\\_studies/bad\\-record\\.yaml | added | 1 error(s), 0 warning(s) |" in text
    assert "| case\\_studies/sandwell\\-customer\\-panel\\.yaml | added | none |" in text
    assert "error `unknown-theme`" in text and "casebook\\-site\\-pr\\-7" in text
    assert pr_summary.md("<img src=x>|`x`") == "&lt;img src=x&gt;\\|\\`x\\`"


def test_did_you_mean_names_what_the_command_line_names() -> None:
    from casebook.hints import did_you_mean

    themes = [t["id"] for g in page_data(validate_project(Project(REPO)).content)["themeGroups"] for t in g["themes"]]
    cases = [(w, themes) for w in ("agilty", "listenin", "Listening", "customer", "voice", "zzz", "empowerment")]
    cases += [("lathm2015aspire", ["latham2015aspire", "macleod2009engaging"]), ("abc", ["abd", "abe"])]
    cases += [("аgility", themes), ("AGILITY", themes), ("straße", ["strasse", "street"])]
    hints = run_js(["propose-util.js", "propose-words.js"],
                   "return input.cases.map(c => CasebookPropose.util.didYouMean(c[0], c[1], input.rules));",
                   {"cases": cases, "rules": rules(SCHEMA)})
    assert hints == [did_you_mean(word, options) for word, options in cases]


def test_preview_job_builds_uploads_and_summarises_with_a_read_only_token() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow.get("on", workflow.get(True)) and workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["preview"]
    assert "permissions" not in job and job["if"] == "github.event_name == 'pull_request'"
    runs = [s.get("run", "") for s in job["steps"]]
    assert "make build" in runs and any("casebook.pr_summary --base" in r for r in runs)
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    # Pull-request text reaches the shell only through env, never spliced into a command.
    assert not any("${{" in r for r in runs)
