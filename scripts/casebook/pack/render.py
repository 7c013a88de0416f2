"""Render a pack from the fragment store: Typst for PDF, pandoc (without citeproc) for DOCX and HTML.

Typst compiles in-process, in a fresh temporary root folder that holds only the pack's
three files, with Casebook's pack fonts (pack/fonts.py) and a timestamp passed explicitly, so the same input
gives the same bytes.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from casebook.atomic import write_bytes_atomic
from casebook.fragments import Rendering, Sources, render_units
from casebook.fragments.units import content_units, record_unit
from casebook.model import ContentSet
from casebook.pack import contents as budget
from casebook.pack.ast_fill import fill
from casebook.pack.contents import PackContents, PackSpec, pack_contents
from casebook.pack.document import build_document
from casebook.pack.fonts import font_dirs
from casebook.pack.typst_pack import pack_files
from casebook.pandoc_tools import PANDOC_DIR, reader_args, run_pandoc
from casebook.problems import CasebookError
from casebook.selection import select

DEFAULTS = {"docx": PANDOC_DIR / "docx.yaml", "html": PANDOC_DIR / "html.yaml"}


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int | None  # PDF only
    records: int
    digest: bool = False
    notes: tuple[str, ...] = ()  # things the reader of the build should know (e.g. not PDF/UA-1)


def render_pack(content: ContentSet, spec: PackSpec, fmt: str, rendering: Rendering | None = None,
                compiler: Executor | None = None) -> Rendered:
    """The pack's bytes in one format ("pdf", "docx" or "html"), assembled from the fragment store.

    Over the page budget (unless spec.full) the pack is a digest; whether the full text fits
    is decided by the PDF's real page count, so every format of one selection agrees.
    compiler: a process pool to run Typst in (theme packs on every core); else in this process.
    """
    records = select(content, spec.selection)
    if rendering is None:
        rendering = render_units([u for u in content_units(content) if u.id in {record_unit(r.id) for r in records}],
                                 Sources.of(content))
    notes: list[str] = []
    pdf = None
    digest = not spec.full and not budget.fits_budget(len(records))
    if not digest and (fmt == "pdf" or not spec.full):
        pdf = _pdf(pack_contents(content, rendering, spec, digest=False), rendering, spec.timestamp, notes,
                   compiler)
        digest = not spec.full and page_count(pdf) > budget.PAGE_BUDGET
    contents = pack_contents(content, rendering, spec, digest=digest)
    if fmt == "pdf":
        if pdf is None or digest:
            notes.clear()
            pdf = _pdf(contents, rendering, spec.timestamp, notes, compiler)
        return Rendered(pdf, page_count(pdf), len(records), digest, tuple(notes))
    return Rendered(_pandoc_pack(contents, rendering, fmt), None, len(records), digest)


def _pdf(contents: PackContents, rendering: Rendering, timestamp: int, notes: list[str],
         compiler: Executor | None = None) -> bytes:
    files = pack_files(contents, rendering)
    if compiler is None:
        return compile_in_folder(files, timestamp, notes)
    data, found = compiler.submit(compile_job, files, timestamp).result()
    notes.extend(found)
    return data


def compile_job(files: dict[str, bytes], timestamp: int) -> tuple[bytes, list[str]]:
    """compile_in_folder for a worker process: the notes come back with the PDF."""
    notes: list[str] = []
    return compile_in_folder(files, timestamp, notes), notes


def compile_in_folder(files: dict[str, bytes], timestamp: int, notes: list[str]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="casebook-pack-") as tmp:
        return compile_typst(files, timestamp, Path(tmp) / "typst", notes)


def _pandoc_pack(contents: PackContents, rendering: Rendering, fmt: str) -> bytes:
    """DOCX or HTML: the body read by pandoc (no citeproc: citations come resolved from the store),
    the pieces' AST put in place, then written."""
    document = build_document(contents)
    with tempfile.TemporaryDirectory(prefix="casebook-pack-") as tmp:
        work = Path(tmp)
        metadata = work / "metadata.json"
        metadata.write_text(json.dumps(document.metadata, ensure_ascii=False, indent=1), encoding="utf-8")
        what = f"the briefing pack {contents.title!r}"
        ast = json.loads(run_pandoc(document.body, [*reader_args(), "--metadata-file", str(metadata),
                                                    "--to", "json"], what))
        filled = fill(ast, document, rendering, list(contents.references))
        out = work / f"pack.{fmt}"
        # Under --sandbox pandoc cannot read the clock, so a .docx is always stamped 1970-01-01:
        # reproducible, if not informative. The cover shows the real date.
        run_pandoc(json.dumps(filled), ["--from", "json", "--sandbox", "--fail-if-warnings", "--defaults",
                                        str(DEFAULTS[fmt]), "--output", str(out)], what)
        return out.read_bytes()


def compile_typst(files: dict[str, bytes], timestamp: int, root: Path, notes: list[str] | None = None) -> bytes:
    """Typst files (main.typ and what it reads) to a tagged PDF/UA-1 file; the root holds only them.

    PDF/UA-1 refuses a character that none of the pack fonts can show (emoji, Chinese,
    ...). Rather than fail the whole build over one such character, the pack is then made
    as a tagged PDF without the PDF/UA-1 claim, and a note saying which characters is
    appended to `notes`.
    """
    import typst  # imported here: loading the binding costs time that validate/site never need

    root.mkdir()
    for name, data in files.items():
        (root / name).write_bytes(data)
    main = root / "main.typ"
    empty = root.parent / "no-packages"
    empty.mkdir()
    options = dict(root=str(root), ignore_system_fonts=True, font_paths=font_dirs(), format="pdf",
                   timestamp=timestamp, package_path=str(empty), package_cache_path=str(empty))
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
