"""Related records for each record page: up to five others that share its organisations or themes.

Computed once at build time from indexes by theme and by organisation, so each record page
carries at most five links however many records there are. A shared organisation counts
more than a shared theme: it is the rarer, more specific tie.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from casebook import urls
from casebook.model import Record, Taxonomy

LIMIT = 5
ORGANISATION_WEIGHT = 2


Keep = Callable[[str, object, Callable[[], object]], object]  # FragmentStore.kept


def kept_related(records: list[Record], taxonomy: Taxonomy,
                 keep: Keep | None = None) -> dict[str, list[tuple[Record, str]]]:
    """related(), kept through keep (the fragment store's) under all it reads: each record's id, title,
    themes and organisations, the themes' titles, and this code. Most edits change none of them (0.9 s of a
    preview at 5,000 records went on working the same lists out again)."""
    if keep is None:
        return related(records, taxonomy)
    by_id = {record.id: record for record in records}
    inputs = [[Path(__file__).read_text(encoding="utf-8"), Path(urls.__file__).read_text(encoding="utf-8")],
              [[r.id, r.title, list(r.themes), [o.name for o in r.organisations]] for r in records],
              [[theme.id, theme.title] for theme in taxonomy.themes]]
    found = keep("related", inputs, lambda: {i: [[other.id, why] for other, why in shared]
                                             for i, shared in related(records, taxonomy).items()})
    return {i: [(by_id[other], why) for other, why in shared] for i, shared in found.items()}  # type: ignore[union-attr]


def related(records: list[Record], taxonomy: Taxonomy, limit: int = LIMIT) -> dict[str, list[tuple[Record, str]]]:
    """By record id: (other record, what they share, as text), closest first, ties by title.

    A record's score with another is ORGANISATION_WEIGHT for each organisation they share plus one for
    each theme. Records that share only themes are taken a group at a time (the records with one set
    of themes, each group in title order), not one by one: with 5,000 records most records share a
    theme with most others, and ranking every pair took 1.3 s of each build (25 million scores).
    What two records share is spelled out only for the few that make a record's list."""
    orgs_of = {r.id: list(dict.fromkeys(urls.slug(o.name) for o in r.organisations)) for r in records}
    org_names: dict[str, str] = {}
    by_org: dict[str, list[str]] = defaultdict(list)
    for record in records:
        for org in record.organisations:
            org_names.setdefault(urls.slug(org.name), org.name)
        for slug in orgs_of[record.id]:
            by_org[slug].append(record.id)
    by_id = {record.id: record for record in records}
    order = {r.id: (r.title.casefold(), r.id) for r in records}
    themes_of = {r.id: set(r.themes) for r in records}
    groups: dict[frozenset[str], list[str]] = defaultdict(list)  # records by their set of themes
    for record in records:
        groups[frozenset(record.themes)].append(record.id)
    for ids in groups.values():
        ids.sort(key=order.__getitem__)
    holding: dict[str, set[frozenset[str]]] = defaultdict(set)  # theme -> the groups whose records have it
    with_theme: dict[str, list[str]] = defaultdict(list)  # theme -> its records in title order
    for themes, ids in groups.items():
        for theme in themes:
            holding[theme].add(themes)
            with_theme[theme] += ids
    for ids in with_theme.values():
        ids.sort(key=order.__getitem__)
    out: dict[str, list[tuple[Record, str]]] = {}
    for record in records:
        mine = themes_of[record.id]
        with_org: Counter[str] = Counter()
        for slug in orgs_of[record.id]:
            with_org.update(by_org[slug])
        with_org.pop(record.id, None)
        scored = [(-(ORGANISATION_WEIGHT * n + len(mine & themes_of[i])), order[i]) for i, n in with_org.items()]
        skip = {record.id, *with_org}
        if mine:
            # Those sharing every theme of this record (the most a record sharing only themes can score)
            # first: a group at a time, or, when they fill many groups, down the rarest theme's list.
            whole = set.intersection(*(holding[t] for t in mine))
            if len(whole) > limit:
                rarest = min(mine, key=lambda t: len(with_theme[t]))
                found = _first(with_theme[rarest], skip, limit, lambda i, mine=mine: mine <= themes_of[i])
                scored += [(-len(mine), order[i]) for i in found]
            else:
                for themes in whole:
                    scored += [(-len(mine), order[i]) for i in _first(groups[themes], skip, limit)]
            # Then fewer shared themes, a level at a time, only while the list is not full.
            levels: dict[int, list[frozenset[str]]] = defaultdict(list)
            if _filled(scored, len(mine)) < limit:
                for themes in set().union(*(holding[t] for t in mine)) - whole:
                    levels[len(mine & themes)].append(themes)
            for level in sorted(levels, reverse=True):
                for themes in levels[level]:
                    scored += [(-level, order[i]) for i in _first(groups[themes], skip, limit)]
                if _filled(scored, level) >= limit:
                    break
        ranked = [key[1] for key in heapq.nsmallest(limit, scored)]
        if ranked:
            out[record.id] = [(by_id[i], _shared(record, by_id[i], orgs_of, org_names, taxonomy)) for _, i in ranked]
    return out


def _filled(scored: list[tuple[int, tuple[str, str]]], level: int) -> int:
    """How many of the scored hold a place whatever scores less than level."""
    return sum(1 for score, _ in scored if -score >= level)


def _first(ids: list[str], skip: set[str], count: int, wanted=lambda i: True) -> list[str]:
    """The first count of ids (in title order) not in skip and wanted."""
    found = []
    for i in ids:
        if i not in skip and wanted(i):
            found.append(i)
            if len(found) == count:
                break
    return found


def _shared(record: Record, other: Record, orgs_of: dict[str, list[str]], org_names: dict[str, str],
            taxonomy: Taxonomy) -> str:
    theirs = set(orgs_of[other.id])
    return "; ".join(dict.fromkeys([org_names[slug] for slug in orgs_of[record.id] if slug in theirs]
                                   + [taxonomy.theme(t).title for t in record.themes if t in other.themes]))
