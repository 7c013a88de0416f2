"""Related records for each record page: up to five others that share its organisations or themes.

Computed once at build time from indexes by theme and by organisation, so each record page
carries at most five links however many records there are. A shared organisation counts
more than a shared theme: it is the rarer, more specific tie.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict

from casebook import urls
from casebook.model import Record, Taxonomy

LIMIT = 5
ORGANISATION_WEIGHT = 2


def related(records: list[Record], taxonomy: Taxonomy, limit: int = LIMIT) -> dict[str, list[tuple[Record, str]]]:
    """By record id: (other record, what they share, as text), closest first, ties by title.

    Scores are counted over the indexes' id lists (Counter's C loop), and what two records share
    is spelled out only for the few that make a record's list: at 1,000 records this took half a
    second when every pair's reasons were gathered."""
    by_theme: dict[str, list[str]] = defaultdict(list)
    by_org: dict[str, list[str]] = defaultdict(list)
    org_names: dict[str, str] = {}
    by_id = {record.id: record for record in records}
    orgs_of = {record.id: list(dict.fromkeys(urls.slug(o.name) for o in record.organisations)) for record in records}
    for record in records:
        for theme in record.themes:
            by_theme[theme].append(record.id)
        for slug in orgs_of[record.id]:
            by_org[slug].append(record.id)
        for org in record.organisations:
            org_names.setdefault(urls.slug(org.name), org.name)
    theme_sets = {theme: set(ids) for theme, ids in by_theme.items()}
    org_sets = {slug: set(ids) for slug, ids in by_org.items()}
    titles = {record.id: record.title.casefold() for record in records}
    out: dict[str, list[tuple[Record, str]]] = {}
    for record in records:
        score: Counter[str] = Counter()
        for slug in orgs_of[record.id]:
            for _ in range(ORGANISATION_WEIGHT):
                score.update(by_org[slug])
        for theme in record.themes:
            score.update(by_theme[theme])
        score.pop(record.id, None)
        ranked = heapq.nsmallest(limit, score, key=lambda i: (-score[i], titles[i], i))
        if ranked:
            out[record.id] = [(by_id[i], "; ".join(dict.fromkeys(
                [org_names[slug] for slug in orgs_of[record.id] if i in org_sets[slug]]
                + [taxonomy.theme(theme).title for theme in record.themes if i in theme_sets[theme]])))
                for i in ranked]
    return out
