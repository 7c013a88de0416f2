"""Stage 3: a ContentSet to a mkdocs-material site.

build_site writes the hand-written pages and the generated ones into a temporary docs
folder, runs mkdocs strictly into out_dir, and checks every internal link. It reads
only the ContentSet (never the project folder). build.py swaps out_dir into site/ only
when all of that succeeded.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from casebook import urls
from casebook.fragments import Rendering, Sources, render_units
from casebook.fragments.units import content_units
from casebook.model import ContentSet, PackInfo
from casebook.problems import CasebookError
from casebook.site import mkdocs_run, paths
from casebook.site.assessment_page import write_assessment_page
from casebook.site.briefing import vendor_typst, write_pack_data
from casebook.site.handwritten import write_handwritten
from casebook.site.model import collect
from casebook.site.opendata import write_open_data
from casebook.site.pages import PageWriter
from casebook.site.paths import site_address
from casebook.site.progress import Progress
from casebook.site.propose_page import write_propose_page
from casebook.site.render import plain_text, site_html
from casebook.site.search import finish_indexing, start_indexing
from casebook.site.source_downloads import write_source_files

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "site"
PREVIEW_SCRIPT = ASSETS.parent / "preview" / "reload.js"

NAV_FILE = ".casebook-nav.json"  # a dot file: mkdocs ignores it as a page

__all__ = ["build_site"]


def build_site(content: ContentSet, out_dir: Path, packs: list[PackInfo], rendering: Rendering | None = None,
               keep_docs: Path | None = None, live_reload: bool = False, node_modules: Path | None = None) -> None:
    """Build the whole site into out_dir (which must not exist yet, or is replaced).

    rendering: the content's units from the fragment store (rendered here when not given).
    keep_docs: also copy the generated Markdown pages and the final navigation there,
    so the benchmark can time a bare mkdocs build of the same pages.
    live_reload: add the preview's reload script (`casebook serve`; never in a published build).
    node_modules: where npm installed typst.ts; with it the site makes briefing packs in the
    reader's browser (site/briefing.py), without it the site offers only the pre-built packs.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
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
        generated = mkdocs_run.GeneratedNav(
            themes=["themes/index.md"] + [f"themes/{t.id}.md" for t in content.taxonomy.themes],
            assessment=assessment_docs, propose=propose_docs,
            basket=paths.docs_file(urls.BASKET) if node_modules is not None else None)
        config = mkdocs_run.load_site_config(content.site_inputs.mkdocs_yml, content.address.url, Path(tmp),
                                             docs, out_dir, repo_url=content.address.repo_url)
        config["nav"] = mkdocs_run.with_generated(config["nav"] or [], generated)
        if live_reload:
            shutil.copyfile(PREVIEW_SCRIPT, docs / "assets" / "casebook" / PREVIEW_SCRIPT.name)
            config["extra_javascript"].append(f"assets/casebook/{PREVIEW_SCRIPT.name}")
        with progress.step("Building HTML (mkdocs)"):
            mkdocs_run.run_mkdocs(config, writer.chunks)
        if keep_docs is not None:
            shutil.copytree(docs, keep_docs)
            (keep_docs / NAV_FILE).write_text(json.dumps(config["nav"]), encoding="utf-8")
        with progress.step("Indexing for search (pagefind) and checking internal links"):
            indexing = start_indexing(out_dir)
            try:
                broken = mkdocs_run.broken_links(out_dir)
            finally:
                finish_indexing(out_dir, indexing)
        if broken:
            shown = "\n".join(broken[:20])
            raise CasebookError(f"{len(broken)} broken internal link(s) in the built site:\n{shown}")


def _copy_packs(packs: list[PackInfo], docs: Path) -> None:
    for pack in packs:
        target = docs / urls.pack_file(pack.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pack.path, target)
