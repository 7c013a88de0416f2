"""The pull-request summary: the records a pull request adds or changes, as readers will see them.

The Validate workflow runs `python -m casebook.contribute.pr_summary --base SHA` on `pull_request`
(a read-only token, never `pull_request_target`) after the site build, and writes the
result to the run's summary page. For each record added or changed: its title, its
summary with citations as the site prints them, and its references; for the reviewer,
each quotation and figure beside its locator and its source's address, to check against
the source; and what is left to fix. The site artifact is announced only when the build
succeeded. Everything from the pull request is escaped once: the summary is GitHub
Markdown, so Markdown's characters are backslashed and then HTML's escaped.
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

from casebook.model import ContentSet, Record
from casebook.problems import Problem, printable
from casebook.project import Project
from casebook.validate import validate_project

WATCHED = ("case_studies/", "references.bib", "themes.yaml")
_CHANGE = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")  # and < > & through html.escape


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
    """Text from a pull request shown as itself in GitHub's Markdown (no HTML, links or emphasis):
    Markdown's characters backslashed first, then HTML's escaped, so nothing is escaped twice."""
    return html.escape(_MARKDOWN.sub(r"\\\1", printable(text)), quote=False).replace("\n", " ")


def _problem(p: Problem) -> str:
    hint = f" ({p.hint})" if p.hint else ""
    return f"{p.severity.value} `{p.code}` at line {p.line}, column {p.col}: {md(p.message + hint)}"


def _address(content: ContentSet, key: str) -> str:
    """The source's web address, where the bibliography gives one, for the reviewer to open."""
    if key in content.works:
        return str(content.works[key].csl.get("URL") or "")
    entry = content.bibliography.get(key)
    return entry.fields.get("url", "") if entry else ""


def _as_readers_see(content: ContentSet, records: list[Record]) -> list[str]:
    """Each record's title, summary and references as the site renders them, and its quotations and
    figures with their locators and their sources' addresses."""
    from casebook.edition.html import plain_text
    from casebook.fragments import Sources, Unit, render_units
    from casebook.fragments.units import record_pieces, record_unit

    # Drafts too: a proposal is a draft until a reviewer publishes it.
    units = [Unit(record_unit(r.id), tuple(record_pieces(r))) for r in records]
    rendering = render_units(units, Sources.of(content))
    lines: list[str] = []
    for r in records:
        pieces = rendering.pieces[record_unit(r.id)]
        keys = list(dict.fromkeys(k for piece in pieces.values() for k in piece.keys))
        lines += [f"### {md(r.title)}", "", md(plain_text(pieces["summary"].html)), "", "**References**", ""]
        lines += [f"- {md(plain_text(rendering.references[k].html))}" for k in rendering.ordered_keys(set(keys))]
        checks = [(f"“{q.text}” ({q.speaker})", q.source) for q in r.quotes]
        checks += [(f"{f.label}: {f.value}{' ' + f.unit if f.unit else ''}", f.source) for f in r.figures]
        checks += [(f"source {i + 1}", s) for i, s in enumerate(r.sources)]
        lines += ["", "For the reviewer: each quotation, figure and source beside where it is.", "",
                  "| Quotation or figure | Source | Where | Address |", "|---|---|---|---|"]
        for what, source in checks:
            address = _address(content, source.key)
            link = f"<{md(address)}>" if address.startswith(("https://", "http://")) else "none given"
            lines.append(f"| {md(what)} | {md(source.key)} | {md(source.locator)} | {link} |")
        lines.append("")
    return lines


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
    if result.content is not None:
        shown_records = [r for r in result.content.records
                         if r.path in {c.path for c in records if c.status != "removed"}]
        if shown_records:
            lines += ["## As readers will see it", ""] + _as_readers_see(result.content, shown_records)
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
    if artifact and result.ok:  # content that does not validate is never built
        lines.append(f"The site and briefing packs built from this pull request are in the run's artifact "
                     f"**{md(artifact)}** (download it, unzip it and open `index.html`).")
    elif result.ok:
        lines.append("The site was not built from this pull request (the build stopped): see the build step's log.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.contribute.pr_summary",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the commit the pull request is compared with")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--artifact", help="the name of the uploaded site artifact")
    parser.add_argument("--built", choices=["success", "failure", "cancelled", "skipped", ""], default="success",
                        help="how the site build ended (the workflow's steps.build.outcome); the artifact is "
                             "announced only after a successful build")
    args = parser.parse_args(argv)
    try:
        changes = changed_files(args.root, args.base) if args.base else None
    except (subprocess.CalledProcessError, OSError):
        changes = None
    text = summary(args.root, changes, args.artifact if args.built == "success" else None)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
