"""The pull-request summary: which records a pull request adds, changes or removes, with their problems.

The Validate workflow runs `python -m casebook.pr_summary --base SHA` on `pull_request`
(a read-only token, never `pull_request_target`) and writes the result to the run's
summary page, beside the built site and packs it uploads, so a reviewer sees at once what
a contribution changes and what is left to fix. Everything from the pull request (file
names, messages quoting its text) is escaped: the summary is Markdown with HTML allowed.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from casebook.problems import Problem, printable
from casebook.project import Project
from casebook.validate import validate_project

WATCHED = ("case_studies/", "references.bib", "themes.yaml")
_CHANGE = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


@dataclass(frozen=True)
class Change:
    status: str  # added, changed, removed
    path: str


def changed_files(root: Path, base: str) -> list[Change]:
    """Files under case_studies/ (and the bibliography and themes) that differ from base."""
    out = subprocess.run(["git", "-C", str(root), "diff", "--name-status", "--no-renames", "-z", base, "HEAD",
                          "--", *WATCHED], capture_output=True, check=True).stdout.decode("utf-8", "replace")
    parts = out.split("\0")
    return [Change(_CHANGE.get(parts[i][:1], "changed"), parts[i + 1]) for i in range(0, len(parts) - 1, 2)]


def md(text: str) -> str:
    """Text from a pull request shown as itself in GitHub's Markdown (no HTML, links or emphasis)."""
    return _MARKDOWN.sub(r"\\\1", html.escape(printable(text), quote=True)).replace("\n", " ")


def _problem(p: Problem) -> str:
    hint = f" ({p.hint})" if p.hint else ""
    return f"{p.severity.value} `{p.code}` at line {p.line}, column {p.col}: {md(p.message + hint)}"


def summary(root: Path, changes: list[Change] | None, artifact: str | None = None) -> str:
    result = validate_project(Project(root))
    problems = result.problems.sorted()
    by_path: dict[str, list[Problem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    lines = ["## Casebook: what this pull request changes", ""]
    known = changes is not None
    if changes is None:
        lines += ["The changed files could not be listed (the base commit is not in this checkout).", ""]
        changes = []
    records = [c for c in changes if c.path.startswith("case_studies/")]
    others = [c for c in changes if not c.path.startswith("case_studies/")]
    if records:
        lines += ["| Record | Change | Problems |", "|---|---|---|"]
        for c in records:
            found = by_path.get(c.path, [])
            errors = sum(p.severity.value == "error" for p in found)
            state = "removed" if c.status == "removed" else (
                f"{errors} error(s), {len(found) - errors} warning(s)" if found else "none")
            lines.append(f"| {md(c.path)} | {c.status} | {state} |")
        lines.append("")
    elif known:
        lines += ["No record is added, changed or removed.", ""]
    for c in others:
        lines.append(f"- {md(c.path)} {c.status}")
    if others:
        lines.append("")
    shown = [c.path for c in records] + [c.path for c in others]
    for path in shown:
        if by_path.get(path):
            lines += [f"### Problems in {md(path)}", ""] + [f"- {_problem(p)}" for p in by_path[path]] + [""]
    elsewhere = [p for p in problems if p.path not in shown]
    if elsewhere:
        lines += ["### Problems in files this pull request does not change", ""]
        lines += [f"- {md(p.path)}: {_problem(p)}" for p in elsewhere] + [""]
    verdict = "validates" if result.ok else f"does not validate yet ({len(result.problems.errors)} error(s))"
    lines.append(f"The content {verdict}: `casebook validate` prints the same problems with their lines.")
    if artifact:
        lines.append(f"The site and briefing packs built from this pull request are in the run's artifact "
                     f"**{md(artifact)}** (download it, unzip it and open `index.html`).")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.pr_summary", description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the commit the pull request is compared with")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--artifact", help="the name of the uploaded site artifact")
    args = parser.parse_args(argv)
    try:
        changes = changed_files(args.root, args.base) if args.base else None
    except (subprocess.CalledProcessError, OSError):
        changes = None
    text = summary(args.root, changes, args.artifact)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
