"""What the preview keeps between validations: each record file's own check, while nothing it depends on changed.

`casebook serve` validates the whole project after every edit, and at 1,000 records reading and
checking every file is most of that. A file's own check (its YAML, its schema, its themes, its
citations, its links) depends on the file and on the context it is checked against: the
bibliography, the taxonomy, the schema and the day (review dates). So a check is kept under the
file's identity as the preview's own watcher sees it (name, size, modification time, inode) and a
digest of that context; whatever crosses files (duplicate ids, works two records define, keys
another record carries) is checked again in full every time. One memo belongs to one preview
process: nothing is cached at module level.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casebook.model import Record
from casebook.problems import Problem, Problems
from casebook.validate.context import Unresolved
from casebook.validate.perfile import CheckedFile

FileKey = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class _Kept:
    """A file's check as it ended, before cross-file rules added to it (they add again each time)."""

    file: object  # load.YamlFile, read-only once read
    problems: tuple[Problem, ...]
    record: Record | None
    unresolved: tuple[Unresolved, ...]

    def fresh(self) -> CheckedFile:
        return CheckedFile(self.file, Problems(list(self.problems)), self.record, list(self.unresolved))


@dataclass
class FileChecks:
    """Record files' own checks, kept for one context (a new context forgets them all)."""

    context: str = ""
    kept: dict[FileKey, _Kept] = field(default_factory=dict)
    # references.bib as last read: its identity, then its entries, problems and text
    bib: tuple[FileKey, tuple[dict, tuple[Problem, ...], str]] | None = None

    def use_context(self, *inputs: bytes | str) -> None:
        parts = (i.encode("utf-8") if isinstance(i, str) else i for i in inputs)
        digest = hashlib.sha256(b"\0".join(parts)).hexdigest()
        if digest != self.context:
            self.context, self.kept = digest, {}

    def get(self, path: Path, shown: str) -> tuple[FileKey | None, CheckedFile | None]:
        key = file_key(path, shown)
        found = self.kept.get(key) if key is not None else None
        return key, (found.fresh() if found is not None else None)

    def keep(self, key: FileKey | None, checked: CheckedFile) -> None:
        if key is not None:
            self.kept[key] = _Kept(checked.file, tuple(checked.problems.items), checked.record,
                                   tuple(checked.unresolved))

    def bibliography(self, path: Path, shown: str,
                     load: Callable[[Path, str], tuple[dict, Problems, str]]) -> tuple[dict, Problems, str]:
        """load(path, shown) (bib/library.load_bibliography), kept while the file is as last read: parsing
        and checking it again took 0.06 s of every preview at 1,000 records (200 works)."""
        key = file_key(path, shown)
        if key is not None and self.bib is not None and self.bib[0] == key:
            entries, items, text = self.bib[1]
            return entries, Problems(list(items)), text
        entries, problems, text = load(path, shown)
        self.bib = (key, (entries, tuple(problems.items), text)) if key is not None else None
        return entries, problems, text


def file_key(path: Path, shown: str) -> FileKey | None:
    """The file as a watcher sees it; None when it cannot be read (then it is always checked)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (shown, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)
