"""Every internal link in the built site leads to a file: checked after the generator has run.

A rebuild on top of the previous build checks the pages it wrote; a page it kept links as it
did, and a page it removed is linked only from pages whose text changed with it (so written).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Every page is written by mkdocs or our templates, which always double-quote attributes.
_ATTR = re.compile(r'\s(?:href|src)="([^"]*)"')
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def broken_links(site: Path, pages: Iterable[str] | None = None) -> list[str]:
    """Internal href/src targets in the built HTML (all of it, or the pages named, as site paths such as
    cases/x/index.html) that resolve to no file."""
    broken = []
    root = site.resolve()
    known: dict[str, bool] = {}
    checked = sorted(site.rglob("*.html")) if pages is None else sorted(site / p for p in pages)
    for page in checked:
        if page.name == "404.html" and page.parent == site:
            continue  # served for any missing address, so mkdocs links it from the root
        folder = page.parent.resolve()
        for target in set(_ATTR.findall(page.read_text(encoding="utf-8"))):
            target = html.unescape(target)
            if _EXTERNAL.match(target):
                continue
            path = unquote(urlsplit(target).path)
            if not path:
                continue
            resolved = os.path.normpath(os.path.join(folder, path))
            if resolved not in known:
                known[resolved] = Path(resolved).is_relative_to(root) and (
                    os.path.isfile(resolved) or os.path.isfile(os.path.join(resolved, "index.html")))
            if not known[resolved]:
                broken.append(f"{page.relative_to(site).as_posix()}: {target}")
    return sorted(broken)
