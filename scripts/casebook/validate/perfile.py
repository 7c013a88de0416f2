"""Reading and checking each record file on its own, on both cores when there are many.

Everything a record rule needs (bibliography, taxonomy, schema, the list of file names)
is known before any record is read, so files can be checked in any order. From
PARALLEL_FROM files on, a forked child reads and checks the second half of the files
while this process checks the first; the child sends back each file's data, problems
and record, and the halves are joined in file order. Each file's problems are kept
apart until then, so the run reports exactly what one process would, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from casebook.load import YamlFile
from casebook.model import Record
from casebook.problems import Problems
from casebook.validate.context import Context, Unresolved

# Below this, forking and sending the results back (pickled, about 0.2 s for 2,500 files)
# cost more than the second core saves. Measured: 5,000 records validate in 1.19 s instead
# of 1.45 s, 1,000 in 0.26 s instead of 0.30 s.
PARALLEL_FROM = 1000


@dataclass
class CheckedFile:
    """One record file: as read, its own problems, and its record when it has no errors."""

    file: YamlFile
    problems: Problems
    record: Record | None
    unresolved: list[Unresolved] = field(default_factory=list)  # keys another record may carry


FileCheck = Callable[[Context, Path, str], CheckedFile]
# What the forked child works on: set just before the fork, so the child inherits it
# (the context holds the whole bibliography; sending it would cost more than the work).
_FORKED: tuple[Context, list[tuple[Path, str]], FileCheck] | None = None


def check_files(ctx: Context, check: FileCheck) -> list[CheckedFile]:
    """Every entry of ctx.entries checked by `check`, in file order."""
    entries = ctx.entries
    if len(entries) < PARALLEL_FROM or not _two_cores():
        return [check(ctx, path, shown) for path, shown in entries]
    half = len(entries) // 2
    global _FORKED
    _FORKED = (ctx, entries[half:], check)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            second = pool.submit(_check_forked)
            first = [check(ctx, path, shown) for path, shown in entries[:half]]
            try:
                return first + second.result()
            except BrokenProcessPool:  # the child died (out of memory, killed): do its half here
                return first + [check(ctx, path, shown) for path, shown in entries[half:]]
    finally:
        _FORKED = None


def _check_forked() -> list[CheckedFile]:
    assert _FORKED is not None, "only run in a child forked by check_files"
    ctx, entries, check = _FORKED
    return [check(ctx, path, shown) for path, shown in entries]


def _two_cores() -> bool:
    """A second core this process may use, and fork to use it with (not on Windows)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return usable >= 2 and "fork" in multiprocessing.get_all_start_methods()
