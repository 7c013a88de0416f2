"""`casebook new`: a record that validates at once, from flags or from answers at a terminal."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from casebook import cli
from casebook.contribute.scaffold import Answers, render_record
from casebook.project import load_json
from casebook.yamlio.safe import load_yaml_bytes
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

SCHEMA = load_json(REPO / "schema" / "record.schema.json")
TITLE_PATTERN = SCHEMA["properties"]["title"]["pattern"]
FLAGS = ["--kind", "case-study", "--title", "Sandwell's customer panel", "--theme", "agility",
         "--theme", "employee-voice", "--source", "latham2015aspire", "--locator", "p. 7",
         "--evidence-type", "practitioner-report"]


def _new(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--root", str(project), "new", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _validate(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--root", str(project), "validate"])
    out, err = capsys.readouterr()
    return code, out, err


def test_flags_only_scaffold_validates_at_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _new(project, capsys, "sandwell-panel", "--no-input", *FLAGS)
    assert (code, err) == (0, "")
    assert out == ("created case_studies/sandwell-panel.yaml: fill it in, then run "
                   "`casebook validate case_studies/sandwell-panel.yaml`\n")
    assert _validate(project, capsys) == (0, "ok: 1 record(s) valid\n", "")
    text = (project / "case_studies/sandwell-panel.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/record.schema.json\n")
    data = yaml.safe_load(text)
    assert data["status"] == "draft"
    assert data["themes"] == ["agility", "employee-voice"]
    assert data["sources"] == [{"key": "latham2015aspire", "locator": "p. 7"}]
    assert data["last_reviewed"] == "2026-11-23"  # CASEBOOK_TODAY, as a string
    assert "TODO" in data["summary"]


def test_every_schema_field_is_explained(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each field appears with a comment taken from the schema, so the file documents itself."""
    _new(project, capsys, "explained", "--no-input", *FLAGS)
    text = (project / "case_studies/explained.yaml").read_text()
    schema = json.loads((project / "schema/record.schema.json").read_text())
    for name, spec in schema["properties"].items():
        required = " (required)" if name in schema["required"] else ""
        assert f"\n# {name}{required}: " in text, name
        first_words = spec.get("description", "").split(" ")[:3]
        assert " ".join(first_words) in text, name


@pytest.mark.parametrize("title", [
    "Sandwell: one team, one purpose",
    'The "golden thread" in Dudley',
    "It's # not a comment",
    "- starts like a list item",
    "&anchor *alias !tag %directive @at `tick` | {braces} [brackets]",
    "Café, Ynys Môn — 30+ services; 😀",
    "yes, a YAML 1.1 boolean word",
    "null or ~",
    "2015-06-01",
    "  spaces at both ends  ",
])
def test_titles_survive_yaml(title: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [f for f in FLAGS]
    flags[flags.index("--title") + 1] = title
    assert _new(project, capsys, "tricky", "--no-input", *flags)[0] == 0
    assert yaml.safe_load((project / "case_studies/tricky.yaml").read_text())["title"] == title
    assert _validate(project, capsys)[0] == 0


def test_refuses_to_overwrite(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "case_studies/existing.yaml"
    target.write_text("precious")
    code, out, err = _new(project, capsys, "existing", "--no-input", *FLAGS)
    assert (code, out) == (1, "")
    assert err == ("casebook: error: ID: case_studies/existing.yaml already exists; "
                   "edit it, or choose another id\n")
    assert target.read_text() == "precious"


def test_refuses_an_id_that_differs_only_by_case(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "case_studies/Existing.yaml").write_text("precious")
    assert _new(project, capsys, "existing", "--no-input", *FLAGS)[0] == 1


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--theme", "agilty", "--theme: 'agilty' is not a theme; did you mean 'agility'?"),
    ("--source", "latham2015", "--source: 'latham2015' is not a work in references.bib or in any record "
                               "(did you mean 'latham2015aspire'?); give --new-source as well to describe it in the "
                               "new record (you then fill in its title and what else the document states), or cite "
                               "a key Casebook has"),
    ("--locator", "page 7", "--locator: 'page 7' is not a locator; Where in the work: 'p. 7', 'pp. 7-8', "
                            "'para. 6', 'sec. 4.1'."),
    ("--title", "x<script>", "--title: a title is 5 to 160 characters of plain text "
                             "(no < or > or control characters)"),
])
def test_bad_answers_are_refused(flag: str, value: str, message: str, project: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    flags = [f for f in FLAGS if f != "--theme" or flag != "--theme"]
    if flag == "--theme":
        flags = [f for f in flags if f not in ("agility", "employee-voice")]
        flags += ["--theme", value]
    else:
        flags[flags.index(flag) + 1] = value
    code, out, err = _new(project, capsys, "refused", "--no-input", *flags)
    assert (code, out, err) == (1, "", f"casebook: error: {message}\n")
    assert not (project / "case_studies/refused.yaml").exists()


@pytest.mark.parametrize("bad_id", ["Upper-Case", "two--hyphens", "zero\u200bwidth", "spaces here", "x" * 81])
def test_bad_ids_are_refused(bad_id: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _new(project, capsys, bad_id, "--no-input", *FLAGS)
    assert code == 1
    assert err.startswith("casebook: error: ID: ")
    assert list((project / "case_studies").iterdir()) == []


def test_no_input_names_what_is_missing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _new(project, capsys, "half-done", "--no-input", "--kind", "finding")
    assert (code, out) == (1, "")
    assert err == ("casebook: error: missing --title, --theme, --source, --locator, --evidence-type "
                   "(--no-input was given); pass them as options, or run `casebook new` in a terminal "
                   "to be asked\n")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_asks_for_what_is_missing(project: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong answer is explained and asked again; flags already given are not asked."""
    answers = ["Not An Id", "asked-record", "case-study", "Asked: a title", "agilty, integrity",
               "agility, integrity", "latham2015aspire", "pp. 7-8", "survey"]
    monkeypatch.setattr("sys.stdin", _Terminal("\n".join(answers) + "\n"))
    code, out, err = _new(project, capsys)
    assert code == 0, err
    assert "'Not An Id' is not an id" in err
    assert "'agilty' is not a theme; did you mean 'agility'?" in err
    data = yaml.safe_load((project / "case_studies/asked-record.yaml").read_text())
    assert (data["title"], data["themes"], data["evidence_type"]) == ("Asked: a title", ["agility", "integrity"],
                                                                      "survey")
    assert data["sources"] == [{"key": "latham2015aspire", "locator": "pp. 7-8"}]
    assert _validate(project, capsys)[0] == 0


def test_an_unknown_source_is_offered_as_a_new_work_in_the_record_and_never_loops(
        project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for a key Casebook lacks, the contributor may describe it in the new record; saying no asks
    again, and the end of input stops (it used to repeat "add the work to references.bib first")."""
    answers = ["new-work", "case-study", "A record with a new source", "agility", "sandwell2016panel", "n",
               "sandwell2016panel", "y", "p. 3", "survey"]
    monkeypatch.setattr("sys.stdin", _Terminal("\n".join(answers) + "\n"))
    code, out, err = _new(project, capsys)
    assert code == 0, err
    assert (out + err).count("No source in Casebook has the key 'sandwell2016panel'") == 2
    data = yaml.safe_load((project / "case_studies/new-work.yaml").read_text())
    assert data["references"][0]["id"] == "sandwell2016panel" and "TODO" in data["references"][0]["title"]
    assert _validate(project, capsys)[0] == 0
    # The first record now carries sandwell2016panel, so another record may cite it as it is.
    monkeypatch.setattr("sys.stdin", _Terminal("\n".join(["second-work", *answers[1:4], "other2020work"]) + "\nn\n"))
    code, _, err = _new(project, capsys)
    assert code == 1 and err.endswith("casebook: error: no answer for --source; nothing was written\n")
    code, _, err = _new(project, capsys, "flagged", "--no-input", *FLAGS[:-6], "--source", "other2021work",
                        "--locator", "p. 3", "--evidence-type", "survey")
    assert code == 1 and "give --new-source as well" in err
    code, _, err = _new(project, capsys, "flagged", "--no-input", *FLAGS[:-6], "--source", "other2021work",
                        "--new-source", "--locator", "p. 3", "--evidence-type", "survey")
    assert code == 0, err


def test_interactive_end_of_input_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("gone-away\n"))
    code, _, err = _new(project, capsys)
    assert code == 1
    assert err.endswith("casebook: error: no answer for --kind; nothing was written\n")
    assert list((project / "case_studies").iterdir()) == []


def test_without_a_terminal_it_does_not_wait(project: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _new(project, capsys, "piped")
    assert code == 1
    assert "stdin is not a terminal" in err


def test_a_scaffold_cannot_be_published_with_its_todos(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _new(project, capsys, "too-soon", "--no-input", *FLAGS)
    path = project / "case_studies/too-soon.yaml"
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    code, _, err = _validate(project, capsys)
    assert code == 1
    assert [line.split(": error[")[1].split("]")[0] for line in err.splitlines()[:-1]] == ["placeholder"] * 5


def test_a_scaffold_that_would_not_validate_is_never_left_behind(
        project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net behind the promise: were the template ever wrong, no broken file is written."""
    monkeypatch.setattr("casebook.contribute.scaffold.render_record", lambda *args: "id: wrong\n")
    code, out, err = _new(project, capsys, "net", "--no-input", *FLAGS)
    assert (code, out) == (1, "")
    assert err.startswith("casebook: error: the new record would not validate, so nothing was written")
    assert "case_studies/net.yaml:1:1: error[missing-modeline]" in err
    assert list((project / "case_studies").iterdir()) == []


def test_another_record_s_errors_do_not_stop_a_new_record(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`casebook validate FILE` now shows other files' errors too; the new record is judged on its own."""
    (project / "case_studies/broken.yaml").write_text("id: broken\n", encoding="utf-8")
    code, out, err = _new(project, capsys, "sandwell-panel", "--no-input", *FLAGS)
    assert (code, err) == (0, "")
    assert (project / "case_studies/sandwell-panel.yaml").exists()


@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(title=st.text(min_size=5, max_size=160).filter(lambda t: re.fullmatch(TITLE_PATTERN, t) is not None))
def test_any_allowed_title_round_trips(title: str) -> None:
    """Whatever title the schema allows comes back exactly from the YAML written (the `q` filter)."""
    answers = Answers(id="x-y", kind="finding", title=title, themes=("agility",), source="latham2015aspire",
                      locator="p. 7", evidence_type="survey")
    text = render_record(SCHEMA, answers, "2026-11-23")
    loaded, issue = load_yaml_bytes(text.encode())
    assert issue is None, issue
    assert loaded.data["title"] == title
