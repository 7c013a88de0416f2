"""Related records for each record page: up to five others that share its organisations or themes.

Computed once at build time from indexes by theme and by organisation, so each record page
carries at most five links however many records there are. A shared organisation counts
more than a shared theme: it is the rarer, more specific tie.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from casebook import urls
from casebook.model import Record, Taxonomy

LIMIT = 5
ORGANISATION_WEIGHT = 2


def related(records: list[Record], taxonomy: Taxonomy, limit: int = LIMIT) -> dict[str, list[tuple[Record, str]]]:
    """By record id: (other record, what they share, as text), closest first, ties by title."""
    by_theme: dict[str, list[Record]] = defaultdict(list)
    by_org: dict[str, list[Record]] = defaultdict(list)
    org_names: dict[str, str] = {}
    for record in records:
        for theme in record.themes:
            by_theme[theme].append(record)
        for slug in dict.fromkeys(urls.slug(o.name) for o in record.organisations):
            by_org[slug].append(record)
    for record in records:
        for org in record.organisations:
            org_names.setdefault(urls.slug(org.name), org.name)
    out: dict[str, list[tuple[Record, str]]] = {}
    for record in records:
        score: Counter[str] = Counter()
        shared: dict[str, list[str]] = defaultdict(list)
        others: dict[str, Record] = {}
        for slug in dict.fromkeys(urls.slug(o.name) for o in record.organisations):
            for other in by_org[slug]:
                score[other.id] += ORGANISATION_WEIGHT
                shared[other.id].append(org_names[slug])
                others[other.id] = other
        for theme in record.themes:
            for other in by_theme[theme]:
                score[other.id] += 1
                shared[other.id].append(taxonomy.theme(theme).title)
                others[other.id] = other
        score.pop(record.id, None)
        ranked = sorted(score, key=lambda i: (-score[i], others[i].title.casefold(), i))[:limit]
        if ranked:
            out[record.id] = [(others[i], "; ".join(dict.fromkeys(shared[i]))) for i in ranked]
    return out
