"""The store's plain data: units to render, and what rendering gives back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Unit:
    """Markdown rendered and stored together: one record, theme, group or the self-assessment."""

    id: str  # "record:<id>", "theme:<id>", "group:<id>", "assessment"
    pieces: tuple[tuple[str, str], ...]  # (name, Markdown), names unique within the unit


@dataclass(frozen=True)
class Piece:
    """One piece of Markdown as every output needs it."""

    html: str  # pandoc HTML, unsanitised (the site cleans it for the page it goes on)
    typst: str  # Typst markup; headings demoted; citations linked to <ref-KEY> labels
    ast: list  # pandoc JSON blocks, citations resolved; for DOCX and HTML packs
    keys: tuple[str, ...]  # bibliography keys cited, in order of first citation


@dataclass(frozen=True)
class Reference:
    """One bibliography entry as the style renders it."""

    html: str  # the entry's inner HTML (no <div id="ref-..."> around it)
    typst: str  # `#block[...] <ref-KEY>`
    ast: list  # the entry's Div block


@dataclass
class Rendering:
    """Everything rendered for a build: pieces by unit id and name, references in the style's order."""

    pieces: dict[str, dict[str, Piece]] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)  # ordered as the reference list

    def piece(self, unit: str, name: str) -> Piece:
        try:
            return self.pieces[unit][name]
        except KeyError:
            raise LookupError(f"nothing was rendered for {unit} {name}") from None

    def ordered_keys(self, keys: set[str]) -> list[str]:
        """Keys in reference-list order: a pack's list is the union of its records' entries, so sorted."""
        return [key for key in self.references if key in keys]
