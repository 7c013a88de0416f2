"""Write outputs so a failed run leaves the previous output exactly as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path


def staging_dir(target: Path) -> Path:
    """A fresh folder beside the target (same filesystem, so the final rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=target.parent))


def replace_dir(new: Path, target: Path, remove_old: bool = True) -> Path | None:
    """Swap a fully built folder into place; the old one is removed only after the swap (or, with
    remove_old=False, left in the folder returned, for the caller to remove when it suits it)."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rename(target, old / target.name)
    os.rename(new, target)
    if old is not None and remove_old:
        shutil.rmtree(old, ignore_errors=True)
        return None
    return old


def remove_in_background(*folders: Path | None) -> threading.Thread:
    """Remove folders no one reads any more without making the caller wait: removing a site's
    thousands of folders took longer than building its changed pages (the preview's old build)."""
    thread = threading.Thread(target=lambda: [shutil.rmtree(f, ignore_errors=True) for f in folders if f],
                              name="casebook-remove", daemon=True)
    thread.start()
    return thread


def write_bytes_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write beside the target and rename over it: a reader never sees half a file, and a file another
    folder shares by a hard link is replaced, never changed (mode: the new file's permissions)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
