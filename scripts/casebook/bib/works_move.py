"""`casebook move-works`: a record's own works moved into references.bib, output unchanged.

A contribution arrives as one file, its new sources described in its `references`. A
maintainer who wants one bibliography moves them: each work is written as a biblatex entry
(worksbib.py) at the end of references.bib and the record's `references` field is taken
out, the rest of the file left as written. Nothing is written unless the project
validates, every moved work renders exactly as before (citations and reference, HTML and
Typst, read back through pandoc), and the record still reads as the same record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from casebook.atomic import write_bytes_atomic
from casebook.bib.works_bib import works_block
from casebook.fragments import Sources, Unit, render_units
from casebook.model import ContentSet, Record, Work
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.yamlio.safe import load_yaml_bytes


@dataclass(frozen=True)
class Moved:
    record: str  # the record file
    keys: tuple[str, ...]


def move_works(project: Project, content: ContentSet, named: list[Path] | None = None) -> list[Moved]:
    """Move the works of the named record files (default: every record carrying works)."""
    chosen = _chosen(project, content, named)
    if not chosen:
        return []
    moving = sorted((w for r in chosen for w in r.works), key=lambda w: (w.path, w.key))
    new_bib = content.bib_text.rstrip("\n") + "\n" + works_block(moving)
    keep = {k: w.csl for k, w in content.works.items() if k not in {w.key for w in moving}}
    _same_rendering(moving, Sources.of(content), Sources(new_bib, keep))
    texts = {r.path: _without_references(r, content.record_texts[r.id]) for r in chosen}
    write_bytes_atomic(project.bib, new_bib.encode("utf-8"))
    for path, text in texts.items():
        write_bytes_atomic(project.root / path, text.encode("utf-8"))
    return [Moved(r.path, tuple(sorted(w.key for w in r.works))) for r in chosen]


def _chosen(project: Project, content: ContentSet, named: list[Path] | None) -> list[Record]:
    carrying = [r for r in sorted(content.records, key=lambda r: r.path) if r.works]
    if not named:
        return carrying
    by_path = {(project.root / r.path).resolve(): r for r in content.records}
    chosen = []
    for path in named:
        record = by_path.get(path.resolve())
        if record is None:
            raise CasebookError(f"{path} is not a record of this project")
        if not record.works:
            raise CasebookError(f"{record.path} describes no works of its own (it has no references field)")
        chosen.append(record)
    return chosen


def renders_alike(works: list[Work], before: Sources, after: Sources) -> list[str]:
    """The works that would read differently cited from `after` than from `before` (citation and
    reference entry, as HTML, Typst and pandoc's AST for Word), each with what would change."""
    unit = Unit("record:move-works-probe", tuple((w.key, f"Cited [@{w.key}, p. 3].") for w in works))
    old, new = render_units([unit], before), render_units([unit], after)
    differ = []
    for w in works:
        a, b = old.piece(unit.id, w.key), new.piece(unit.id, w.key)
        ra, rb = old.references[w.key], new.references[w.key]
        if (a.html, a.typst, _words(a.ast), ra.html, ra.typst, _words(ra.ast)) != (
                b.html, b.typst, _words(b.ast), rb.html, rb.typst, _words(rb.ast)):
            differ.append(f"{w.key} ({w.path}): from references.bib it would read "
                          f"{_text(rb.typst)!r} instead of {_text(ra.typst)!r}")
    return differ


def _words(ast: object) -> str:
    """pandoc's AST with neighbouring words joined: readers split "O'Neil," in two, and no writer
    prints the difference."""
    text = json.dumps(ast, ensure_ascii=False)
    return re.sub(r'"\}, \{"t": "Str", "c": "', "", text)


def _same_rendering(works: list[Work], before: Sources, after: Sources) -> None:
    """Each work cited and listed from references.bib exactly as from the record, or nothing moves."""
    differ = renders_alike(works, before, after)
    if differ:
        raise CasebookError("nothing was moved: these works would print differently from references.bib "
                            "(keep them in their records, or edit them):\n" + "\n".join(differ))


def _text(typst: str) -> str:
    return " ".join(typst.replace("#block[", "").split("]")[0].split())[:160]


def _without_references(record: Record, text: str) -> str:
    """The record file's text without its references field (and the comment just above it)."""
    loaded, issue = load_yaml_bytes(text.encode("utf-8"))
    if loaded is None or not isinstance(loaded.data, dict):
        raise CasebookError(f"{record.path} cannot be read again: {issue.message if issue else 'not a mapping'}")
    lines = text.splitlines(keepends=True)
    tops = sorted(line for (key, *rest), (line, _) in loaded.key_marks.items() if not rest)
    start = loaded.key_marks[("references",)][0] - 1
    later = [line for line in tops if line - 1 > start]
    end = later[0] - 1 if later else len(lines)
    while end - 1 > start and (lines[end - 1].lstrip().startswith("#") or not lines[end - 1].strip()):
        end -= 1  # the next field's comment and the blank lines before it stay with the next field
    while start > 0 and lines[start - 1].startswith("#") and not lines[start - 1].startswith("# yaml-language"):
        start -= 1  # the field's own comment goes with it
    if start > 0 and not lines[start - 1].strip() and end < len(lines) and not lines[end].strip():
        end += 1  # one blank line between the fields around it, not two
    result = "".join(lines[:start] + lines[end:])
    again, _ = load_yaml_bytes(result.encode("utf-8"))
    expected = {k: v for k, v in loaded.data.items() if k != "references"}
    if again is None or again.data != expected:
        raise CasebookError(f"{record.path}: could not take out references without changing the rest; "
                            "move its works by hand")
    return result
