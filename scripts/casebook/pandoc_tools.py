"""The one place Casebook calls pandoc: settings, the citation style, and the safety filter.

Site pages and briefing packs both go through here, so "(CIPD and PPMA, 2012)"
is rendered by one engine with one style wherever it appears.
"""

from __future__ import annotations

import secrets
import subprocess
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


def render_fragments(fragments: list[str], bib_path: Path | str, to: str = "html5",
                     all_references: bool = True) -> tuple[list[str], dict[str, str]]:
    """Render many Markdown fragments in one pandoc call (citeproc costs ~0.1 s a call).

    Returns each fragment's output and each bibliography entry's rendered HTML by key.
    Fragments are separated by a random marker no contributor can predict.
    """
    marker = f"CASEBOOKFRAGMENT{secrets.token_hex(8)}"
    parts = []
    for i, fragment in enumerate(fragments):
        if marker in fragment:
            raise CasebookError("a record contains Casebook's fragment marker")
        parts.append(f"{marker}x{i}\n\n{prepare(fragment)}\n\n")
    parts.append(f"{marker}xend\n\n")
    args = [*base_args(bib_path), "--to", to, "--section-divs=false"]
    if to.startswith("html"):
        args.append("--reference-location=block")  # footnotes stay inside their own fragment
    if all_references:
        args += ["--metadata-file", str(PANDOC_DIR / "nocite-all.yaml")]
    html = run_pandoc("".join(parts), args, "record text")
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
