"""The edition: a validated content set and its rendering, prepared once into what every output reads.

`prepare` reads and renders once: the records' text through the fragment store (pandoc), the
site's HTML for each page (cleaned when a page asks for it), the indexes every page and data
file is made from (by theme, organisation and cited work; related records; overdue reviews; the
bibliography as readers see it). The builders (casebook/builders/) read only this object, so no
output works out its own view of a record, and none renders anything again.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.edition.html import Rendered, plain_text, site_html
from casebook.edition.indexes import SiteData, collect
from casebook.edition.record_view import RecordView, record_views
from casebook.fragments import Rendering, Sources, render_units
from casebook.fragments.store import FragmentStore
from casebook.fragments.units import content_units
from casebook.model import ContentSet, PackInfo

__all__ = ["Edition", "RecordView", "prepare"]


@dataclass(frozen=True)
class Edition:
    """One build's content, its rendering and the views of it every output reads."""

    content: ContentSet
    rendering: Rendering  # every unit's fragments (HTML, Typst, keys; the AST on demand) and references
    rendered: Rendered  # the site's HTML by page, and each reference's
    site: SiteData  # the indexes: by theme, organisation, key; related; overdue; works as readers see them
    views: dict[str, RecordView]  # each published record as every output shows it, by id
    packs: tuple[PackInfo, ...] = ()  # the pre-built packs the site offers

    @property
    def reference_texts(self) -> dict[str, str]:
        """Each reference as plain text (the Propose page offers them by key)."""
        return {key: plain_text(html) for key, html in self.rendered.references.items()}


def prepare(content: ContentSet, rendering: Rendering | None = None, packs: list[PackInfo] | None = None,
            store: FragmentStore | None = None) -> Edition:
    """The edition of a validated content set: rendered (or read back from the store) once. store: the
    fragment store, which also keeps what takes long to work out and most edits leave alone."""
    if rendering is None:
        rendering = render_units(content_units(content), Sources.of(content), store)
    rendered = site_html(content, rendering)
    packs = list(packs or [])
    return Edition(content, rendering, rendered, collect(content, packs, rendered, rendering.plain,
                                                           store.kept if store is not None else None),
                   record_views(content, rendering), tuple(packs))
