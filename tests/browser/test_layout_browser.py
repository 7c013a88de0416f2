"""Layout defects a reader met (issue 23), measured in chromium at 1280 and 375 px.

Each test failed on the site before its fix: the phone's wall of checkboxes, the figures
table cut off, the evidence map's sideways scroll, the bare 404 page, packs and the basket
missing from home and navigation, links that opened folder listings from disk, and the
axe checks with menus and overlays open.
"""

from __future__ import annotations

import pytest
from casebook import urls
from casebook.edition.record_view import FIGURE_HEADINGS

from .conftest import axe_violations, describe

pytestmark = pytest.mark.browser


def test_on_a_phone_the_first_result_comes_before_any_checkbox(page, site_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + urls.CASE_INDEX)
    first = page.locator("#cb-results > li").first.bounding_box()
    shown = page.locator("#cb-filters input[type=checkbox]").evaluate_all(
        "boxes => boxes.filter(b => b.checkVisibility()).map(b => b.getBoundingClientRect().top)")
    assert [top for top in shown if top < first["y"]] == []
    assert first["y"] < 1200
    # One key opens them.
    page.locator("#cb-filters-box > summary").focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("checkbox", name="Partnership working").is_visible()


def test_filters_are_open_beside_the_results_on_a_wide_screen(page, site_url: str) -> None:
    page.goto(site_url + urls.CASE_INDEX)
    assert page.get_by_role("checkbox", name="Partnership working").is_visible()


@pytest.mark.parametrize("record", ["warwickshire-one-front-door", "cipd-ppma-values-based-leadership",
                                    "warwickshire-customer-journey-health-social-care"])
def test_a_records_tables_fit_a_phone(page, site_url: str, record: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + urls.record_page(record))
    tables = page.locator(".cb-table-wrap").evaluate_all(
        "ws => ws.map(w => [w.getAttribute('aria-label'), w.scrollWidth, w.clientWidth])")
    assert any(label == "Figures" for label, _, _ in tables)
    assert [t for t in tables if t[1] > t[2] + 1] == []  # nothing to scroll to: the source column is on screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_figures_column_has_one_name_on_the_site_and_in_the_packs(page, site_url: str) -> None:
    page.goto(site_url + urls.record_page("warwickshire-one-front-door"))
    headings = page.locator("[aria-label=Figures] th").all_inner_texts()
    assert headings == [FIGURE_HEADINGS[k] for k in ("label", "value", "note", "source")]
    assert "Casebook's reading" in headings


@pytest.mark.parametrize("width", [1280, 375])
def test_the_evidence_map_scrolls_no_further_than_its_tables(page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + urls.EVIDENCE_MAP)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no page-wide blank to scroll into
    if width == 1280:  # at desktop width every column is on screen
        maps = page.locator(".cb-table-wrap").evaluate_all(
            "ws => ws.map(w => [w.scrollWidth, w.clientWidth, w.getBoundingClientRect().right])")
        assert maps and all(s <= c + 1 and right <= width for s, c, right in maps), maps


def test_the_404_page_offers_search_and_the_main_sections(page, site_url: str) -> None:
    response = page.goto(site_url + "no/such/page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() != "404 - Not found"
    sections = page.locator(".cb-404-sections a")
    names = sections.all_inner_texts()
    assert {"Home", "Cases", "Themes", "Bibliography"} <= set(names), names
    for href in sections.evaluate_all("links => links.map(a => a.href)"):
        assert page.request.get(href).status == 200, href
    page.get_by_label("Words to look for").fill("Warwickshire")
    page.keyboard.press("Enter")
    page.locator("a.md-search-result__link").first.wait_for(state="visible", timeout=10000)
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_home_and_navigation_lead_to_packs_and_the_basket(page, site_url: str) -> None:
    page.goto(site_url)
    content = page.locator(".md-content")
    assert content.locator(f"a[href$='{urls.BASKET}']").count() >= 1
    assert "your own order" in content.inner_text()  # says a reader can make their own pack
    nav = page.locator(".md-sidebar--primary nav")
    assert nav.locator(f"a[href$='{urls.BASKET}']").count() == 1
    nav.locator(f"a[href$='{urls.BASKET}']").click()
    page.wait_for_url(f"**/{urls.BASKET}")
    page.locator("[data-cb-make-pack='pdf']").wait_for(state="visible")


def test_from_disk_the_navigation_opens_pages_not_folder_listings(browser, built_site) -> None:
    page = browser.new_context().new_page()  # no route filter: it would refuse file:// addresses
    page.goto((built_site / "index.html").as_uri())
    page.locator(".md-sidebar--primary nav a", has_text="Cases").first.click()
    page.wait_for_url((built_site / "cases" / "index.html").as_uri())  # a folder listing would end in cases/
    assert page.locator("h1").first.inner_text() == "Case index"
    page.locator(".md-sidebar--primary nav a", has_text="Home").first.click()
    page.wait_for_url((built_site / "index.html").as_uri())
    assert page.locator("h1").first.inner_text() == "Casebook"
    page.context.close()


OPEN = {
    "menu": "() => { document.querySelector('.cb-menu-button').click(); }",
    "search": None,
    "filters": "() => { document.getElementById('cb-filters-box').open = true; }",
}


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_with_menus_and_overlays_open(page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + urls.CASE_INDEX + "?region=West+Midland")  # the address problem box showing
    page.locator("#cb-selection-problems li").first.wait_for()
    page.evaluate(OPEN["filters"])
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    if width < 1220:
        page.goto(site_url + urls.record_page("warwickshire-one-front-door"))
        page.evaluate(OPEN["menu"])
        page.wait_for_timeout(400)
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type("council")
    page.locator("a.md-search-result__link").first.wait_for(state="visible", timeout=10000)
    page.keyboard.press("ArrowDown")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
