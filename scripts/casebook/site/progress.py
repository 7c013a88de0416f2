"""Progress on long builds: rich bars on stderr in a terminal, nothing otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self) -> None:
        self.console = Console(stderr=True)
        self.enabled = sys.stderr.isatty()

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        started = time.perf_counter()
        with self.console.status(what):
            yield
        self.console.print(f"[green]✓[/] {what} [dim]({time.perf_counter() - started:.1f} s)[/]", highlight=False)

    @contextmanager
    def bar(self, what: str, total: int) -> Iterator[Callable[[], None]]:
        if not self.enabled:
            yield lambda: None
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with RichProgress(*columns, console=self.console, transient=False) as bar:
            task = bar.add_task(what, total=total)
            yield lambda: bar.advance(task)
