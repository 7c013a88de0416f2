"""Errors are data: every check returns Problems, and only the CLI prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

# Controls, zero-width and bidirectional characters: printed raw from a hostile file
# they could break the one-problem-a-line output, recolour a terminal or reorder text.
# Lone surrogates (a file name that is not UTF-8) cannot be printed at all.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                          "\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to print on one line: hidden characters shown as escapes (\\u202e)."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def brief(value: object, limit: int = 60) -> str:
    """A value quoted for a message, shortened so one huge value cannot flood the output."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a very long number"
    return text if len(text) <= limit else text[: limit - 4] + "...'"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding: `path:line:col: severity[code]: message`."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}[{self.code}]: {self.message}"
        return printable(f"{text} ({self.hint})" if self.hint else text)


@dataclass
class Problems:
    """Collects problems from every stage so one run reports them all."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, code: str, message: str,
              hint: str | None = None) -> None:
        self.items.append(Problem(path, line, col, code, message, Severity.ERROR, hint))

    def warning(self, path: str, line: int, col: int, code: str, message: str,
                hint: str | None = None) -> None:
        self.items.append(Problem(path, line, col, code, message, Severity.WARNING, hint))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.col, p.code, p.message))


class CasebookError(Exception):
    """A failure the CLI turns into a clean message and exit code (never a traceback)."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []
