"""Browser fixtures: the real site built once, served locally, driven by Debian's chromium.

Playwright's Python package drives /usr/bin/chromium (never `playwright install`);
axe-core comes from node_modules (installed by `make test`). A missing browser or
axe-core is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from casebook.serve import serve_folder

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            # A browser wait that never ends fails the test within minutes, stack printed (the session's
            # site build is in the first test's setup and takes well under a minute).
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(300))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the real repository content, without packs."""
    from casebook.builders import build_site
    from casebook.project import Project
    from casebook.validate import validate_project

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    project = Project(REPO)
    result = validate_project(project)
    assert result.ok and result.content is not None, [str(p) for p in result.problems.sorted()]
    out = tmp_path_factory.mktemp("built") / "site"
    build_site(result.content, out, packs=[], node_modules=REPO / "node_modules")
    return out


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve_folder(built_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file() and shutil.which("chromium") is None:
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    executable = str(CHROMIUM) if CHROMIUM.is_file() else shutil.which("chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Nothing on the site may come from outside: fail loudly on any non-local request.
    outside: list[str] = []
    context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                  if not route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                  else route.continue_())
    page = context.new_page()
    page.outside_requests = outside  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        # A request still being routed when the context closes (a page that navigated at the end of its
        # test and is loading) can leave close() waiting forever for its handler; it held the suite for
        # 5 minutes on a busy machine and CI for 90. Let go of the routes first, ignoring what is pending.
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def axe_violations(page) -> list:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the loaded page; return the violations."""
    if not AXE.is_file():
        pytest.fail(f"axe-core not found at {AXE}: run `make test` (it installs axe-core from npm)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def describe(violations: list) -> str:
    return "\n".join(f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations)


@pytest.fixture
def axe():
    """axe_violations as a fixture, for test modules (conftest is not importable as a module)."""
    return axe_violations
