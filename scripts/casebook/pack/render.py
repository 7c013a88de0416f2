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
from dataclasses import dataclass, replace
from pathlib import Path

from casebook.atomic import write_bytes_atomic
from casebook.fragments import Rendering, Sources, render_units
from casebook.fragments.units import content_units, record_unit
from casebook.model import ContentSet
from casebook.pack.ast_fill import fill
from casebook.pack.contents import PackContents, PackSpec, cover_date, pack_contents
from casebook.pack.document import build_document
from casebook.pack.fonts import font_dirs
from casebook.pack.kept import KeptPacks
from casebook.pack.pack_data import pack_data
from casebook.pack.typst_pack import INFO_LABEL, pack_files
from casebook.pandoc_tools import PANDOC_DIR, reader_args, run_pandoc
from casebook.problems import CasebookError
from casebook.selection import select

DEFAULTS = {"docx": PANDOC_DIR / "docx.yaml", "html": PANDOC_DIR / "html.yaml"}


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int | None  # PDF only
    records: int
    digest: bool = False  # a digest or a listing: not the full text
    notes: tuple[str, ...] = ()  # things the reader of the build should know (e.g. not PDF/UA-1)
    mode: str = "full"  # what pack.typ made: "full", "digest" or "listing"


def render_pack(content: ContentSet, spec: PackSpec, fmt: str, rendering: Rendering | None = None,
                compiler: Executor | None = None) -> Rendered:
    """The pack's bytes in one format ("pdf", "docx" or "html"), assembled from the fragment store."""
    return render_formats(content, spec, (fmt,), rendering, compiler)[fmt]


def render_formats(content: ContentSet, spec: PackSpec, formats: tuple[str, ...], rendering: Rendering | None = None,
                   compiler: Executor | None = None, kept: KeptPacks | None = None) -> dict[str, Rendered]:
    """One pack in several formats, by format. pack.typ chooses full text, digest or listing; over
    the page budget (unless spec.full) the full text is set again as a digest, decided by the
    PDF's real page count, and every format follows the PDF, so all of them agree.
    compiler: a process pool to run Typst in (theme packs on every core); else in this process.
    kept: the packs the last build made (build/packs/): one with the same inputs is not set again.
    """
    records = select(content, spec.selection)
    if rendering is None:
        rendering = render_units([u for u in content_units(content) if u.id in {record_unit(r.id) for r in records}],
                                 Sources.of(content))
    notes: list[str] = []
    _, iso_date = cover_date(spec.timestamp)
    data = pack_data(content, rendering, records, spec.selection, spec.title, iso_date, spec.view_url,
                     "full" if spec.full else "auto", spec.link_base)
    key = kept.key(pack_files(data), spec, formats) if kept is not None else None
    found = kept.get(key, formats) if kept is not None and key is not None else None
    if found is not None:
        report, files = found
        return {fmt: Rendered(files[fmt], report["pages"] if fmt == "pdf" else None, len(records), report["digest"],
                              tuple(report["notes"]) if fmt == "pdf" else (), report["mode"]) for fmt in formats}
    pdf, info = _pdf(data, spec.timestamp, notes, compiler)
    if not spec.full and info["mode"] == "full" and info["pages"] > info["budget"]:
        notes.clear()
        pdf, info = _pdf({**data, "mode": "digest"}, spec.timestamp, notes, compiler)
    digest, mode = info["mode"] != "full", info["mode"]
    out = {}
    for fmt in formats:
        if fmt == "pdf":
            out[fmt] = Rendered(pdf, info["pages"], len(records), digest, tuple(notes), mode)
        else:
            contents = pack_contents(content, rendering, replace(spec, title=info["title"]), digest=digest,
                                     listing=mode == "listing")
            out[fmt] = Rendered(_pandoc_pack(contents, rendering, fmt), None, len(records), digest, (), mode)
    if kept is not None and key is not None:
        kept.put(key, {"pages": info["pages"], "digest": digest, "notes": notes, "mode": mode},
                 {fmt: made.data for fmt, made in out.items()})
    return out


def _pdf(data: dict, timestamp: int, notes: list[str], compiler: Executor | None = None) -> tuple[bytes, dict]:
    files = pack_files(data)
    if compiler is None:
        return compile_in_folder(files, timestamp, notes)
    pdf, info, found = compiler.submit(compile_job, files, timestamp).result()
    notes.extend(found)
    return pdf, info


def compile_job(files: dict[str, bytes], timestamp: int) -> tuple[bytes, dict, list[str]]:
    """compile_in_folder for a worker process: the notes come back with the PDF."""
    notes: list[str] = []
    pdf, info = compile_in_folder(files, timestamp, notes)
    return pdf, info, notes


def compile_in_folder(files: dict[str, bytes], timestamp: int, notes: list[str]) -> tuple[bytes, dict]:
    """The PDF and what the template says it made (pages, mode, budget, title)."""
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


def compile_typst(files: dict[str, bytes], timestamp: int, root: Path,
                  notes: list[str] | None = None) -> tuple[bytes, dict]:
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
        return _compile_typst(typst, main, options, notes)
    except (typst.TypstError, RuntimeError) as exc:  # the query says RuntimeError
        raise CasebookError(f"typst could not compile the briefing pack:\n{_detail(exc)}") from exc


def _compile_typst(typst, main: Path, options: dict, notes: list[str] | None) -> tuple[bytes, dict]:
    query = {k: v for k, v in options.items() if k not in ("format", "timestamp")}
    try:
        pdf = typst.compile(str(main), pdf_standards="ua-1", **options)
        return pdf, json.loads(typst.query(str(main), INFO_LABEL, field="value", one=True, **query))
    except typst.TypstError as exc:
        missing = _MISSING_GLYPH.findall(_detail(exc))
        if not missing:
            raise
        if notes is not None:
            shown = ", ".join(sorted(set(missing)))
            notes.append(f"not PDF/UA-1: Casebook's fonts cannot show {shown}; made a tagged PDF instead")
        pdf = typst.compile(str(main), pdf_standards=[], pdf_tags=True, **options)
        return pdf, json.loads(typst.query(str(main), INFO_LABEL, field="value", one=True, **query))


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
