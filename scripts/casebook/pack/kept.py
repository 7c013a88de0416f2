"""Pre-built packs kept between builds: a pack whose inputs are unchanged is not set again.

After a one-record edit, `casebook build` compiles only the packs that hold the record (its
themes' packs and the complete pack); the others are copied from build/packs/, where each
pack's files are kept under a digest of everything that decides their bytes: the pack's
data (pack.json: the records' facts and prose as the template reads them, the selection, the
title, the date), the template, which formats are made, Casebook's own code, the versions of
Typst and pandoc, and the fonts. Equal digests give equal files, so a kept pack is byte for
byte the pack a build from nothing makes. The folder is disposable (git-ignored, like the
fragment store); a build prunes what it did not use.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict
from pathlib import Path

from casebook.pack.fonts import font_files
from casebook.provenance import tools_digest

# Besides Casebook's code: what sets a pack's bytes.
TOOLS = ("typst", "pypandoc-binary")


class KeptPacks:
    """build/packs/: each kept pack as <digest>.<format> with <digest>.json (what the build reports of it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tools = tools_digest(TOOLS, font_files())
        self.used: set[str] = set()

    def key(self, files: dict[str, bytes], spec: object, formats: tuple[str, ...]) -> str:
        h = hashlib.sha256(self.tools.encode("ascii"))
        h.update(repr((asdict(spec), formats)).encode("utf-8"))  # type: ignore[call-overload]
        for name, data in sorted(files.items()):
            h.update(b"\0" + name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
        return h.hexdigest()

    def get(self, key: str, formats: tuple[str, ...]) -> tuple[dict, dict[str, bytes]] | None:
        """What was reported of the pack, and its bytes by format; None when any file is missing."""
        try:
            report = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            data = {fmt: (self.folder / f"{key}.{fmt}").read_bytes() for fmt in formats}
        except (OSError, ValueError):
            return None
        self.used.add(key)
        return report, data

    def put(self, key: str, report: dict, data: dict[str, bytes]) -> None:
        """Keep a pack just made (each file written whole under a temporary name, then renamed)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for suffix, payload in [*data.items(), ("json", json.dumps(report).encode("utf-8"))]:
            temporary = self.folder / f".{key}.{suffix}.{os.getpid()}.{threading.get_ident()}"
            temporary.write_bytes(payload)
            os.replace(temporary, self.folder / f"{key}.{suffix}")
        self.used.add(key)

    def prune(self) -> None:
        """Remove the packs this build did not use (a pack is never needed again once its inputs change)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.split(".", 1)[0] not in self.used:
                path.unlink(missing_ok=True)
