"""The evidence map: each count is what the case index shows for that cell's filters; axe passes."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from casebook import urls

from .conftest import describe

pytestmark = pytest.mark.browser

CELLS = """() => [...document.querySelectorAll('table.cb-map td.cb-map__cell')].map(td => {
  const a = td.querySelector('a');
  return {table: td.closest('table').id, href: a ? a.href : null, text: td.textContent.trim(),
          count: a ? Number(a.firstChild.textContent) : 0};
})"""


def cells(page, site_url: str) -> list[dict]:
    page.goto(site_url + urls.EVIDENCE_MAP)
    found = page.evaluate(CELLS)
    assert {c["table"] for c in found} == {"cb-map-org-type", "cb-map-place"}
    return found


def test_every_count_is_what_the_filtered_case_index_holds(page, site_url: str) -> None:
    found = cells(page, site_url)
    linked = [c for c in found if c["href"]]
    assert linked and any(not c["href"] for c in found)
    page.goto(site_url + urls.CASE_INDEX)
    cards = page.locator("#cb-results > li").evaluate_all("cs => cs.map(c => ({...c.dataset}))")
    for cell in linked:
        wanted = dict(parse_qsl(urlsplit(cell["href"]).query))
        assert set(wanted) >= {"theme"} and len(wanted) == 2, cell
        n = sum(all(value in card.get(name, "").split("|") for name, value in wanted.items()) for card in cards)
        assert n == cell["count"], (cell, n)
    # and by following links, as a reader would: the index's own count line agrees
    for cell in linked[:: max(1, len(linked) // 8)]:
        page.goto(cell["href"])
        assert page.locator("#cb-count").inner_text().startswith(f"{cell['count']} of "), cell


def test_empty_cells_say_so_in_words(page, site_url: str) -> None:
    gaps = [c for c in cells(page, site_url) if not c["href"]]
    assert gaps and all(c["text"].startswith("none") for c in gaps)
    assert page.locator("table.cb-map th[scope=row]").count() > 0
    assert page.locator("table.cb-map caption").count() == 2


@pytest.mark.parametrize("width", [1280, 375])
def test_evidence_map_has_no_axe_violations(page, axe, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + urls.EVIDENCE_MAP)
    page.wait_for_load_state("networkidle")
    violations = axe(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("address", ["", urls.CASE_INDEX, urls.theme_page("partnership-working")])
def test_evidence_map_is_linked(page, site_url: str, address: str) -> None:
    page.goto(site_url + address)
    link = page.locator(f"a[href$='{urls.EVIDENCE_MAP}']").first
    link.click()
    page.wait_for_url(f"**/{urls.EVIDENCE_MAP}")
