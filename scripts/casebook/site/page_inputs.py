"""What each record and organisation page is made from, as a digest: a rebuild writes only the pages it changes.

A page's digest covers everything its template reads: the record (or organisation) as data,
its rendered fragments and references, the works it cites as readers see them, its related
records, whether its review is overdue; and, common to every page, the site's address, the
taxonomy and schema, and the code and templates that turn them into Markdown (every file of
the casebook package, so a changed template or function never leaves a page stale). When the
previous build's manifest holds the same digest for a page, its Markdown is not generated again:
the page's output is kept from the previous site (site/generator.py) and its file digest from
the previous manifest (site/manifest.py).

The pages that show every record (home, case index, themes, bibliography, evidence map) are
always written: any edit can change them, there are a handful of them, and the generator builds
every navigation page again anyway (site/generator.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from casebook import urls
from casebook.edition.html import Rendered
from casebook.edition.indexes import OrgPage, SiteData
from casebook.fragments.units import record_unit
from casebook.model import Record


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@dataclass
class PageInputs:
    """Digests of the record and organisation pages of one build, and the previous build's, to compare."""

    site: SiteData
    rendered: Rendered
    common: str  # digest of what every page shares (see common_inputs)
    # unit id -> the fragment store's key of its pieces (Rendering.keys), a digest of all that made them
    pieces_keys: Mapping[str, str] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)  # docs path -> inputs digest, the previous build's
    files: dict[str, str] = field(default_factory=dict)  # docs path -> file digest, the previous build's
    now: dict[str, str] = field(default_factory=dict)  # docs path -> digest, this build
    _records: dict[str, str] = field(default_factory=dict)  # record id -> digest (record() is asked twice)

    def record(self, r: Record) -> str:
        """The record as its file has it (the same text under the same code and taxonomy is the same
        record; repr of one made in memory), its fragments (by the store's key of them, which names all
        that made them, or as the store gave them; cleaning them is code), its works, related records and
        review, hashed as they are, not through repr (at 5,000 records, 0.3 s of every rebuild went on
        repr of records and their HTML). Asked for by the record's page and by its cards on listing pages
        (site/cards.py): made once a build."""
        found = self._records.get(r.id)
        if found is None:
            found = self._records[r.id] = self._record(r)
        return found

    def _record(self, r: Record) -> str:
        page = urls.record_page(r.id)
        keys = self.site.ref_keys[r.id]
        h = hashlib.sha256(self.common.encode("ascii"))
        text = self.site.content.record_texts.get(r.id)
        h.update(b"text\0" + text.encode("utf-8") if text is not None else b"repr\0" + repr(r).encode("utf-8"))
        made = self.pieces_keys.get(record_unit(r.id))
        if made is not None:  # what made the fragments, not their HTML (0.25 s of a rebuild at 5,000 records)
            h.update(b"\0pieces\0" + made.encode("ascii"))
        else:
            for name, html in sorted(self.rendered.raw[page].items()):
                h.update(b"\0" + name.encode("utf-8") + b"\0" + html.encode("utf-8"))
        h.update(b"\0" + _digest(keys, [self._works.get(k) for k in keys],
                                  [(other.id, other.title, why) for other, why in self.site.related.get(r.id, [])],
                                  self.site.overdue.get(r.id)).encode("ascii"))
        return h.hexdigest()

    @cached_property
    def _works(self) -> dict[str, str]:
        """Each cited work's reference entry and reading, as a digest: once a build, not once a citation."""
        return {k: _digest(html, repr(self.site.works.get(k))) for k, html in self.rendered.references.items()}

    def organisation(self, org: OrgPage) -> str:
        """The organisation's names and facts, and its records by their pages' digests (which hold the records'
        text and review): not repr of the records, 0.2 s of every rebuild at 5,000 records."""
        return _digest(self.common, org.slug, org.name, org.names, repr(org.facts),
                       [self.record(r) for r in org.records])

    def shown(self, page: str, template: str, shows: object) -> str:
        """A page written from what it shows (PageWriter.write): that, with what every page shares."""
        return _digest("shown", self.common, page, template, shows)

    def unchanged(self, docs_path: str, digest: str) -> bool:
        """Record this build's digest of a page; whether the previous build made the page from the same."""
        self.now[docs_path] = digest
        return self.previous.get(docs_path) == digest


def common_inputs(site: SiteData, code: str, assessment: str | None, briefing: bool) -> str:
    """What every record and organisation page depends on besides its own data."""
    content = site.content
    return _digest(code, repr(content.taxonomy), content.schema_text, repr(content.address),
                   repr(site.labels), assessment, briefing)
