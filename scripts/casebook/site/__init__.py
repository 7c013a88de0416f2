"""Stage 3: a ContentSet to a mkdocs-material site.

build_site writes the hand-written pages and the generated ones into a temporary docs
folder, runs mkdocs strictly into out_dir, and checks every internal link. It reads
only the ContentSet (never the project folder). build.py swaps out_dir into site/ only
when all of that succeeded.
"""

from __future__ import annotations

import html as html_lib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from casebook import urls
from casebook.fragments import Rendering, Sources, render_units
from casebook.fragments.units import content_units
from casebook.model import ContentSet, PackInfo
from casebook.problems import CasebookError
from casebook.site import generator, paths
from casebook.site.assessment_page import write_assessment_page
from casebook.site.briefing import vendor_typst, write_pack_data
from casebook.site.generator import SiteSettings, output_of
from casebook.site.handwritten import write_handwritten
from casebook.site.linkcheck import broken_links
from casebook.site.manifest import Manifest, of_docs, witnessed
from casebook.site.manifest import read as read_manifest
from casebook.site.model import collect
from casebook.site.navigation import GeneratedNav, with_generated
from casebook.site.opendata import write_open_data
from casebook.site.pages import PageWriter
from casebook.site.paths import site_address
from casebook.site.progress import Progress
from casebook.site.propose_page import write_propose_page
from casebook.site.render import plain_text, site_html
from casebook.site.search import BUNDLE, finish_indexing, start_indexing
from casebook.site.source_downloads import write_source_files
from casebook.siteconfig import read_mkdocs_config

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "site"
PREVIEW_SCRIPT = ASSETS.parent / "preview" / "reload.js"

NAV_FILE = ".casebook-nav.json"  # a dot file: mkdocs ignores it as a page

__all__ = ["SiteBase", "build_site", "previous_build"]


@dataclass(frozen=True)
class SiteBase:
    """The previous build to build on: its site folder and the manifest it left (site/manifest.py)."""

    site: Path
    manifest: Manifest


def previous_build(site: Path, manifest_path: Path) -> SiteBase | None:
    """The last build to build on, when its manifest still describes the site folder."""
    found = read_manifest(manifest_path, site) if site.is_dir() else None
    return SiteBase(site, found) if found is not None else None


def build_site(content: ContentSet, out_dir: Path, packs: list[PackInfo], rendering: Rendering | None = None,
               keep_docs: Path | None = None, live_reload: bool = False, node_modules: Path | None = None,
               base: SiteBase | None = None, search: bool = True) -> Manifest:
    """Build the whole site into out_dir (which must not exist yet); return the build's manifest.

    rendering: the content's units from the fragment store (rendered here when not given).
    keep_docs: also copy the generated Markdown pages and the final navigation there,
    so the benchmark can time a bare mkdocs build of the same pages.
    live_reload: add the preview's reload script (`casebook serve`; never in a published build).
    node_modules: where npm installed typst.ts; with it the site makes briefing packs in the
    reader's browser (site/briefing.py), without it the site offers only the pre-built packs.
    base: the previous build; only the pages whose docs changed are built again, the rest are
    hard-linked from it (the result is byte for byte what a full build gives).
    search: index the site for search (Pagefind reads every page, so it takes as long as a small
    site's whole build). The preview skips it and keeps the previous build's index.
    """
    progress = Progress()
    with tempfile.TemporaryDirectory(prefix="casebook-docs-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        if rendering is None:
            with progress.step("Rendering record text and citations (pandoc)"):
                rendering = render_units(content_units(content), Sources.of(content))
        rendered = site_html(content, rendering)
        with progress.step("Reading the bibliography as readers see it (pandoc decodes its LaTeX)"):
            site = collect(content, packs, rendered)
        with progress.step("Copying hand-written pages"):
            write_handwritten(content, docs, site, rendered)
            shutil.copytree(ASSETS, docs / "assets" / "casebook")
        assessment_docs = write_assessment_page(content, rendering, docs)
        with progress.step("Writing the Propose page (Ajv compiles the record schema)"):
            references = {key: plain_text(html) for key, html in rendered.references.items()}
            propose_docs = write_propose_page(content, docs, references)
        if node_modules is not None:
            with progress.step("Vendoring Typst for packs made in the browser"):
                vendor_typst(node_modules, docs)
                write_pack_data(content, rendering, docs)
        writer = PageWriter(site, rendered, docs, site_address(assessment_docs) if assessment_docs else None,
                            briefing=node_modules is not None)
        jobs = list(writer.all_pages())
        with progress.bar("Writing pages", len(jobs)) as advance:
            for _, write in jobs:
                write()
                advance()
        with progress.step("Writing open data and the feed"):
            write_open_data(site, rendered, docs)
            write_source_files(content.bib_text, {r.id: site.ref_keys[r.id] for r in site.records}, docs,
                               Sources.of(content).works_json)
            _copy_packs(packs, docs)
        generated = GeneratedNav(
            themes=[(html_lib.escape(t.title, quote=True), paths.docs_file(urls.theme_page(t.id)))
                    for t in content.taxonomy.themes],
            assessment=assessment_docs, propose=propose_docs,
            basket=paths.docs_file(urls.BASKET) if node_modules is not None else None)
        nav = with_generated(read_mkdocs_config(content.site_inputs.mkdocs_yml).get("nav") or [], generated)
        extra = ()
        if live_reload:
            shutil.copyfile(PREVIEW_SCRIPT, docs / "assets" / "casebook" / PREVIEW_SCRIPT.name)
            extra = (f"assets/casebook/{PREVIEW_SCRIPT.name}",)
        settings = SiteSettings(content.site_inputs.mkdocs_yml, nav, content.address.url, content.address.repo_url,
                                extra)
        manifest = of_docs(docs, writer.chunks, settings)
        changes = base.manifest.changes(manifest) if base is not None else None
        with progress.step("Building HTML (mkdocs)" + (", the pages that changed" if changes else "")):
            built = generator.build(docs, out_dir, settings, writer.chunks,
                                    base=base.site if changes and base else None,
                                    changed=changes[0] if changes else None, removed=changes[1] if changes else ())
        if keep_docs is not None:
            shutil.copytree(docs, keep_docs)
            (keep_docs / NAV_FILE).write_text(json.dumps(nav), encoding="utf-8")
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
        return witnessed(manifest, out_dir)


def _copy_packs(packs: list[PackInfo], docs: Path) -> None:
    for pack in packs:
        target = docs / urls.pack_file(pack.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pack.path, target)
        if pack.docx_path:
            shutil.copyfile(pack.docx_path, docs / urls.pack_file(pack.slug, "docx"))
