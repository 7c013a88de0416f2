"""`casebook build`: packs and site from a validated ContentSet, in a staging folder, then swapped into place."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from casebook.atomic import replace_dir, staging_dir
from casebook.model import ContentSet
from casebook.siteconfig import NOT_SET_NOTE


def build_all(content: ContentSet, target: Path, packs: bool = True, jobs: int | None = None) -> None:
    """Build everything into target (site/); on any failure target is left exactly as it was."""
    if content.address.url is None:
        print(f"casebook: note: {NOT_SET_NOTE}", file=sys.stderr)
    staging = staging_dir(target)
    try:
        pack_infos = []
        if packs:
            from casebook.pack import build_theme_packs

            pack_infos = build_theme_packs(content, staging / "packs", jobs=jobs)
        from casebook.site import build_site

        build_site(content, staging / "site", packs=pack_infos)
        replace_dir(staging / "site", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
