"""What an output depends on besides the content: Casebook's own code and the tools that set it.

A build keeps what it made before when its inputs are unchanged (the site's pages,
site/page_inputs.py; the pre-built packs, pack/kept.py). The content is hashed where it is
read; these digests cover the rest, so changing a template, a rule or a tool's version makes
every output that depends on it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from casebook import __version__

PACKAGE = Path(__file__).resolve().parent


def code_digest() -> str:
    """Of every file in the casebook package: what turns the same content into the same outputs."""
    h = hashlib.sha256(__version__.encode("utf-8"))
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(b"\0" + path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()


def tools_digest(packages: Iterable[str], files: Iterable[Path]) -> str:
    """Casebook's code, the installed versions of these PyPI packages, and these files (by size and time)."""
    h = hashlib.sha256(code_digest().encode("ascii"))
    for package in packages:
        h.update(f"\0{package}={version(package)}".encode())
    for path in files:
        stat = path.stat()
        h.update(f"\0{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()
