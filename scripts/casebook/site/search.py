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


def index_site(site: Path) -> None:
    """Write the Pagefind bundle into site/pagefind/ (deterministic for the same pages)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
               "--force-language", "en", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CasebookError(f"search indexing (pagefind) could not run: {exc}") from exc
    if done.returncode != 0 or not (site / BUNDLE / "pagefind-entry.json").is_file():
        detail = (done.stderr or done.stdout).strip()[-2000:]
        raise CasebookError(f"search indexing (pagefind) failed:\n{detail}")
    for name in _UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    shutil.rmtree(site / BUNDLE / "playground", ignore_errors=True)
