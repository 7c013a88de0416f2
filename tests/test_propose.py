"""The Propose page's pieces without a browser: the one file a contribution is (the Python reference
serialiser and the browser's, run in Node.js, agreeing byte for byte), the form read from the schema in
a practitioner's words, the new-source forms following works.TYPES, the npm pins, and the pull-request
summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import material
import pytest
import yaml
from casebook.builders.propose_form import form_spec
from casebook.builders.propose_page import page_data
from casebook.builders.propose_rules import CHECK_SCRIPTS, rules
from casebook.builders.propose_validator import NPM_PINS, compile_validator
from casebook.contribute.proposal import field_order, present, record_yaml
from casebook.model import SiteAddress
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.site import navigation
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


def test_a_record_written_by_the_reference_serialiser_validates(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    record = full_record()
    text = record_yaml(field_order(SCHEMA), record)
    path = project / "case_studies" / f"{record['id']}.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate_project(Project(project), only=[path])
    assert result.ok, [str(p) for p in result.problems.sorted()]
    assert yaml.safe_load(text) == record
    # One file: the modeline `casebook validate` asks for, then the fields in the schema's order, no comments.
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/record.schema.json"
    assert not any(line.lstrip().startswith("#") for line in lines[1:])
    top = [line.split(":")[0] for line in lines[1:] if line and not line.startswith(" ")]
    assert top == [name for name in SCHEMA["properties"] if name in record]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(min_size=1, max_size=40), st.lists(st.text(max_size=30), max_size=3))
def test_any_text_reads_back_as_typed(text: str, notes: list[str]) -> None:
    record = full_record(title=text, summary=text, editorial_notes=notes, period=text)
    written = {k: v for k, v in record.items() if present(v)}  # an empty list is left out, as in the form
    assert yaml.safe_load(record_yaml(field_order(SCHEMA), record)) == written


def test_the_browsers_serialiser_writes_what_pythons_writes() -> None:
    file = {"modeline": "# yaml-language-server: $schema=../schema/record.schema.json", "order": field_order(SCHEMA)}
    records = [full_record(title=t, summary=t, period=t, editorial_notes=[t, "plain"],
                           quotes=[{"text": t, "speaker": t, "source": {"key": "k", "locator": "p. 1"}}],
                           references=[{"id": "k", "type": "report", "title": t, "author": [{"literal": t}]}])
               for t in TRICKY] + [full_record(), {"id": "only-an-id"}, {"zzz": "a field the schema lacks", "id": "x"}]
    outputs = run_js(["propose-util.js", "propose-yaml.js"],
                     "return input.records.map(r => CasebookPropose.yaml.recordYaml(input.file, r));",
                     {"file": file, "records": records})
    for record, output in zip(records, outputs, strict=True):
        assert output == record_yaml(file["order"], record)


def test_the_form_follows_the_schema_and_a_new_field_appears() -> None:
    schema = json.loads(json.dumps(SCHEMA))
    schema["properties"]["funding"] = {"description": "Who paid.", "type": "string"}
    spec = {n["name"]: n for n in form_spec(schema)}
    assert list(spec) == list(schema["properties"])
    assert spec["funding"]["widget"] == "text" and spec["funding"]["help"] == "Who paid."
    assert spec["summary"]["widget"] == "markdown" and spec["title"]["widget"] == "text"
    # A practitioner's words, not a maintainer's: no slug to type, no pandoc syntax, no field names.
    assert spec["id"]["widget"] == "derived" and spec["sources"]["widget"] == "sources-step"
    def shown(nodes: list) -> str:
        out = []
        for node in nodes:
            out += [node.get("label", ""), node.get("help", ""), node.get("note", "")]
            out += [o["label"] + " " + o.get("description", "") for o in node.get("options", [])]
            out.append(shown(node.get("children", []) + ([node["item"]] if "item" in node else [])))
        return " ".join(out)

    words = shown(form_spec(SCHEMA))
    for jargon in ("slug", "pandoc", "Markdown", "editorial_notes", "references.bib", "[@"):
        assert jargon not in words, jargon
    assert {c["name"]: c["widget"] for c in spec["narrative"]["children"]} == dict.fromkeys(
        ["context", "approach", "outcomes", "lessons"], "markdown")
    assert spec["editorial_notes"]["item"]["widget"] == "markdown"
    assert spec["themes"]["widget"] == "themes" and spec["status"] == {**spec["status"], "widget": "fixed",
                                                                        "value": "draft"}
    assert spec["quotes"]["item"]["children"][-1]["widget"] == "source"
    kinds = spec["kind"]["options"]
    assert [o["label"] for o in kinds] == SCHEMA["properties"]["kind"]["x-labels"]
    org = {c["name"]: c for c in spec["organisations"]["item"]["children"]}
    assert org["region"]["widget"] == "select" and "West Midlands" in [o["value"] for o in org["region"]["options"]]


def test_page_data_index_and_repository_link() -> None:
    content = validate_project(Project(REPO)).content
    data = page_data(content, {"latham2015aspire": "Latham, G. et al. (2015) What are the characteristics..."})
    by_key = {e["key"]: e for e in data["bibliography"]}
    assert by_key["cipd2012leading"]["authors"] == ["CIPD", "PPMA"]
    assert by_key["latham2015aspire"]["authors"][:2] == ["Latham", "Lawrence"]
    assert by_key["latham2015aspire"]["reference"].startswith("Latham, G. et al. (2015)")
    assert data["publishedIds"] == sorted(r.id for r in content.published)
    assert data["github"] is None and data["limits"]["urlChars"] == 8192
    from dataclasses import replace

    addressed = replace(content, address=SiteAddress(repo_url="https://github.com/o/r",
                                                     edit_base="https://github.com/o/r/edit/trunk/"))
    github = page_data(addressed)["github"]
    assert github["newFile"] == "https://github.com/o/r/new/trunk"
    assert github["upload"] == "https://github.com/o/r/upload/trunk/case_studies"


def test_new_source_forms_ask_for_what_works_types_requires() -> None:
    from casebook.bib.works import TYPES
    from casebook.builders.propose_sources import source_types

    types = {t["type"]: t for t in source_types()}
    assert set(types) == set(TYPES)
    for name, kind in types.items():
        fields = {f["name"] for f in kind["fields"]}
        needed = [[n] if isinstance(n, str) else list(n) for n in TYPES[name][1]]
        assert kind["required"] == needed and all(set(group) <= fields for group in needed)
        assert set(fields) <= set(SCHEMA["$defs"]["work"]["properties"]) - {"id", "type"}


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
                     ("duplicate-id", "id"), ("uncited-statement", "summary")}
    messages = {code: message for code, _, message in found[1]}
    assert messages["unknown-key"] == ("inline citation @nokey names no work in references.bib or in a record's "
                                       "references")
    assert messages["bad-date"] == "last_reviewed: '2026-02-30' is not a real date"
    # validate/statements.py's words: a citation covers what comes before it, not the words after it
    assert messages["uncited-statement"] == ("summary: in the text, the words after its last citation "
                                             "('and [x](javascript:alert(1)).') cite no source")


def test_npm_pins_are_package_jsons_and_a_missing_package_fails_clearly(tmp_path, monkeypatch) -> None:
    manifest = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    for name, version in NPM_PINS.items():
        assert manifest["dependencies"][name] == version, name
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
    placed = navigation.with_generated(nav, navigation.GeneratedNav([], None, "propose/index.md"))
    titles = [next(iter(item)) for item in placed]
    assert titles[1:3] == ["Contributing", "Propose a case study"]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_pull_request_summary_shows_new_records_as_readers_see_them_with_their_problems(tmp_path: Path,
                                                                                       monkeypatch) -> None:
    from casebook.contribute import pr_summary

    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base")
    order = field_order(SCHEMA)
    new = full_record(references=[{"id": "sandwell2016panel", "type": "report", "title": "Customer panel's year",
                                   "author": [{"literal": "Sandwell Metropolitan Borough Council"}],
                                   "issued": "2016", "URL": "https://example.org/panel.pdf"}],
                      quotes=[{"text": "We changed the hours", "speaker": "A head of service",
                               "source": {"key": "sandwell2016panel", "locator": "p. 5"}}])
    new["summary"] += " It met monthly [@sandwell2016panel, p. 2]."
    (project / "case_studies/sandwell-customer-panel.yaml").write_text(record_yaml(order, new))
    bad = full_record(id="bad-record", themes=["agilty"])
    (project / "case_studies/bad-record.yaml").write_text(record_yaml(order, bad))
    git(project, "add", ".")
    git(project, "commit", "-qm", "proposal")
    text = pr_summary.summary(project, pr_summary.changed_files(project, "HEAD~1"), "casebook-site-pr-7")
    assert "| case\\_studies/bad\\-record\\.yaml | added | 1 error(s), 0 warning(s) |" in text
    assert "| case\\_studies/sandwell\\-customer\\-panel\\.yaml | added | none |" in text
    assert "error `unknown-theme`" in text and "casebook\\-site\\-pr\\-7" not in text  # the build would refuse
    # As readers will see it: citations and references as the site prints them, escaped once.
    good = project / "case_studies/bad-record.yaml"
    good.unlink()
    git(project, "commit", "-qam", "drop the bad one")
    text = pr_summary.summary(project, pr_summary.changed_files(project, "HEAD~2"), "casebook-site-pr-7")
    assert '### Sandwell: a "panel" \\#1' in text
    assert "\\(Sandwell Metropolitan Borough Council, 2016, p\\. 2\\)" in text
    assert "Customer panel’s year" in text and "&#x27;" not in text and "run's artifact" in text
    assert "| “We changed the hours” \\(A head of service\\) | sandwell2016panel | p\\. 5 | " \
           "<https://example\\.org/panel\\.pdf> |" in text
    assert "casebook\\-site\\-pr\\-7" in text
    assert pr_summary.md("<img src=x>|`x` it's") == "&lt;img src=x&gt;\\|\\`x\\` it's"
    built = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(built))
    pr_summary.main(["--root", str(project), "--base", "HEAD~2", "--artifact", "site-9", "--built", "failure"])
    assert "site\\-9" not in built.read_text(encoding="utf-8") and "build stopped" in built.read_text(encoding="utf-8")


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


def test_the_case_folding_table_has_every_character_whose_folding_is_not_its_lower_case() -> None:
    """The Propose page's did-you-mean folds words as Python does; its table is read block by block
    (lookalike.casefold_differences) and must hold exactly what asking every character alone gives."""
    from casebook.lookalike import casefold_differences

    every = {ch: ch.casefold() for ch in map(chr, range(0x110000)) if ch.casefold() != ch.lower()}
    assert casefold_differences() == every and "ß" in every and "Σ" not in every
