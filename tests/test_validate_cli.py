"""`casebook validate` beyond the fixture folders: output formats, exit codes, named files,
inputs too big to keep as fixtures, and the real content."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from casebook import cli
from casebook.project import Project
from casebook.validate import validate_project
from casebook.yamlio.safe import MAX_BYTES, MAX_DEPTH
from conftest import CASES, REPO
from conftest import MODELINE as MODELINE_LINE

MODELINE = MODELINE_LINE + "\n"



def _run(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--root", str(project), "validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _add(project: Path, *cases: str) -> None:
    for case in cases:
        shutil.copyfile(CASES / case, project / "case_studies" / Path(case).name)


def test_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _add(project, "invalid/unknown-theme.yaml", "valid/minimal.yaml")
    code, out, err = _run(project, capsys, "--format", "json")
    assert (code, err) == (1, "")
    assert json.loads(out) == {"ok": False, "problems": [
        {"path": "case_studies/unknown-theme.yaml", "line": 8, "col": 5, "severity": "error",
         "code": "unknown-theme", "message": "'agilty' is not a theme", "hint": "did you mean 'agility'?"},
        {"path": "case_studies/unknown-theme.yaml", "line": 9, "col": 5, "severity": "error",
         "code": "unknown-theme", "message": "'blue-sky-thinking' is not a theme",
         "hint": "themes are listed in themes.yaml"},
    ]}


def test_json_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _add(project, "valid/minimal.yaml")
    assert _run(project, capsys, "--format", "json") == (0, '{\n  "ok": true,\n  "problems": []\n}\n', "")


def test_github_annotations(project: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Under GitHub Actions, annotations go to stdout (so they show on the PR) and text to stderr."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _add(project, "invalid/unknown-theme.yaml")
    code, out, err = _run(project, capsys)
    assert code == 1
    assert out == (
        "::error file=case_studies/unknown-theme.yaml,line=8,col=5,title=unknown-theme::"
        "'agilty' is not a theme (did you mean 'agility'?)\n"
        "::error file=case_studies/unknown-theme.yaml,line=9,col=5,title=unknown-theme::"
        "'blue-sky-thinking' is not a theme (themes are listed in themes.yaml)\n")
    assert err.splitlines()[-1] == "2 error(s), 0 warning(s)"


def test_github_warning_annotation(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile(CASES / "warning/uncited.bib", project / "references.bib")
    _add(project, "warning/uncited.yaml")
    code, out, _ = _run(project, capsys, "--format", "github")
    assert (code, out) == (0, "::warning file=references.bib,line=18,col=1,title=uncited::"
                              "'nobody_cites_this' is not cited by any record\n")


def test_hidden_characters_never_reach_the_terminal(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A field name carrying a terminal escape or a bidi override is printed escaped, one line per problem."""
    text = (CASES / "valid/minimal.yaml").read_text().replace("kind:", '"k\u202eind\\e[2J":', 1)
    text = text.replace("status: draft", '"st\\natus": draft')
    (project / "case_studies/minimal.yaml").write_text(text, encoding="utf-8")
    code, out, err = _run(project, capsys)
    assert code == 1
    assert "\u202e" not in err and "\x1b" not in err
    assert "k\\u202eind\\u001b[2J is not a field here" in err
    assert "st\\u000aatus is not a field here" in err
    assert all(line.startswith("case_studies/minimal.yaml:") for line in err.splitlines()[:-1])


def test_named_files_are_checked_against_the_rest(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`casebook validate PATH`: the named file's problems in full; another record's errors are
    shown too, and fail the run, because `casebook build` would refuse them."""
    _add(project, "valid/minimal.yaml", "invalid/unknown-theme.yaml")
    code, out, err = _run(project, capsys, str(project / "case_studies/minimal.yaml"))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "case_studies/unknown-theme.yaml:8:5: error[unknown-theme]: 'agilty' is not a theme (did you mean 'agility'?)",
        "case_studies/unknown-theme.yaml:9:5: error[unknown-theme]: 'blue-sky-thinking' is not a theme "
        "(themes are listed in themes.yaml)",
        "2 error(s), 0 warning(s)",
        "casebook: note: the errors in case_studies/unknown-theme.yaml (not named) stop `casebook build` too"]
    code, _, err = _run(project, capsys, str(project / "case_studies/unknown-theme.yaml"))
    assert code == 1
    assert err.count("error[unknown-theme]") == 2
    assert "note:" not in err  # every error is in the file named


def _break_bibliography(project: Path) -> str:
    with (project / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@report{broken2020,\n  title = {No closing brace},\n")
    return "references.bib"


def _break_themes(project: Path) -> str:
    themes = project / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("    title: Agility\n", "    title: [\n", 1),
                      encoding="utf-8")
    return "themes.yaml"


def _break_assessment(project: Path) -> str:
    (project / "assessment.yaml").write_text("characteristics: 3\n", encoding="utf-8")
    return "assessment.yaml"


def _break_site_url(project: Path) -> str:
    (project / "mkdocs.yml").write_text("site_name: Casebook\nsite_url: cases/\n", encoding="utf-8")
    return "mkdocs.yml"


def _break_another_record(project: Path) -> str:
    _add(project, "invalid/unknown-theme.yaml")
    return "case_studies/unknown-theme.yaml"


@pytest.mark.parametrize("breaks", [_break_bibliography, _break_themes, _break_assessment, _break_site_url,
                                    _break_another_record])
def test_a_named_file_run_fails_whenever_the_build_would(breaks: Callable[[Path], str], project: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The command CONTRIBUTING gives said `ok` while references.bib (or any other file the build
    reads) was broken, and `casebook build` then refused."""
    _add(project, "valid/minimal.yaml")
    assert _run(project, capsys, str(project / "case_studies/minimal.yaml")) == (0, "ok: 1 record(s) valid\n", "")
    broken = breaks(project)
    code, out, err = _run(project, capsys, str(project / "case_studies/minimal.yaml"))
    assert (code, out) == (1, "")
    assert any(line.startswith(f"{broken}:") and ": error[" in line for line in err.splitlines()), err
    assert err.endswith(f"casebook: note: the errors in {broken} (not named) stop `casebook build` too\n")
    assert validate_project(Project(project)).content is None  # what `casebook build` reads: refused too
    assert _run(project, capsys)[0] == 1


def test_a_named_file_shows_its_warnings_and_not_the_project_s(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings elsewhere (a work nobody cites) are not the contributor's to act on; their own are."""
    shutil.copyfile(CASES / "warning/uncited.bib", project / "references.bib")
    _add(project, "warning/uncited.yaml", "warning/bare-key.yaml")
    everything = _run(project, capsys)
    assert everything[0] == 0 and "warning[uncited]" in everything[2] and "warning[bare-key]" in everything[2]
    assert _run(project, capsys, str(project / "case_studies/uncited.yaml")) == (0, "ok: 1 record(s) valid\n", "")
    code, _, err = _run(project, capsys, str(project / "case_studies/bare-key.yaml"))
    assert code == 0
    assert err == (CASES / "warning/bare-key.expected").read_text(encoding="utf-8")
    code, _, err = _run(project, capsys, str(project / "references.bib"))
    assert code == 0
    assert err.splitlines() == ["references.bib:18:1: warning[uncited]: 'nobody_cites_this' is not cited by any record",
                                "0 error(s), 1 warning(s)"]


def test_a_named_file_run_in_json_carries_the_errors_elsewhere(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _add(project, "valid/minimal.yaml")
    _break_bibliography(project)
    code, out, err = _run(project, capsys, "--format", "json", str(project / "case_studies/minimal.yaml"))
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert report["ok"] is False
    assert {p["path"] for p in report["problems"]} == {"references.bib"}


def test_unknown_option_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--root", str(project), "validate", "--strict"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --strict" in capsys.readouterr().err


def test_bad_format_choice_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--root", str(project), "validate", "--format", "xml"])
    assert exit_.value.code == 2


def test_over_size_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filler = "# " + "x" * 78 + "\n"
    text = MODELINE + "id: big\n" + filler * (MAX_BYTES // len(filler) + 1)
    (project / "case_studies/big.yaml").write_text(text)
    size = len(text.encode())
    assert _run(project, capsys) == (1, "", (
        f"case_studies/big.yaml:1:1: error[file-too-large]: file is {size:,} bytes; the limit is {MAX_BYTES:,}\n"
        "1 error(s), 0 warning(s)\n"))


@pytest.mark.parametrize(("name", "body", "where"), [
    ("flow", "title: " + "[" * 100_000 + "]" * 100_000 + "\n", f"3:{7 + MAX_DEPTH}"),
    ("block", "title:\n" + "".join(" " * i + "-\n" for i in range(200)), f"{3 + MAX_DEPTH}:{MAX_DEPTH}"),
    ("compact", "title:\n" + "- " * 50_000 + "x\n", f"4:{2 * MAX_DEPTH - 1}"),
    # NEL and a lone CR break lines for YAML but not for `^`: the cheap bound must not be fooled.
    ("nel", "title:\x85" + "- " * 50_000 + "x\n", f"3:{8 + 2 * (MAX_DEPTH - 1)}"),
    ("cr", "title:\r" + "- " * 50_000 + "x\n", f"3:{8 + 2 * (MAX_DEPTH - 1)}"),
])
def test_deep_nesting_is_refused_not_a_crash(name: str, body: str, where: str, project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Unbounded nesting overflows libyaml's composer (a segfault, not an exception)."""
    (project / f"case_studies/{name}.yaml").write_bytes((MODELINE + f"id: {name}\n" + body).encode())
    assert _run(project, capsys) == (1, "", (
        f"case_studies/{name}.yaml:{where}: error[yaml-too-deep]: lists and mappings are nested "
        f"more than {MAX_DEPTH} levels deep here\n1 error(s), 0 warning(s)\n"))


def test_alias_bomb_is_fast(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fifty levels of fifty aliases (50**50 nodes if expanded) are refused at once."""
    lines = ["a0: &a0 [" + ",".join(['"lol"'] * 50) + "]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 50) + "]" for i in range(1, 50)]
    (project / "case_studies/bomb.yaml").write_text(MODELINE + "id: bomb\n" + "\n".join(lines) + "\n")
    started = time.perf_counter()
    code, _, err = _run(project, capsys)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert err.startswith("case_studies/bomb.yaml:4:10: error[yaml-alias]: alias *a0 refers back to an anchor")


def test_huge_number_is_a_problem_not_a_traceback(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Python refuses to read integers over 4,300 digits (a ValueError inside PyYAML)."""
    (project / "case_studies/huge.yaml").write_text(MODELINE + "id: huge\nyear: " + "9" * 5000 + "\n")
    code, _, err = _run(project, capsys)
    assert code == 1
    assert err == ("case_studies/huge.yaml:3:7: error[yaml-value]: "
                   "'9999999999999999999999999999999999999999999999999999999...' cannot be read as int\n"
                   "1 error(s), 0 warning(s)\n")


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {agility}", "!!omap [{a: 1}]", "!!pairs [{a: 1}]"])
def test_safe_loader_extras_are_refused_with_their_position(tag: str, project: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """PyYAML's safe loader builds bytes, sets and pairs; Casebook refuses them where they are."""
    (project / "case_studies/tags.yaml").write_text(MODELINE + f"id: tags\nkind: finding\nthemes: {tag}\n")
    code, _, err = _run(project, capsys)
    short = tag.split()[0]
    assert (code, err) == (1, f"case_studies/tags.yaml:4:9: error[yaml-tag]: the tag '{short}' is not allowed; "
                              "remove it\n1 error(s), 0 warning(s)\n")


def test_year_zero_is_not_a_real_date(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The fast schema check accepts 0000-01-01; Python's dates (and the review check) do not."""
    text = (CASES / "valid/minimal.yaml").read_text().replace('"2026-01-31"', '"0000-01-01"')
    (project / "case_studies/minimal.yaml").write_text(text.replace("status: draft", "status: published"))
    assert _run(project, capsys) == (1, "", (
        "case_studies/minimal.yaml:9:16: error[bad-date]: last_reviewed: '0000-01-01' is not a real date "
        "(write dates as YYYY-MM-DD, e.g. 2026-11-23)\n1 error(s), 0 warning(s)\n"))


def test_bad_casebook_today_is_a_clean_error(project: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_TODAY", "tomorrow")
    _add(project, "valid/minimal.yaml")
    code, _, err = _run(project, capsys)
    assert (code, err) == (1, "casebook: error: CASEBOOK_TODAY='tomorrow' is not a date; use YYYY-MM-DD\n")


def test_real_content_validates(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's own records, taxonomy and bibliography: no errors (warnings allowed)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = cli.main(["--root", str(REPO), "validate"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "error[" not in err


def test_a_mistyped_path_is_not_ok(project: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _add(project, "valid/minimal.yaml")
    monkeypatch.chdir(project)
    assert _run(project, capsys, "case_studies/minmal.yaml") == (1, "", (
        "case_studies/minmal.yaml:1:1: error[not-found]: case_studies/minmal.yaml does not exist "
        "(records are case_studies/<id>.yaml)\n1 error(s), 0 warning(s)\n"))


def test_linked_taxonomy_bibliography_and_folder_are_refused(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Not only records: a link in place of any file the validator reads is refused, never followed."""
    for name in ("references.bib", "themes.yaml", "case_studies"):
        (project / name).rename(project / f"real-{name}")
        (project / name).symlink_to(project / f"real-{name}")
    code, _, err = _run(project, capsys)
    assert code == 1
    assert err == (
        "case_studies:1:1: error[symlink]: case_studies/ must be a real folder, not a link\n"
        "references.bib:1:1: error[symlink]: references.bib must be a real file, not a symbolic link\n"
        "themes.yaml:1:1: error[symlink]: symbolic links are not allowed; commit a real file\n"
        "3 error(s), 0 warning(s)\n")


def test_over_size_bibliography(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casebook.bib.library import MAX_BYTES as BIB_MAX

    with (project / "references.bib").open("a") as bib:
        bib.write("% padding\n" * (BIB_MAX // 10 + 1))
    code, _, err = _run(project, capsys)
    assert code == 1
    assert err.startswith(f"references.bib:1:1: error[file-too-large]: the bibliography is over the limit of "
                          f"{BIB_MAX:,} bytes\n")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_file_names_that_are_not_utf8_can_be_printed(fmt: str, project: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone surrogate (from a non-UTF-8 file name) would make a strict UTF-8 stdout raise."""
    (project / "case_studies" / "caf\udce9.txt").write_bytes(b"x")
    code, out, err = _run(project, capsys, "--format", fmt)
    assert code == 1
    assert "\udce9" not in out + err
    shown = json.loads(out)["problems"][0]["path"] if fmt == "json" else out + err
    assert "caf\\udce9.txt" in shown
    (out + err).encode("utf-8")  # strict: raises if anything unprintable slipped through


def test_a_duplicate_key_in_themes_yaml_is_an_error_not_a_silent_last_value(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Duplicates no longer stop the read (so other problems show); they must still fail the run."""
    themes = project / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    themes.write_text(text.replace("    title: Agility\n", "    title: Agility\n    title: Agility again\n", 1),
                      encoding="utf-8")
    _add(project, "valid/minimal.yaml")
    code, out, err = _run(project, capsys)
    line = text[: text.index("    title: Agility\n")].count("\n") + 2
    assert (code, out) == (1, "")
    assert f"themes.yaml:{line}:5: error[duplicate-key]: key 'title' appears twice (first at line {line - 1})" in err
