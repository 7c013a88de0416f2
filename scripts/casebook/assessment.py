"""The self-assessment as plain data: Casebook's own statements, grouped in characteristics under themes.

Read from assessment.yaml (load.py), checked against the taxonomy (validate/assessment.py) and
written as the self-assessment page (builders/assessment.py). Casebook authors it; records come
from sources, so it is kept apart from them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    id: str
    theme: str
    text: str


@dataclass(frozen=True)
class Characteristic:
    theme: str
    statements: tuple[Statement, ...]
    note: str | None = None

    @property
    def themes(self) -> list[str]:
        """Its own theme first, then the other themes its statements name."""
        return list(dict.fromkeys([self.theme, *(s.theme for s in self.statements)]))


@dataclass(frozen=True)
class Assessment:
    """The self-assessment (assessment.yaml): Casebook's own statements under themes."""

    title: str
    intro: str
    scale: tuple[str, ...]
    dont_know: str
    characteristics: tuple[Characteristic, ...]
