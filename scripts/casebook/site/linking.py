"""The previous site hard-linked into a new site's folder: what a rebuild starts from (site/generator.py).

At 1,000 records the site is about 7,400 files; linking them one by one from Python took 0.19 s of
a one-record preview, GNU cp -al 0.08 s, in a process of its own that runs while Casebook writes the
docs (started as soon as the build knows it will build on the previous site). Where there is no
GNU cp, Python links them when the generator needs them. Either way, the outputs to be written again
are unlinked before the generator runs: nothing is ever written into a linked file, so the previous
site stays as it was whatever happens.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


class Linking:
    """The previous site (base) being linked into out, less the top-level folders in skip."""

    def __init__(self, base: Path, out: Path, skip: tuple[str, ...] = ()):
        self.base, self.out, self.skip = base, out, skip
        self._process: subprocess.Popen | None = None
        entries = [str(p) for p in sorted(base.iterdir()) if p.name not in skip]
        out.mkdir(parents=True)
        cp = shutil.which("cp")
        if cp is not None and entries:
            self._process = subprocess.Popen([cp, "-al", "--", *entries, str(out)], stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL)

    def finish(self, rebuilt: set[str]) -> None:
        """Wait for the links; then unlink the outputs to be written again (and drop a folder left empty)."""
        if self._process is None or self._process.wait() != 0:  # no GNU cp (BSD's has no -l): in Python
            self._process = None
            for child in self.out.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            link_tree(self.base, self.out, rebuilt, self.skip)
            return
        self._process = None
        for rel in sorted(rebuilt):
            path = self.out / rel
            path.unlink(missing_ok=True)
            folder = path.parent
            while folder != self.out and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # a folder only of outputs written again (a deleted record's) is not kept
                folder = folder.parent

    def stop(self) -> None:
        """Stop linking (the build failed before the generator ran); the caller removes out."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


def link_tree(base: Path, out: Path, rebuilt: set[str] | frozenset[str] = frozenset(),
              skip: tuple[str, ...] = ()) -> None:
    """base hard-linked file by file into out, less the outputs in rebuilt and the top-level folders in skip."""
    for folder, dirs, files in os.walk(base):
        rel = Path(folder).relative_to(base)
        if not rel.parts:
            dirs[:] = [d for d in dirs if d not in skip]
        kept = [name for name in files if (rel / name).as_posix() not in rebuilt]
        if kept:  # a folder only of outputs written again (a deleted record's) is not made at all
            (out / rel).mkdir(parents=True, exist_ok=True)
        for name in kept:
            os.link(os.path.join(folder, name), out / rel / name)


def link_folder(source: Path, target: Path) -> None:
    """A folder of the previous build kept as it was (the preview keeps its search index)."""
    if not source.is_dir():
        return
    for folder, _, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(os.path.join(folder, name), target / rel / name)
