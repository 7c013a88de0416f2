"""The one place Casebook calls pandoc: settings, the citation style, and the safety filter.

Site pages and briefing packs both go through here, so "(CIPD and PPMA, 2012)"
is rendered by one engine with one style wherever it appears.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import subprocess
import tempfile
import threading
from functools import cache
from pathlib import Path

import pypandoc

from casebook import markdown
from casebook.problems import CasebookError

PANDOC_DIR = Path(__file__).parent / "pandoc"
COMMON_DEFAULTS = PANDOC_DIR / "common.yaml"
CITATION_DEFAULTS = PANDOC_DIR / "citations.yaml"
SAFETY_FILTER = PANDOC_DIR / "safety.lua"
# Braces in BibTeX that keep a word's capitals become empty spans; they mean nothing once cited.
PLAIN_SPANS = PANDOC_DIR / "plainspans.lua"
# UK Harvard author-date: Cite Them Right, with short titles in-text for author-less works (see the file's header).
CITATION_STYLE = Path(__file__).parent / "csl" / "harvard-cite-them-right-casebook.csl"
TIMEOUT_SECONDS = 300


@cache
def pandoc_binary() -> str:
    return pypandoc.get_pandoc_path()


_BIB_DIR: list[Path] = []
_BIB_LOCK = threading.Lock()


def bibliography_file(bib_text: str, suffix: str = ".bib") -> Path:
    """A private temporary file holding this bibliography, named by its hash (written once a process).

    Pandoc reads a bibliography only from a file, and its format from the file's suffix
    (.bib biblatex, .json CSL JSON); the content set carries the text, so rendering works
    without the project folder.
    """
    with _BIB_LOCK:  # pack threads ask at once
        if not _BIB_DIR:
            folder = Path(tempfile.mkdtemp(prefix="casebook-bib-"))
            atexit.register(shutil.rmtree, folder, True)
            _BIB_DIR.append(folder)
        path = _BIB_DIR[0] / f"{hashlib.sha256(bib_text.encode('utf-8')).hexdigest()[:20]}{suffix}"
        if not path.is_file():
            path.write_text(bib_text, encoding="utf-8")
        return path


def csl_path() -> Path:
    return CITATION_STYLE


def reader_args() -> list[str]:
    """Read untrusted Markdown: the restrictive reader, then the safety filter."""
    return ["--defaults", str(COMMON_DEFAULTS), "--lua-filter", str(SAFETY_FILTER)]


def base_args(bib_paths: Path | str | list[str]) -> list[str]:
    """Read and cite: reader_args, then citeproc with Casebook's style and these bibliographies."""
    paths = bib_paths if isinstance(bib_paths, list) else [str(bib_paths)]
    return [*reader_args(), "--defaults", str(CITATION_DEFAULTS), *(a for p in paths for a in ("--bibliography", p)),
            "--csl", str(csl_path()), "--lua-filter", str(PLAIN_SPANS)]


def run_pandoc(text: str, args: list[str], what: str) -> str:
    """Run pandoc with text on stdin; any warning (e.g. a missing citation) is an error."""
    command = [pandoc_binary(), *args]
    try:
        done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True,
                              timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CasebookError(f"pandoc took longer than {TIMEOUT_SECONDS}s rendering {what}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise CasebookError(f"pandoc failed rendering {what}:\n{detail}\ncommand: {' '.join(command)}")
    return done.stdout.decode("utf-8")


def prepare(text: str) -> str:
    """Contributor Markdown as pandoc should see it: a bare @name stays text."""
    return markdown.escape_stray_at(text)
