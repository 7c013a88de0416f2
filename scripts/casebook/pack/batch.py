"""`make build`'s packs: one per theme with published records, and the complete pack.

Each pack is assembled from the fragment store (no pandoc) and compiled by Typst. The
assembly is light Python and runs on threads; Typst holds the GIL while it compiles, so
with more than one job it runs in spawned worker processes, one per core.
"""

from __future__ import annotations

import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from casebook import urls
from casebook.fragments import Rendering
from casebook.model import ContentSet, PackInfo
from casebook.pack.contents import PackSpec
from casebook.pack.kept import KeptPacks
from casebook.pack.render import render_formats, write_pack
from casebook.selection import Selection

COMPLETE_SLUG = "all"
COMPLETE_TITLE = "The complete Casebook"
FORMATS = ("pdf", "docx")  # every pre-built pack is offered as PDF and as Word


def theme_pack_specs(content: ContentSet) -> list[tuple[str, str | None, PackSpec]]:
    """(slug, theme, spec) for every theme with a published record, then the complete pack."""
    link_base, timestamp = content.address.url, content.timestamp
    used = {t for r in content.published for t in r.themes}
    specs = [(t.id, t.id, PackSpec(title=t.title, selection=Selection.of(theme=(t.id,)),
                                   timestamp=timestamp, link_base=link_base))
             for t in content.taxonomy.themes if t.id in used]
    if content.published:
        specs.append((COMPLETE_SLUG, None, PackSpec(title=COMPLETE_TITLE, selection=Selection(),
                                                    timestamp=timestamp, link_base=link_base)))
    return specs


def _build_one(content: ContentSet, rendering: Rendering, spec: PackSpec, path: str,
               console: Console | None = None, compiler: Executor | None = None, kept: KeptPacks | None = None) -> int:
    """The pack as PDF at path and as DOCX beside it (the same contents); its pages."""
    made = render_formats(content, spec, FORMATS, rendering, compiler, kept)
    rendered = made["pdf"]
    write_pack(Path(path), rendered.data)
    write_pack(Path(path).with_suffix(".docx"), made["docx"].data)
    for note in rendered.notes:
        if console is not None:
            console.print(f"casebook: warning: {Path(path).name}: {note}", markup=False, highlight=False)
    assert rendered.pages is not None
    return rendered.pages


def build_theme_packs(content: ContentSet, out_dir: Path, rendering: Rendering, jobs: int | None = None,
                      quiet: bool = False, kept: KeptPacks | None = None) -> list[PackInfo]:
    """Write out_dir/<slug>.pdf and .docx for each theme pack and the complete pack; their PackInfo, in order.

    A pack is read away from the site (downloaded, printed), so its links to record pages
    are absolute, or absent when the site address is not known. kept: the packs of earlier
    builds (pack/kept.py); only the packs whose inputs changed are set again.
    """
    specs = theme_pack_specs(content)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {slug: out_dir / Path(urls.pack_file(slug)).name for slug, _, _ in specs}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(specs)))
    pages: dict[str, int] = {}
    console = Console(stderr=True, quiet=quiet)
    columns = (TextColumn("packs"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("", total=len(specs))
        if workers == 1:
            for slug, _, spec in specs:
                pages[slug] = _build_one(content, rendering, spec, str(paths[slug]), console, kept=kept)
                progress.update(task, advance=1, description=slug)
        else:
            # Threads assemble each pack; Typst, which holds the GIL while it compiles, runs in
            # worker processes (spawned: forking after Typst has started its threads can hang).
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as compiler, \
                    ThreadPoolExecutor(max_workers=workers) as pool:
                futures: dict[Future, str] = {
                    pool.submit(_build_one, content, rendering, spec, str(paths[slug]), console, compiler, kept): slug
                    for slug, _, spec in specs}
                try:
                    for future in as_completed(futures):
                        slug = futures[future]
                        pages[slug] = future.result()
                        progress.update(task, advance=1, description=slug)
                except BaseException:
                    for future in futures:  # one failure fails the build: start nothing more
                        future.cancel()
                    raise
    return [PackInfo(slug=slug, title=spec.title, path=str(paths[slug]), pages=pages[slug], theme=theme,
                     docx_path=str(paths[slug].with_suffix(".docx")))
            for slug, theme, spec in specs]
