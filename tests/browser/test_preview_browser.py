"""`casebook serve`: an edit to a record reaches the open page by itself, re-rendering only that record."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from casebook.project import Project
from casebook.serve import serve
from conftest import CONTENT_TODAY, copy_project

RECORD = "warwickshire-one-front-door"


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("CASEBOOK_TODAY", CONTENT_TODAY)
    stop, found = threading.Event(), []
    thread = threading.Thread(target=serve, args=(Project(root),), daemon=True,
                              kwargs={"port": 0, "stop": stop, "ready": found.append})
    thread.start()
    deadline = time.monotonic() + 120
    while not found and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert found, "the preview did not start"
    yield root, found[0]
    stop.set()
    thread.join(timeout=30)


def test_an_edit_reloads_the_open_page(page, preview) -> None:
    root, address = preview
    page.goto(address + f"cases/{RECORD}/")
    heading = page.locator("h1").first
    before = heading.inner_text()
    path = root / "case_studies" / f"{RECORD}.yaml"
    text = path.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title_line, 'title: "Edited while the preview was open"'), encoding="utf-8")
    started = time.monotonic()
    page.wait_for_function("() => document.querySelector('h1').innerText.includes('Edited while')", timeout=60_000)
    assert time.monotonic() - started < 60
    assert heading.inner_text() != before
    assert page.outside_requests == []
