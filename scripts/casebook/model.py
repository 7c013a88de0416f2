"""Plain data that flows between the pipeline stages (load -> validate -> site/pack)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceRef:
    key: str
    locator: str

    def citation(self) -> str:
        """Pandoc citation syntax, so every renderer cites through citeproc."""
        return f"[@{self.key}, {self.locator}]"


@dataclass(frozen=True)
class Organisation:
    name: str
    type: str
    nation: str
    region: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    source: SourceRef
    role: str | None = None


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    source: SourceRef
    unit: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Contributor:
    name: str
    organisation: str | None = None


@dataclass(frozen=True)
class Programme:
    name: str
    cohort: str | None = None


NARRATIVE_SECTIONS = ("context", "approach", "outcomes", "lessons")


@dataclass(frozen=True)
class Record:
    """One case study or finding, as the contributor wrote it (Markdown left unrendered)."""

    id: str
    kind: str
    title: str
    summary: str
    themes: tuple[str, ...]
    evidence_type: str
    status: str
    last_reviewed: str
    sources: tuple[SourceRef, ...]
    path: str
    organisations: tuple[Organisation, ...] = ()
    year: int | None = None
    period: str | None = None
    narrative: dict[str, str] = field(default_factory=dict)
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    editorial_notes: tuple[str, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    programme: Programme | None = None
    added: str | None = None
    review_due: str | None = None

    @property
    def published(self) -> bool:
        return self.status == "published"

    def markdown_fields(self) -> list[tuple[str, str]]:
        """Every Markdown field with a stable name, in page order."""
        fields = [("summary", self.summary)]
        fields += [(f"narrative.{k}", self.narrative[k]) for k in NARRATIVE_SECTIONS
                   if self.narrative.get(k)]
        fields += [(f"editorial_notes.{i}", n) for i, n in enumerate(self.editorial_notes)]
        return fields

    def cited_keys(self) -> list[str]:
        """Keys named in structured sources (inline citations are found by markdown.py)."""
        refs = [*self.sources, *(q.source for q in self.quotes), *(f.source for f in self.figures)]
        return list(dict.fromkeys(r.key for r in refs))


@dataclass(frozen=True)
class ThemeGroup:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Theme:
    id: str
    group: str
    title: str
    definition: str
    source: SourceRef


@dataclass(frozen=True)
class Taxonomy:
    groups: tuple[ThemeGroup, ...]
    themes: tuple[Theme, ...]

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]


@dataclass(frozen=True)
class BibEntry:
    key: str
    entry_type: str
    fields: dict[str, str]
    line: int


@dataclass
class ContentSet:
    """Everything a renderer needs, already validated."""

    records: list[Record]
    taxonomy: Taxonomy
    bibliography: dict[str, BibEntry]
    bib_path: str
    schema: dict

    @property
    def published(self) -> list[Record]:
        return sorted((r for r in self.records if r.published), key=lambda r: r.id)

    def record(self, record_id: str) -> Record:
        return next(r for r in self.records if r.id == record_id)


@dataclass(frozen=True)
class PackInfo:
    """A built briefing pack, so the site can link it ("Download the briefing (PDF, N pages)")."""

    slug: str  # "all" for the complete pack, else the theme id
    title: str
    path: str  # the built file, inside the staging folder
    pages: int
    theme: str | None = None
