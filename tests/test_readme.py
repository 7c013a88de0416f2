"""Docs that cannot drift: every command README.md and CONTRIBUTING.md give is run.

The idea is manubot's test_readme.py (a marked code block must hold what its command prints),
taken further: each ```sh block's commands run in order, as written, in a copy of the project
(with `.venv` pointing at the real one), and must succeed. A command that is not run is in
NOT_RUN with the reason, so a new command in either file is run unless someone says why not.
Where a file shows what a command prints, in a ```text block after a marker comment
`<!-- output of `COMMAND` ... -->`, the command must print exactly that.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from casebook.cli import build_parser
from conftest import CONTENT_TODAY, REPO, copy_project

DOCS = ("README.md", "CONTRIBUTING.md")
MOVE_WORKS = ".venv/bin/casebook move-works case_studies/sandwell-customer-panel.yaml"
NOT_RUN = {
    "make build": "it installs packages and is what CI's deploy job runs; the suite needs it done before it starts",
    "make test": "it is this test suite",
    "make test-fast": "it is this test suite, less its browser and slow tests",
    "make serve": "it serves until stopped; tests/browser/test_preview_browser.py drives the preview",
    "make lint": "it checks the code, not the project it is run in",
    "make bench": "it takes about twenty minutes; tests/test_bench.py makes a small run of it",
    "git clone https://github.com/<you>/casebook.git": "it needs the network and your fork on GitHub",
    "cd casebook": "it enters that clone; the test works in a copy of the project instead",
    "git push -u origin sandwell-customer-panel": "it needs your fork on GitHub",
}
# A command that asks its questions at a terminal gets these answers, typed into a real one.
TYPED = {
    ".venv/bin/casebook new my-council-panel":
        ["finding", "My council's customer panel", "listening", "latham2015aspire", "p. 7", "evaluation"],
    ".venv/bin/casebook new sandwell-customer-panel":
        ["case-study", "Sandwell: a customer panel that shapes services", "listening, employee-voice",
         "latham2015aspire", "p. 7", "practitioner-report"],
}
# The guide offers the second as another way to make the first's record: it must make the same file.
SAME_AS = {
    ".venv/bin/casebook new sandwell-customer-panel --no-input --kind case-study "
    '--title "Sandwell: a customer panel that shapes services" --theme listening --theme employee-voice '
    '--source latham2015aspire --locator "p. 7" --evidence-type practitioner-report':
        ".venv/bin/casebook new sandwell-customer-panel",
}
# What a command must print, where the file says what it prints in words.
PRINTS = {
    ".venv/bin/casebook validate": r"^ok: \d+ record\(s\) valid$",
    ".venv/bin/casebook validate case_studies/warwickshire-one-front-door.yaml": r"^ok: 1 record\(s\) valid$",
    ".venv/bin/casebook validate case_studies/sandwell-customer-panel.yaml": r"^ok: 1 record\(s\) valid$",
    ".venv/bin/casebook --help": r"^usage: casebook ",
    MOVE_WORKS: r"^moved sandwell2016panel from case_studies/sandwell-customer-panel\.yaml to references\.bib$",
}
# Shown output made from mistakes the text describes: (file, pattern, replacement), made before
# the marked command runs and undone after.
MISTAKES = {
    ".venv/bin/casebook validate case_studies/sandwell-customer-panel.yaml": [
        ("case_studies/sandwell-customer-panel.yaml", r"^  - listening$", "  - agilty"),
        ("case_studies/sandwell-customer-panel.yaml", r"^(  [^#\n]*\[@)latham2015aspire\b", r"\1latham2015aspir"),
    ],
}
# Files a command writes, and how each kind begins.
MAGIC = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".html": b"<!DOCTYPE html>"}
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
MARKER = re.compile(r"<!-- output of `(?P<command>[^`]+)`[^>]*-->\s*\Z")


@dataclass(frozen=True)
class Step:
    command: str
    shown: str | None = None  # for a marked ```text block: what the command prints


def steps(doc: str) -> list[Step]:
    """The commands of each ```sh block, and each marked ```text block, in the order the file gives them."""
    found = []
    text = (REPO / doc).read_text(encoding="utf-8")
    for fence in FENCE.finditer(text):
        body = re.sub(rf"^{fence['indent']}", "", fence["body"], flags=re.M)
        if fence["lang"] == "text" and (marker := MARKER.search(text[: fence.start()])):
            found.append(Step(marker["command"], shown=body))
        elif fence["lang"] == "sh":
            found += [Step(command) for command in _commands(body)]
    return found


def _commands(block: str) -> list[str]:
    """Each command in a shell block: continued lines joined, comments dropped."""
    out = []
    for line in block.replace("\\\n", " ").splitlines():
        command = " ".join(re.sub(r"(^|\s)#\s.*$", "", line).split())
        if command:
            assert shlex.split(command) == shlex.split(line, comments=True), f"cannot read {line!r}"
            out.append(command)
    return out


def _describe_the_new_source(root: Path) -> None:
    """What the guide has the reader do by hand before moving works: describe the new source in the
    record (its own example, from section 5) and cite it."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    described = next(f["body"] for f in FENCE.finditer(guide) if f["lang"] == "yaml"
                     and f["body"].startswith("references:"))
    record = root / "case_studies" / "sandwell-customer-panel.yaml"
    text = re.sub(r"^(  [^#\n]*\[@)latham2015aspire, p\. 7\]", r"\1sandwell2016panel, p. 3]",
                  record.read_text(encoding="utf-8"), count=1, flags=re.M)
    record.write_text(text + "\n" + described, encoding="utf-8")


# What a reader does by hand before a command, as the file tells them.
BY_HAND = {MOVE_WORKS: _describe_the_new_source}


def all_commands() -> dict[str, str]:
    return {step.command: doc for doc in DOCS for step in steps(doc) if step.shown is None}


def test_the_files_give_commands_and_not_run_lists_only_theirs() -> None:
    commands = all_commands()
    assert {".venv/bin/casebook validate", "make build", "git push -u origin sandwell-customer-panel"} <= set(commands)
    listed = set(NOT_RUN) | set(TYPED) | set(SAME_AS) | set(SAME_AS.values()) | set(PRINTS) | set(BY_HAND)
    assert listed <= set(commands), f"no longer in {DOCS}: {sorted(listed - set(commands))}"
    assert set(MISTAKES) <= {step.command for doc in DOCS for step in steps(doc) if step.shown is not None}


def test_casebook_commands_parse() -> None:
    """Even those not run: a renamed option fails here first."""
    for command in all_commands():
        words = shlex.split(command)
        if words[0] == ".venv/bin/casebook" and words[1:] != ["--help"]:
            build_parser().parse_args(words[1:])


@pytest.mark.parametrize("command", sorted(c for c in NOT_RUN if c.startswith("make ")))
def test_make_targets_not_run_exist(command: str) -> None:
    """`make -n` runs nothing, but fails on a target that does not exist."""
    done = subprocess.run([*shlex.split(command), "-n"], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS)
def test_commands_run_as_written(doc: str, tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    env = _environment(tmp_path)
    made: dict[str, dict[str, bytes]] = {}
    for step in steps(doc):
        if step.command in NOT_RUN:
            continue
        if step.shown is not None:
            _check_shown(root, env, step)
            continue
        if step.command in SAME_AS:
            for name in made[SAME_AS[step.command]]:
                (root / name).unlink()
        if step.command in BY_HAND:
            BY_HAND[step.command](root)
        before = _files(root)
        done = _run(root, env, step.command)
        assert done.returncode == 0, f"`{step.command}` failed in {doc}:\n{done.stdout}{done.stderr}"
        made[step.command] = {name: data for name, (time, data) in _files(root).items()
                              if before.get(name) != (time, data)}
        if step.command in PRINTS:
            assert re.search(PRINTS[step.command], done.stdout, re.M), (step.command, done.stdout)
        if step.command in SAME_AS:
            assert made[step.command] == made[SAME_AS[step.command]], step.command
        for name, data in made[step.command].items():
            if Path(name).suffix in MAGIC:
                assert data.startswith(MAGIC[Path(name).suffix]), (step.command, name)
        _check_writes(step.command, made[step.command])


def _check_writes(command: str, made: dict[str, bytes]) -> None:
    words = shlex.split(command)
    for flag in ("-o", "--output"):
        if flag in words:
            assert words[words.index(flag) + 1] in made, f"`{command}` did not write its output"
    if words[1:2] == ["new"]:
        assert f"case_studies/{words[2]}.yaml" in made, f"`{command}` did not write the record"
    if words[1:2] == ["move-works"]:
        assert {"references.bib", *words[2:]} <= set(made), f"`{command}` did not move the works"


def _check_shown(root: Path, env: dict[str, str], step: Step) -> None:
    kept = {}
    for name, pattern, replacement in MISTAKES.get(step.command, []):
        kept.setdefault(name, (root / name).read_text(encoding="utf-8"))
        text = (root / name).read_text(encoding="utf-8")
        changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
        assert changed != text, f"{pattern!r} is not in {name}: make the mistake another way"
        (root / name).write_text(changed, encoding="utf-8")
    done = _run(root, env, step.command)
    printed = done.stdout + done.stderr
    for name, text in kept.items():
        (root / name).write_text(text, encoding="utf-8")
    assert printed == step.shown, f"`{step.command}` now prints this; put it in the file:\n{printed}"


def _project(root: Path) -> Path:
    """A copy of the project in a git repository of its own, its .venv the real one."""
    copy_project(root)
    (root / ".venv").symlink_to(REPO / ".venv")
    _git(root, "init", "-q", "-b", "main")
    (root / ".git" / "info" / "exclude").write_text(".venv\nbuild/\nsite/\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The project as it is")
    return root


def _environment(tmp_path: Path) -> dict[str, str]:
    """A fixed day and build time, no colour, no CI, and git with a name and no one's own settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "CASEBOOK_SITE_URL", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL")}
    return env | {"CASEBOOK_TODAY": CONTENT_TODAY, "SOURCE_DATE_EPOCH": "1795000000", "NO_COLOR": "1",
                  "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "A Contributor",
                  "GIT_AUTHOR_EMAIL": "contributor@example.org", "GIT_COMMITTER_NAME": "A Contributor",
                  "GIT_COMMITTER_EMAIL": "contributor@example.org"}


def _run(root: Path, env: dict[str, str], command: str) -> subprocess.CompletedProcess[str]:
    """The command in bash, as a reader would type it; in a terminal, with answers, if it asks."""
    if command not in TYPED:
        return subprocess.run(["bash", "-c", command], cwd=root, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, check=False, timeout=300)
    if shutil.which("script") is None:
        pytest.fail("`script` (Debian's bsdutils) is needed to give a command a terminal")
    return subprocess.run(["script", "-qec", command, "/dev/null"], cwd=root, env=env,
                          input="".join(f"{answer}\n" for answer in TYPED[command]), capture_output=True,
                          text=True, check=False, timeout=300)


def _files(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file in the project copy, with its time and bytes, less git's, the build's and the .venv."""
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*")
            if p.is_file() and p.relative_to(root).parts[0] not in (".git", ".venv", "build", "site")}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=_environment(root.parent), check=True, capture_output=True)
