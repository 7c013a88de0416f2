"""The case index: one card per record with its facet values, and the filter options."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from casebook import urls
from casebook.model import Record
from casebook.site.model import SiteData, region_values
from casebook.site.render import Rendered, plain_text

SUMMARY_CHARS = 280
# (URL parameter, legend). The parameter names are the shareable filter state.
FACETS = (("theme", "Theme"), ("org_type", "Organisation type"), ("region", "Region or nation"),
          ("kind", "Kind of record"), ("evidence_type", "Evidence type"), ("year", "Year"))
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland", "UK-wide")


@dataclass(frozen=True)
class Item:
    record: Record
    summary: str
    facets: tuple[tuple[str, tuple[str, ...]], ...]


def values(record: Record) -> dict[str, tuple[str, ...]]:
    return {
        "theme": record.themes,
        "org_type": tuple(dict.fromkeys(o.type for o in record.organisations)),
        "region": tuple(region_values(record)),
        "kind": (record.kind,),
        "evidence_type": (record.evidence_type,),
        "year": (str(record.year),) if record.year else (),
    }


def case_items(site: SiteData, rendered: Rendered) -> list[Item]:
    items = []
    for record in sorted(site.records, key=lambda r: (r.title.casefold(), r.id)):
        text = plain_text(rendered.get(urls.record_page(record.id), "summary"))
        if len(text) > SUMMARY_CHARS:
            text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
        items.append(Item(record, text, tuple(values(record).items())))
    return items


def facets(site: SiteData, items: list[Item]) -> list[dict]:
    counts = {name: Counter() for name, _ in FACETS}
    for item in items:
        for name, vals in item.facets:
            counts[name].update(vals)
    taxonomy = site.content.taxonomy
    labels = site.labels
    out = []
    for name, legend in FACETS:
        present = counts[name]
        if name == "theme":
            ordered = [(t.id, t.title) for t in taxonomy.themes if t.id in present]
        elif name in ("org_type", "kind", "evidence_type"):
            field = name
            keys = sorted(present, key=lambda v: (labels.order(field, v), v))
            ordered = [(v, labels.label(field, v)) for v in keys]
        elif name == "region":
            keys = sorted(present, key=lambda v: (v not in NATIONS, NATIONS.index(v) if v in NATIONS else 0, v))
            ordered = [(v, v) for v in keys]
        else:
            ordered = [(v, v) for v in sorted(present, reverse=True)]
        if ordered:
            out.append({"name": name, "legend": legend,
                        "options": [{"value": v, "label": label, "count": present[v]} for v, label in ordered]})
    return out
