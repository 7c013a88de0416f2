"""One validator, two runtimes: every golden case under tests/cases/ runs through `casebook validate` and
through the Propose page's own checks (its scripts, in Node.js, with the page's data as the build makes it),
and each record file gets the same verdict, the same codes and the same words from both.

What the page checks is a record as YAML loads it, with the page's data: the site's bibliography (with
where each key is defined), themes, published ids, the day. So each record file of a case is checked
against the data of a site built from the rest of the case: for works-twice/first.yaml, a site holding
works-twice/second.yaml. Compared per file: the multiset of (severity, code, message, hint), lines and
columns aside (the page has data paths, not lines).

What the page cannot meet, and why, is listed below; nothing else is left out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from casebook.bib.library import load_bibliography
from casebook.bib.view import bibliography_views
from casebook.builders.propose_page import page_data
from casebook.builders.propose_rules import CHECK_SCRIPTS
from casebook.builders.propose_sources import bib_index
from casebook.builders.propose_validator import compile_validator
from casebook.load import read_yaml_file
from casebook.project import Project
from casebook.validate import validate_project
from conftest import CASES, TODAY, build_project

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "scripts/casebook/assets/propose"

# Codes the browser's checks cannot meet, each with the reason. A file whose YAML could not be read
# into a mapping, or whose text the YAML reader took for something other than what was typed, is left
# out whole (SKIPPED_FILE); the rest of a file is compared with these codes set aside on both sides.
NOT_IN_THE_BROWSER = {
    # The YAML text: the page writes the file from the form, and never writes what it cannot read back.
    "yaml-syntax": "YAML text", "yaml-alias": "YAML text", "yaml-tag": "YAML text", "yaml-merge-key": "YAML text",
    "yaml-character": "YAML text", "yaml-key": "YAML text", "yaml-node": "YAML text", "yaml-value": "YAML text",
    "yaml-too-deep": "YAML text", "duplicate-key": "YAML text: a key written twice in the file",
    # YAML mistakes in plain words (yamlexplain.py, yamlindent.py): what was typed, before any data.
    **{code: "YAML text: a typing mistake the form cannot make" for code in (
        "yaml-tab", "yaml-missing-colon", "yaml-colon-space", "yaml-unclosed-quote", "yaml-indent", "yaml-curly-quote",
        "yaml-colon-in-value", "yaml-unclosed-bracket", "yaml-block-start", "yaml-reserved-start")},
    "yaml-boolean": "YAML text: what was typed (NO, on) is known only to the YAML reader",
    "encoding": "the file's bytes", "empty-file": "YAML text", "not-a-mapping": "YAML text",
    "file-too-large": "the YAML reader refuses a file over the limit unread; the page measures the file it writes",
    "missing-modeline": "the page writes the first line itself",
    # The file tree.
    "symlink": "the file tree", "unexpected-file": "the file tree", "unreadable": "the file tree",
    "not-a-file": "the file tree",
    "id-mismatch": "the file tree: the page names the file after the id",
    "duplicate-id": "between files in the repository: the page knows the published ids only (tested apart)",
    "broken-link": "needs the repository's files", "link-outside": "needs the repository's files",
    # Other records' text.
    "quote-attribution": "compares quoted words with how other records credit them; the page carries no records' text",
}
# Codes that mean the file's data is not what was typed, so nothing else in it can be compared.
SKIPPED_FILE = {code for code in NOT_IN_THE_BROWSER if code.startswith("yaml-") and code != "yaml-boolean"} | {
    "encoding", "empty-file", "not-a-mapping", "file-too-large", "yaml-boolean", "symlink", "unreadable",
    "not-a-file"}
# references.bib's own problems (bib-*, and its entries nobody cites) are never a record file's.


def _cases() -> list[tuple[str, Path]]:
    return [(group, path) for group in ("valid", "invalid", "warning") for path in sorted((CASES / group).iterdir())
            if path.suffix == ".yaml" or path.is_dir()]


def _bib(case: Path) -> Path:
    bib = case.with_suffix(".bib") if case.is_file() else case.parent / f"{case.name}.bib"
    return bib if bib.exists() else CASES / "references.bib"


def _records(case: Path) -> list[Path]:
    return [case] if case.is_file() else sorted(p for p in case.iterdir() if p.suffix == ".yaml")


def _project(root: Path, bib: Path, files: list[Path]) -> Path:
    """A fixture project whose case_studies/ holds files (a case's folder is copied whole, links and all)."""
    if root.exists():
        shutil.rmtree(root)
    project = build_project(root, bib=bib)
    for file in files:
        if file.is_dir():
            shutil.rmtree(project / "case_studies")
            shutil.copytree(file, project / "case_studies", symlinks=True)
        else:
            shutil.copyfile(file, project / "case_studies" / file.name)
    return project


def _site_data(work: Path, bib: Path, others: list[Path], cache: dict) -> dict:
    """The Propose page's data for a site built from references.bib and the other record files of a case
    (or from references.bib alone, when those others do not validate: none of them carries a work then)."""
    key = (bib, tuple((p.name, p.read_bytes()) for p in others))
    if key not in cache:
        for files in (others, []):
            content = validate_project(Project(_project(work / f"site{len(cache)}", bib, files))).content
            if content is not None:
                cache[key] = page_data(content) | {"today": TODAY}
                break
        else:  # a broken references.bib: no site is built, but the page would know the entries that were read
            fixture = _project(work / f"site{len(cache)}", CASES / "references.bib", [])
            entries = load_bibliography(bib, "references.bib")[0]
            cache[key] = page_data(validate_project(Project(fixture)).content) | {
                "today": TODAY, "bibliography": bib_index(bibliography_views(entries, {}), {})}
    return cache[key]


def _node(scripts: list[Path], jobs: list[dict], folder: Path) -> list[list[dict]]:
    """Run the page's scripts in Node.js (a bare `window`), then check(record, data, yaml) for each job;
    a job's data is an index into the list of distinct page data."""
    datas: list[dict] = []
    for job in jobs:
        if not any(job["data"] is d for d in datas):
            datas.append(job["data"])
    payload = {"datas": datas, "jobs": [{**job, "data": next(i for i, d in enumerate(datas) if d is job["data"])}
                                        for job in jobs]}
    program = folder / "parity.cjs"
    program.write_text("globalThis.window = globalThis;\n" + "\n".join(p.read_text(encoding="utf-8") for p in scripts)
                       + """
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const check = CasebookPropose.checks.check;
process.stdout.write(JSON.stringify(input.jobs.map(j => check(j.record, input.datas[j.data], j.yaml))));
""", encoding="utf-8")
    done = subprocess.run(["node", str(program)], input=json.dumps(payload), capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _scripts(validator: Path) -> list[Path]:
    """The page's checks as the page loads them: the compiled schema, the helpers, the engine."""
    return [validator, ASSETS / "propose-util.js", *(ASSETS / name for name in CHECK_SCRIPTS)]


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """Every record file of every case: what validate says of it and what the page's checks say."""
    work = tmp_path_factory.mktemp("parity")
    os.environ["CASEBOOK_TODAY"] = TODAY
    validator = compile_validator((REPO / "schema/record.schema.json").read_text(encoding="utf-8"), work)
    cache: dict = {}
    files, jobs = [], []
    for group, case in _cases():
        records = [p for p in _records(case) if not p.is_symlink()]
        project = _project(work / "case", _bib(case), [case])
        said = set(validate_project(Project(project)).problems.items)
        for record in records:
            shown = f"case_studies/{record.name}"
            python = [p for p in said if p.path == shown]
            loaded = read_yaml_file(record, shown).loaded
            entry = {"case": f"{group}/{case.stem if case.is_file() else case.name}", "file": record.name,
                     "python": python, "skipped": None}
            if loaded is None or not isinstance(loaded.data, dict) or any(p.code in SKIPPED_FILE for p in python):
                entry["skipped"] = sorted({p.code for p in python})
            else:
                others = [p for p in records if p != record]
                jobs.append({"record": loaded.data, "yaml": loaded.text,
                             "data": _site_data(work, _bib(case), others, cache)})
                files.append(entry)
                continue
            files.append(entry)
    results = iter(_node(_scripts(work / validator), jobs, work))
    for entry in files:
        entry["browser"] = next(results) if entry["skipped"] is None else None
    os.environ.pop("CASEBOOK_TODAY", None)
    return files


def _words(problems: list) -> Counter:
    return Counter((p["severity"], p["code"], p["message"], p["hint"]) if isinstance(p, dict)
                   else (p.severity.value, p.code, p.message, p.hint)
                   for p in problems
                   if (p["code"] if isinstance(p, dict) else p.code) not in NOT_IN_THE_BROWSER)


def test_every_record_file_gets_the_same_words_from_both(compared: list[dict]) -> None:
    differ = []
    for entry in compared:
        if entry["skipped"] is not None:
            continue
        python, browser = _words(entry["python"]), _words(entry["browser"])
        if python != browser:
            differ.append(f"{entry['case']} {entry['file']}:\n  only validate: {sorted(python - browser)}\n"
                          f"  only the page: {sorted(browser - python)}")
    assert not differ, "\n".join(differ)


def test_only_what_the_browser_cannot_meet_is_left_out(compared: list[dict]) -> None:
    checked = [e for e in compared if e["skipped"] is None]
    skipped = [e for e in compared if e["skipped"] is not None]
    for entry in skipped:  # a file left out whole has nothing the page could have said
        assert set(entry["skipped"]) <= set(NOT_IN_THE_BROWSER), entry
    # The comparison is not empty: most cases are checked, with errors and warnings of many kinds.
    assert len(checked) >= 60 and len(skipped) <= 30  # the skipped: YAML text, one golden case per mistake
    codes = {p.code for e in checked for p in e["python"]} - set(NOT_IN_THE_BROWSER)
    assert {"unknown-key", "missing-locator", "uncited-statement", "hidden-character", "bad-format", "raw-html",
            "duplicate-work", "work-name", "review-overdue", "unsafe-link", "image", "bare-key", "source-gives",
            "general-finding-organisation", "kind-evidence"} <= codes


def test_the_pages_own_ids_and_sizes(compared: list[dict], tmp_path: Path) -> None:
    """What the page checks its own way: an id a published record has, and the size of the file it writes."""
    validator = compile_validator((REPO / "schema/record.schema.json").read_text(encoding="utf-8"), tmp_path)
    case = CASES / "valid" / "minimal.yaml"
    loaded = read_yaml_file(case, "case_studies/minimal.yaml").loaded
    data = _site_data(tmp_path, CASES / "references.bib", [], {})
    jobs = [{"record": loaded.data, "yaml": loaded.text, "data": data | {"publishedIds": ["Minimal"]}},
            {"record": loaded.data, "yaml": "x" * (data["limits"]["fileBytes"] + 1), "data": data}]
    taken, large = _node(_scripts(tmp_path / validator), jobs, tmp_path)
    assert [(p["code"], p["message"], p["hint"]) for p in taken] == [
        ("duplicate-id", "id 'minimal' is also used by case_studies/Minimal.yaml; ids ignore case",
         "rename one of the files and its id")]
    assert [(p["code"], p["path"]) for p in large] == [("file-too-large", "")]
    assert large[0]["message"] == f"file is {data['limits']['fileBytes'] + 1:,} bytes; the limit is " \
                                  f"{data['limits']['fileBytes']:,}"

