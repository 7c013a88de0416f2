"""Where a builder puts its files: a folder, less the files the previous build made with the same bytes.

A rebuild after a one-record edit would otherwise write again every record's browser-pack data,
published YAML and reference-manager files (about 4,000 files at 1,000 records, 0.5 s of a
preview, and as long again to hash, age and move them), to end with the same bytes. Each file
put is hashed in memory; when the previous build's manifest (site/manifest.py) holds the same
digest at the same path, the file is left out of the folder and its output is the previous
build's, which the generator hard-links into the new site (site/generator.py). A file is
never compared with the previous site's copy on disk: the manifest is only trusted while the
site folder is as that build left it (manifest.read).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FolderWriter:
    """Files put under folder by path (relative, with forward slashes)."""

    folder: Path
    previous: Mapping[str, str] = field(default_factory=dict)  # path -> digest, the previous build's
    digests: dict[str, str] = field(default_factory=dict)  # path -> digest of every file put, kept or written
    kept: dict[str, str] = field(default_factory=dict)  # path -> digest of the files left as the previous build's
    _folders: set[Path] = field(default_factory=set)

    def put(self, path: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        self.digests[path] = digest
        if self.previous.get(path) == digest:
            self.kept[path] = digest
            return
        self.kept.pop(path, None)
        target = self.folder / path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        target.write_bytes(data)

    def put_text(self, path: str, text: str) -> None:
        self.put(path, text.encode("utf-8"))


def file_digest(path: Path) -> str:
    """A file's digest as FolderWriter makes it (for files a builder wrote otherwise)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
