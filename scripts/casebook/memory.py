"""How Casebook's long runs use memory: a folder in memory for short-lived files, and the cycle collector.

Both are about the same thing, a rebuild that makes tens of thousands of small things and keeps
most of them only until it ends.
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
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off meanwhile (the caller's setting comes back).

    Validation makes millions of small objects and keeps most of them (the records), so the
    collector would walk the growing heap again and again and find nothing: YAML data and the model
    have no cycles (a third of validation's time at 5,000 records). A preview's process holds a large
    heap for its life (the fragment store's entries, the checked files), which every full collection
    walks again: paused through a rebuild (`casebook serve` collects once the new preview is served),
    an edit at 5,000 records was previewed 0.5-1 s sooner."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
