"""The site served under a project path, as GitHub Pages serves https://OWNER.github.io/REPO/."""

from __future__ import annotations

import pytest
from casebook.project import Project
from casebook.serve import serve_folder

from .conftest import REPO

BASE = "/casebook/"


@pytest.fixture(scope="module")
def served_under_base(tmp_path_factory: pytest.TempPathFactory):
    from casebook.builders import build_site
    from casebook.validate import validate_project

    mp = pytest.MonkeyPatch()
    mp.setenv("CASEBOOK_SITE_URL", "https://example.org" + BASE)
    result = validate_project(Project(REPO))
    mp.undo()
    assert result.ok and result.content.address.url == "https://example.org" + BASE
    out = tmp_path_factory.mktemp("based") / "site"
    build_site(result.content, out, packs=[])
    with serve_folder(out, base=BASE) as address:
        yield address


@pytest.mark.parametrize("address", ["", "cases/", "cases/warwickshire-one-front-door/", "no/such/page/"])
def test_every_page_including_404_loads_its_assets_under_the_base_path(page, served_under_base: str,
                                                                        address: str) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 and response.url != served_under_base + address else None)
    response = page.goto(served_under_base + address)
    assert response is not None and response.status == (404 if address.startswith("no/") else 200)
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert page.outside_requests == []
    # Material's stylesheet applied: the header has its colour, not the browser's default.
    colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
