"""Stage 1: read files into located data and turn valid data into model records."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from casebook.model import (
    Contributor,
    Figure,
    Organisation,
    Programme,
    Quote,
    Record,
    SourceRef,
    Taxonomy,
    Theme,
    ThemeGroup,
)
from casebook.yamlsafe import LoadedYaml, YamlIssue, load_yaml_bytes

RECORD_SUFFIX = ".yaml"


@dataclass
class YamlFile:
    """One YAML file as read from disk: its data with positions, or why it could not be read."""

    path: Path
    shown: str
    text: str
    loaded: LoadedYaml | None
    issue: YamlIssue | None


def read_yaml_file(path: Path, shown: str) -> YamlFile:
    """Read without following symlinks: a link in a contribution could point anywhere."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return YamlFile(path, shown, "", None, YamlIssue(1, 1, "unreadable", f"cannot read: {exc.strerror}"))
    if stat.S_ISLNK(info.st_mode):
        return YamlFile(path, shown, "", None,
                        YamlIssue(1, 1, "symlink", "symbolic links are not allowed; commit a real file"))
    if not stat.S_ISREG(info.st_mode):
        return YamlFile(path, shown, "", None, YamlIssue(1, 1, "not-a-file", "not a regular file"))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(2 * 1024 * 1024)
    except OSError as exc:
        return YamlFile(path, shown, "", None, YamlIssue(1, 1, "unreadable", f"cannot read: {exc.strerror}"))
    loaded, issue = load_yaml_bytes(raw)
    text = raw.decode("utf-8", errors="replace")
    return YamlFile(path, shown, text, loaded, issue)


def _source(data: dict) -> SourceRef:
    return SourceRef(key=data["key"], locator=data["locator"])


def record_from_data(data: dict, path: str) -> Record:
    """Build a Record from data that has already passed the schema."""
    return Record(
        id=data["id"], kind=data["kind"], title=data["title"], summary=data["summary"],
        themes=tuple(data["themes"]), evidence_type=data["evidence_type"], status=data["status"],
        last_reviewed=data["last_reviewed"], sources=tuple(_source(s) for s in data["sources"]),
        path=path,
        organisations=tuple(Organisation(name=o["name"], type=o["type"], nation=o["nation"],
                                         region=o.get("region"))
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
    )


def taxonomy_from_data(data: dict) -> Taxonomy:
    return Taxonomy(
        groups=tuple(ThemeGroup(g["id"], g["title"], g["description"]) for g in data["groups"]),
        themes=tuple(Theme(t["id"], t["group"], t["title"], t["definition"], _source(t["source"]))
                     for t in data["themes"]),
    )
