"""pack.json: everything templates/pack/pack.typ needs to assemble a PDF pack, as plain data.

The template does the assembly (the selection in words, the default title, counts, charts,
which records give full text, which references are cited); this module and the reader's
browser only gather its input. The shapes are made here once: the site writes
`shared_data` as packs/data/index.json (with `record_summary` for every record) and
`record_data` as packs/data/records/<id>.json, and the browser's gather
(assets/site/pack-gather.js) puts them together as `pack_data` does below.

Record prose travels as the fragment store's Typst markup, a string the template evaluates
with eval(mode: "markup"); every other string is shown as text, never read as markup.
"""

from __future__ import annotations

from dataclasses import asdict

from casebook.edition.record_view import FIGURE_HEADINGS, RecordView, record_view
from casebook.fragments import Rendering
from casebook.fragments.units import record_unit
from casebook.model import READING, ContentSet, Record
from casebook.pack import contents
from casebook.pack.contents import FINDINGS_LIMIT, record_entry
from casebook.selection import Selection, labels, readings
from casebook.words import PACK_WORDS

# From this many records a pack is a listing (title, facts, address): full text or summaries of
# thousands of records is no briefing, and Typst in the browser could not set it in a minute.
LISTING_FROM = 250
# How pack.typ chooses: "auto" (full text if it can fit the budget, else a digest; a listing from
# LISTING_FROM records), or one of them forced ("full" is `casebook pack --full`).
MODES = ("auto", "full", "digest", "listing")


def record_summary(view: RecordView, link_base: str | None) -> dict:
    """What every pack needs of a record, even a listing: facts for the charts and the listing, and
    the keys of every work it cites (for the count of sources)."""
    record = view.record
    return {
        "title": record.title, "kind": record.kind, "themes": list(record.themes),
        "org_types": list(view.org_types), "regions": list(view.regions),
        "year": str(record.year) if record.year else None,
        "organisations": view.organisations, "page_url": view.page_url(link_base), "cites": list(view.cites),
    }


def record_data(view: RecordView, rendering: Rendering, link_base: str | None) -> dict:
    """A record as a full or digest pack shows it: summary fields, facts, piece names, and the
    pieces themselves (Typst markup) with the keys each cites."""
    pieces = rendering.pieces[record_unit(view.id)]
    entry = asdict(record_entry(view, link_base, digest=False))
    return {**record_summary(view, link_base), **entry,
            "pieces": {name: piece.typst for name, piece in pieces.items()},
            "html": {name: piece.html for name, piece in pieces.items()},  # the Word and HTML packs' prose
            "keys": {name: list(piece.keys) for name, piece in pieces.items()}}


def shared_data(content: ContentSet, rendering: Rendering, link_base: str | None) -> dict:
    """What does not depend on the selection: words, names and labels, limits, the references."""
    schema = content.schema
    return {
        "words": dict(PACK_WORDS), "subtitle": PACK_WORDS["subtitle"], "budget": contents.PAGE_BUDGET,
        "listing_from": LISTING_FROM, "findings_limit": FINDINGS_LIMIT, "figure_headings": dict(FIGURE_HEADINGS),
        "site_url": link_base, "reading": READING,
        "themes": {t.id: t.title for t in content.taxonomy.themes},
        "labels": {name: labels(schema, name) for name in ("org_type", "kind", "evidence_type")},
        "readings": {name: sorted(values) for name, values in readings(content.published).items()},
        "reference_order": list(rendering.references),
        "references": {key: ref.typst for key, ref in rendering.references.items()},
        "references_html": {key: ref.html for key, ref in rendering.references.items()},
    }


def pack_data(content: ContentSet, rendering: Rendering, records: list[Record], selection: Selection,
              title: str | None, iso_date: str, view_url: str | None, mode: str, link_base: str | None) -> dict:
    """pack.json for these records (in pack order); title None: the template makes one from the filters."""
    if mode not in MODES:
        raise ValueError(f"pack mode {mode!r}: one of {MODES}")
    shared = shared_data(content, rendering, link_base)
    listing = mode == "listing" or (mode == "auto" and len(records) >= LISTING_FROM)
    if listing:
        chosen = [{"id": r.id, **record_summary(record_view(r, content, rendering), link_base)} for r in records]
    else:
        chosen = [{"id": r.id, **record_data(record_view(r, content, rendering), rendering, link_base)}
                  for r in records]
    cited = {k for r in chosen for k in r["cites"]}
    shared["references"] = {k: v for k, v in shared["references"].items() if k in cited}
    shared["references_html"] = {k: v for k, v in shared["references_html"].items() if k in cited}
    return {**shared, "title": title, "iso_date": iso_date, "view_url": view_url, "mode": mode,
            "selection": {"values": [[name, list(values)] for name, values in selection.values],
                          "ids": list(selection.ids)},
            "records": chosen}
