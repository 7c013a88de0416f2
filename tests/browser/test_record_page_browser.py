"""Record page layout and landmarks, at desktop and phone widths."""

from __future__ import annotations

import pytest
from casebook import urls

pytestmark = pytest.mark.browser

# A record with both an organisations table and a figures table: two scrolling regions.
TWO_TABLES = "aspire-business-partnering-programme-cohort-1"


def describe(violations: list) -> str:
    return "\n".join(f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations)


def test_record_with_two_tables_passes_axe_at_phone_width(page, axe, site_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + urls.record_page(TWO_TABLES))
    page.wait_for_load_state("networkidle")
    assert page.locator("[role=region][aria-label]").count() >= 2
    violations = axe(page)
    assert violations == [], describe(violations)
    labels = page.locator("[role=region]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize("width", [1280, 375])
def test_themes_row_sits_flush_with_the_other_facts(page, site_url: str, width: int) -> None:
    """The inline list of themes starts where the other facts' values start: no list indent or gap."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + urls.record_page(TWO_TABLES))
    box = page.evaluate("""() => {
      const list = document.querySelector('.cb-facts .cb-inline-list');
      const first = list.querySelector('li');
      const dd = list.closest('dd');
      const s = getComputedStyle(first), u = getComputedStyle(list);
      return {dd: dd.getBoundingClientRect().left, li: first.getBoundingClientRect().left,
              margins: [s.marginLeft, s.marginBottom, u.marginLeft, u.marginTop, u.marginBottom]};
    }""")
    assert box["margins"] == ["0px"] * 5, box
    assert abs(box["li"] - box["dd"]) < 1, box


def test_landmarks_have_unique_names_by_axes_own_rule(page, axe, site_url: str) -> None:
    """landmark-unique is an axe best-practice rule, outside the WCAG tags run elsewhere."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + urls.record_page(TWO_TABLES))
    page.wait_for_load_state("networkidle")
    axe(page)  # loads axe-core into the page
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['landmark-unique']}})")
    assert result["violations"] == [], describe(result["violations"])
    assert result["passes"]


def test_review_notice_and_card_marker_pass_axe(browser, axe, tmp_path_factory) -> None:
    """Casebook's overdue-review notice and card tag, on a build with a long-unreviewed record."""

    from casebook.serve import serve_folder
    from test_site_views import STALE, build_stale_site

    out = build_stale_site(tmp_path_factory.mktemp("overdue") / "site")
    with serve_folder(out) as address:
        for width in (1280, 375):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            shown = ((urls.record_page(STALE), ".cb-review-notice"), (urls.CASE_INDEX, ".cb-card__review"))
            for where, selector in shown:
                page.goto(address + where)
                assert page.locator(selector).first.is_visible()
                violations = axe(page)
                assert violations == [], (where, width, describe(violations))
            context.close()
