"""`casebook pack`: select, render one pack, write it atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebook.model import ContentSet
from casebook.pack.document import PackSpec
from casebook.pack.render import render_pack, write_pack
from casebook.pack.select import Selection, select
from casebook.problems import CasebookError

FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html"}
DEFAULT_SUFFIX = ".pdf"


@dataclass(frozen=True)
class WrittenPack:
    path: Path
    records: int
    notes: tuple[str, ...]  # what the person who asked should know (e.g. not PDF/UA-1)


def output_format(path: Path) -> tuple[Path, str]:
    """The file to write and its format. No extension means PDF, and `.pdf` is added."""
    suffix = path.suffix.lower()
    if not suffix:
        return path.with_name(path.name + DEFAULT_SUFFIX), "pdf"
    if suffix not in FORMATS:
        raise CasebookError(f"cannot tell the pack format from {path.name!r}: "
                            f"use one of {', '.join(FORMATS)} (no extension means .pdf)")
    return path, FORMATS[suffix]


def default_title(content: ContentSet, sel: Selection) -> str:
    if sel.themes and len(sel.themes) == 1 and sel == Selection(themes=sel.themes):
        return content.taxonomy.theme(sel.themes[0]).title
    if sel.organisations and len(sel.organisations) == 1 and sel == Selection(organisations=sel.organisations):
        return sel.organisations[0]
    if sel.ids and len(sel.ids) == 1 and sel == Selection(ids=sel.ids):
        return content.record(sel.ids[0]).title
    return "All published records" if sel.empty else "Selected records"


def write_selected_pack(content: ContentSet, sel: Selection, output: Path, title: str | None = None) -> WrittenPack:
    """One pack of the selection, in the format output's extension names. Nothing is written on any error."""
    target, fmt = output_format(output)
    select(content, sel)  # unknown values and empty selections fail before any rendering
    spec = PackSpec(title=title or default_title(content, sel), selection=sel, timestamp=content.timestamp,
                    link_base=content.address.url)
    rendered = render_pack(content, spec, fmt)
    write_pack(target, rendered.data)
    return WrittenPack(target, rendered.records, rendered.notes)
