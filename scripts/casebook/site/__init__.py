"""The site's own pages: hand-written and generated Markdown for the site generator, and its settings.

The builders (casebook/builders/) run this as the "site pages" builder: the hand-written pages
and the site's assets copied, then every generated page written from its template (the record
and organisation pages whose inputs did not change are kept from the previous build: see
page_inputs.py). What the generator is told (navigation with every generated page titled, the
addresses) is worked out here too; the generator itself is site/generator.py.
"""

from __future__ import annotations

import html as html_lib
import shutil
from pathlib import Path

from casebook import urls
from casebook.edition import Edition
from casebook.fragments import FragmentStore
from casebook.provenance import code_digest
from casebook.site import paths
from casebook.site.generator import SiteSettings, nav_pages
from casebook.site.handwritten import write_handwritten
from casebook.site.manifest import Manifest, settings_digest
from casebook.site.navigation import GeneratedNav, with_generated
from casebook.site.page_inputs import PageInputs, common_inputs
from casebook.site.pages import PageWriter
from casebook.site.paths import site_address
from casebook.siteconfig import read_mkdocs_config

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "site"
PREVIEW_SCRIPT = ASSETS.parent / "preview" / "reload.js"
NAV_FILE = ".casebook-nav.json"  # a dot file: mkdocs ignores it as a page
ASSESSMENT_DOCS = f"{urls.SELF_ASSESSMENT}index.md"
PROPOSE_DOCS = f"{urls.PROPOSE}index.md"


def site_settings(edition: Edition, briefing: bool, live_reload: bool) -> SiteSettings:
    """What the generator is told on top of mkdocs.yml: the navigation with the generated pages in place,
    the addresses, and the preview's reload script when asked for."""
    content = edition.content
    generated = GeneratedNav(
        themes=[(html_lib.escape(t.title, quote=True), paths.docs_file(urls.theme_page(t.id)))
                for t in content.taxonomy.themes],
        assessment=ASSESSMENT_DOCS if content.assessment is not None else None, propose=PROPOSE_DOCS,
        basket=paths.docs_file(urls.BASKET) if briefing else None)
    nav = with_generated(read_mkdocs_config(content.site_inputs.mkdocs_yml).get("nav") or [], generated)
    extra = (f"assets/casebook/{PREVIEW_SCRIPT.name}",) if live_reload else ()
    return SiteSettings(content.site_inputs.mkdocs_yml, nav, content.address.url, content.address.repo_url, extra)


def page_writer(edition: Edition, docs: Path, settings: SiteSettings, briefing: bool,
                previous: Manifest | None, store: FragmentStore | None = None) -> PageWriter:
    """The writer of the generated pages, told what the previous build made each page from (when it was
    built with the same settings) so it keeps the pages whose inputs are unchanged."""
    assessment_at = site_address(ASSESSMENT_DOCS) if edition.content.assessment is not None else None
    inputs = PageInputs(edition.site, edition.rendered,
                        common_inputs(edition.site, code_digest(), assessment_at, briefing), edition.rendering.keys)
    if previous is not None and previous.settings == settings_digest(settings):
        inputs.previous, inputs.files = previous.inputs, previous.files
    return PageWriter(edition.site, edition.rendered, edition.views, docs, assessment_at, briefing=briefing,
                      inputs=inputs, nav=frozenset(nav_pages(settings.nav)), store=store)


def write_handwritten_pages(edition: Edition, docs: Path, live_reload: bool) -> None:
    """docs/ as the project wrote it (with its generated blocks filled in) and the site's assets."""
    write_handwritten(edition.content, docs, edition.site, edition.rendered)
    shutil.copytree(ASSETS, docs / "assets" / "casebook")
    if live_reload:
        shutil.copyfile(PREVIEW_SCRIPT, docs / "assets" / "casebook" / PREVIEW_SCRIPT.name)
