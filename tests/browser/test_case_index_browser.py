"""The case index holds the one selection model: strict about its address, counts that follow the selection.

An address the command line refuses is refused here in the same words, shows nothing and
never reaches a pack cover; each filter option counts the records the list would hold
with that option added to its group, as `casebook pack` would select them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
from casebook import urls
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.selection import FACETS, Selection, check_selection, from_url, select
from casebook.validate import validate_project

from .conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content():
    return validate_project(Project(REPO)).content


def shown(page) -> int:
    return page.locator("#cb-results > li:not([hidden])").count()


@pytest.mark.parametrize("query", ["region=West+Midland", "regoin=West+Midlands", "theme=agilty&region=West+Midlands",
                                   "nation=Scotland&id=no-such-record"])
def test_an_address_the_command_line_refuses_is_refused_here_in_its_words(page, site_url, content, query) -> None:
    page.goto(site_url + urls.CASE_INDEX + "?" + query)
    try:
        expected = check_selection(content, from_url("cases/?" + query))
    except CasebookError as error:
        expected = [str(error)]
    assert expected
    problems = page.locator("#cb-selection-problems li > span").all_inner_texts()
    assert problems == expected
    assert shown(page) == 0
    assert page.locator("#cb-count").inner_text().startswith("No record is shown")


def test_west_midland_never_reaches_a_pack_cover(page, site_url) -> None:
    page.goto(site_url + urls.CASE_INDEX + "?region=West+Midland")
    assert "'West Midland' is not a region of any published record; did you mean 'West Midlands'?" in \
        page.locator("#cb-selection-problems").inner_text()
    page.locator("[data-cb-make-pack='pdf']").click()
    error = page.locator(".cb-briefing__error")
    error.wait_for(state="visible", timeout=10000)
    assert "did you mean 'West Midlands'?" in error.inner_text()
    assert "--region \"West Midland\"" in error.inner_text()  # the command line that says the same
    assert page.locator(".cb-briefing__status").inner_text() == ""


def test_removing_the_unknown_value_shows_the_rest_of_the_selection(page, site_url, content) -> None:
    page.goto(site_url + urls.CASE_INDEX + "?region=West+Midland&theme=agility")
    page.get_by_role("button", name="Remove 'West Midland' from the address").click()
    assert page.evaluate("() => location.search") == "?theme=agility"
    assert page.locator("#cb-selection-problems li").count() == 0
    assert shown(page) == len(select(content, Selection.of(theme=("agility",))))
    assert page.get_by_role("checkbox", name="Agility").is_checked()


def test_an_organisation_matches_whatever_its_case_as_on_the_command_line(page, site_url, content) -> None:
    page.goto(site_url + urls.CASE_INDEX + "?organisation=warwickshire+county+council")
    assert page.locator("#cb-selection-problems li").count() == 0
    assert shown(page) == len(select(content, Selection.of(organisation=("warwickshire county council",))))


def test_record_ids_in_the_address_pick_those_records(page, site_url) -> None:
    ids = ["warwickshire-one-front-door", "dudley-shared-purpose-golden-thread"]
    page.goto(site_url + urls.CASE_INDEX + "?" + "&".join(f"id={i}" for i in ids))
    cards = page.locator("#cb-results > li:not([hidden])").evaluate_all("cs => cs.map(c => c.dataset.id)")
    assert sorted(cards) == sorted(ids)


def expected_counts(content, query: str) -> dict[tuple[str, str], int]:
    """For each option: how many records `select` picks with it added to its group (0 when none)."""
    chosen: dict[str, list[str]] = {}
    for name, value in parse_qsl(query):
        chosen.setdefault(name, []).append(value)
    out = {}
    for facet in FACETS:
        for value in dict.fromkeys(v for r in content.published for v in facet.values(r)):
            wanted = {**chosen, facet.name: [*chosen.get(facet.name, []), value]}
            try:
                out[(facet.name, value)] = len(select(content, Selection.of(**wanted)))
            except CasebookError:
                out[(facet.name, value)] = 0
    return out


@pytest.mark.parametrize("query", ["", "theme=agility", "region=West+Midlands&kind=case-study",
                                   "theme=agility&theme=partnership-working&nation=England"])
def test_each_option_counts_the_list_with_it_added_to_its_group(page, site_url, content, query) -> None:
    page.goto(site_url + urls.CASE_INDEX + ("?" + query if query else ""))
    seen = page.locator("#cb-filters input[type=checkbox]").evaluate_all("""boxes => boxes.map(b => [b.name, b.value,
        Number(document.querySelector(`label[for='${b.id}'] .cb-facet__count`).textContent.replace(/[()]/g, ''))])""")
    expected = expected_counts(content, query)
    assert {(n, v): c for n, v, c in seen} == expected
    if query:  # and the counts follow a tick
        page.get_by_role("checkbox", name="Case study").check()
        again = page.locator("#cb-filters input[type=checkbox]").evaluate_all("""boxes => boxes.map(b => [b.name,
            b.value, Number(document.querySelector(`label[for='${b.id}'] .cb-facet__count`).textContent
            .replace(/[()]/g, ''))])""")
        ticked = page.evaluate("() => location.search").lstrip("?")
        assert {(n, v): c for n, v, c in again} == expected_counts(content, ticked)
