"""Plain data that flows between the pipeline stages (load -> validate -> site/pack)."""

from __future__ import annotations

from dataclasses import dataclass, field

from casebook.assessment import Assessment


@dataclass(frozen=True)
class SourceRef:
    key: str
    locator: str

    def citation(self) -> str:
        """Pandoc citation syntax, so every renderer cites through citeproc."""
        return f"[@{self.key}, {self.locator}]"


# The facts about an organisation besides its name. The name is the source's; each of these is
# Casebook's reading (from the name, where a place is, what a body does) unless the record's
# `source_gives` lists it, and every page and pack that shows one says so.
ORGANISATION_FACTS = ("type", "region", "nation")
READING = "Casebook's reading"  # the words that mark such a fact wherever it is shown


@dataclass(frozen=True)
class Organisation:
    name: str
    type: str
    nation: str
    region: str | None = None
    source_gives: tuple[str, ...] = ()  # which of ORGANISATION_FACTS the source itself states

    def casebooks_reading(self, fact: str) -> bool:
        """Whether the fact shown is Casebook's reading rather than the source's (a region left out is neither)."""
        return bool(getattr(self, fact)) and fact not in self.source_gives


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
class Work:
    """A work a record carries itself (its `references`), before it is in references.bib.

    csl is the entry as the record gives it, in pandoc's CSL YAML: plain text as typed
    (never LaTeX), dates as text. works.py turns it into what pandoc and readers see.
    """

    key: str
    csl: dict
    path: str  # the record file that carries it
    line: int


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
    works: tuple[Work, ...] = ()  # the works it carries (references), cited by it or by others

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
    _themes: dict[str, Theme] = field(init=False, repr=False, compare=False)
    _groups: dict[str, ThemeGroup] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_themes", {t.id: t for t in self.themes})
        object.__setattr__(self, "_groups", {g.id: g for g in self.groups})

    def theme(self, theme_id: str) -> Theme:
        try:
            return self._themes[theme_id]
        except KeyError:
            raise LookupError(f"{theme_id!r} is not a theme in themes.yaml") from None

    def group(self, group_id: str) -> ThemeGroup:
        try:
            return self._groups[group_id]
        except KeyError:
            raise LookupError(f"{group_id!r} is not a theme group in themes.yaml") from None

    def has(self, theme_id: str) -> bool:
        return theme_id in self._themes

    @property
    def ids(self) -> list[str]:
        return list(self._themes)


@dataclass(frozen=True)
class BibEntry:
    key: str
    entry_type: str
    fields: dict[str, str]  # as written (LaTeX and all); bibplain.py decodes them for display
    line: int
    parents: tuple[str, ...] = ()  # the entries it inherits from (crossref, xdata)


@dataclass(frozen=True)
class SiteAddress:
    """Where the published site lives, resolved once (CASEBOOK_SITE_URL, else mkdocs.yml's site_url).

    Every address that leaves the site (packs, feed, open data, JSON-LD, "How to cite")
    is made here, so none is relative: with no known address they carry no link at all.
    """

    url: str | None = None  # absolute http(s) address ending in "/"
    repo_url: str | None = None
    edit_base: str | None = None  # "Suggest an edit" prefix: repo_url + edit/<branch>/
    contact: str | None = None  # the editors' email or web address (mkdocs.yml extra.casebook_contact)

    @property
    def issues(self) -> str | None:
        """Where a reader without git asks for a correction: the repository's new-issue page."""
        return self.repo_url.rstrip("/") + "/issues/new" if self.repo_url else None

    def absolute(self, site_path: str) -> str | None:
        """The absolute address of a site path ('cases/x/'), or None when the site address is unknown."""
        return self.url + site_path if self.url else None


@dataclass(frozen=True)
class SiteInputs:
    """The hand-written parts of the site, read at load time so rendering never opens the project folder."""

    mkdocs_yml: str | None  # mkdocs.yml as written
    docs: dict[str, bytes]  # docs/ files by their path inside docs/
    contributing: str | None  # CONTRIBUTING.md, which becomes the contributor guide


@dataclass(frozen=True)
class ContentSet:
    """Everything a renderer needs, validated and indexed: the site, the packs, open data, the feed
    and the self-assessment page read this and nothing else (not the project folder)."""

    records: tuple[Record, ...]
    taxonomy: Taxonomy
    bibliography: dict[str, BibEntry]
    bib_text: str  # references.bib as written less private fields (bibprivate): published, and cited from
    schema: dict
    schema_text: str  # record.schema.json as written, published as is
    record_texts: dict[str, str]  # each record's YAML as written, by id
    address: SiteAddress = field(default_factory=SiteAddress)
    site_inputs: SiteInputs = field(default_factory=lambda: SiteInputs(None, {}, None))
    assessment: Assessment | None = None
    timestamp: int = 0  # the build's date (SOURCE_DATE_EPOCH when set): covers, PDF dates
    _by_id: dict[str, Record] = field(init=False, repr=False, compare=False)
    _published: tuple[Record, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.records})
        object.__setattr__(self, "_published",
                           tuple(sorted((r for r in self.records if r.published), key=lambda r: r.id)))

    @property
    def published(self) -> list[Record]:
        return list(self._published)

    def record(self, record_id: str) -> Record:
        try:
            return self._by_id[record_id]
        except KeyError:
            raise LookupError(f"no record has the id {record_id!r}") from None

    def has_record(self, record_id: str) -> bool:
        return record_id in self._by_id

    @property
    def works(self) -> dict[str, Work]:
        """Every work a record carries, by key (validation makes each key unique across the project)."""
        return {w.key: w for r in sorted(self.records, key=lambda r: r.id) for w in r.works}

    def has_key(self, key: str) -> bool:
        """Whether key names a work: in references.bib or carried by a record."""
        return key in self.bibliography or any(w.key == key for r in self.records for w in r.works)

    @property
    def bib_path(self) -> str:
        """A file holding bib_text, for pandoc (which reads a bibliography only from a file)."""
        from casebook.pandoc_tools import bibliography_file

        return str(bibliography_file(self.bib_text))


@dataclass(frozen=True)
class PackInfo:
    """A built briefing pack, so the site can link it ("Download the briefing (PDF, N pages)")."""

    slug: str  # "all" for the complete pack, else the theme id
    title: str
    path: str  # the built file, inside the staging folder
    pages: int
    theme: str | None = None
    docx_path: str | None = None  # the same pack as a Word file, when one was made
