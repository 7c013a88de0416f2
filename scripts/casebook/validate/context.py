"""What every rule reads and writes: the loaded content, the bibliography, the taxonomy, a problem sink.

Rules come in two kinds, each with one signature: a record rule takes the RecordCheck of
one file, a collection rule the whole Context. validate/__init__.py runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from casebook.assessment import Assessment
from casebook.load import RECORD_SUFFIX, YamlFile
from casebook.model import BibEntry, Record, Taxonomy
from casebook.problems import Problems
from casebook.project import Project
from casebook.validate.schema import SchemaChecker
from casebook.yamlio.safe import LoadedYaml


@dataclass
class Context:
    project: Project
    problems: Problems
    bibliography: dict[str, BibEntry]
    bib_shown: str
    taxonomy: Taxonomy | None
    checker: SchemaChecker
    entries: list[tuple[Path, str]]  # every record file (path, name as shown), known before any is read
    files: list[YamlFile] = field(default_factory=list)  # the same files, read (once every one is)
    records: list[Record] = field(default_factory=list)
    assessment: Assessment | None = None

    @cached_property
    def root(self) -> Path:
        """The project folder, links resolved: what relative links in records must stay inside."""
        return self.project.root.resolve()

    @cached_property
    def keys(self) -> list[str]:
        """Bibliography keys in order, for did-you-mean."""
        return sorted(self.bibliography)

    @cached_property
    def files_by_stem(self) -> dict[str, list[str]]:
        """Record files by the id their name gives (ids ignore case): which names are taken."""
        found: dict[str, list[str]] = {}
        for path, shown in self.entries:
            found.setdefault(path_stem(path).lower(), []).append(shown)
        return found

    @cached_property
    def files_by_id(self) -> dict[str, list[str]]:
        """Record files by every id they claim, their name's and the one they declare, to find duplicates.

        A copy saved under a new name keeps the old id: it claims both, so it meets the original.
        """
        found: dict[str, list[str]] = {}
        for file in self.files:
            for claimed in claimed_ids(file):
                found.setdefault(claimed, []).append(file.shown)
        return found


class Unresolved(NamedTuple):
    """A citation of a key that is neither in references.bib nor among the record's own works: another
    record may carry it, which is known only once every file is read (validate/works.py decides)."""

    line: int
    col: int
    key: str
    inline: bool


@dataclass
class RecordCheck:
    """One record file being checked: its located data and where to report."""

    ctx: Context
    file: YamlFile
    loaded: LoadedYaml
    problems: Problems  # this file's own, merged into the run's in file order (validate/perfile.py)
    unresolved: list[Unresolved] = field(default_factory=list)

    @cached_property
    def own_keys(self) -> frozenset[str]:
        """The keys of the works this record carries (its references)."""
        works = self.data.get("references")
        return frozenset(w["id"] for w in works if isinstance(w, dict) and isinstance(w.get("id"), str)) \
            if isinstance(works, list) else frozenset()

    def knows(self, key: str) -> bool:
        """Whether key is a work known while this file is checked: in references.bib or carried here."""
        return key in self.ctx.bibliography or key in self.own_keys

    @property
    def data(self) -> dict:
        return self.loaded.data  # type: ignore[return-value]  # a mapping: checked before any rule runs

    @property
    def shown(self) -> str:
        return self.file.shown

    def error(self, path: tuple, code: str, message: str, hint: str | None = None, key: bool = False) -> None:
        """An error at the node the data path names."""
        line, col = self.loaded.mark(path, key=key)
        self.problems.error(self.shown, line, col, code, message, hint=hint)

    def warning(self, path: tuple, code: str, message: str, hint: str | None = None) -> None:
        """A warning at the node the data path names."""
        line, col = self.loaded.mark(path)
        self.problems.warning(self.shown, line, col, code, message, hint=hint)

    def error_at(self, line: int, col: int, code: str, message: str, hint: str | None = None) -> None:
        self.problems.error(self.shown, line, col, code, message, hint=hint)

    def warning_at(self, line: int, col: int, code: str, message: str, hint: str | None = None) -> None:
        self.problems.warning(self.shown, line, col, code, message, hint=hint)


RecordRule = Callable[[RecordCheck], None]
CollectionRule = Callable[[Context], None]


def path_stem(path: Path) -> str:
    """The id a record file's name gives: case_studies/<id>.yaml."""
    return path.name[: -len(RECORD_SUFFIX)]


def file_stem(file: YamlFile) -> str:
    return path_stem(file.path)


def declared_id(file: YamlFile) -> str | None:
    data = file.loaded.data if file.loaded else None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def claimed_ids(file: YamlFile) -> list[str]:
    """The ids (lower-cased) a file stands for: its name's, then its declared id if that differs."""
    ids = [file_stem(file).lower()]
    declared = declared_id(file)
    if declared and declared.lower() not in ids:
        ids.append(declared.lower())
    return ids
