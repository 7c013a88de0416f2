"""`casebook pack`: select, render one pack, write it atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebook.fragments import FragmentStore, Sources, render_units
from casebook.fragments.units import content_units, record_unit
from casebook.model import ContentSet
from casebook.pack.contents import PackSpec
from casebook.pack.render import render_pack, write_pack
from casebook.problems import CasebookError
from casebook.selection import Selection, select

FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html"}
DEFAULT_SUFFIX = ".pdf"


@dataclass(frozen=True)
class WrittenPack:
    path: Path
    records: int
    digest: bool
    notes: tuple[str, ...]  # what the person who asked should know (e.g. not PDF/UA-1)
    mode: str = "full"  # "full", "digest" or "listing"


def output_format(path: Path) -> tuple[Path, str]:
    """The file to write and its format. No extension means PDF, and `.pdf` is added."""
    suffix = path.suffix.lower()
    if not suffix:
        return path.with_name(path.name + DEFAULT_SUFFIX), "pdf"
    if suffix not in FORMATS:
        raise CasebookError(f"cannot tell the pack format from {path.name!r}: "
                            f"use one of {', '.join(FORMATS)} (no extension means .pdf)")
    return path, FORMATS[suffix]


def write_selected_pack(content: ContentSet, sel: Selection, output: Path, title: str | None = None,
                        full: bool = False, store: FragmentStore | None = None,
                        view_url: str | None = None) -> WrittenPack:
    """One pack of the selection, in the format output's extension names. Nothing is written on any error.

    Only the selected records are rendered (or read from the store); their citations read
    as on the site, since the store cites against the whole bibliography.
    """
    target, fmt = output_format(output)
    records = select(content, sel)  # unknown values and empty selections fail before any rendering
    wanted = {record_unit(r.id) for r in records}
    rendering = render_units([u for u in content_units(content) if u.id in wanted], Sources.of(content), store)
    spec = PackSpec(title=title or None, selection=sel, timestamp=content.timestamp,
                    link_base=content.address.url, full=full, view_url=view_url)
    rendered = render_pack(content, spec, fmt, rendering)
    write_pack(target, rendered.data)
    return WrittenPack(target, rendered.records, rendered.digest, rendered.notes, rendered.mode)
