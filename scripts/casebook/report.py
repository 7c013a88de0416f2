"""Print problems for people (text), machines (JSON) and GitHub Actions (annotations)."""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO

from casebook.problems import Problem, printable


def _colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def format_text(problems: list[Problem], stream: TextIO) -> None:
    colour = _colour(stream)
    for p in problems:
        line = str(p)
        if colour:
            tint = "\033[31m" if p.severity.value == "error" else "\033[33m"
            line = line.replace(f"{p.severity.value}[", f"{tint}{p.severity.value}\033[0m[", 1)
        print(line, file=stream)
    errors = sum(p.severity.value == "error" for p in problems)
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error(s), {warnings} warning(s)", file=stream)


def _utf8(text: str | None) -> str | None:
    """Exact text, except lone surrogates (from a file name that is not UTF-8), which JSON cannot carry."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if text else text


def format_json(problems: list[Problem], stream: TextIO) -> None:
    payload = {
        "ok": not any(p.severity.value == "error" for p in problems),
        "problems": [
            {"path": _utf8(p.path), "line": p.line, "col": p.col, "severity": p.severity.value,
             "code": p.code, "message": _utf8(p.message), "hint": _utf8(p.hint)}
            for p in problems
        ],
    }
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _escape_annotation(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(problems: list[Problem], stream: TextIO = sys.stdout) -> None:
    """Workflow commands, so problems show on the pull request's changed lines."""
    for p in problems:
        level = "error" if p.severity.value == "error" else "warning"
        message = printable(p.message + (f" ({p.hint})" if p.hint else ""))
        path = _escape_annotation(printable(p.path)).replace(",", "%2C").replace(":", "%3A")
        print(f"::{level} file={path},line={p.line},col={p.col},title={p.code}::"
              f"{_escape_annotation(message)}", file=stream)


def report_text(problems: list[Problem]) -> None:
    """Problems on stderr (stdout stays free for the "ok" line)."""
    format_text(problems, sys.stderr if problems else sys.stdout)


def report_json(problems: list[Problem]) -> None:
    format_json(problems, sys.stdout)


def report_github(problems: list[Problem]) -> None:
    """Annotations on stdout, where Actions reads them, and the same problems as text in the log."""
    format_github(problems, sys.stdout)
    format_text(problems, sys.stderr)


# `casebook validate --format NAME`: one reporter a name.
REPORTERS = {"text": report_text, "json": report_json, "github": report_github}
