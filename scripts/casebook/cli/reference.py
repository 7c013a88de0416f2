"""The command reference, docs/cli.md, generated from `casebook --help` and each command's help.

The parser in cli/parser.py is the one place the commands are described; docs/cli.md carries its help,
as an 80-column terminal shows it, between two marker comments, and a test fails when the two
differ. Regenerate with

    .venv/bin/python -m casebook.cli.reference --write
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterator

from casebook import generated
from casebook.cli.parser import build_parser

PAGE = "docs/cli.md"
COMMAND = "python -m casebook.cli.reference --write"
# The page shows what a terminal this wide shows, whatever the width of the one that wrote it.
COLUMNS = 80


def commands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The command, then each subcommand, in the order `casebook --help` lists them."""
    yield parser
    for action in parser._actions:  # noqa: SLF001 - argparse keeps subcommands only here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in dict.fromkeys(action.choices.values()):
                yield from commands(sub)


def help_text(parser: argparse.ArgumentParser) -> str:
    """What `PROG --help` prints in a terminal COLUMNS wide (argparse keeps two columns free)."""
    parser.formatter_class = functools.partial(parser.formatter_class, width=COLUMNS - 2)
    return parser.format_help()


def render_reference(parser: argparse.ArgumentParser) -> str:
    """A section per command: its name as a heading, then its help as printed."""
    sections = []
    for command in commands(parser):
        text = help_text(command).rstrip()
        fence = "````" if "```" in text else "```"
        sections.append(f"## {command.prog}\n\n{fence}text\n{text}\n{fence}")
    return "\n\n".join(sections)


def blocks() -> generated.Blocks:
    return {"command reference": ("the help in scripts/casebook/cli/parser.py", render_reference(build_parser()))}


def main(argv: list[str] | None = None) -> int:
    return generated.main(argv, prog="python -m casebook.cli.reference", about=__doc__.splitlines()[0], page_name=PAGE,
                          command=COMMAND, render=lambda project: blocks())


if __name__ == "__main__":
    sys.exit(main())
