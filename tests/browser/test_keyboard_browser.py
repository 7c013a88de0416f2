"""Keyboard defects a reader met (issue 23), each tried as a keyboard user would, in chromium.

Focus after "Make a briefing pack", search after Escape, the phone menu drawer, the
"Back to top" button over the pack button: each test here failed on the site before
the fix it checks.
"""

from __future__ import annotations

import pytest
from casebook import urls

pytestmark = pytest.mark.browser

ACTIVE = "() => document.activeElement"
# Where the focused element is, and whether a person can see it there.
FOCUSED = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const seen = el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40);
  return {tag: el.tagName, text: text,
          left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height, seen: seen,
          body: el === document.body, inSearch: !!el.closest('.md-search__output')};
}"""


def on_screen(f: dict, width: int, height: int) -> bool:
    return (f["seen"] and f["width"] > 0 and f["height"] > 0 and f["right"] > 0 and f["left"] < width
            and f["bottom"] > 0 and f["top"] < height)


def focused_after_transitions(page, width: int, height: int) -> dict:
    """The focused element, given Material's fades and slides (up to 250 ms) time to finish."""
    focused = page.evaluate(FOCUSED)
    if not on_screen(focused, width, height):
        page.wait_for_timeout(450)
        focused = page.evaluate(FOCUSED)
    return focused


def tab_to(page, predicate: str, limit: int = 120, back: bool = False) -> None:
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
            return
    pytest.fail(f"Tab never reached {predicate}")


# --- "Make a briefing pack" keeps the keyboard where it was --------------------------------------


@pytest.mark.parametrize("address", [urls.CASE_INDEX + "?region=London&nation=Scotland", urls.BASKET],
                         ids=["index", "basket"])
def test_focus_stays_on_make_a_briefing_pack(page, site_url: str, address: str) -> None:
    """A selection with nothing in it answers at once (no compiler loads): focus must not fall to <body>."""
    page.goto(site_url + address)
    tab_to(page, "el.matches('[data-cb-make-pack]')")
    page.keyboard.press("Enter")
    error = page.locator(".cb-briefing__error")
    error.wait_for(state="visible", timeout=10000)
    assert page.evaluate("() => document.activeElement.matches('[data-cb-make-pack]')"), page.evaluate(FOCUSED)
    page.keyboard.press("Enter")  # and it works again from the keyboard
    page.wait_for_timeout(300)
    assert error.is_visible() and page.evaluate("() => document.activeElement.matches('[data-cb-make-pack]')")


# --- search: nothing hidden acts on Tab or Enter after Escape; a focused result is outlined -----


def open_search_with_results(page, site_url: str) -> None:
    page.goto(site_url + urls.BIBLIOGRAPHY)
    page.keyboard.press("/")
    page.keyboard.type("council")
    page.locator("a.md-search-result__link").first.wait_for(state="visible", timeout=10000)


@pytest.mark.parametrize("width", [1280, 375])
def test_after_escape_tab_and_enter_never_reach_hidden_results(page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_search_with_results(page, site_url)
    page.keyboard.press("Escape")
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = focused_after_transitions(page, width, 800)
        assert not focused["inSearch"], focused
        assert on_screen(focused, width, 800), focused
    # Enter acts on what is focused and seen, never on a hidden result.
    target = page.evaluate("() => document.activeElement.href || null")
    results = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert target not in results
    if target:
        page.keyboard.press("Enter")
        page.wait_for_url(target)


def test_a_focused_result_is_outlined_not_just_tinted(page, site_url: str) -> None:
    open_search_with_results(page, site_url)
    page.keyboard.press("ArrowDown")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [document.activeElement.className, s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }""")
    assert "md-search-result__link" in style[0]
    assert style[1] not in ("none", "hidden") and style[2] >= 2, style


# --- the phone menu: reachable by keyboard, and nothing invisible in the Tab order ---------------


@pytest.mark.parametrize("address", ["", urls.CASE_INDEX, urls.record_page("warwickshire-one-front-door")],
                         ids=["home", "index", "record"])
def test_every_tab_stop_at_phone_width_is_on_screen(page, site_url: str, address: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + address)
    hidden = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = focused_after_transitions(page, 375, 800)
        if focused["body"]:
            break
        if not on_screen(focused, 375, 800):
            hidden.append(focused)
    assert hidden == [], hidden[:3]


def test_the_menu_opens_and_closes_from_the_keyboard_at_phone_width(page, site_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + urls.record_page("warwickshire-one-front-door"))
    tab_to(page, "el.getAttribute('aria-controls') && el.closest('.md-header')", limit=5)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    focused = focused_after_transitions(page, 375, 800)  # Material slides the drawer in
    assert focused["tag"] == "A" and on_screen(focused, 375, 800), focused
    tab_to(page, "el.textContent.trim() === 'Cases'", limit=12)
    assert on_screen(focused_after_transitions(page, 375, 800), 375, 800)
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__drawer').checked")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"


# --- "Back to top" never covers the pack button, nor does the header hide it when focused ---------


COVERED = """() => {
  const button = document.querySelector('[data-cb-make-pack]');
  const b = button.getBoundingClientRect();
  const xs = [b.left + 3, (b.left + b.right) / 2, b.right - 3], ys = [b.top + 3, (b.top + b.bottom) / 2, b.bottom - 3];
  for (const x of xs) for (const y of ys) {
    const hit = document.elementFromPoint(x, y);
    if (hit && !button.contains(hit)) return hit.className;
  }
  return null;
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_back_to_top_never_covers_the_pack_button(page, site_url: str, width: int) -> None:
    """Scrolled so the button sits just below the header, then a little up: Material shows Back to top there."""
    page.set_viewport_size({"width": width, "height": 500})
    page.goto(site_url + urls.CASE_INDEX)
    y = page.evaluate("() => document.querySelector('[data-cb-make-pack]').getBoundingClientRect().top + scrollY")
    page.evaluate(f"() => window.scrollTo(0, {y} - 40)")
    page.wait_for_timeout(300)
    page.mouse.move(width / 2, 300)
    page.mouse.wheel(0, -30)
    page.wait_for_timeout(600)
    assert page.evaluate("() => !document.querySelector('.md-top').hidden"), "Back to top should be showing"
    assert page.evaluate(COVERED) is None


OVERLAPS = """() => {
  const button = document.activeElement.getBoundingClientRect();
  const covers = [];
  for (const sel of ['.md-header', '.md-top']) {
    const el = document.querySelector(sel);
    if (!el || el.hidden || getComputedStyle(el).opacity === '0') continue;
    const r = el.getBoundingClientRect();
    const overlap = r.left < button.right && button.left < r.right && r.top < button.bottom && button.top < r.bottom;
    if (overlap) covers.push(sel);
  }
  return covers;
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_the_focused_pack_button_is_never_under_the_header_or_back_to_top(page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 500})
    page.goto(site_url + urls.CASE_INDEX)
    y = page.evaluate("() => document.querySelector('[data-cb-make-pack]').getBoundingClientRect().top + scrollY")
    page.evaluate(f"() => window.scrollTo(0, {y} + 10)")  # the button just above the top edge
    page.wait_for_timeout(300)
    page.evaluate("() => document.querySelector('#cb-results a').focus()")
    page.keyboard.press("Shift+Tab")  # back to the pack controls
    tab_to(page, "el.matches('[data-cb-make-pack]')", limit=5, back=True)
    page.wait_for_timeout(500)
    assert page.evaluate(OVERLAPS) == []
