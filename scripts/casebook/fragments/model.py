"""The store's plain data: units to render, and what rendering gives back."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from casebook.bib.plain import decode


@dataclass(frozen=True)
class Unit:
    """Markdown rendered and stored together: one record, theme, group or the self-assessment."""

    id: str  # "record:<id>", "theme:<id>", "group:<id>", "assessment"
    pieces: tuple[tuple[str, str], ...]  # (name, Markdown), names unique within the unit


class _LazyAst:
    """pandoc's AST of a piece or a reference, read only when asked for: only the DOCX and HTML packs
    use it, and it is most of the store's bytes (about 75 KB a record), so the site never reads it."""

    def _ast_value(self) -> list:
        if self.ast_data is None:
            if self.ast_source is None:
                raise LookupError("no AST was kept for this piece")
            object.__setattr__(self, "ast_data", self.ast_source())
        return self.ast_data  # type: ignore[return-value]

    @property
    def ast(self) -> list:
        return self._ast_value()


@dataclass(frozen=True)
class Piece(_LazyAst):
    """One piece of Markdown as every output needs it."""

    html: str  # pandoc HTML, unsanitised (the site cleans it for the page it goes on)
    typst: str  # Typst markup; headings demoted; citations linked to <ref-KEY> labels
    keys: tuple[str, ...]  # bibliography keys cited, in order of first citation
    # pandoc JSON blocks, citations resolved, for DOCX and HTML packs: given, or read on first use
    ast_data: list | None = field(default=None, repr=False, compare=False)
    ast_source: Callable[[], list] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Reference(_LazyAst):
    """One bibliography entry as the style renders it."""

    html: str  # the entry's inner HTML (no <div id="ref-..."> around it)
    typst: str  # `#block[...] <ref-KEY>`
    ast_data: list | None = field(default=None, repr=False, compare=False)  # the entry's Div block
    ast_source: Callable[[], list] | None = field(default=None, repr=False, compare=False)


@dataclass
class Rendering:
    """Everything rendered for a build: pieces by unit id and name, references in the style's order."""

    pieces: dict[str, dict[str, Piece]] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)  # ordered as the reference list
    # unit id -> the store key of its pieces: a digest of everything they were made from (fragments/keys.py: unit_key)
    keys: dict[str, str] = field(default_factory=dict)
    # The bibliography's values (LaTeX) as plain text, raw -> plain: bib/plain.decode, kept in the store
    plain: Callable[[Iterable[str]], dict[str, str]] = field(default=decode, repr=False, compare=False)

    def piece(self, unit: str, name: str) -> Piece:
        try:
            return self.pieces[unit][name]
        except KeyError:
            raise LookupError(f"nothing was rendered for {unit} {name}") from None

    def ordered_keys(self, keys: set[str]) -> list[str]:
        """Keys in reference-list order: a pack's list is the union of its records' entries, so sorted."""
        return [key for key in self.references if key in keys]
