"""One builder per output, run from a list, then the site generator over what they wrote.

Each builder reads the edition (casebook/edition/) and writes its files. Pages and what they load
(the site's own pages, the self-assessment, the Propose page, the data the browser makes packs
from) go into the docs folder the site generator reads; the generator builds HTML on top of the
previous build (only what changed). Files that are only downloaded (the open data with its feed,
each record's sources, the pre-built packs) go straight into the built site meanwhile Pagefind
indexes it on another core, and then the links are checked. The preview keeps from its first build
what only a published site needs (search index, whole-collection downloads).

build.py (`casebook build`), serve.py (`casebook serve`) and bench/ all run this one list.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from casebook import urls
from casebook.builders.assessment import write_assessment_page
from casebook.builders.browser_packs import vendor_typst, write_pack_data
from casebook.builders.files import FolderWriter, file_digest
from casebook.builders.opendata import write_open_data
from casebook.builders.propose_page import write_propose_page
from casebook.builders.search import BUNDLE, finish_indexing, start_indexing
from casebook.builders.source_downloads import write_source_files
from casebook.edition import Edition, prepare
from casebook.fragments import FragmentStore, Rendering, Sources
from casebook.memory import collector_paused, ram_folder
from casebook.model import ContentSet, PackInfo
from casebook.problems import CasebookError
from casebook.site import (
    ASSESSMENT_DOCS,
    NAV_FILE,
    PROPOSE_DOCS,
    generator,
    page_writer,
    site_settings,
    write_handwritten_pages,
)
from casebook.site.generator import SiteSettings, output_of
from casebook.site.linkcheck import broken_links
from casebook.site.linking import Linking, link_folder
from casebook.site.manifest import Manifest, of_docs, settings_digest, witnessed
from casebook.site.manifest import read as read_manifest
from casebook.site.pages import PageWriter
from casebook.site.progress import Progress

__all__ = ["BUILDERS", "NAV_FILE", "SiteBase", "build_site", "previous_build"]


@dataclass(frozen=True)
class SiteBase:
    """The previous build to build on: its site folder and the manifest it left (site/manifest.py)."""

    site: Path
    manifest: Manifest


def previous_build(site: Path, manifest_path: Path) -> SiteBase | None:
    """The last build to build on, when its manifest still describes the site folder."""
    found = read_manifest(manifest_path, site) if site.is_dir() else None
    return SiteBase(site, found) if found is not None else None


@dataclass
class Output:
    """Where the builders write, and what this build is."""

    edition: Edition
    docs: Path
    pages: PageWriter  # the generated pages; keeps those whose inputs are unchanged
    publish: bool  # False in the preview
    node_modules: Path | None  # typst.ts from npm: with it the site makes packs in the reader's browser
    live_reload: bool
    files: FolderWriter  # the builder's files, less those the previous build made alike (builders/files.py)
    kept: Callable[[str], bool] = lambda path: False  # a download the preview keeps from its previous build


@dataclass(frozen=True)
class Builder:
    name: str
    doing: str | None  # what the progress line says (None: the builder shows its own progress)
    build: Callable[[Output], None]
    runs: Callable[[Output], bool] = lambda out: True
    # "docs": pages and what they load, for the generator; "site": downloads, written beside the built
    # pages while search indexes them (out.docs is then a folder whose files go into the site as they are)
    phase: str = "docs"


def _site_pages(out: Output) -> None:
    write_handwritten_pages(out.edition, out.docs, out.live_reload)
    jobs = list(out.pages.all_pages())
    with Progress().bar("Writing pages", len(jobs)) as advance:
        for _, write in jobs:
            write()
            advance()


def _assessment(out: Output) -> None:
    written = write_assessment_page(out.edition.content, out.edition.rendering, out.docs)
    assert written == ASSESSMENT_DOCS, written  # the navigation names it before it is written


def _propose(out: Output) -> None:
    written = write_propose_page(out.edition.content, out.docs, out.edition.reference_texts, out.edition.site.works,
                                 out.pages.kept_from_inputs)
    assert written == PROPOSE_DOCS, written


def _browser_packs(out: Output) -> None:
    assert out.node_modules is not None
    vendor_typst(out.node_modules, out.docs, out.pages.kept_from_inputs)
    write_pack_data(out.edition.content, out.edition.rendering, out.edition.views, out.files,
                    out.pages.record_inputs, out.pages.kept_from_inputs)


def _open_data(out: Output) -> None:
    write_open_data(out.edition.site, out.edition.rendered, out.files, out.kept)


def _sources(out: Output) -> None:
    site, content = out.edition.site, out.edition.content
    write_source_files(content.bib_text, {r.id: site.ref_keys[r.id] for r in site.records}, out.files,
                       Sources.of(content).works_json)


def _packs(out: Output) -> None:
    for pack in out.edition.packs:
        target = out.docs / urls.pack_file(pack.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pack.path, target)
        if pack.docx_path:
            shutil.copyfile(pack.docx_path, out.docs / urls.pack_file(pack.slug, "docx"))


# In order; each writes files of its own into docs/.
BUILDERS: tuple[Builder, ...] = (
    Builder("site pages", None, _site_pages),
    Builder("self-assessment", "Writing the self-assessment page", _assessment,
            runs=lambda out: out.edition.content.assessment is not None),
    Builder("propose", "Writing the Propose page (Ajv compiles the record schema)", _propose),
    Builder("browser packs", "Vendoring Typst and the records' data for packs made in the browser", _browser_packs,
            runs=lambda out: out.node_modules is not None),
    Builder("open data", "Writing open data and the feed", _open_data, phase="site"),
    Builder("sources", "Writing each record's sources for reference managers", _sources, phase="site"),
    Builder("packs", "Copying the pre-built packs", _packs, runs=lambda out: bool(out.edition.packs), phase="site"),
)


def build_site(content: ContentSet, out_dir: Path, packs: list[PackInfo], rendering: Rendering | None = None,
               keep_docs: Path | None = None, live_reload: bool = False, node_modules: Path | None = None,
               base: SiteBase | None = None, search: bool = True, scratch: tuple[Path, Path] | None = None,
               edition: Edition | None = None, store: FragmentStore | None = None) -> Manifest:
    """Build the whole site into out_dir (which must not exist yet); return the build's manifest.

    rendering: the content's units from the fragment store (rendered here when not given); edition:
    the content already prepared (then content, packs and rendering are its own).
    keep_docs: also copy the generated Markdown pages and the final navigation there,
    so the benchmark can time a bare mkdocs build of the same pages.
    live_reload: add the preview's reload script (`casebook serve`; never in a published build).
    node_modules: where npm installed typst.ts; with it the site makes briefing packs in the
    reader's browser (builders/browser_packs.py), without it the site offers only the pre-built packs.
    base: the previous build; only the pages whose docs changed are built again, the rest are
    hard-linked from it (the result is byte for byte what a full build gives).
    search: a published build (the default). The preview (search=False) keeps from the previous
    build what only a publish needs and nothing on a page reads: Pagefind's index (Pagefind reads
    every page, so it takes as long as a small site's whole build) and the whole-collection
    downloads (cases.json, cases.csv, feed.xml).
    scratch: two empty folders that the caller removes (the preview removes them after the new site is
    being served): for the downloads, on the output's file system, and for the generated Markdown, in
    memory where there is room (memory.ram_folder); by default temporary folders removed before returning
    (removing 10,000 pages' Markdown took 0.2 s of a preview at 5,000 records).
    store: the fragment store, which also keeps the Markdown of pages written from what they show.
    A build on the previous one runs with the cycle collector paused (memory.collector_paused).
    """
    with collector_paused(base is not None):
        progress = Progress()
        if edition is None:
            with progress.step("Reading the bibliography as readers see it (pandoc decodes its LaTeX)"):
                edition = prepare(content, rendering, packs, store)
        # Downloads are written beside the output, on its file system, to be renamed into it.
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        for folder in scratch or ():
            folder.mkdir(parents=True, exist_ok=True)
        ram = ram_folder()
        with contextlib.nullcontext(str(scratch[0])) if scratch is not None else \
                tempfile.TemporaryDirectory(prefix="casebook-build-", dir=out_dir.parent) as tmp, \
                contextlib.nullcontext(str(scratch[1])) if scratch is not None else \
                tempfile.TemporaryDirectory(prefix="casebook-docs-", dir=ram) if ram else \
                contextlib.nullcontext(tmp) as docs_home:
            docs = Path(docs_home) / "docs"
            docs.mkdir()
            briefing = node_modules is not None
            settings = site_settings(edition, briefing, live_reload)
            # Built on the previous site (same settings): its files are linked into out_dir while the docs are
            # written (site/linking.py); a publish makes the search index again, the preview keeps it.
            linking = Linking(base.site, out_dir, (BUNDLE,) if search else ()) \
                if base is not None and base.manifest.settings == settings_digest(settings) else None
            try:
                pages = page_writer(edition, docs, settings, briefing, base.manifest if base is not None else None,
                                    store)
                # A docs file the previous build made alike is left out: the generator keeps its output.
                files = FolderWriter(docs, pages.inputs.files if pages.inputs is not None else {})
                out = Output(edition, docs, pages, search, node_modules, live_reload, files)
                _run(BUILDERS, "docs", out, progress)
                pages.kept.update(files.kept)
                manifest = of_docs(docs, pages.chunks, settings, pages.kept,
                                   pages.inputs.now if pages.inputs else None)
                built = _generate(docs, out_dir, settings, pages, base, linking, manifest, progress)
            finally:
                if linking is not None:
                    linking.stop()
            if keep_docs is not None:
                shutil.copytree(docs, keep_docs)
                (keep_docs / NAV_FILE).write_text(json.dumps(settings.nav), encoding="utf-8")
            downloads = _downloads_and_checks(out, out_dir, built, base, Path(tmp) / "downloads", progress)
            return witnessed(replace(manifest, downloads=downloads), out_dir)


def _run(builders: tuple[Builder, ...], phase: str, out: Output, progress: Progress) -> None:
    for builder in builders:
        if builder.phase != phase or not builder.runs(out):
            continue
        with progress.step(builder.doing) if builder.doing else contextlib.nullcontext():
            builder.build(out)


def _downloads_and_checks(out: Output, out_dir: Path, built: generator.Built, base: SiteBase | None,
                          folder: Path, progress: Progress) -> dict[str, str]:
    """Search indexes the built pages (Pagefind, on another core) while the downloads are written and put
    into the site; then every internal link of the pages written is checked. Returns the downloads'
    paths with their digests (a download the previous build made alike is kept: builders/files.py).

    A download is written beside and renamed into place, never into a file the previous build shares; one
    the previous build had and this one does not is removed from the new site. The preview keeps the
    previous build's search index and whole-collection downloads."""
    indexing = start_indexing(out_dir) if out.publish or base is None else None
    if indexing is None and base is not None and not (out_dir / BUNDLE).exists():
        link_folder(base.site / BUNDLE, out_dir / BUNDLE)
    try:
        folder.mkdir(parents=True)
        previous = dict(base.manifest.downloads) if base is not None and built.full is False else {}
        site = str(out_dir)  # os.path, not a Path per download: 15,000 of them at 5,000 records
        keepable = {p for p in previous if not out.publish and os.path.isfile(os.path.join(site, p))}
        kept: dict[str, str] = {}

        def keep(path: str) -> bool:
            if path in keepable:
                kept[path] = previous[path]
            return path in kept

        files = FolderWriter(folder, previous)
        _run(BUILDERS, "site", replace(out, docs=folder, kept=keep, files=files), progress)
        written = _place(folder, out_dir)
        kept.update(files.kept)
        for stale in set(previous) - written - set(kept):
            (out_dir / stale).unlink(missing_ok=True)
        with progress.step("Checking internal links" + (" while Pagefind indexes for search" if indexing else "")):
            broken = broken_links(out_dir, None if built.full else [output_of(p) for p in built.pages])
    finally:
        if indexing is not None:
            with progress.step("Indexing for search (pagefind)"):
                finish_indexing(out_dir, indexing)
    if broken:
        shown = "\n".join(broken[:20])
        raise CasebookError(f"{len(broken)} broken internal link(s) in the built site:\n{shown}")
    return {**{path: files.digests.get(path) or file_digest(out_dir / path) for path in written}, **kept}


def _place(folder: Path, site: Path) -> set[str]:
    """Every file under folder renamed to the same place in site (replacing, never writing through, a file
    there); returns their paths."""
    placed = set()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, site / rel)
            placed.add(rel)
    return placed


def _generate(docs: Path, out_dir: Path, settings: SiteSettings, pages: PageWriter, base: SiteBase | None,
              linking: Linking | None, manifest: Manifest, progress: Progress) -> generator.Built:
    """The site generator over docs/, on top of the previous build when there is one to build on (linking)."""
    changes = base.manifest.changes(manifest) if base is not None else None
    assert (linking is None) == (changes is None), "linked the previous site for a build from nothing"
    with progress.step("Building HTML (mkdocs)" + (", the pages that changed" if changes else "")):
        return generator.build(docs, out_dir, settings, pages.chunks, linked=linking,
                               changed=changes[0] if changes else None, removed=changes[1] if changes else ())
