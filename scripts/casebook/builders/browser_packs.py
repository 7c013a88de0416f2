"""Briefing packs made in the reader's browser: the data, template, fonts and Typst compiler the site serves.

The browser gathers the pack.json that pack/pack_data.py makes for `casebook pack` (from
these files, written from the same fragment store) and compiles the same pack.typ, which
does all the assembly, with Typst built for WebAssembly in a Web Worker; Word packs are set
by docx, also from npm. Nothing is fetched from another host; the compiler (~28 MB) and
fonts load only when a reader first asks for a pack.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Mapping
from fnmatch import fnmatch
from pathlib import Path

from casebook.builders.files import FolderWriter
from casebook.edition.record_view import RecordView
from casebook.fragments import Rendering
from casebook.fragments.units import record_unit
from casebook.model import ContentSet
from casebook.pack.fonts import font_files
from casebook.pack.pack_data import record_data, record_summary, shared_data
from casebook.pack.typst_pack import TEMPLATE
from casebook.problems import CasebookError
from casebook.selection import pack_order

DATA = "packs/data"
TYPST_ASSETS = "assets/casebook/typst"
FONT_ASSETS = "assets/casebook/fonts"
# docx from npm (one self-contained ES module) makes the Word packs in the browser.
DOCX_MODULE = ("docx/dist/index.mjs", "assets/casebook/docx/docx.mjs")
NOT_VENDORED = ("*.d.ts", "*.d.mts", "*.map", "*.cjs")  # type declarations, source maps, CommonJS copies
# What the site needs from npm (installed by the Makefile), by where it goes under TYPST_ASSETS.
TYPST_PACKAGE = "@myriaddreamin/typst.ts"
VENDORED = {
    "typst.ts": "@myriaddreamin/typst.ts/dist/esm",
    "web-compiler": "@myriaddreamin/typst-ts-web-compiler/pkg",
}


def vendor_typst(node_modules: Path, docs: Path,
                 kept: Callable[[str, str], bool] = lambda docs_path, inputs: False) -> None:
    """Copy the pinned typst.ts front end and WebAssembly compiler, docx, and the fonts into the site.

    kept(docs path, digest of its inputs): whether the previous build's copy of a file stands; a file
    is known by its path, size and modification time, so the 28 MB compiler is neither copied nor
    hashed again while npm leaves it alone."""
    copies: list[tuple[Path, str]] = []
    for target, source in VENDORED.items():
        folder = node_modules / source
        if not folder.is_dir():
            raise CasebookError(f"{folder} is missing: the site's briefing packs need typst.ts from npm; "
                                "run `make build` (it installs the pinned packages)")
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not any(fnmatch(path.name, pattern) for pattern in NOT_VENDORED):
                copies.append((path, f"{TYPST_ASSETS}/{target}/{path.relative_to(folder).as_posix()}"))
    source, target = DOCX_MODULE
    if not (node_modules / source).is_file():
        raise CasebookError(f"{node_modules / source} is missing: the site's Word packs need docx from npm; "
                            "run `make build` (it installs the pinned packages)")
    copies.append((node_modules / source, target))
    copies += [(path, f"{FONT_ASSETS}/{path.name}") for path in font_files()]
    for path, docs_path in copies:
        stat = path.stat()
        if not kept(docs_path, f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"):
            (docs / docs_path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / docs_path)


def write_pack_data(content: ContentSet, rendering: Rendering, views: Mapping[str, RecordView],
                    files: FolderWriter, page_inputs: Callable[[str], str | None] = lambda record_id: None,
                    kept: Callable[[str, str], bool] = lambda docs_path, inputs: False) -> None:
    """packs/data/index.json (what every pack needs, and every record's summary: enough for a
    listing) and packs/data/records/<id>.json (a record's full pack data, for full text and digests),
    from the edition's record views.

    page_inputs(record id): the digest of what the record's page is made from (site/page_inputs.py),
    when known; with its pieces' store key (what its Typst was made from: Rendering.keys) that is what
    its pack data is made from, and kept(docs path, that digest) says whether the previous build's file
    stands (at 5,000 records, making and hashing every record's data took 0.5 s of each rebuild, and
    hashing the Typst of each 0.2 s more)."""
    link_base = content.address.url
    records = _pack_order(content)
    for record_id in records:
        path = f"{DATA}/records/{record_id}.json"
        page, pieces = page_inputs(record_id), rendering.keys.get(record_unit(record_id))
        if page is not None and pieces is not None:
            made_from = hashlib.sha256(f"{page}|{link_base}|{pieces}".encode()).hexdigest()
            if kept(path, made_from):
                continue
        data = record_data(views[record_id], rendering, link_base)
        files.put_text(path, json.dumps(data, ensure_ascii=False))
    index = {
        **shared_data(content, rendering, link_base), "template": TEMPLATE.name,
        "records": {rid: {"rank": rank, **record_summary(views[rid], link_base)}
                    for rank, rid in enumerate(records)},
        "fonts": [f"{FONT_ASSETS}/{path.name}" for path in font_files()],
    }
    files.put_text(f"{DATA}/index.json", json.dumps(index, ensure_ascii=False))
    files.put(f"{DATA}/{TEMPLATE.name}", TEMPLATE.read_bytes())


def _pack_order(content: ContentSet) -> Iterable[str]:
    """Published ids in the order `select` puts them in a pack, so the browser need only sort by rank."""
    return [r.id for r in sorted(content.published, key=pack_order(content.schema))]
