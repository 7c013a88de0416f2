"""Stage 2: check the whole content set and collect every problem, never stopping at the first.

Loading (load.py) reads files into located data; here a list of rules checks it. Each
record rule takes one RecordCheck, each collection rule the Context (validate/context.py).
What comes out is either problems, or problems (warnings at most) and a complete,
indexed ContentSet that every renderer reads instead of the project folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from casebook.bib.library import load_bibliography
from casebook.clock import build_timestamp, today
from casebook.load import YamlFile, read_site_inputs, read_yaml_file, record_entries, record_from_data, shown_path
from casebook.memory import collector_paused
from casebook.model import ContentSet, Record
from casebook.problems import Problems, Severity
from casebook.project import Project
from casebook.siteconfig import read_mkdocs_config, resolve_address
from casebook.validate import (
    assessment,
    attribution,
    citations,
    crossfile,
    links,
    organisations,
    records,
    statements,
    taxonomy,
    works,
)
from casebook.validate.context import CollectionRule, Context, RecordCheck, RecordRule
from casebook.validate.memo import FileChecks
from casebook.validate.perfile import CheckedFile, check_files
from casebook.validate.records import MODELINE
from casebook.validate.schema import SchemaChecker

__all__ = ["MODELINE", "Validation", "today", "validate_project"]

# Run in this order on every record file asked about; every rule runs, so one run reports everything.
RECORD_RULES: tuple[RecordRule, ...] = (
    records.modeline,
    records.hidden_characters,
    records.schema,
    records.id_matches_file,
    works.record_works,
    records.kind_and_evidence,
    organisations.source_gives,
    organisations.general_finding,
    taxonomy.record_themes,
    citations.record_sources,
    citations.record_inline,
    statements.cited_statements,
    statements.located_citations,
    links.record_links,
    links.record_html,
    records.dates,
    records.placeholders,
)
# Run once the records are read.
COLLECTION_RULES: tuple[CollectionRule, ...] = (
    crossfile.uncited,
    attribution.quote_attribution,
    assessment.check_assessment,
    crossfile.review_due,
    crossfile.site_address,
)


@dataclass
class Validation:
    problems: Problems
    content: ContentSet | None  # None when any error was found: bad input never renders

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def validate_project(project: Project, only: list[Path] | None = None, memo: FileChecks | None = None) -> Validation:
    """Validate everything. With files named (`casebook validate FILE`), what is reported is
    their problems in full and, from everywhere else, the errors alone: the run fails exactly
    when the build would, and a contributor sees why without the project's every warning.
    memo: the record files' own checks from the last run, for a process that validates again and
    again (the preview); see validate/memo.py."""
    with collector_paused():
        return _validate(project, only, memo)


def _validate(project: Project, only: list[Path] | None, memo: FileChecks | None = None) -> Validation:
    problems = Problems()
    bib_shown = shown_path(project, project.bib)
    bibliography, bib_problems, bib_text = (memo.bibliography(project.bib, bib_shown, load_bibliography)
                                            if memo is not None else load_bibliography(project.bib, bib_shown))
    problems.extend(bib_problems)
    themes = taxonomy.load_taxonomy(project, shown_path(project, project.themes), bibliography, problems)
    ctx = Context(project=project, problems=problems, bibliography=bibliography, bib_shown=bib_shown,
                  taxonomy=themes, checker=SchemaChecker(project.record_schema),
                  entries=record_entries(project, problems))
    checked = _checked_files(ctx, memo, bib_text) if memo is not None else check_files(ctx, _check_file)
    ctx.files = [c.file for c in checked]
    places = works.definitions(ctx, ctx.files)
    works.defined_once(ctx, places, {c.file.shown: c.problems for c in checked})
    works.resolve(checked, places)
    for c in checked:  # in file order, as if each file were read and checked in turn
        records.duplicate_id(ctx, c.file)  # needs every file's declared id, so only now
        problems.extend(c.problems)
        if c.record:
            ctx.records.append(c.record)
    for rule in COLLECTION_RULES:
        rule(ctx)
    works.uncited_works(ctx, places, crossfile.cited_keys(ctx))
    site_inputs = read_site_inputs(project, problems)
    if only is not None:
        _named_in_full(problems, {project.rel(p) for p in only})
        _check_named(only, project, {f.path.resolve() for f in ctx.files}, problems)
    content = None
    if not problems.errors and themes is not None:
        texts = {f.shown: f.loaded.text for f in ctx.files if f.loaded is not None}
        content = ContentSet(
            records=tuple(ctx.records), taxonomy=themes, bibliography=bibliography, bib_text=bib_text,
            schema=project.record_schema, schema_text=project.record_schema_path.read_text(encoding="utf-8"),
            record_texts={r.id: texts[r.path] for r in ctx.records},
            address=resolve_address(read_mkdocs_config(site_inputs.mkdocs_yml)), site_inputs=site_inputs,
            assessment=ctx.assessment, timestamp=build_timestamp())
    return Validation(problems, content)


def _checked_files(ctx: Context, memo: FileChecks, bib_text: str) -> list[CheckedFile]:
    """check_files, with the files unchanged since the memo's last run taken from it."""
    project = ctx.project
    memo.use_context(bib_text, _bytes(project.themes), _bytes(project.record_schema_path), today().isoformat(),
                     str(project.root))
    entries = ctx.entries
    found = [memo.get(path, shown) for path, shown in entries]
    ctx.entries = [entry for entry, (_, kept) in zip(entries, found, strict=True) if kept is None]
    try:
        fresh = iter(check_files(ctx, _check_file))
    finally:
        ctx.entries = entries
    checked = []
    for key, kept in found:
        if kept is None:
            kept = next(fresh)
            memo.keep(key, kept)
        checked.append(kept)
    return checked


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _check_file(ctx: Context, path: Path, shown: str) -> CheckedFile:
    """Read one record file and run every record rule on it, keeping its problems apart."""
    file = read_yaml_file(path, shown)
    own = Problems()
    return _check_record(file, ctx, own)


def _check_record(file: YamlFile, ctx: Context, problems: Problems) -> CheckedFile:
    if not file.report(problems):
        return CheckedFile(file, problems, None)
    loaded = file.loaded
    assert loaded is not None
    if not isinstance(loaded.data, dict):
        line, col = loaded.mark(())
        problems.error(file.shown, line, col, "not-a-mapping", "a record must be a mapping of fields (key: value)")
        return CheckedFile(file, problems, None)
    check = RecordCheck(ctx, file, loaded, problems)
    for rule in RECORD_RULES:
        rule(check)
    record = None if problems.errors else _record(file)
    return CheckedFile(file, problems, record, check.unresolved)


def _record(file: YamlFile) -> Record:
    """The model record of a file that passed (the lines where its works' keys are defined looked up only
    when it has some)."""
    loaded = file.loaded
    assert loaded is not None and isinstance(loaded.data, dict)
    carried = loaded.data.get("references") or []
    lines = [loaded.mark(("references", i, "id"))[0] for i in range(len(carried))]
    return record_from_data(loaded.data, file.shown, lines)


def _named_in_full(problems: Problems, named: set[str]) -> None:
    """Keep the named files' problems and every error elsewhere (a broken references.bib, another
    record, site_url): the build would stop on those too. Warnings elsewhere are not the
    contributor's to act on."""
    problems.items = [p for p in problems.items if p.path in named or p.severity is Severity.ERROR]


def _check_named(named: list[Path], project: Project, known_records: set[Path], problems: Problems) -> None:
    """A mistyped path must not pass as "ok": each named file is a record, the taxonomy or the bibliography."""
    known = known_records | {project.themes.resolve(), project.bib.resolve()}
    for path in named:
        if path.resolve() not in known:
            what = "does not exist" if not os.path.lexists(path) else "is not a record, themes.yaml or references.bib"
            problems.error(str(path), 1, 1, "not-found", f"{path} {what}",
                           hint="records are case_studies/<id>.yaml")
