"""The built site in headless Debian chromium: accessibility, search, filters, keyboard, citation."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from casebook import urls
from casebook.serve import serve_folder

pytestmark = pytest.mark.browser


def describe(violations: list) -> str:
    return "\n".join(f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations)
OFD = "warwickshire-one-front-door"

PAGE_TYPES = {
    "home": "",
    "record": urls.record_page(OFD),
    "theme": urls.theme_page("partnership-working"),
    "organisation": urls.organisation_page("Warwickshire County Council"),
    "bibliography": urls.BIBLIOGRAPHY,
    "case index": urls.CASE_INDEX,
    "themes": "themes/",
    "organisations": "organisations/",
    "about": "about/",
    "contributing": "contributing/",
    "command line": "cli/",
}


@pytest.mark.parametrize("address", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_axe_violations_and_nothing_fetched_from_outside(page, axe, site_url: str, address: str) -> None:
    page.goto(site_url + address)
    page.wait_for_load_state("networkidle")
    violations = axe(page)
    assert violations == [], describe(violations)
    assert page.outside_requests == []


def test_pages_at_phone_width_have_no_axe_violations(page, axe, site_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    for address in (urls.record_page(OFD), urls.CASE_INDEX, "contributing/", "cli/", ""):
        page.goto(site_url + address)
        violations = axe(page)
        assert violations == [], (address, describe(violations))


def search(page, site_url: str, query: str) -> list[str]:
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    items = page.locator(".md-search-result__item")
    # Material searches on key events (fill() sends none), and the worker loads the index
    # in the background: type the query as a person would, again until results appear.
    for _ in range(15):
        box.fill("")
        box.press_sequentially(query)
        try:
            items.first.wait_for(state="visible", timeout=1000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; retry
            continue
    else:
        pytest.fail(f"search for {query!r} returned nothing")
    hrefs = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]


@pytest.mark.parametrize("query", ["One Front Door", "Warwickshire", "Partnership working",
                                   "delegated authority"])
def test_search_finds_one_front_door(page, site_url: str, query: str) -> None:
    paths = search(page, site_url, query)
    assert f"/cases/{OFD}/" in paths, paths


def test_search_finds_a_person(page, site_url: str) -> None:
    paths = search(page, site_url, "Ben Willmott")
    assert any(p.startswith("/cases/cipd-ppma-") for p in paths), paths


def test_search_by_keyboard_alone(page, axe, site_url: str) -> None:
    page.goto(site_url + urls.BIBLIOGRAPHY)
    page.keyboard.press("/")  # as in Material: "/" jumps to the search box
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("golden thread")
    first = page.locator("a.md-search-result__link").first
    first.wait_for(state="visible", timeout=10000)
    assert page.locator(".md-search-result__meta").inner_text().endswith(("matching page", "matching pages"))
    violations = axe(page)  # the open search panel with its results
    assert violations == [], describe(violations)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search-result__link')")
    target = urlsplit(first.evaluate("a => a.href")).path
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert target == "/cases/dudley-shared-purpose-golden-thread/"


def test_search_that_matches_nothing_says_so(page, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("zzyzxnothing")
    page.wait_for_selector(".md-search-result__meta:has-text('No matching pages')")
    assert page.locator(".md-search-result__item").count() == 0
    assert page.outside_requests == []


def test_search_results_from_a_hostile_record_are_text(browser, tmp_path_factory) -> None:
    """A record's title and text reach the result list as text: no element, handler or dialog."""
    from casebook.builders import build_site
    from test_site import HOSTILE_TITLE, hostile_content

    project, content = hostile_content()
    out = tmp_path_factory.mktemp("hostile-browser") / "site"
    build_site(content, out, packs=[])
    with serve_folder(out) as address:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(address)
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("Hostile onerror")
        link = page.locator("a.md-search-result__link[href$='/cases/hostile-record/']")
        link.wait_for(state="visible", timeout=10000)
        assert link.locator("h2").inner_text() == HOSTILE_TITLE
        results = page.locator(".md-search-result__list")
        assert results.locator("img, script, svg, iframe, [onerror], [onclick], [onload]").count() == 0
        assert set(results.locator("*").evaluate_all("els => els.map(e => e.tagName)")) <= {
            "LI", "A", "ARTICLE", "H2", "P", "MARK", "BUTTON"}
        # The only button is Casebook's own "Show more results".
        assert results.locator("button").count() == results.locator(".cb-search-more > button").count()
        page.wait_for_timeout(300)
        assert dialogs == []
        context.close()


def visible_records(page) -> list[str]:
    return page.locator("#cb-results > li:not([hidden]) a.cb-card__title").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")


def test_filters_narrow_the_index_and_the_url_keeps_them(page, site_url: str) -> None:
    page.goto(site_url + urls.CASE_INDEX)
    everything = visible_records(page)
    assert f"/cases/{OFD}/" in everything
    page.get_by_role("checkbox", name="Partnership working").check()
    narrowed = visible_records(page)
    assert f"/cases/{OFD}/" in narrowed and len(narrowed) < len(everything)
    page.get_by_role("checkbox", name="Case study").check()
    both = visible_records(page)
    assert f"/cases/{OFD}/" in both and len(both) <= len(narrowed)
    state = parse_qs(page.evaluate("() => location.search").lstrip("?"))
    assert state == {"theme": ["partnership-working"], "kind": ["case-study"]}
    assert f"of {len(everything)} records" in page.locator("#cb-count").inner_text()

    shared = page.evaluate("() => location.href")
    fresh = page.context.new_page()
    fresh.goto(shared)
    assert visible_records(fresh) == both
    assert fresh.get_by_role("checkbox", name="Partnership working").is_checked()
    assert fresh.get_by_role("checkbox", name="Case study").is_checked()
    fresh.close()

    page.get_by_role("button", name="Clear all filters").click()
    assert visible_records(page) == everything
    assert page.evaluate("() => location.search") == ""


def test_a_shared_url_applies_every_facet_it_names(page, site_url: str) -> None:
    page.goto(site_url + urls.CASE_INDEX + "?kind=case-study&evidence_type=opinion&evidence_type=practitioner-report")
    cards = page.locator("#cb-results > li:not([hidden])")
    kinds = cards.evaluate_all("cs => cs.map(c => c.dataset.kind)")
    evidence = cards.evaluate_all("cs => cs.map(c => c.dataset.evidence_type)")
    assert kinds and set(kinds) == {"case-study"}
    assert set(evidence) <= {"opinion", "practitioner-report"}
    hidden = page.locator("#cb-results > li[hidden]").evaluate_all(
        "cs => cs.map(c => [c.dataset.kind, c.dataset.evidence_type])")
    assert all(k != "case-study" or e not in ("opinion", "practitioner-report") for k, e in hidden)
    assert page.locator("#cb-count").inner_text().startswith(f"{len(kinds)} of ")


def test_keyboard_reaches_and_operates_the_filters(page, site_url: str) -> None:
    page.goto(site_url + urls.CASE_INDEX)
    total = len(visible_records(page))
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.type, document.activeElement.name]")
        if focused == ["checkbox", "theme"]:
            break
    else:
        pytest.fail("Tab never reached a theme filter")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    assert "theme=" in page.evaluate("() => location.search")
    assert len(visible_records(page)) < total or total == 1
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "cb-clear":
            break
    else:
        pytest.fail("Tab never reached the clear button")
    page.keyboard.press("Enter")
    assert len(visible_records(page)) == total and page.evaluate("() => location.search") == ""


def test_citation_on_the_record_page_is_ready_to_copy(page, site_url: str) -> None:
    page.goto(site_url + urls.record_page(OFD))
    text = page.locator("#cite-text").inner_text()
    assert text.startswith("Casebook (2026) Warwickshire's One Front Door")
    address = re.escape(f"{site_url}cases/{OFD}/")
    assert re.search(rf"Available at: {address} \(Accessed: \d{{1,2}} [A-Z][a-z]+ \d{{4}}\)\.$", text), text
    refs = page.locator("#references + div li").all_inner_texts()
    assert any(r.startswith("Latham, G. et al. (2015)") for r in refs), refs


def test_search_fetches_ten_results_then_more_on_request(page, site_url: str) -> None:
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("council")
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="visible")
    more = page.locator(".cb-search-more button")
    if not more.count():
        pytest.skip("fewer than eleven pages match 'council' in this content")
    assert items.count() == 10 and "(first 10 shown)" in page.locator(".md-search-result__meta").inner_text()
    more.click()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 10")
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    assert page.outside_requests == []
    assert workers == []  # Pagefind searches on the page: no second copy of its code is fetched for a worker
