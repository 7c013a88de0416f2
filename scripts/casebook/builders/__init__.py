"""One builder per output, run from a list, then the site generator over what they wrote.

Each builder reads the edition (casebook/edition/) and writes its files into the docs folder the
site generator reads: the site's own pages, the self-assessment, the Propose page, the data the
browser makes packs from, the open data with its feed, each record's sources, the pre-built packs.
Then the generator builds HTML on top of the previous build (only what changed), search indexes
it and the links are checked. A builder marked `publish` is what only a published site needs: the
preview keeps the previous build's files instead (and says so in its docstring).

build.py (`casebook build`), serve.py (`casebook serve`) and bench/ all run this one list.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casebook import urls
from casebook.builders.assessment import write_assessment_page
from casebook.builders.opendata import write_open_data
from casebook.builders.search import BUNDLE, finish_indexing, start_indexing
from casebook.builders.source_downloads import write_source_files
from casebook.edition import Edition, prepare
from casebook.fragments import Rendering, Sources
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
from casebook.site.briefing import vendor_typst, write_pack_data
from casebook.site.generator import SiteSettings, output_of
from casebook.site.linkcheck import broken_links
from casebook.site.manifest import Manifest, of_docs, witnessed
from casebook.site.manifest import read as read_manifest
from casebook.site.pages import PageWriter
from casebook.site.progress import Progress
from casebook.site.propose_page import write_propose_page

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
    pages: PageWriter  # the generated pages; keeps those whose inputs are unchanged, and carries files over
    publish: bool  # False in the preview
    node_modules: Path | None  # typst.ts from npm: with it the site makes packs in the reader's browser
    live_reload: bool


@dataclass(frozen=True)
class Builder:
    name: str
    doing: str | None  # what the progress line says (None: the builder shows its own progress)
    build: Callable[[Output], None]
    runs: Callable[[Output], bool] = lambda out: True


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
    written = write_propose_page(out.edition.content, out.docs, out.edition.reference_texts)
    assert written == PROPOSE_DOCS, written


def _browser_packs(out: Output) -> None:
    assert out.node_modules is not None
    vendor_typst(out.node_modules, out.docs)
    write_pack_data(out.edition.content, out.edition.rendering, out.docs)


def _open_data(out: Output) -> None:
    write_open_data(out.edition.site, out.edition.rendered, out.docs,
                    (lambda docs_path: False) if out.publish else out.pages.carried)


def _sources(out: Output) -> None:
    site, content = out.edition.site, out.edition.content
    write_source_files(content.bib_text, {r.id: site.ref_keys[r.id] for r in site.records}, out.docs,
                       Sources.of(content).works_json)


def _packs(out: Output) -> None:
    for pack in out.edition.packs:
        target = out.docs / urls.pack_file(pack.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pack.path, target)


# In order; each writes files of its own into docs/.
BUILDERS: tuple[Builder, ...] = (
    Builder("site pages", None, _site_pages),
    Builder("self-assessment", "Writing the self-assessment page", _assessment,
            runs=lambda out: out.edition.content.assessment is not None),
    Builder("propose", "Writing the Propose page (Ajv compiles the record schema)", _propose),
    Builder("browser packs", "Vendoring Typst and the records' data for packs made in the browser", _browser_packs,
            runs=lambda out: out.node_modules is not None),
    Builder("open data", "Writing open data and the feed", _open_data),
    Builder("sources", "Writing each record's sources for reference managers", _sources),
    Builder("packs", "Copying the pre-built packs", _packs, runs=lambda out: bool(out.edition.packs)),
)


def build_site(content: ContentSet, out_dir: Path, packs: list[PackInfo], rendering: Rendering | None = None,
               keep_docs: Path | None = None, live_reload: bool = False, node_modules: Path | None = None,
               base: SiteBase | None = None, search: bool = True, scratch: Path | None = None,
               edition: Edition | None = None) -> Manifest:
    """Build the whole site into out_dir (which must not exist yet); return the build's manifest.

    rendering: the content's units from the fragment store (rendered here when not given); edition:
    the content already prepared (then content, packs and rendering are its own).
    keep_docs: also copy the generated Markdown pages and the final navigation there,
    so the benchmark can time a bare mkdocs build of the same pages.
    live_reload: add the preview's reload script (`casebook serve`; never in a published build).
    node_modules: where npm installed typst.ts; with it the site makes briefing packs in the
    reader's browser (site/briefing.py), without it the site offers only the pre-built packs.
    base: the previous build; only the pages whose docs changed are built again, the rest are
    hard-linked from it (the result is byte for byte what a full build gives).
    search: a published build (the default). The preview (search=False) keeps from the previous
    build what only a publish needs and nothing on a page reads: Pagefind's index (Pagefind reads
    every page, so it takes as long as a small site's whole build) and the whole-collection
    downloads (cases.json, cases.csv, feed.xml).
    scratch: an empty folder for the generated Markdown that the caller removes (the preview removes it
    after the new site is being served); by default a temporary folder removed before returning.
    """
    progress = Progress()
    if edition is None:
        with progress.step("Reading the bibliography as readers see it (pandoc decodes its LaTeX)"):
            edition = prepare(content, rendering, packs)
    # The generated Markdown beside the output, on its file system: the system's temporary folder can be a
    # slower one (here it took four times as long to write a thousand pages' folders).
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    with contextlib.nullcontext(str(scratch)) if scratch is not None else \
            tempfile.TemporaryDirectory(prefix="casebook-docs-", dir=out_dir.parent) as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        briefing = node_modules is not None
        settings = site_settings(edition, briefing, live_reload)
        pages = page_writer(edition, docs, settings, briefing, base.manifest if base is not None else None)
        out = Output(edition, docs, pages, search, node_modules, live_reload)
        for builder in BUILDERS:
            if not builder.runs(out):
                continue
            with progress.step(builder.doing) if builder.doing else contextlib.nullcontext():
                builder.build(out)
        manifest = of_docs(docs, pages.chunks, settings, pages.kept, pages.inputs.now if pages.inputs else None)
        built = _generate(docs, out_dir, settings, pages, base, manifest, progress)
        if keep_docs is not None:
            shutil.copytree(docs, keep_docs)
            (keep_docs / NAV_FILE).write_text(json.dumps(settings.nav), encoding="utf-8")
        _index_and_check(out_dir, built, base, search, progress)
        return witnessed(manifest, out_dir)


def _generate(docs: Path, out_dir: Path, settings: SiteSettings, pages: PageWriter, base: SiteBase | None,
              manifest: Manifest, progress: Progress) -> generator.Built:
    """The site generator over docs/, on top of the previous build when there is one to build on."""
    changes = base.manifest.changes(manifest) if base is not None else None
    with progress.step("Building HTML (mkdocs)" + (", the pages that changed" if changes else "")):
        return generator.build(docs, out_dir, settings, pages.chunks,
                               base=base.site if changes and base else None,
                               changed=changes[0] if changes else None, removed=changes[1] if changes else ())


def _index_and_check(out_dir: Path, built: generator.Built, base: SiteBase | None, search: bool,
                     progress: Progress) -> None:
    """Pagefind's index (or the previous build's, in the preview) and every internal link of the pages written."""
    with progress.step("Indexing for search (pagefind) and checking internal links" if search else
                       "Checking internal links"):
        indexing = start_indexing(out_dir) if search or base is None else None
        if indexing is None and base is not None:
            generator.link_folder(base.site / BUNDLE, out_dir / BUNDLE)
        try:
            broken = broken_links(out_dir, None if built.full else [output_of(p) for p in built.pages])
        finally:
            if indexing is not None:
                finish_indexing(out_dir, indexing)
    if broken:
        shown = "\n".join(broken[:20])
        raise CasebookError(f"{len(broken)} broken internal link(s) in the built site:\n{shown}")
