"""Generated blocks in hand-written Markdown: the part of a page that is rendered from a source.

A page keeps its own prose and carries, between two marker comments, a rendering of the one
place a fact lives (the record schema, the command's help). A module that renders blocks calls
`main` for its `--write` and `--check`, and its test compares the page with `update`, so a page
that has drifted from its source fails the test and says which command brings it back.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from casebook.problems import CasebookError
from casebook.project import Project

BEGIN = "<!-- BEGIN GENERATED: {name} (from {source} by `{command}`; do not edit by hand) -->"
END = "<!-- END GENERATED: {name} -->"

# Block name -> (where it comes from, its Markdown).
Blocks = dict[str, tuple[str, str]]


def update(page: str, blocks: Blocks, command: str, page_name: str) -> str:
    """The page with each generated block replaced by its fresh rendering."""
    for name, (source, body) in blocks.items():
        begin = BEGIN.format(name=name, source=source, command=command)
        end = END.format(name=name)
        start, stop = page.find(begin), page.find(end)
        if start < 0 or stop < start:
            raise CasebookError(f"{page_name} has no generated block for the {name}; add these two lines "
                                f"where it belongs:\n{begin}\n{end}")
        page = page[: start + len(begin)] + "\n\n" + body + "\n\n" + page[stop:]
    return page


def main(argv: list[str] | None, *, prog: str, about: str, page_name: str, command: str,
         render: Callable[[Project], Blocks]) -> int:
    """`prog --write` rewrites the page's blocks, `--check` exits 1 when they are stale, and with
    neither it prints the blocks."""
    parser = argparse.ArgumentParser(prog=prog, description=about)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help=f"rewrite the generated blocks in {page_name}")
    action.add_argument("--check", action="store_true", help=f"exit 1 if {page_name} is out of date")
    parser.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    args = parser.parse_args(argv)
    try:
        project = Project(args.root.resolve()) if args.root else Project.find()
        path = project.root / page_name
        current = path.read_text(encoding="utf-8")
        blocks = render(project)
        fresh = update(current, blocks, command, page_name)
    except (CasebookError, OSError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    if args.write:
        if fresh != current:
            path.write_text(fresh, encoding="utf-8")
        print(f"{page_name}: {'updated' if fresh != current else 'already up to date'}")
        return 0
    if args.check:
        if fresh != current:
            print(f"{page_name} is out of date; run `{command}`", file=sys.stderr)
            return 1
        return 0
    print("\n\n".join(body for _, body in blocks.values()))
    return 0
