"""The one place Casebook calls pandoc: settings, the citation style, and the safety filter.

Site pages and briefing packs both go through here, so "(CIPD and PPMA, 2012)"
is rendered by one engine with one style wherever it appears.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pypandoc

from casebook import markdown
from casebook.problems import CasebookError

PANDOC_DIR = Path(__file__).parent / "pandoc"
COMMON_DEFAULTS = PANDOC_DIR / "common.yaml"
SAFETY_FILTER = PANDOC_DIR / "safety.lua"
# UK Harvard author-date: Cite Them Right, with short titles in-text for author-less works (see the file's header).
CITATION_STYLE = Path(__file__).parent / "csl" / "harvard-cite-them-right-casebook.csl"
TIMEOUT_SECONDS = 300


@cache
def pandoc_binary() -> str:
    return pypandoc.get_pandoc_path()


_BIB_DIR: list[Path] = []
_BIB_LOCK = threading.Lock()


def bibliography_file(bib_text: str) -> Path:
    """A private temporary file holding this bibliography, named by its hash (written once a process).

    Pandoc reads a bibliography only from a file; the content set carries the text, so
    rendering works without the project folder.
    """
    with _BIB_LOCK:  # pack threads ask at once
        if not _BIB_DIR:
            folder = Path(tempfile.mkdtemp(prefix="casebook-bib-"))
            atexit.register(shutil.rmtree, folder, True)
            _BIB_DIR.append(folder)
        path = _BIB_DIR[0] / f"{hashlib.sha256(bib_text.encode('utf-8')).hexdigest()[:20]}.bib"
        if not path.is_file():
            path.write_text(bib_text, encoding="utf-8")
        return path


def csl_path() -> Path:
    return CITATION_STYLE


def base_args(bib_path: Path | str) -> list[str]:
    return ["--defaults", str(COMMON_DEFAULTS), "--lua-filter", str(SAFETY_FILTER),
            "--bibliography", str(bib_path), "--csl", str(csl_path())]


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


# Fragments per pandoc call when a job is split. A fixed size, not one call per CPU, so the
# output (footnote ids carry the call's number) is the same on every machine.
BATCH_FRAGMENTS = 1500


def render_fragments(fragments: list[str], bib_path: Path | str, to: str = "html5",
                     all_references: bool = True) -> tuple[list[str], dict[str, str]]:
    """Render many Markdown fragments in few pandoc calls (citeproc costs ~0.1 s a call).

    Returns each fragment's output and each bibliography entry's rendered HTML by key.
    With all_references (nocite @*), every call cites the whole bibliography, so citeproc's
    disambiguation ("2015a") is the same in every call: large jobs are then split into calls
    of BATCH_FRAGMENTS, run side by side on every CPU. Ids in call k > 0 get the prefix
    "c<k>-", so footnote anchors stay unique on a page whose fragments span two calls.
    """
    if not all_references or len(fragments) <= BATCH_FRAGMENTS:
        return _render_batch(fragments, bib_path, to, all_references)
    batches = [fragments[i:i + BATCH_FRAGMENTS] for i in range(0, len(fragments), BATCH_FRAGMENTS)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # threads wait on pandoc processes
        results = list(pool.map(lambda k: _render_batch(batches[k], bib_path, to, all_references,
                                                        f"c{k}-" if k else ""), range(len(batches))))
    outputs = [html for batch_outputs, _ in results for html in batch_outputs]
    return outputs, results[0][1]


def _render_batch(fragments: list[str], bib_path: Path | str, to: str, all_references: bool,
                  id_prefix: str = "") -> tuple[list[str], dict[str, str]]:
    """One pandoc call. Fragments are separated by a random marker no contributor can predict."""
    marker = f"CASEBOOKFRAGMENT{secrets.token_hex(8)}"
    parts = []
    for i, fragment in enumerate(fragments):
        if marker in fragment:
            raise CasebookError("a record contains Casebook's fragment marker")
        # Each fragment's footnote labels are its own: two records may both use [^1].
        parts.append(f"{marker}x{i}\n\n{markdown.scope_footnotes(prepare(fragment), f'n{i}-')}\n\n")
    parts.append(f"{marker}xend\n\n")
    args = [*base_args(bib_path), "--to", to, "--section-divs=false"]
    if to.startswith("html"):
        args.append("--reference-location=block")  # footnotes stay inside their own fragment
    if all_references:
        args += ["--metadata-file", str(PANDOC_DIR / "nocite-all.yaml")]
    if id_prefix:
        args.append(f"--id-prefix={id_prefix}")
    html = run_pandoc("".join(parts), args, "record text")
    if id_prefix:  # citations link to the page's own references list, whose ids are unprefixed
        html = html.replace(f'href="#{id_prefix}ref-', 'href="#ref-')
    pieces = html.split(f"<p>{marker}x")
    outputs: list[str] = []
    for i, piece in enumerate(pieces[1:len(fragments) + 1]):
        body = piece.split("</p>", 1)[1] if piece.startswith(f"{i}</p>") else ""
        outputs.append(body.strip())
    tail = pieces[-1]
    return outputs, _references_by_key(tail)


def _references_by_key(html: str) -> dict[str, str]:
    """Split pandoc's references list into one HTML entry per citation key."""
    entries: dict[str, str] = {}
    chunks = html.split('<div id="ref-')
    for chunk in chunks[1:]:
        key, _, rest = chunk.partition('"')
        body = rest.split(">", 1)[1] if ">" in rest else rest
        body = body.rsplit("</div>", 1)[0] if body.count("</div>") else body
        entries[key] = body.strip().removesuffix("</div>").strip()
    return entries
