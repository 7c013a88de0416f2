"""Search: a Pagefind index of the built pages, which the browser fetches in chunks.

mkdocs-material's built-in index is one JSON file of every page's text, downloaded
whole before the first result (about 10 MB at 1,000 records). Pagefind splits the
index into chunks, so a first query costs a few hundred kilobytes at any size.
Only elements marked data-pagefind-body (page content, not navigation) are indexed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from casebook.problems import CasebookError

BUNDLE = "pagefind"
# Pagefind's own ready-made interfaces; Casebook draws results in Material's look instead.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def start_indexing(site: Path) -> subprocess.Popen:
    """Start Pagefind on the built pages; finish_indexing waits for it. Other work (the link
    check) can run meanwhile, since Pagefind writes only into site/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
               "--force-language", "en", "--silent"]
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise CasebookError(f"search indexing (pagefind) could not run: {exc}") from exc


def finish_indexing(site: Path, indexing: subprocess.Popen) -> None:
    """Wait for Pagefind, then keep only the bundle the search box uses."""
    try:
        out, err = indexing.communicate(timeout=1800)
    except subprocess.TimeoutExpired as exc:
        indexing.kill()
        raise CasebookError("search indexing (pagefind) took longer than 30 minutes") from exc
    if indexing.returncode != 0 or not (site / BUNDLE / "pagefind-entry.json").is_file():
        detail = (err or out).strip()[-2000:]
        raise CasebookError(f"search indexing (pagefind) failed:\n{detail}")
    for name in _UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    shutil.rmtree(site / BUNDLE / "playground", ignore_errors=True)
