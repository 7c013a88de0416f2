"""The search overlay follows keyboard focus: it closes when focus leaves it, and on Escape.

An overlay left open while focus moves on dims the page and hides the focused
link under the panel (WCAG 2.4.11, focus not obscured).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

IN_SEARCH = "() => !!document.activeElement.closest('[data-cb-search]')"
OPEN = "() => document.getElementById('__search').checked"


def type_a_query(page, site_url: str) -> None:
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type("council")
    page.locator("a.md-search-result__link").first.wait_for(state="visible", timeout=10000)
    assert page.evaluate(OPEN)


def test_tabbing_out_of_the_search_panel_closes_it(page, site_url: str) -> None:
    type_a_query(page, site_url)
    for _ in range(60):
        page.keyboard.press("Tab")
        if not page.evaluate(IN_SEARCH):
            break
    else:
        pytest.fail("Tab never left the search panel")
    assert not page.evaluate(OPEN)
    # the dimming fades out over Material's transition, then is gone
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-search__overlay')).opacity === '0'",
                           timeout=3000)


def test_escape_closes_search_after_focus_has_left_the_box(page, site_url: str) -> None:
    type_a_query(page, site_url)
    page.evaluate("() => document.activeElement.blur()")  # focus on the page body, panel still open
    assert page.evaluate(OPEN) and not page.evaluate(IN_SEARCH)
    page.keyboard.press("Escape")
    assert not page.evaluate(OPEN)


def test_moving_within_the_panel_keeps_it_open(page, site_url: str) -> None:
    type_a_query(page, site_url)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Tab")
    assert page.evaluate(IN_SEARCH) and page.evaluate(OPEN)
