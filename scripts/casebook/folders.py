"""Folders of thousands of files, listed and filled with as few system calls as Python allows.

At 5,000 records a rebuild lists its docs folder (about 10,000 pages) three times and writes a
placeholder for every page it keeps. pathlib's rglob stats every entry to tell files from folders
and builds a Path for each; os.walk reads the type from the directory listing. Measured on a
memory folder with 10,000 pages: rglob and is_file 0.37 s, os.walk 0.1 s; creating the empty
files through pathlib 0.34 s, through os 0.11 s.
"""

from __future__ import annotations

import os
from pathlib import Path


def files_under(folder: Path, suffix: str = "") -> list[str]:
    """Every file under folder (ending in suffix), as sorted folder-relative POSIX paths."""
    root = str(folder)
    found = []
    for here, subfolders, names in os.walk(root):
        subfolders.sort()
        prefix = os.path.relpath(here, root).replace(os.sep, "/") + "/" if here != root else ""
        found += [prefix + name for name in names if name.endswith(suffix)]
    return sorted(found)


def empty_file(path: Path) -> None:
    """An empty file at path (replacing what is there), with the folders it needs (a page's own folder is
    usually the one missing: made straight away, not after asking after each folder above it)."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666))


def set_times(folder: Path, paths: list[str], seconds: float) -> None:
    """Give each file (folder-relative) the same access and modification time."""
    for rel in paths:
        os.utime(os.path.join(folder, rel), (seconds, seconds))
