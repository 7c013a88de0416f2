"""What a DOCX or HTML pack from `casebook pack` holds, as plain data (pandoc sets it; see document.py).

The PDF pack, and every pack made in the browser, is assembled by templates/pack/pack.typ from
pack_data.py's data; this module follows the choices that template made (title, digest or
listing) and words.PACK_WORDS, so the formats of one selection agree.

Every string here is plain text (titles, names, labels: never markup); record prose is
named by (record id, piece name) and comes from the fragment store. A selection over the
page budget becomes a digest: each record's facts and summary, its full text left to the
site (and to `casebook pack --full`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from casebook.edition.record_view import FIGURE_HEADINGS, RecordView, record_view
from casebook.fragments import Rendering
from casebook.fragments.units import record_unit
from casebook.model import ContentSet, Record
from casebook.selection import Selection, describe, labels, lower_label, select
from casebook.words import PACK_WORDS, counted, long_date, pack_words

FINDINGS_LIMIT = 6  # keeps the overview to about one page
PAGE_BUDGET = 60  # pages a board would read: longer selections become a digest
SUBTITLE = PACK_WORDS["subtitle"]
DIGEST_NOTE = PACK_WORDS["digest"]


@dataclass(frozen=True)
class PackSpec:
    """What to build: everything that decides the pack's content (so equal specs give equal files)."""

    title: str | None  # None: pack.typ makes one from the filters
    selection: Selection
    timestamp: int  # seconds since the epoch: the cover date and the PDF's creation date
    link_base: str | None = None  # the site's absolute address ending in "/"; None: no links to the site
    subtitle: str = SUBTITLE
    full: bool = False  # the full text even past the page budget
    view_url: str | None = None  # the filtered case index the selection came from, when it did


@dataclass(frozen=True)
class RecordEntry:
    id: str
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, plain text), in the order shown
    page_url: str | None
    sections: tuple[tuple[str, str], ...]  # (heading, piece name)
    quotes: tuple[dict, ...]  # text, speaker, role (plain) and cite (piece name)
    figures: tuple[dict, ...]  # label, value, note (plain) and cite (piece name)
    notes: tuple[str, ...]  # piece names of Casebook's editorial notes
    sources: tuple[str, ...]  # piece names


@dataclass(frozen=True)
class PackContents:
    title: str
    subtitle: str
    date: str
    iso_date: str
    selection: str  # the selection in words
    view_url: str | None
    digest: bool
    digest_note: str | None
    listing: bool
    count: int
    kinds: tuple[str, ...]  # "3 case studies"
    source_count: int
    themes: tuple[tuple[str, int], ...]
    findings: tuple[str, ...]  # ids of the records whose summary opening the overview quotes
    records: tuple[RecordEntry, ...]
    references: tuple[str, ...]  # keys, in the style's order
    keywords: tuple[str, ...] = field(default=())
    # The at-a-glance counts as pack.typ charts them: (heading, note, ((label, count), ...)).
    charts: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = field(default=())
    figure_headings: dict[str, str] = field(default_factory=lambda: dict(FIGURE_HEADINGS))

    def as_json(self) -> dict:
        """For Typst's json() and the browser (tuples become lists)."""
        import dataclasses

        return dataclasses.asdict(self)


def cover_date(timestamp: int) -> tuple[str, str]:
    iso = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).date().isoformat()
    return long_date(iso), iso


def pack_contents(content: ContentSet, rendering: Rendering, spec: PackSpec, digest: bool,
                  listing: bool = False) -> PackContents:
    """listing (with digest): each record's facts and address only, as pack.typ lists past LISTING_FROM records."""
    records = select(content, spec.selection)
    kinds = labels(content.schema, "kind")
    theme_counts = Counter(t for r in records for t in r.themes)
    kind_counts = Counter(r.kind for r in records)
    views = [record_view(r, content, rendering) for r in records]
    entries = tuple(record_entry(view, spec.link_base, digest) for view in views)
    findings = () if listing else tuple(r.id for r in records[:FINDINGS_LIMIT])
    used = [] if listing else [(r.id, name) for r in entries for name in _pieces_used(r, digest)]
    used += [(rid, "lead") for rid in findings]
    keys = {k for rid, name in used for k in rendering.piece(record_unit(rid), name).keys}
    sources = {key for view in views for key in view.cites}
    date, iso_date = cover_date(spec.timestamp)
    themes = tuple((t.title, theme_counts[t.id]) for t in content.taxonomy.themes if theme_counts[t.id])
    return PackContents(
        title=spec.title, subtitle=spec.subtitle, date=date, iso_date=iso_date,
        selection=describe(content, spec.selection), view_url=spec.view_url, digest=digest,
        digest_note=(pack_words("listing", count=str(len(records)), limit=str(listing_from() - 1)) if listing
                     else DIGEST_NOTE.format(budget=PAGE_BUDGET) if digest else None), listing=listing,
        count=len(records), kinds=tuple(counted(lower_label(kinds[k]), n) for k, n in sorted(kind_counts.items())),
        source_count=len(sources), themes=themes, findings=findings, records=entries,
        references=tuple(rendering.ordered_keys(keys)), keywords=tuple(title for title, _ in themes),
        charts=_charts(content, records, themes))


def _charts(content: ContentSet, records: list[Record], themes: tuple) -> tuple:
    """The counts pack.typ charts on its at-a-glance page, in its order, for the DOCX and HTML packs."""
    org_types = labels(content.schema, "org_type")
    by_type = Counter(org_types[t] for r in records for t in dict.fromkeys(o.type for o in r.organisations))
    by_region = Counter(g for r in records for g in dict.fromkeys(o.region for o in r.organisations if o.region))
    by_year = Counter(str(r.year) for r in records if r.year)

    def ranked(counts: Counter) -> tuple:
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    counts = {"theme": themes, "org_type": ranked(by_type), "region": ranked(by_region),
              "year": tuple(sorted(by_year.items()))}
    return tuple((PACK_WORDS[f"chart/{name}"], PACK_WORDS[f"chart/{name}/note"], shown)
                 for name, shown in counts.items())


def listing_from() -> int:
    from casebook.pack.pack_data import LISTING_FROM  # pack_data builds on this module

    return LISTING_FROM


def _pieces_used(entry: RecordEntry, digest: bool) -> list[str]:
    if digest:
        return ["summary"]
    return ["summary", *(name for _, name in entry.sections), *(q["cite"] for q in entry.quotes),
            *(f["cite"] for f in entry.figures), *entry.notes, *entry.sources]


def record_entry(view: RecordView, link_base: str | None, digest: bool) -> RecordEntry:
    """One record as a pack shows it: its view's facts, and the names of its pieces."""
    record = view.record
    return RecordEntry(
        id=record.id, title=record.title, facts=view.facts, page_url=view.page_url(link_base),
        sections=() if digest else tuple((heading, f"narrative.{k}") for k, heading in view.sections),
        quotes=() if digest else tuple({"text": q.text, "speaker": q.speaker, "role": q.role or "",
                                        "cite": f"quote.{i}"} for i, q in enumerate(record.quotes)),
        figures=() if digest else tuple({"label": f.label, "value": " ".join(p for p in (f.value, f.unit or "") if p),
                                         "note": f.note or "", "cite": f"figure.{i}"}
                                        for i, f in enumerate(record.figures)),
        notes=() if digest else tuple(f"editorial_notes.{i}" for i in range(len(record.editorial_notes))),
        sources=() if digest else tuple(f"source.{i}" for i in range(len(record.sources))))
