"""View data for the templates: records grouped by theme and organisation, facets, labels."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from casebook import urls
from casebook.bib.view import WorkView, bibliography_views
from casebook.clock import today
from casebook.edition.html import Rendered
from casebook.edition.labels import Labels
from casebook.edition.related import Keep, kept_related
from casebook.edition.review import overdue
from casebook.model import ContentSet, Organisation, PackInfo, Record, SiteAddress
from casebook.problems import CasebookError
from casebook.selection import readings


@dataclass
class OrgPage:
    slug: str
    name: str
    names: list[str]
    facts: list[Organisation]
    records: list[Record] = field(default_factory=list)

    @property
    def page(self) -> str:
        return urls.organisation_page(self.name)

    def reading(self, fact: str) -> bool:
        """Whether any record shows this fact of the organisation as Casebook's reading."""
        return any(o.casebooks_reading(fact) for o in self.facts)


@dataclass
class SiteData:
    content: ContentSet
    labels: Labels
    records: list[Record]
    by_theme: dict[str, list[Record]]
    organisations: dict[str, OrgPage]
    ref_keys: dict[str, list[str]]  # the works each record cites, in reference-list order
    by_key: dict[str, list[Record]]  # the records citing each work
    packs: dict[str, PackInfo]
    works: dict[str, WorkView] = field(default_factory=dict)  # every work as readers see it (bibview.py)
    overdue: dict[str, str] = field(default_factory=dict)  # review due date of each overdue record, by id
    related: dict[str, list[tuple[Record, str]]] = field(default_factory=dict)  # site/related.py, by id
    readings: dict[str, set[str]] = field(default_factory=dict)  # selection.readings: facet -> values read

    @property
    def address(self) -> SiteAddress:
        return self.content.address

    @property
    def site_url(self) -> str | None:
        return self.content.address.url

    @property
    def repo_edit(self) -> str | None:
        return self.content.address.edit_base


def collect(content: ContentSet, packs: list[PackInfo], rendered: Rendered,
            plain: Callable[[Iterable[str]], dict[str, str]], keep: Keep | None = None) -> SiteData:
    """Everything the page templates read, indexed before any page is written (so pages may be
    written in any order). plain: how the bibliography's LaTeX is decoded (Rendering.plain); keep: where
    the related records are kept from build to build (FragmentStore.kept)."""
    records = content.published
    for record in records:
        if record.id == "index":
            raise CasebookError("a record id cannot be 'index': that address is the case index")
    by_theme: dict[str, list[Record]] = {t.id: [] for t in content.taxonomy.themes}
    organisations: dict[str, OrgPage] = {}
    by_key: dict[str, list[Record]] = defaultdict(list)
    ref_keys: dict[str, list[str]] = {}
    for record in records:
        ref_keys[record.id] = rendered.cited_on(urls.record_page(record.id))  # as the render found them
        for key in ref_keys[record.id]:
            by_key[key].append(record)
        for theme in record.themes:
            by_theme.setdefault(theme, []).append(record)
        for org in record.organisations:
            slug = urls.slug(org.name)
            if slug == "index":
                raise CasebookError(f"organisation name {org.name!r} would take the organisations index address")
            entry = organisations.setdefault(slug, OrgPage(slug, org.name, [], []))
            if org.name not in entry.names:
                entry.names.append(org.name)
            if org not in entry.facts:  # a handful of distinct facts per organisation
                entry.facts.append(org)
            if not entry.records or entry.records[-1].id != record.id:  # records arrive in order
                entry.records.append(record)
    for org_page in organisations.values():
        org_page.names.sort()
        org_page.name = org_page.names[0]  # same slug, same page: the first name in order is the title
    organisations = dict(sorted(organisations.items()))
    return SiteData(content, Labels.from_schema(content.schema), records, by_theme, organisations,
                    ref_keys, dict(by_key), {p.slug: p for p in packs},
                    bibliography_views(content.bibliography, content.works, plain), overdue(records, today()),
                    kept_related(records, content.taxonomy, keep), readings(records))


def recent(records: list[Record], attribute: str, limit: int = 8) -> list[Record]:
    dated = [r for r in records if getattr(r, attribute)]
    return sorted(dated, key=lambda r: (getattr(r, attribute), r.id), reverse=True)[:limit]


def recently_reviewed(records: list[Record], limit: int = 8) -> list[Record]:
    """Records re-reviewed since they were added. A record reviewed on the day it was added is
    news under "Recently added"; listing it here too made the two home lists the same."""
    return recent([r for r in records if not r.added or r.last_reviewed > r.added], "last_reviewed", limit)
