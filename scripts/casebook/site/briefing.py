"""Briefing packs made in the reader's browser: the data, template, fonts and Typst compiler the site serves.

The browser assembles exactly what pack/typst_pack.py writes for `casebook pack` (the same
pack.typ, pack.json and fragments.typ, from the same fragment store) and compiles it with
Typst built for WebAssembly. Nothing is fetched from another host; the compiler (~28 MB)
and fonts load only when a reader first asks for a pack.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from casebook.fragments import Rendering
from casebook.fragments.units import record_unit
from casebook.model import READING, ContentSet
from casebook.pack.contents import DIGEST_NOTE, FIGURE_HEADINGS, FINDINGS_LIMIT, PAGE_BUDGET, SUBTITLE, record_entry
from casebook.pack.fonts import font_files
from casebook.pack.typst_pack import TEMPLATE
from casebook.problems import CasebookError
from casebook.selection import FACETS, labels, lower_label, pack_order, readings

DATA = "packs/data"
TYPST_ASSETS = "assets/casebook/typst"
FONT_ASSETS = "assets/casebook/fonts"
# What the site needs from npm (installed by the Makefile), by where it goes under TYPST_ASSETS.
TYPST_PACKAGE = "@myriaddreamin/typst.ts"
VENDORED = {
    "typst.ts": "@myriaddreamin/typst.ts/dist/esm",
    "web-compiler": "@myriaddreamin/typst-ts-web-compiler/pkg",
}


def vendor_typst(node_modules: Path, docs: Path) -> None:
    """Copy the pinned typst.ts front end and WebAssembly compiler into the site."""
    for target, source in VENDORED.items():
        folder = node_modules / source
        if not folder.is_dir():
            raise CasebookError(f"{folder} is missing: the site's briefing packs need typst.ts from npm; "
                                "run `make build` (it installs the pinned packages)")
        shutil.copytree(folder, docs / TYPST_ASSETS / target,
                        ignore=shutil.ignore_patterns("*.d.ts", "*.d.mts", "*.map", "*.cjs"))
    (docs / FONT_ASSETS).mkdir(parents=True, exist_ok=True)
    for path in font_files():
        shutil.copyfile(path, docs / FONT_ASSETS / path.name)


def write_pack_data(content: ContentSet, rendering: Rendering, docs: Path) -> None:
    """packs/data/index.json (what every pack needs) and packs/data/records/<id>.json (one per record)."""
    folder = docs / DATA / "records"
    folder.mkdir(parents=True, exist_ok=True)
    records = _pack_order(content)
    for record_id in records:
        pieces = rendering.pieces[record_unit(record_id)]
        entry = record_entry(content.record(record_id), content, content.address.url, digest=False)
        data = {"entry": asdict(entry), "pieces": {n: p.typst for n, p in pieces.items()},
                "keys": {n: list(p.keys) for n, p in pieces.items()}}
        (folder / f"{record_id}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    schema = content.schema
    index = {
        "template": TEMPLATE.name, "subtitle": SUBTITLE, "budget": PAGE_BUDGET, "findings_limit": FINDINGS_LIMIT,
        "digest_note": DIGEST_NOTE.format(budget=PAGE_BUDGET), "site_url": content.address.url,
        "figure_headings": FIGURE_HEADINGS,
        "facets": [f.name for f in FACETS],
        "themes": [[t.id, t.title] for t in content.taxonomy.themes],
        "labels": {name: labels(schema, name) for name in ("org_type", "kind", "evidence_type")},
        "lower_kinds": {k: lower_label(v) for k, v in labels(schema, "kind").items()},
        "reading": READING,  # selection.describe marks chosen organisation facts that are Casebook's reading
        "readings": {name: sorted(values) for name, values in readings(content.published).items()},
        "records": {rid: _summary(content, rendering, rid, rank) for rank, rid in enumerate(records)},
        "reference_order": list(rendering.references),
        "references": {key: ref.typst for key, ref in rendering.references.items()},
        "fonts": [f"{FONT_ASSETS}/{path.name}" for path in font_files()],
    }
    (docs / DATA / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    shutil.copyfile(TEMPLATE, docs / DATA / TEMPLATE.name)


def _pack_order(content: ContentSet) -> Iterable[str]:
    """Published ids in the order `select` puts them in a pack, so the browser need only sort by rank."""
    return [r.id for r in sorted(content.published, key=pack_order(content.schema))]


def _summary(content: ContentSet, rendering: Rendering, record_id: str, rank: int) -> dict:
    record = content.record(record_id)
    pieces = rendering.pieces[record_unit(record_id)]
    sources = set(record.cited_keys()) | {k for name, _ in record.markdown_fields() for k in pieces[name].keys}
    return {"title": record.title, "rank": rank, "kind": record.kind, "themes": list(record.themes),
            "sources": sorted(sources)}
