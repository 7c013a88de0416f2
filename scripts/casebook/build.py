"""`casebook build`: packs and site from a validated ContentSet, in a staging folder, then swapped into place."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from casebook.atomic import replace_dir, staging_dir
from casebook.fragments import FragmentStore, Sources, render_units
from casebook.fragments.units import content_units
from casebook.memory import collector_paused
from casebook.model import ContentSet
from casebook.site.progress import Progress
from casebook.siteconfig import NOT_SET_NOTE


def build_all(content: ContentSet, target: Path, packs: bool = True, jobs: int | None = None,
              store: FragmentStore | None = None, node_modules: Path | None = None,
              manifest: Path | None = None, kept: Path | None = None) -> None:
    """Build everything into target (site/); on any failure target is left exactly as it was.

    Record text is rendered once (or read back from the store) and every output is
    assembled from it: the site's pages and every pack. With a manifest (build/site-manifest.json),
    the previous site is the base: only the pages whose inputs changed are built again. With kept
    (build/packs/), only the packs whose inputs changed are set again (pack/kept.py).
    """
    if content.address.url is None:
        print(f"casebook: note: {NOT_SET_NOTE}", file=sys.stderr)
    staging = staging_dir(target)
    try:
        with Progress().step("Rendering record text and citations (pandoc; the store keeps what is unchanged)"):
            rendering = render_units(content_units(content), Sources.of(content), store)
        pack_infos, kept_packs = [], None
        if packs:
            from casebook.pack import build_theme_packs
            from casebook.pack.kept import KeptPacks

            kept_packs = KeptPacks(kept) if kept is not None else None
            pack_infos = build_theme_packs(content, staging / "packs", rendering, jobs=jobs, kept=kept_packs)
        from casebook.builders import build_site, previous_build
        from casebook.edition import prepare
        from casebook.site.manifest import write as write_manifest

        base = previous_build(target, manifest) if manifest is not None else None
        with collector_paused(base is not None):  # a rebuild keeps what it makes to its end (memory.py)
            edition = prepare(content, rendering, pack_infos, store)  # what the site's builders all read
            built = build_site(content, staging / "site", packs=pack_infos, edition=edition,
                               node_modules=node_modules, base=base, store=store)
        if manifest is not None:
            manifest.unlink(missing_ok=True)  # no manifest ever describes a site it was not written for
        replace_dir(staging / "site", target)
        if manifest is not None:
            write_manifest(manifest, built)
        if store is not None:
            store.prune()
        if packs and kept_packs is not None:
            kept_packs.prune()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
