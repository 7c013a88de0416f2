"""The self-assessment page in headless chromium: answers, profile, storage, export, team view, axe."""

from __future__ import annotations

import json
import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from casebook.builders.assessment import related_records
from casebook.project import Project
from casebook.validate import validate_project

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
READY = "#cb-sa[data-cb-sa-ready]"


@pytest.fixture
def axe(request):
    """The site helper's axe_violations(page): a fixture, or a plain function in tests/browser/conftest.py."""
    try:
        return request.getfixturevalue("axe_violations")
    except pytest.FixtureLookupError:
        pass
    shared = Path(__file__).with_name("conftest.py")
    for plugin in request.config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) and Path(plugin.__file__) == shared:
            return plugin.axe_violations
    pytest.fail("axe_violations not found in tests/browser/conftest.py")


def no_outside_requests(page) -> None:
    """The shared page fixture records (and blocks) any request leaving the local site."""
    assert getattr(page, "outside_requests", []) == []


def js_fixed(value: float | None) -> str:
    """What JavaScript's toFixed(1) prints (half up on the exact binary value)."""
    return "–" if value is None else str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def content():
    result = validate_project(Project(REPO))
    assert result.content is not None
    return result.content


@pytest.fixture(scope="module")
def assessment(content):
    assert content.assessment is not None
    return content.assessment


@pytest.fixture(scope="module")
def weakest_index(assessment, content) -> int:
    """Make the characteristic with most related records the weakest, so its links are worth checking."""
    counts = [len(related_records(c, content.published)) for c in assessment.characteristics]
    return counts.index(max(counts))


def pattern(assessment, weakest_index: int, shift: int = 0) -> dict[str, int | str]:
    """Answers for every statement: the weakest characteristic low, one "don't know" elsewhere."""
    base = [[4, 5], [5, 4, 4], [3], [4, "dk", 4], [3, 4], [4, 3, 5]]
    answers: dict[str, int | str] = {}
    for c, characteristic in enumerate(assessment.characteristics):
        values = [2, 1, 3] if c == weakest_index else base[c % len(base)]
        for s, statement in enumerate(characteristic.statements):
            value = values[s % len(values)]
            answers[statement.id] = value if value == "dk" else max(1, min(5, value - shift))
    return answers


def means(assessment, answers) -> list[float | None]:
    out = []
    for characteristic in assessment.characteristics:
        rated = [answers[s.id] for s in characteristic.statements if isinstance(answers.get(s.id), int)]
        out.append(sum(rated) / len(rated) if rated else None)
    return out


def open_page(page, site_url: str) -> None:
    page.goto(site_url + "self-assessment/")
    page.wait_for_selector(READY)


def fill(page, answers: dict) -> None:
    for statement_id, value in answers.items():
        page.check(f'input[name="{statement_id}"][value="{value}"]')


def checked(page) -> dict:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#cb-sa-form input:checked')]
        .map(i => [i.name, i.value === 'dk' ? 'dk' : Number(i.value)]))""")


def table_rows(page, selector: str) -> list[list[str]]:
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel + ' tbody tr')]
        .map(tr => [...tr.children].map(td => td.textContent.trim()))""", selector)


def download(page, link_id: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.click(f"#{link_id}")
    info.value.save_as(target)
    return target


def test_fill_reload_and_profile(page, site_url, assessment, content, weakest_index):
    open_page(page, site_url)
    answers = pattern(assessment, weakest_index)
    half = dict(list(answers.items())[: len(answers) // 2])
    fill(page, half)
    page.reload()
    page.wait_for_selector(READY)
    assert checked(page) == half  # a half-done assessment survives a reload
    assert f"{len(half)} of {len(answers)} statements answered" in page.text_content("#cb-sa-progress")

    fill(page, answers)
    expected = means(assessment, answers)
    rows = table_rows(page, "#cb-sa-profile-body")
    titles = [content.taxonomy.theme(c.theme).title for c in assessment.characteristics]
    low = min(m for m in expected if m is not None)
    for row, title, mean, characteristic in zip(rows, titles, expected, assessment.characteristics, strict=True):
        assert row[0] == title + (" (weakest)" if mean == low else "")
        assert row[1] == js_fixed(mean)
        dont_know = sum(answers[s.id] == "dk" for s in characteristic.statements)
        assert row[3] == str(dont_know)
    # The chart says the same, in text as well as shape.
    chart_text = page.text_content("#cb-sa-profile-body svg")
    assert f"{js_fixed(low)} (weakest)" in chart_text

    weak = assessment.characteristics[weakest_index]
    related = related_records(weak, content.published)
    links = page.eval_on_selector_all(
        f'#cb-sa-related ul[data-characteristic="{weak.theme}"] a',
        "els => els.map(a => [a.textContent, a.getAttribute('href')])")
    assert links == [[r.title, f"../cases/{r.id}/"] for r in related]
    theme_links = page.eval_on_selector_all("#cb-sa-related .cb-sa-theme-links a",
                                            "els => els.map(a => a.getAttribute('href'))")
    assert f"../themes/{weak.theme}/" in theme_links


def test_keyboard_only(page, site_url, assessment):
    open_page(page, site_url)
    first = assessment.characteristics[0].statements[0].id
    page.focus(f'input[name="{first}"][value="1"]')
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert checked(page) == {first: 3}
    page.focus("#cb-sa-forget")
    page.keyboard.press("Enter")
    assert checked(page) == {}


def test_export_then_reimport(page, site_url, assessment, weakest_index, tmp_path):
    open_page(page, site_url)
    answers = pattern(assessment, weakest_index)
    fill(page, answers)
    exported = download(page, "cb-sa-download-json", tmp_path / "me.json")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "casebook-self-assessment"
    assert data["answers"] == answers
    csv_text = download(page, "cb-sa-download-csv", tmp_path / "me.csv").read_text(encoding="utf-8")
    lines = csv_text.strip().splitlines()
    assert lines[0] == "characteristic,statement_id,theme,statement,rating,answer"
    assert len(lines) == 1 + len(answers)

    page.click("#cb-sa-forget")
    assert checked(page) == {}
    assert page.evaluate("localStorage.getItem('casebook-self-assessment:v1')") is None
    page.set_input_files("#cb-sa-import", str(exported))
    page.wait_for_function(f"document.querySelectorAll('#cb-sa-form input:checked').length === {len(answers)}")
    assert checked(page) == answers
    page.reload()
    page.wait_for_selector(READY)
    assert checked(page) == answers  # an import is kept like typed answers
    no_outside_requests(page)


def test_broken_file_changes_nothing(page, site_url, assessment, weakest_index, tmp_path):
    open_page(page, site_url)
    answers = pattern(assessment, weakest_index)
    fill(page, answers)
    first = assessment.characteristics[0].statements[0].id
    broken = {
        "garbage.json": "this is not JSON {",
        "foreign.json": json.dumps({"hello": "world"}),
        "bad-value.json": json.dumps({"format": "casebook-self-assessment", "version": 1, "answers": {first: 9}}),
    }
    for name, text in broken.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.set_input_files("#cb-sa-import", str(path))
        page.wait_for_function("document.getElementById('cb-sa-import-error').textContent.includes('" + name + "')")
        message = page.text_content("#cb-sa-import-error")
        assert "have not been changed" in message
        assert checked(page) == answers


def test_team_view(page, site_url, assessment, weakest_index, tmp_path):
    open_page(page, site_url)
    people = [pattern(assessment, weakest_index, shift) for shift in (0, 1, 2)]
    files = []
    for i, answers in enumerate(people):
        page.click("#cb-sa-forget")
        fill(page, answers)
        files.append(str(download(page, "cb-sa-download-json", tmp_path / f"person{i}.json")))
    page.click("#cb-sa-forget")
    page.set_input_files("#cb-sa-team-files", files)
    page.wait_for_selector("#cb-sa-team-body table")
    rows = table_rows(page, "#cb-sa-team-body")
    per_person = [means(assessment, answers) for answers in people]
    for c, row in enumerate(rows):
        scores = [p[c] for p in per_person if p[c] is not None]
        mean = sum(scores) / len(scores)
        assert row[1:] == [str(len(scores)), js_fixed(mean), js_fixed(statistics.pstdev(scores)),
                           js_fixed(min(scores)), js_fixed(max(scores))]
    # The status is announced a moment later (cleared first so a screen reader repeats it).
    assert "3 in all" in page.wait_for_selector("#cb-sa-team-status:has-text('in all')").text_content()
    no_outside_requests(page)

    # A broken file among good ones: a clear message, and the team view stays as it was.
    bad = tmp_path / "notes.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    page.set_input_files("#cb-sa-team-files", [files[0], str(bad)])
    page.wait_for_function("document.getElementById('cb-sa-team-error').textContent.length > 0")
    assert "notes.json is not a Casebook self-assessment export" in page.text_content("#cb-sa-team-error")
    assert table_rows(page, "#cb-sa-team-body") == rows
    assert checked(page) == {}  # the team view never touches the person's own answers


def test_forget_clears_storage(page, site_url, assessment, weakest_index):
    open_page(page, site_url)
    fill(page, pattern(assessment, weakest_index))
    assert page.evaluate("localStorage.getItem('casebook-self-assessment:v1')") is not None
    page.click("#cb-sa-forget")
    assert "forgotten" in page.wait_for_selector("#cb-sa-status:has-text('forgotten')").text_content()
    assert page.evaluate("localStorage.getItem('casebook-self-assessment:v1')") is None
    page.reload()
    page.wait_for_selector(READY)
    assert checked(page) == {}
    assert page.is_visible("#cb-sa-profile-empty")


def test_print_stylesheet(page, site_url, assessment, weakest_index):
    open_page(page, site_url)
    fill(page, pattern(assessment, weakest_index))
    page.emulate_media(media="print")
    assert not page.is_visible("#cb-sa-forget")
    assert not page.is_visible("#cb-sa-import")
    assert page.is_visible("#cb-sa-profile-body table")
    assert not page.is_visible("#cb-sa-team")  # nothing loaded: no bare "Team view" heading either
    for selector in (".md-header", ".md-sidebar--primary"):
        if page.query_selector(selector):
            assert not page.is_visible(selector)


def test_works_offline_from_file(browser, built_site, assessment):
    context = browser.new_context()  # the shared page fixture only lets local http through
    page = context.new_page()
    page.goto((built_site / "self-assessment" / "index.html").as_uri())
    page.wait_for_selector(READY)
    first = assessment.characteristics[0].statements[0].id
    page.check(f'input[name="{first}"][value="4"]')
    assert page.is_visible("#cb-sa-profile-body table")
    theme_link = page.get_attribute(".cb-sa-source a[href*='themes']", "href")
    assert theme_link.endswith("/index.html")  # folders need their index.html from file://
    context.close()


def test_reached_by_navigation(page, site_url):
    """Material's instant navigation (if on) swaps the page in: the script must still start."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url)
    page.click("a[href$='self-assessment/']")
    page.wait_for_selector(READY)
    assert page.is_visible("#cb-sa-forget")
    page.go_back()
    page.click("a[href$='self-assessment/']")  # a second visit must start it again, once
    page.wait_for_selector(READY)
    page.check("#cb-sa-form input[value='4']")
    assert "1 of" in page.text_content("#cb-sa-progress")
    assert errors == []


def test_axe_zero_violations(page, site_url, assessment, weakest_index, tmp_path, axe):
    open_page(page, site_url)
    violations = axe(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    fill(page, pattern(assessment, weakest_index))
    exported = download(page, "cb-sa-download-json", tmp_path / "me.json")
    page.set_input_files("#cb-sa-team-files", [str(exported)])
    page.wait_for_selector("#cb-sa-team-body table")
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    page.set_input_files("#cb-sa-import", str(bad))
    page.wait_for_function("document.getElementById('cb-sa-import-error').textContent.length > 0")
    violations = axe(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_phone_width(page, site_url, assessment, weakest_index, tmp_path, axe):
    """At phone width the tables scroll inside their own focusable region, never the whole page."""
    page.set_viewport_size({"width": 375, "height": 800})
    open_page(page, site_url)
    fill(page, pattern(assessment, weakest_index))
    exported = download(page, "cb-sa-download-json", tmp_path / "me.json")
    page.set_input_files("#cb-sa-team-files", [str(exported)])
    page.wait_for_selector("#cb-sa-team-body table")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    violations = axe(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
