"""The case index: one card per record with its facet values, and the filter options.

The facets, their URL parameters and how a record's values are read all come from
selection.py, the model `casebook pack` uses too, so a filtered index address and
`casebook pack --from-url` always pick the same records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from casebook import urls
from casebook.edition.html import Rendered, plain_text
from casebook.edition.indexes import SiteData
from casebook.model import Record
from casebook.selection import FACETS, NATIONS

SUMMARY_CHARS = 280


@dataclass(frozen=True)
class Item:
    record: Record
    facets: tuple[tuple[str, tuple[str, ...]], ...]


def case_items(site: SiteData) -> list[Item]:
    return [Item(record, tuple((f.name, f.values(record)) for f in FACETS))
            for record in sorted(site.records, key=lambda r: (r.title.casefold(), r.id))]


def card_summary(rendered: Rendered, record: Record) -> str:
    """The record's summary as plain text, cut at a word to fit a card."""
    text = plain_text(rendered.get(urls.record_page(record.id), "summary"))
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def facets(site: SiteData, items: list[Item]) -> list[dict]:
    counts = {f.name: Counter() for f in FACETS}
    for item in items:
        for name, vals in item.facets:
            counts[name].update(vals)
    taxonomy = site.content.taxonomy
    labels = site.labels
    out = []
    for facet in FACETS:
        name = facet.name
        present = counts[name]
        if name == "theme":
            ordered = [(t.id, t.title) for t in taxonomy.themes if t.id in present]
        elif name in ("org_type", "kind", "evidence_type"):
            keys = sorted(present, key=lambda v, field=name: (labels.order(field, v), v))
            ordered = [(v, labels.label(name, v)) for v in keys]
        elif name == "nation":
            ordered = [(v, v) for v in sorted(present, key=lambda v: (NATIONS.index(v) if v in NATIONS else 9, v))]
        elif name == "year":
            ordered = [(v, v) for v in sorted(present, reverse=True)]
        else:
            ordered = [(v, v) for v in sorted(present, key=str.casefold)]
        if ordered:
            read = site.readings.get(name, set())
            out.append({"name": name, "legend": facet.legend, "reading": any(v in read for v, _ in ordered),
                        "options": [{"value": v, "label": label, "count": present[v]} for v, label in ordered]})
    return out
