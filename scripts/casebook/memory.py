"""How Casebook's long runs use memory: a folder in memory for short-lived files, and the cycle collector.

Both are about the same thing: a build makes tens of thousands of small things and keeps most of
them only until it ends, beside others it keeps for the process's life.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# A build's generated Markdown goes into memory where the system has a folder there with room (Linux's /dev/shm):
# a one-record rebuild at 1,000 records makes some 1,600 folders and placeholders, which took 0.05-0.9 s
# on this machine's disk as the disk was busy, 0.025 s in memory. Elsewhere it goes beside the output (the
# system's temporary folder can be slower: four times as long, once, for a thousand pages' folders).
RAM_FOLDER = Path("/dev/shm")
RAM_ROOM = 1 << 30  # bytes free in it, at least: the docs of a cold build at 5,000 records are far less


def ram_folder() -> str | None:
    """The memory folder to write the generated Markdown in, when there is one with room."""
    try:
        if RAM_FOLDER.is_dir() and os.access(RAM_FOLDER, os.W_OK) and shutil.disk_usage(RAM_FOLDER).free >= RAM_ROOM:
            return str(RAM_FOLDER)
    except OSError:
        pass
    return None


@contextmanager
def collector_paused(paused: bool = True) -> Iterator[None]:
    """Python's cycle collector off meanwhile, when paused (the caller's setting comes back).

    Validation makes millions of small objects and keeps most of them (the records), so the
    collector would walk the growing heap again and again and find nothing: YAML data and the model
    have no cycles (a third of validation's time at 5,000 records). A rebuild on the previous build
    is the same: it makes a whole edition and keeps it to its end, and every full collection walked
    it again (at 5,000 records a preview took 10.9 s paused, 13-15 s collecting, and 12-14 s with
    what the process kept before the rebuild frozen, gc.freeze). A build from nothing renders every
    record and runs with the collector, so its memory stays bounded; after a paused rebuild the
    preview collects while the reader looks (serve)."""
    was_enabled = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
