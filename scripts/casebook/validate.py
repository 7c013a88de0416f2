"""Stage 2: check the whole content set and collect every problem, never stopping at the first."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from casebook import markdown
from casebook.bib import load_bibliography
from casebook.load import (
    RECORD_SUFFIX,
    YamlFile,
    read_yaml_file,
    record_from_data,
    taxonomy_from_data,
)
from casebook.model import BibEntry, ContentSet, Record, Taxonomy
from casebook.problems import CasebookError, Problems, brief
from casebook.project import Project, load_json
from casebook.schema_check import SchemaChecker, bad_date, did_you_mean, dotted
from casebook.yamlsafe import LoadedYaml

MODELINE = "# yaml-language-server: $schema=../schema/record.schema.json"
REVIEW_INTERVAL_DAYS = 730
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Characters that make text look other than it is (Trojan Source, hidden ids).
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD}
_BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@dataclass
class Validation:
    problems: Problems
    content: ContentSet | None  # None when any error was found: bad input never renders

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def today() -> dt.date:
    forced = os.environ.get("CASEBOOK_TODAY")
    if not forced:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(forced)
    except ValueError:
        raise CasebookError(f"CASEBOOK_TODAY={forced!r} is not a date; use YYYY-MM-DD") from None


def validate_project(project: Project, only: list[Path] | None = None) -> Validation:
    """Validate everything (or only the named record files, against the rest)."""
    problems = Problems()
    bib_shown = _shown(project, project.bib)
    bibliography, bib_problems = load_bibliography(project.bib, bib_shown)
    problems.extend(bib_problems)
    taxonomy = _validate_taxonomy(project, bibliography, problems)
    checker = SchemaChecker(project.record_schema)
    files = _record_files(project, problems)
    wanted = {p.resolve() for p in only} if only else None
    records: list[Record] = []
    by_id: dict[str, list[str]] = {}
    for file in files:
        by_id.setdefault(file.path.name[: -len(RECORD_SUFFIX)].lower(), []).append(file.shown)
    for file in files:
        stem = file.path.name[: -len(RECORD_SUFFIX)]
        others = [shown for shown in by_id[stem.lower()] if shown != file.shown]
        if others:  # reported on every file involved, so checking either one alone shows it
            line, col = file.loaded.mark(("id",)) if file.loaded else (1, 1)
            problems.error(file.shown, line, col, "duplicate-id",
                           f"id {stem.lower()!r} is also used by {', '.join(others)}; ids ignore case",
                           hint="rename one of the files and its id")
        if wanted is not None and file.path.resolve() not in wanted:
            record = _quiet_record(file, checker)
        else:
            record = _validate_record(file, checker, taxonomy, bibliography, project, problems)
        if record:
            records.append(record)
    if wanted is None:
        _warn_uncited(bibliography, records, taxonomy, project, bib_shown, problems)
    if wanted is None and project.assessment.exists():
        from casebook.assessment import validate_assessment

        validate_assessment(project, taxonomy, problems, bibliography)
    _warn_review_due(records, {f.shown: f for f in files}, problems)
    if wanted is not None:
        named = {project.rel(p) for p in only or []}
        problems.items = [p for p in problems.items if p.path in named]
        _check_named(only or [], project, {f.path.resolve() for f in files}, problems)
    content = None
    if not problems.errors and taxonomy is not None:
        content = ContentSet(records=records, taxonomy=taxonomy, bibliography=bibliography,
                             bib_path=str(project.bib), schema=project.record_schema)
    return Validation(problems, content)


def _shown(project: Project, path: Path) -> str:
    """A project file's name as people know it (Project.rel resolves, so a link would show its target)."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return project.rel(path)


def _check_named(named: list[Path], project: Project, records: set[Path], problems: Problems) -> None:
    """A mistyped path must not pass as "ok": each named file is a record, the taxonomy or the bibliography."""
    known = records | {project.themes.resolve(), project.bib.resolve()}
    for path in named:
        if path.resolve() not in known:
            what = "does not exist" if not os.path.lexists(path) else "is not a record, themes.yaml or references.bib"
            problems.error(str(path), 1, 1, "not-found", f"{path} {what}",
                           hint="records are case_studies/<id>.yaml")


def _record_files(project: Project, problems: Problems) -> list[YamlFile]:
    folder = project.case_studies
    if folder.is_symlink():
        problems.error(_shown(project, folder), 1, 1, "symlink", "case_studies/ must be a real folder, not a link")
        return []
    if not folder.is_dir():
        problems.error(_shown(project, folder), 1, 1, "no-content", "the case_studies/ folder is missing")
        return []
    files = []
    folder_shown = _shown(project, folder)
    for path in sorted(folder.iterdir()):
        shown = f"{folder_shown}/{path.name}"
        if path.is_symlink():
            problems.error(shown, 1, 1, "symlink", "symbolic links are not allowed in case_studies/",
                           hint="replace the link with the file itself")
        elif path.is_dir():
            problems.error(shown, 1, 1, "unexpected-file",
                           "folders are not allowed in case_studies/; put records at the top level")
        elif not path.name.endswith(RECORD_SUFFIX):
            hint = "rename it to end in .yaml" if path.suffix == ".yml" else "move or delete it"
            problems.error(shown, 1, 1, "unexpected-file",
                           f"{path.name!r} is not a record (records are <id>.yaml)", hint=hint)
        else:
            files.append(read_yaml_file(path, shown))
    return files


def _quiet_record(file: YamlFile, checker: SchemaChecker) -> Record | None:
    """A record not asked about: used for cross-file rules, its own problems not reported."""
    if file.loaded is None or not isinstance(file.loaded.data, dict):
        return None
    if not checker.check(file.loaded, file.shown, Problems()):
        return None
    return record_from_data(file.loaded.data, file.shown)


def _validate_record(file: YamlFile, checker: SchemaChecker, taxonomy: Taxonomy | None,
                     bibliography: dict[str, BibEntry], project: Project,
                     problems: Problems) -> Record | None:
    shown = file.shown
    if file.issue:
        i = file.issue
        problems.error(shown, i.line, i.col, i.code, i.message)
        return None
    loaded = file.loaded
    assert loaded is not None
    if not isinstance(loaded.data, dict):
        line, col = loaded.mark(())
        problems.error(shown, line, col, "not-a-mapping", "a record must be a mapping of fields (key: value)")
        return None
    data = loaded.data
    before = len(problems.errors)
    if not file.text.startswith("# yaml-language-server: $schema="):
        problems.error(shown, 1, 1, "missing-modeline",
                       "the first line must name the schema so editors check as you type",
                       hint=f"add this first line: {MODELINE}")
    _check_characters(loaded, shown, problems)
    checker.check(loaded, shown, problems)
    stem = file.path.name[: -len(RECORD_SUFFIX)]
    # An id that is not a slug is already reported; renaming the file to it would not help.
    if isinstance(data.get("id"), str) and data["id"] != stem and _SLUG.fullmatch(data["id"]):
        line, col = loaded.mark(("id",))
        problems.error(shown, line, col, "id-mismatch",
                       f"id {brief(data['id'])} does not match the file name {file.path.name!r}",
                       hint=(f"set id: {stem} or rename the file to {data['id']}.yaml" if _SLUG.fullmatch(stem)
                             else f"a file is named by its id: rename the file to {data['id']}.yaml"))
    _check_themes(loaded, taxonomy, shown, problems)
    _check_citations(loaded, file.text, bibliography, shown, problems)
    _check_links(loaded, file.text, file.path, project, shown, problems)
    _check_dates(loaded, shown, problems)
    if data.get("status") == "published" and "TODO" in loaded.text:
        _check_placeholders(loaded, shown, problems)
    if len(problems.errors) > before:
        return None
    return record_from_data(data, shown)


def _check_characters(loaded: LoadedYaml, shown: str, problems: Problems) -> None:
    """Bidirectional controls anywhere in the file, and invisible characters in the id."""
    found = _BIDI_RE.search(loaded.text)
    if found:
        ch = found.group(0)
        line, col = markdown.line_col(loaded.text, found.start())
        problems.error(shown, line, col, "hidden-character",
                       f"{unicodedata.name(ch, 'character')} (U+{ord(ch):04X}) is a bidirectional control "
                       "that can disguise text; delete it")
    record_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
    if isinstance(record_id, str):
        for ch in record_id:
            if ord(ch) in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf"):
                line, col = loaded.mark(("id",))
                problems.error(shown, line, col, "hidden-character",
                               f"id contains the invisible character U+{ord(ch):04X}; "
                               "ids are lower-case letters, digits and hyphens")
                break


def _check_themes(loaded: LoadedYaml, taxonomy: Taxonomy | None, shown: str, problems: Problems) -> None:
    themes = loaded.data.get("themes") if isinstance(loaded.data, dict) else None
    if taxonomy is None or not isinstance(themes, list):
        return
    for i, theme in enumerate(themes):
        if isinstance(theme, str) and theme not in taxonomy.ids:
            line, col = loaded.mark(("themes", i))
            problems.error(shown, line, col, "unknown-theme", f"{brief(theme)} is not a theme",
                           hint=did_you_mean(theme, taxonomy.ids) or "themes are listed in themes.yaml")


def _items(value: object) -> list:
    """A list field's items; the schema reports a value of the wrong type."""
    return value if isinstance(value, list) else []


def _source_refs(data: dict):
    for i, s in enumerate(_items(data.get("sources"))):
        yield ("sources", i, "key"), s
    for field in ("quotes", "figures"):
        for i, item in enumerate(_items(data.get(field))):
            if isinstance(item, dict):
                yield (field, i, "source", "key"), item.get("source")


def _check_citations(loaded: LoadedYaml, text: str, bibliography: dict[str, BibEntry],
                     shown: str, problems: Problems) -> None:
    keys = sorted(bibliography)
    data = loaded.data
    for path, ref in _source_refs(data):
        if isinstance(ref, dict) and isinstance(ref.get("key"), str) and ref["key"] not in bibliography:
            line, col = loaded.mark(path)
            problems.error(shown, line, col, "unknown-key",
                           f"{brief(ref['key'])} is not a key in references.bib",
                           hint=did_you_mean(ref["key"], keys) or "add the work to references.bib first")
    for path, value in _markdown_fields(data):
        for found in markdown.citation_keys(value):
            if found.value not in bibliography:
                line, col = _locate(loaded, text, path, value, found)
                problems.error(shown, line, col, "unknown-key",
                               f"inline citation @{found.value} is not a key in references.bib",
                               hint=did_you_mean(found.value, keys))


def _markdown_fields(data: dict):
    if isinstance(data.get("summary"), str):
        yield ("summary",), data["summary"]
    narrative = data.get("narrative")
    if isinstance(narrative, dict):
        for k, v in narrative.items():
            if isinstance(v, str):
                yield ("narrative", k), v
    for i, note in enumerate(_items(data.get("editorial_notes"))):
        if isinstance(note, str):
            yield ("editorial_notes", i), note


def _locate(loaded: LoadedYaml, text: str, path: tuple, value: str, found: markdown.Found,
            prefix: str = "@") -> tuple[int, int]:
    """Where in the file a piece of a field's value is, to the line and column.

    Block scalars fold and re-indent, so offsets into the value do not map onto the
    file; instead count which occurrence it is in the value and find that one in the
    file, from the field's start (a key that merely begins another is not a match).
    """
    needle = prefix + found.value
    pattern = re.compile(re.escape(needle) + (r"(?![\w:.#$%&+?<>~/-]*\w)" if prefix == "@" else ""))
    start = found.offset - len(prefix)
    nth = sum(1 for m in pattern.finditer(value) if m.start() < start)
    line, col = loaded.mark(path)
    offset = _offset(text, line, col)
    for i, match in enumerate(pattern.finditer(text, offset)):
        if i == nth:
            return markdown.line_col(text, match.start())
    return line, col


def _offset(text: str, line: int, col: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at + col - 1


def _check_links(loaded: LoadedYaml, text: str, file_path: Path, project: Project, shown: str,
                 problems: Problems) -> None:
    root = project.root.resolve()
    for path, value in _markdown_fields(loaded.data):
        for link in markdown.links(value):
            line, col = (_locate(loaded, text, path, value, markdown.Found(link.target, link.offset), prefix="")
                         if link.target else loaded.mark(path))
            if link.is_image:
                problems.error(shown, line, col, "image", "images are not allowed in record text",
                               hint="link to the image instead, or describe it")
                continue
            if not markdown.is_safe_url(link.target):
                problems.error(shown, line, col, "unsafe-link",
                               f"link scheme {brief(markdown.link_scheme(link.target))} is not allowed",
                               hint="use an https:// link or a path inside this repository")
                continue
            if markdown.link_scheme(link.target) or not link.target or link.target.startswith("#"):
                continue
            target = link.target.split("#")[0].split("?")[0]
            resolved = (root / target.lstrip("/")) if target.startswith("/") else (file_path.parent / target)
            resolved = Path(os.path.normpath(resolved))
            if not resolved.is_relative_to(root):
                problems.error(shown, line, col, "link-outside",
                               f"link {brief(link.target)} points outside the repository")
            elif not os.path.exists(resolved):  # False, not an exception, for over-long names
                problems.error(shown, line, col, "broken-link", f"link {brief(link.target)} does not resolve to a file",
                               hint="relative links are resolved from case_studies/")


_TODO = re.compile(r"\bTODO\b")


def _check_placeholders(loaded: LoadedYaml, shown: str, problems: Problems) -> None:
    """`casebook new` marks what is left to write with TODO; a published record must have none."""
    def walk(value: object, path: tuple) -> None:
        if isinstance(value, str) and _TODO.search(value):
            line, col = loaded.mark(path)
            problems.error(shown, line, col, "placeholder", f"{dotted(path)} still holds a TODO placeholder",
                           hint="write what the source says, or keep status: draft")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    walk(loaded.data, ())


def _check_dates(loaded: LoadedYaml, shown: str, problems: Problems) -> None:
    data = loaded.data
    for field in ("last_reviewed", "added", "review_due"):
        value = data.get(field)
        if isinstance(value, str):
            try:
                when = dt.date.fromisoformat(value)
            except ValueError:
                # The schema usually reports it too (same words, so reported once); not year 0000.
                line, col = loaded.mark((field,))
                problems.error(shown, line, col, "bad-date", *bad_date(field, value))
                continue
            if field != "review_due" and when > today():
                line, col = loaded.mark((field,))
                problems.error(shown, line, col, "future-date", f"{field} {value} is in the future")


def _validate_taxonomy(project: Project, bibliography: dict[str, BibEntry],
                       problems: Problems) -> Taxonomy | None:
    shown = _shown(project, project.themes)
    file = read_yaml_file(project.themes, shown)
    if file.issue:
        problems.error(shown, file.issue.line, file.issue.col, file.issue.code, file.issue.message)
        return None
    loaded = file.loaded
    assert loaded is not None
    checker = SchemaChecker(load_json(project.schema_dir / "themes.schema.json"),
                            others=[project.record_schema])
    if not checker.check(loaded, shown, problems):
        return None
    data = loaded.data
    groups = [g["id"] for g in data["groups"]]
    seen: set[str] = set()
    before = len(problems.errors)
    for i, theme in enumerate(data["themes"]):
        if theme["id"] in seen:
            line, col = loaded.mark(("themes", i, "id"))
            problems.error(shown, line, col, "duplicate-theme", f"theme {theme['id']!r} is defined twice")
        seen.add(theme["id"])
        if theme["group"] not in groups:
            line, col = loaded.mark(("themes", i, "group"))
            problems.error(shown, line, col, "unknown-group", f"{theme['group']!r} is not a group",
                           hint=did_you_mean(theme["group"], groups))
        if theme["source"]["key"] not in bibliography:
            line, col = loaded.mark(("themes", i, "source", "key"))
            problems.error(shown, line, col, "unknown-key",
                           f"{theme['source']['key']!r} is not a key in references.bib",
                           hint=did_you_mean(theme["source"]["key"], sorted(bibliography)))
    for path, value in [*((("groups", i, "description"), g["description"]) for i, g in enumerate(data["groups"])),
                        *((("themes", i, "definition"), t["definition"]) for i, t in enumerate(data["themes"]))]:
        for found in markdown.citation_keys(value):
            if found.value not in bibliography:
                line, col = _locate(loaded, file.text, path, value, found)
                problems.error(shown, line, col, "unknown-key",
                               f"inline citation @{found.value} is not a key in references.bib",
                               hint=did_you_mean(found.value, sorted(bibliography)))
    if len(problems.errors) > before:
        return None
    return taxonomy_from_data(data)


def _warn_uncited(bibliography: dict[str, BibEntry], records: list[Record], taxonomy: Taxonomy | None,
                  project: Project, bib_shown: str, problems: Problems) -> None:
    cited: set[str] = set()
    for record in records:
        cited.update(record.cited_keys())
        for _, text in record.markdown_fields():
            cited.update(f.value for f in markdown.citation_keys(text))
    if taxonomy:
        for theme in taxonomy.themes:
            cited.add(theme.source.key)
            cited.update(f.value for f in markdown.citation_keys(theme.definition))
        for group in taxonomy.groups:
            cited.update(f.value for f in markdown.citation_keys(group.description))
    for key, entry in sorted(bibliography.items()):
        if key not in cited:
            problems.warning(bib_shown, entry.line, 1, "uncited", f"{key!r} is not cited by any record")


def _warn_review_due(records: list[Record], files: dict[str, YamlFile], problems: Problems) -> None:
    now = today()
    for record in records:
        due = (dt.date.fromisoformat(record.review_due) if record.review_due
               else dt.date.fromisoformat(record.last_reviewed) + dt.timedelta(days=REVIEW_INTERVAL_DAYS))
        if due < now and record.status == "published":
            loaded = files[record.path].loaded
            line, col = loaded.mark(("review_due" if record.review_due else "last_reviewed",)) if loaded else (1, 1)
            problems.warning(record.path, line, col, "review-overdue",
                             f"review was due on {due.isoformat()}; check it against its sources and "
                             "update last_reviewed")
