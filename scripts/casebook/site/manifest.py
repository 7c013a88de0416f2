"""What a site build was made from, kept beside the project, so the next build redoes only what changed.

A build's manifest holds a digest of every docs file it gave the site generator (a page's with
its HTML blocks), a digest of everything that shapes every page at once (the generator's
settings and navigation, Casebook's theme overrides, the versions of MkDocs, Material and
Casebook), and what the site folder held afterwards. The next build compares: the same settings
and a site folder still as it was left, and only the docs files that differ are built again;
otherwise everything is. A missing or unreadable manifest means a full build, never a wrong one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from casebook import __version__
from casebook.atomic import write_bytes_atomic
from casebook.folders import files_under
from casebook.site.generator import OVERRIDES, SiteSettings

FORMAT = 4
# Outputs that tell a site folder was left as its build wrote it (cheap to read, written by every build).
_WITNESSES = ("sitemap.xml", "index.html")


@dataclass(frozen=True)
class Manifest:
    settings: str  # digest of what shapes every page
    files: dict[str, str]  # docs path -> digest
    witnesses: dict[str, str]  # output path -> digest, to tell the site folder was not changed since
    inputs: dict[str, str] = field(default_factory=dict)  # docs path -> digest of what made it (page_inputs.py)
    downloads: dict[str, str] = field(default_factory=dict)  # files put into the site after the generator ran:
    # path -> digest

    def changes(self, newer: Manifest) -> tuple[set[str], set[str]] | None:
        """(changed or new, removed) docs paths from this build to a newer one; None when every page must be
        built again (other settings)."""
        if self.settings != newer.settings:
            return None
        changed = {p for p, digest in newer.files.items() if self.files.get(p) != digest}
        return changed, set(self.files) - set(newer.files)


def settings_digest(settings: SiteSettings) -> str:
    h = hashlib.sha256(json.dumps([FORMAT, __version__, asdict(settings)], sort_keys=True).encode("utf-8"))
    for name in ("mkdocs", "mkdocs-material"):
        h.update(f"|{name}={metadata.version(name)}".encode())
    for path in sorted(OVERRIDES.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(OVERRIDES).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def of_docs(docs: Path, chunks: dict[str, list[str]], settings: SiteSettings, kept: dict[str, str] | None = None,
            inputs: dict[str, str] | None = None) -> Manifest:
    """The manifest of a docs folder about to be built (witnesses are added once the site is built).

    kept: files not made again (pages whose inputs are unchanged, files made alike: builders/files.py),
    with their digests from the previous manifest; in docs they are placeholders that the generator never
    reads, or not there at all."""
    kept = kept or {}
    files = dict(kept)
    for rel in files_under(docs):
        if rel in kept:
            continue
        h = hashlib.sha256((docs / rel).read_bytes())
        for block in chunks.get(rel, ()):
            h.update(b"\0" + block.encode("utf-8"))
        files[rel] = h.hexdigest()
    return Manifest(settings_digest(settings), files, {}, dict(inputs or {}))


def witnessed(manifest: Manifest, site: Path) -> Manifest:
    return Manifest(manifest.settings, manifest.files, _witnesses(site), manifest.inputs, manifest.downloads)


def _witnesses(site: Path) -> dict[str, str]:
    return {name: hashlib.sha256((site / name).read_bytes()).hexdigest()
            for name in _WITNESSES if (site / name).is_file()}


def read(path: Path, site: Path) -> Manifest | None:
    """The previous build's manifest, when it still describes the site folder."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        manifest = Manifest(data["settings"], dict(data["files"]), dict(data["witnesses"]), dict(data["inputs"]),
                            dict(data["downloads"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not manifest.witnesses or _witnesses(site) != manifest.witnesses:
        return None
    return manifest


def write(path: Path, manifest: Manifest) -> None:
    write_bytes_atomic(path, json.dumps({"format": FORMAT, **asdict(manifest)}, sort_keys=True).encode("utf-8"))
