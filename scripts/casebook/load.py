"""Stage 1: find and read the project's files into located data, and turn valid data into model records.

Nothing here judges the content; validate/ does. Reading problems (a link, a stray file)
are reported as data, like any other problem.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from casebook.assessment import Assessment, Characteristic, Statement
from casebook.bib.works import work_from_data
from casebook.model import (
    Contributor,
    Figure,
    Organisation,
    Programme,
    Quote,
    Record,
    SiteInputs,
    SourceRef,
    Taxonomy,
    Theme,
    ThemeGroup,
)
from casebook.problems import Problems
from casebook.project import Project
from casebook.yamlio.safe import LoadedYaml, YamlIssue, load_yaml_bytes

RECORD_SUFFIX = ".yaml"


@dataclass
class YamlFile:
    """One YAML file as read from disk: its data with positions, or why it could not be read."""

    path: Path
    shown: str
    loaded: LoadedYaml | None
    issue: YamlIssue | None

    def report(self, problems: Problems) -> bool:
        """Report what reading found; True when there is data to check.

        A duplicate key is reported but does not stop the checks: the rest of the file's
        problems come out in the same run (and any problem keeps the file from rendering).
        """
        found = [self.issue] if self.issue else (self.loaded.issues if self.loaded else [])
        for issue in found:
            problems.error(self.shown, issue.line, issue.col, issue.code, issue.message)
        return self.loaded is not None


def read_yaml_file(path: Path, shown: str) -> YamlFile:
    """Read without following symlinks: a link in a contribution could point anywhere."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return YamlFile(path, shown, None, YamlIssue(1, 1, "unreadable", f"cannot read: {exc.strerror}"))
    if stat.S_ISLNK(info.st_mode):
        return YamlFile(path, shown, None,
                        YamlIssue(1, 1, "symlink", "symbolic links are not allowed; commit a real file"))
    if not stat.S_ISREG(info.st_mode):
        return YamlFile(path, shown, None, YamlIssue(1, 1, "not-a-file", "not a regular file"))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(2 * 1024 * 1024)
    except OSError as exc:
        return YamlFile(path, shown, None, YamlIssue(1, 1, "unreadable", f"cannot read: {exc.strerror}"))
    loaded, issue = load_yaml_bytes(raw)
    return YamlFile(path, shown, loaded, issue)


def shown_path(project: Project, path: Path) -> str:
    """A project file's name as people know it (Project.rel resolves, so a link would show its target)."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return project.rel(path)


def record_entries(project: Project, problems: Problems) -> list[tuple[Path, str]]:
    """Every case_studies/<id>.yaml (path, name as shown), to be read with read_yaml_file;
    anything else in the folder is reported, not read."""
    folder = project.case_studies
    if folder.is_symlink():
        problems.error(shown_path(project, folder), 1, 1, "symlink", "case_studies/ must be a real folder, not a link")
        return []
    if not folder.is_dir():
        problems.error(shown_path(project, folder), 1, 1, "no-content", "the case_studies/ folder is missing")
        return []
    entries = []
    folder_shown = shown_path(project, folder)
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
            entries.append((path, shown))
    return entries


def read_site_inputs(project: Project, problems: Problems) -> SiteInputs:
    """mkdocs.yml, docs/ and CONTRIBUTING.md, read now so that rendering never opens the project folder.

    A link inside docs/ could point anywhere on the machine: it is reported, not followed.
    """
    docs: dict[str, bytes] = {}
    if project.docs.is_dir() and not project.docs.is_symlink():
        for path in sorted(project.docs.rglob("*")):
            shown = shown_path(project, path)
            if path.is_symlink():
                problems.error(shown, 1, 1, "symlink", "symbolic links are not allowed in docs/",
                               hint="replace the link with the file itself")
            elif path.is_file():
                docs[path.relative_to(project.docs).as_posix()] = path.read_bytes()
    return SiteInputs(mkdocs_yml=_read_text(project.mkdocs_yml), docs=docs,
                      contributing=_read_text(project.root / "CONTRIBUTING.md"))


def _read_text(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def _source(data: dict) -> SourceRef:
    return SourceRef(key=data["key"], locator=data["locator"])


def record_from_data(data: dict, path: str, work_lines: list[int] | None = None) -> Record:
    """Build a Record from data that has already passed the schema (work_lines: the line of each
    work in its references, where the file is at hand)."""
    works = data.get("references", [])
    lines = work_lines or [1] * len(works)
    return Record(
        id=data["id"], kind=data["kind"], title=data["title"], summary=data["summary"],
        themes=tuple(data["themes"]), evidence_type=data["evidence_type"], status=data["status"],
        last_reviewed=data["last_reviewed"], sources=tuple(_source(s) for s in data["sources"]),
        path=path,
        organisations=tuple(Organisation(name=o["name"], type=o["type"], nation=o["nation"],
                                         region=o.get("region"), source_gives=tuple(o.get("source_gives", ())))
                            for o in data.get("organisations", [])),
        year=data.get("year"), period=data.get("period"),
        narrative=dict(data.get("narrative", {})),
        quotes=tuple(Quote(text=q["text"], speaker=q["speaker"], role=q.get("role"),
                           source=_source(q["source"])) for q in data.get("quotes", [])),
        figures=tuple(Figure(label=f["label"], value=str(f["value"]), unit=f.get("unit"),
                             note=f.get("note"), source=_source(f["source"]))
                      for f in data.get("figures", [])),
        editorial_notes=tuple(data.get("editorial_notes", [])),
        contributors=tuple(Contributor(name=c["name"], organisation=c.get("organisation"))
                           for c in data.get("contributors", [])),
        programme=(Programme(name=data["programme"]["name"], cohort=data["programme"].get("cohort"))
                   if data.get("programme") else None),
        added=data.get("added"), review_due=data.get("review_due"),
        works=tuple(work_from_data(w, path, line) for w, line in zip(works, lines, strict=True)),
    )


def taxonomy_from_data(data: dict) -> Taxonomy:
    return Taxonomy(
        groups=tuple(ThemeGroup(g["id"], g["title"], g["description"]) for g in data["groups"]),
        themes=tuple(Theme(t["id"], t["group"], t["title"], t["definition"], _source(t["source"]))
                     for t in data["themes"]),
    )


def assessment_from_data(data: dict) -> Assessment:
    return Assessment(
        title=data["title"], intro=data["intro"],
        scale=tuple(data["scale"]["labels"]), dont_know=data["scale"]["dont_know"],
        characteristics=tuple(
            Characteristic(theme=c["theme"], note=c.get("note"),
                           statements=tuple(Statement(s["id"], s["theme"], s["text"]) for s in c["statements"]))
            for c in data["characteristics"]))
