"""Render a pack: one pandoc call (defaults files pick the format), then Typst for PDF.

Typst compiles in-process, in a fresh temporary root folder that holds only the
document, with Typst's own fonts and a timestamp passed explicitly, so the same input
gives the same bytes.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from casebook.atomic import write_bytes_atomic
from casebook.model import ContentSet
from casebook.pack.document import PackSpec, build_document
from casebook.pandoc_tools import PANDOC_DIR, base_args, run_pandoc
from casebook.problems import CasebookError

DEFAULTS = {"pdf": PANDOC_DIR / "typst.yaml", "docx": PANDOC_DIR / "docx.yaml", "html": PANDOC_DIR / "html.yaml"}
PANDOC_OUTPUT = {"pdf": "pack.typ", "docx": "pack.docx", "html": "pack.html"}


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int | None  # PDF only
    records: int
    notes: tuple[str, ...] = ()  # things the reader of the build should know (e.g. not PDF/UA-1)


def render_pack(content: ContentSet, spec: PackSpec, fmt: str) -> Rendered:
    """The pack's bytes in one format ("pdf", "docx" or "html")."""
    document = build_document(content, spec)
    with tempfile.TemporaryDirectory(prefix="casebook-pack-") as tmp:
        work = Path(tmp)
        metadata = work / "metadata.json"
        metadata.write_text(json.dumps(document.metadata, ensure_ascii=False, indent=1), encoding="utf-8")
        out = work / PANDOC_OUTPUT[fmt]
        args = [*base_args(content.bib_path), "--defaults", str(DEFAULTS[fmt]),
                "--metadata-file", str(metadata), "--output", str(out)]
        # Under --sandbox pandoc cannot read the clock, so a .docx is always stamped 1970-01-01:
        # reproducible, if not informative. The cover shows the real date.
        run_pandoc(document.body, args, f"the briefing pack {spec.title!r}")
        if fmt != "pdf":
            return Rendered(out.read_bytes(), None, len(document.records))
        notes: list[str] = []
        data = compile_typst(out.read_bytes(), spec.timestamp, work / "typst", notes)
        return Rendered(data, page_count(data), len(document.records), tuple(notes))


def compile_typst(source: bytes, timestamp: int, root: Path, notes: list[str] | None = None) -> bytes:
    """Typst source to a tagged PDF/UA-1 file; the root holds only the document itself.

    PDF/UA-1 refuses a character that none of Typst's own fonts can show (emoji, Chinese,
    ...). Rather than fail the whole build over one such character, the pack is then made
    as a tagged PDF without the PDF/UA-1 claim, and a note saying which characters is
    appended to `notes`.
    """
    import typst  # imported here: loading the binding costs time that validate/site never need

    root.mkdir()
    main = root / "main.typ"
    main.write_bytes(source)
    empty = root.parent / "no-packages"
    empty.mkdir()
    options = dict(root=str(root), ignore_system_fonts=True, format="pdf", timestamp=timestamp,
                   package_path=str(empty), package_cache_path=str(empty))
    try:
        try:
            return typst.compile(str(main), pdf_standards="ua-1", **options)
        except typst.TypstError as exc:
            missing = _MISSING_GLYPH.findall(_detail(exc))
            if not missing:
                raise
            if notes is not None:
                shown = ", ".join(sorted(set(missing)))
                notes.append(f"not PDF/UA-1: Casebook's fonts cannot show {shown}; made a tagged PDF instead")
            return typst.compile(str(main), pdf_standards=[], pdf_tags=True, **options)
    except typst.TypstError as exc:
        raise CasebookError(f"typst could not compile the briefing pack:\n{_detail(exc)}") from exc


_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed with font')


def _detail(exc) -> str:
    return "\n".join(filter(None, [str(getattr(exc, "message", exc)), getattr(exc, "diagnostic", ""),
                                   *getattr(exc, "hints", [])]))


def write_pack(target: Path, data: bytes) -> None:
    """Atomic write; then readable by all, like any published file (the temporary file is private)."""
    write_bytes_atomic(target, data)
    os.chmod(target, 0o644)


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
