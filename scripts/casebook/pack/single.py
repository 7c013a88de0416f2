"""`casebook pack`: validate, select, render one pack, write it atomically."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from casebook.model import ContentSet
from casebook.pack.document import PackSpec
from casebook.pack.render import build_timestamp, render_pack, write_pack
from casebook.pack.select import Selection, select
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.validate import validate_project

FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html"}
DEFAULT_SUFFIX = ".pdf"
_SITE_URL = re.compile(r"^site_url:\s*['\"]?(https?://[^\s'\"#<>\\]+)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def output_format(path: Path) -> tuple[Path, str]:
    """The file to write and its format. No extension means PDF, and `.pdf` is added."""
    suffix = path.suffix.lower()
    if not suffix:
        return path.with_name(path.name + DEFAULT_SUFFIX), "pdf"
    if suffix not in FORMATS:
        raise CasebookError(f"cannot tell the pack format from {path.name!r}: "
                            f"use one of {', '.join(FORMATS)} (no extension means .pdf)")
    return path, FORMATS[suffix]


def site_url(project: Project) -> str:
    """mkdocs.yml's site_url ending in '/', or '' (links to record pages are then relative).

    Read with a pattern, not a YAML loader: mkdocs.yml may hold !!python tags that a safe
    loader refuses, and only this one plain http(s) value is wanted.
    """
    try:
        text = project.mkdocs_yml.read_text(encoding="utf-8")
    except OSError:
        return ""
    found = _SITE_URL.search(text)
    return found.group(1).rstrip("/") + "/" if found else ""


def default_title(content: ContentSet, sel: Selection) -> str:
    if sel.themes and len(sel.themes) == 1 and sel == Selection(themes=sel.themes):
        return content.taxonomy.theme(sel.themes[0]).title
    if sel.organisations and len(sel.organisations) == 1 and sel == Selection(organisations=sel.organisations):
        return sel.organisations[0]
    if sel.ids and len(sel.ids) == 1 and sel == Selection(ids=sel.ids):
        return content.record(sel.ids[0]).title
    return "All published records" if sel.empty else "Selected records"


def pack_from_args(project: Project, args: argparse.Namespace) -> Path:
    """The `pack` subcommand: returns the path written. Nothing is written on any error."""
    target, fmt = output_format(Path(args.output))
    result = validate_project(project)
    if not result.ok or result.content is None:
        raise CasebookError("validation failed; no pack was written", problems=result.problems.errors)
    content = result.content
    sel = Selection(themes=tuple(args.theme), organisations=tuple(args.organisation),
                    org_types=tuple(args.org_type), kinds=tuple(args.kind),
                    evidence_types=tuple(args.evidence_type), ids=tuple(args.ids))
    select(content, sel)  # unknown values and empty selections fail before any rendering
    spec = PackSpec(title=args.title or default_title(content, sel), selection=sel,
                    timestamp=build_timestamp(), link_base=site_url(project))
    rendered = render_pack(content, spec, fmt)
    for note in rendered.notes:
        print(f"casebook: warning: {target.name}: {note}", file=sys.stderr)
    write_pack(target, rendered.data)
    return target
