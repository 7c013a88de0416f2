"""One record as every output shows it, made once: its facts in words, its sections with their
headings, its dates written out, and the works it cites as the render found them.

The site's record page, the command line's packs (contents.py) and the packs made in the
browser (pack_data.py's JSON, read by templates/pack/pack.typ) all read a record through this
view, so a section heading, a fact's label or a date's wording is written here and nowhere else.
It is plain data made from the content set and the rendering: no I/O, nothing cached.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook import urls
from casebook.fragments import Rendering
from casebook.fragments.units import record_unit
from casebook.model import NARRATIVE_SECTIONS, READING, ContentSet, Record
from casebook.selection import labels, lower_label
from casebook.words import long_date

# The narrative's sections in the order shown, with the heading each is shown under.
SECTION_HEADINGS = {"context": "Context", "approach": "Approach", "outcomes": "Outcomes", "lessons": "Lessons"}
# The columns of a record's figures table, named once for the site, the PDF and the DOCX/HTML packs.
FIGURE_HEADINGS = {"label": "What", "value": "Figure", "note": "Casebook's reading", "source": "Source"}


@dataclass(frozen=True)
class RecordView:
    """A record's shown parts. Strings are plain text (never markup); prose is named by piece."""

    record: Record
    sections: tuple[tuple[str, str], ...]  # (narrative key, heading) of the sections the record has
    facts: tuple[tuple[str, str], ...]  # (label, text) as a pack lists them, Casebook's own labelled
    organisations: str  # "Name (Type); ..." as a pack's listing and charts give them
    org_types: tuple[str, ...]  # the organisations' types, each once, in order
    regions: tuple[str, ...]  # the organisations' regions, each once, in order
    cites: tuple[str, ...]  # every work the record cites (its sources and its text's citations), sorted
    page: str  # the record page's site address

    @property
    def id(self) -> str:
        return self.record.id

    def page_url(self, link_base: str | None) -> str | None:
        """The record page's absolute address, when the site's address is known."""
        return link_base + self.page if link_base else None


def record_view(record: Record, content: ContentSet, rendering: Rendering) -> RecordView:
    """The view of one record of a validated content set, with its rendering's citations."""
    org_types = labels(content.schema, "org_type")
    pieces = rendering.pieces[record_unit(record.id)]
    cited = set(record.cited_keys()) | {k for name, _ in record.markdown_fields() for k in pieces[name].keys}
    return RecordView(
        record=record,
        sections=tuple((k, SECTION_HEADINGS[k]) for k in NARRATIVE_SECTIONS if record.narrative.get(k)),
        facts=_facts(record, content),
        organisations="; ".join(f"{o.name} ({org_types[o.type]})" for o in record.organisations),
        org_types=tuple(dict.fromkeys(o.type for o in record.organisations)),
        regions=tuple(dict.fromkeys(o.region for o in record.organisations if o.region)),
        cites=tuple(sorted(cited)), page=urls.record_page(record.id))


def _facts(record: Record, content: ContentSet) -> tuple[tuple[str, str], ...]:
    schema = content.schema
    kinds, evidence, org_types = labels(schema, "kind"), labels(schema, "evidence_type"), labels(schema, "org_type")
    when = " ".join(p for p in (str(record.year) if record.year else "",
                                f"({record.period})" if record.period else "") if p)
    facts = [("Kind (Casebook's classification)", kinds[record.kind])]
    if record.organisations:
        facts.append(("Organisations", "; ".join(
            f"{o.name} ({lower_label(org_types[o.type])}{', ' + READING if o.casebooks_reading('type') else ''})"
            for o in record.organisations)))
    if when:
        facts.append(("When", when))
    facts += [("Evidence (Casebook's classification)", evidence[record.evidence_type]),
              ("Themes (Casebook's assignment)", "; ".join(content.taxonomy.theme(t).title for t in record.themes)),
              ("Last reviewed", long_date(record.last_reviewed))]
    return tuple(facts)


def record_views(content: ContentSet, rendering: Rendering) -> dict[str, RecordView]:
    """Every published record's view, by id, in the content set's order."""
    return {r.id: record_view(r, content, rendering) for r in content.published}
