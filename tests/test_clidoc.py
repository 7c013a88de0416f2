"""Docs that cannot drift: docs/cli.md against the command's own help, and help that speaks to users."""

from __future__ import annotations

import argparse
import re
import shlex

import pytest
from casebook.cli import build_parser
from casebook.cli import reference as clidoc
from conftest import REPO

PAGE = REPO / clidoc.PAGE
# Words about how Casebook is built, which the people running it need not know.
INSIDE_WORDS = ("ContentSet", "library function", "scaffold", "slug", "fragment store", "AST", "stdin",
                "subcommand", "argparse", "handler")


def test_page_matches_the_help() -> None:
    current = PAGE.read_text(encoding="utf-8")
    assert current == clidoc.generated.update(current, clidoc.blocks(), clidoc.COMMAND, clidoc.PAGE), (
        f"{clidoc.PAGE} is out of date with the help in cli/parser.py; run `.venv/bin/{clidoc.COMMAND}`")


def test_page_holds_every_command_s_whole_help() -> None:
    """Checked without clidoc's rendering, so a command it skipped would still be missed here."""
    page = PAGE.read_text(encoding="utf-8")
    parser = build_parser()
    names = [a for a in parser._actions if a.dest == "command"][0].choices  # noqa: SLF001
    assert {"validate", "new", "build", "serve", "pack"} <= set(names)
    for name in ["", *names]:
        assert f"\n## casebook {name}".rstrip() + "\n" in page, name
        assert f"usage: casebook {name}".rstrip() in page, name


def test_the_page_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    wide = clidoc.render_reference(build_parser())
    monkeypatch.setenv("COLUMNS", "40")
    assert clidoc.render_reference(build_parser()) == wide
    assert max(len(line) for line in wide.splitlines()) <= clidoc.COLUMNS


def test_every_command_and_option_says_what_it_is_for() -> None:
    for command in clidoc.commands(build_parser()):
        assert command.description and len(command.description.split()) >= 12, command.prog
        for action in command._actions:  # noqa: SLF001
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001 - its commands have their own
                continue
            assert action.help and len(action.help.split()) >= 3, (command.prog, action.option_strings)
        text = clidoc.help_text(command)
        for word in INSIDE_WORDS:
            assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), (command.prog, word)


def test_every_example_in_the_help_parses() -> None:
    """The `casebook ...` lines of each help (its examples and everyday use) are commands that exist."""
    parser = build_parser()
    examples = []
    for command in clidoc.commands(parser):
        text = re.sub(r"\s*\\\n\s*", " ", clidoc.help_text(command))
        examples += [re.split(r"\s{2,}", line.strip())[0] for line in text.splitlines()
                     if line.startswith("  casebook ")]
    assert len(examples) >= 10
    for example in examples:
        words = shlex.split(example.split(" > ")[0])
        assert words[0] == "casebook"
        build_parser().parse_args(words[1:])


def test_check_and_write(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m casebook.cli.reference --check` fails on a stale page; `--write` brings it up to date."""
    (tmp_path / "case_studies").mkdir()
    (tmp_path / "references.bib").write_text("")
    (tmp_path / "docs").mkdir()
    stale = PAGE.read_text(encoding="utf-8").replace("make a briefing pack", "make a pack")
    (tmp_path / clidoc.PAGE).write_text(stale)
    root = ["--root", str(tmp_path)]
    assert clidoc.main(["--check", *root]) == 1
    assert "out of date" in capsys.readouterr().err
    assert clidoc.main(["--write", *root]) == 0
    assert clidoc.main(["--check", *root]) == 0
    assert (tmp_path / clidoc.PAGE).read_text() == PAGE.read_text(encoding="utf-8")
