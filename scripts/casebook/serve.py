"""`casebook serve`: a local preview that rebuilds when a record, the taxonomy or the bibliography changes.

The site is built (without packs) into a preview folder beside site/, served over
http://127.0.0.1:PORT/, and rebuilt when a watched file changes; only changed records are
rendered again (the fragment store), and open pages reload themselves. A record that does
not validate leaves the last good preview in place and prints its problems.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import http.server
import io
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.atomic import remove_in_background, replace_dir, staging_dir, write_bytes_atomic
from casebook.memory import collector_paused, ram_folder
from casebook.problems import CasebookError
from casebook.project import Project

if TYPE_CHECKING:
    from casebook.fragments import FragmentStore
    from casebook.validate.memo import FileChecks

POLL_SECONDS = 1.0
PREVIEW_STAMP = "casebook-preview.txt"


def watched_files(project: Project) -> dict[Path, float]:
    """Every input of the site, with its modification time."""
    paths = [project.bib, project.themes, project.mkdocs_yml, project.assessment, project.root / "CONTRIBUTING.md"]
    paths += sorted(project.case_studies.glob("*.yaml"))
    if project.docs.is_dir():
        paths += sorted(p for p in project.docs.rglob("*") if p.is_file())
    stamps = {}
    for path in paths:
        try:
            stamps[path] = path.stat().st_mtime_ns
        except OSError:
            continue
    return stamps


def rebuild(project: Project, preview: Path, memo: FileChecks | None = None,
            store: FragmentStore | None = None) -> bool:
    """Validate and build into preview/; on any problem keep the previous preview.
    memo: the record files' checks from the last rebuild; store: the fragment store, remembering what
    it read (the preview keeps both for its life). A rebuild on the last preview runs with the cycle
    collector paused (memory.collector_paused); serve() collects after it."""
    with collector_paused(preview.is_dir()):
        return _rebuild(project, preview, memo, store)


def _rebuild(project: Project, preview: Path, memo: FileChecks | None, store: FragmentStore | None) -> bool:
    from casebook.builders import build_site, previous_build
    from casebook.builders.browser_packs import TYPST_PACKAGE
    from casebook.fragments import FragmentStore, Sources, render_units
    from casebook.fragments.units import content_units
    from casebook.npm import find_node_modules
    from casebook.site.manifest import write as write_manifest
    from casebook.validate import validate_project

    result = validate_project(project, memo=memo)
    for problem in result.problems.sorted():
        print(problem, file=sys.stderr)
    if not result.ok or result.content is None:
        print("casebook serve: not rebuilt (fix the problems above); still serving the last good build",
              file=sys.stderr)
        return False
    staging = staging_dir(preview)
    ram = ram_folder()
    docs = Path(tempfile.mkdtemp(prefix="casebook-docs-", dir=ram)) if ram else staging / "docs"
    leftovers: list[Path | None] = [staging, docs]
    try:
        store = store or FragmentStore(project.fragment_store)
        rendering = render_units(content_units(result.content), Sources.of(result.content), store)
        # Without typst.ts from npm (`make serve` installs it) the preview has no in-browser packs.
        vendor = find_node_modules(TYPST_PACKAGE)
        # Built on the last preview: only what changed, and no new search index (what a preview skips
        # that a publish needs: the briefing packs, and Pagefind, which reads every page).
        built = build_site(result.content, staging / "site", packs=[], rendering=rendering, live_reload=True,
                           node_modules=vendor, base=previous_build(preview, project.preview_manifest), search=False,
                           scratch=(staging / "work", docs), store=store)
        # The open pages poll this stamp and reload when it changes (assets/preview/reload.js).
        write_bytes_atomic(staging / "site" / PREVIEW_STAMP, str(time.time_ns()).encode("utf-8"))
        project.preview_manifest.unlink(missing_ok=True)
        leftovers.append(replace_dir(staging / "site", preview, remove_old=False))
        write_manifest(project.preview_manifest, built)
    except CasebookError as exc:
        print(f"casebook serve: build failed, still serving the last good build:\n{exc}", file=sys.stderr)
        return False
    finally:
        # The new preview is served already; the old one and the scratch Markdown go while the reader looks.
        remove_in_background(*leftovers)
    return True


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under a base path, answering a missing address with 404.html, as static hosts
    such as GitHub Pages do (so the 404 page is tried as readers meet it)."""

    base = "/"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def end_headers(self) -> None:
        # The vendored compiler and fonts never change under one name: let the browser keep them,
        # as a static host would, so only the first pack pays for them.
        if "/assets/casebook/typst/" in self.path or "/assets/casebook/fonts/" in self.path:
            self.send_header("Cache-Control", "public, max-age=86400")
        super().end_headers()

    def send_head(self):
        if not self.path.startswith(self.base):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.base):]
        target = Path(self.translate_path(self.path))
        if not target.exists() and (Path(self.directory) / "404.html").is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


@contextlib.contextmanager
def serve_folder(folder: Path, port: int = 0, base: str = "/") -> Iterator[str]:
    """Serve folder on 127.0.0.1 (port 0: any free one) at base ('/', or '/REPO/' as GitHub Pages
    serves a project site) for the block; yields the address."""
    handler_class = type("Handler", (_Handler,), {"base": base})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


def serve(project: Project, port: int = 8000, once: bool = False, stop: threading.Event | None = None,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve a live preview until interrupted (once=True: build and return; stop: an event that ends
    it; ready: told the address once serving, for tests)."""
    preview = project.root / "build" / "preview"
    preview.parent.mkdir(parents=True, exist_ok=True)
    # What an earlier preview, stopped while it removed them, left behind.
    remove_in_background(*preview.parent.glob(f".{preview.name}-old-*"),
                         *preview.parent.glob(f".{preview.name}-staging-*"))
    from casebook.fragments import FragmentStore
    from casebook.validate.memo import FileChecks

    memo, store = FileChecks(), FragmentStore(project.fragment_store, remember=True)
    if not rebuild(project, preview, memo, store) and not preview.is_dir():
        raise CasebookError("the first preview build failed; nothing to serve")
    if once:
        return
    gc.collect()
    stop = stop or threading.Event()
    with serve_folder(preview, port) as address:
        print(f"Serving the preview at {address} (Ctrl-C to stop); "
              "watching case_studies/, themes.yaml, references.bib and docs/", file=sys.stderr)
        if ready:
            ready(address)
        stamps = watched_files(project)
        while not stop.wait(POLL_SECONDS):
            now = watched_files(project)
            if now != stamps:
                stamps = now
                print("change seen: rebuilding", file=sys.stderr)
                started = time.monotonic()
                if rebuild(project, preview, memo, store):
                    print(f"rebuilt in {time.monotonic() - started:.1f} s: open pages reload themselves",
                          file=sys.stderr)
                gc.collect()  # what the rebuild left, while the reader looks at the new preview
