"""The Propose page in headless chromium: a record typed in the form, with a new source, downloaded
and checked by the real `casebook validate`; problems beside their fields; the pull-request link;
a field added to the schema; the draft; hostile text; axe at desktop and phone width."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from casebook.hints import did_you_mean
from casebook.project import Project
from casebook.proposal import record_yaml
from casebook.serve import serve_folder
from casebook.site import build_site
from casebook.validate import validate_project
from conftest import copy_project

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CASEBOOK = Path(sys.executable).with_name("casebook")
REPO_URL = "https://github.com/example-org/casebook"
NEW_ID = "sandwell-customer-panel"
EXTRA_FIELD = {"description": "Who paid for the work, as the source says.", "type": "string", "maxLength": 120}


def build(project: Path, out: Path) -> Path:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    result = validate_project(Project(project))
    assert result.ok and result.content is not None, [str(p) for p in result.problems.sorted()]
    build_site(result.content, out, packs=[])
    return out


@pytest.fixture(scope="module")
def github_site(tmp_path_factory: pytest.TempPathFactory):
    """A copy of the project with repo_url set and one field added to the schema, built and served."""
    project = copy_project(tmp_path_factory.mktemp("gh") / "project")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + f"\nrepo_url: {REPO_URL}\n", encoding="utf-8")
    schema_file = project / "schema" / "record.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["properties"]["funding"] = EXTRA_FIELD
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    site = build(project, project / "site")
    with serve_folder(site) as address:
        yield {"url": address, "project": project}


def open_page(page, base: str):
    page.goto(base + "propose/")
    page.wait_for_selector("#cbp-form [data-path=id]")
    return page


def layout_of(page) -> dict:
    return json.loads(page.locator("#cbp-data").text_content())["layout"]


def current(page) -> dict:
    return page.evaluate("CasebookPropose.current()")


def choose_source(page, path: str, query: str, key: str, locator: str) -> None:
    box = page.locator(f'[data-path="{path}/key"]')
    box.locator("input[type=search]").fill(query)
    box.locator("button.cbp-result", has_text=f"[{key}]").click()
    page.fill("#cbp-f-" + path.replace("/", "-") + "-locator", locator)


def cite(page, field: str, key: str, locator: str) -> None:
    """Use the "Cite a source" control beside a Markdown field, as a person would."""
    control = page.locator(f'[data-cite-for="{field}"]')
    control.get_by_role("button", name="Cite a source").click()
    control.locator("select").select_option(key)
    control.get_by_label("Page, paragraph or section").fill(locator)
    control.get_by_role("button", name="Insert the citation").click()


def add_new_report(page) -> str:
    """A report by an organisation, through the new-source form; returns the key it was given."""
    panel = page.locator("#cbp-new-source")
    panel.get_by_label("What kind of source is it?").select_option("report")
    row = panel.locator(".cbp-name-row").first
    row.get_by_label("Is it a person or an organisation?").select_option("organisation")
    row.get_by_label("Organisation's name, in full").fill("Sandwell Metropolitan Borough Council")
    panel.get_by_label("Title").fill("Customer panel: first year report, 50% & more")
    panel.get_by_label("Date published").fill("2016-03")
    panel.get_by_label("Note for Casebook's editors (optional)").fill("Internal report, shared with permission.")
    key = panel.locator("#cbp-ns-key").input_value()
    panel.get_by_role("button", name="Add this source").click()
    page.wait_for_selector(f"#cbp-new-source-list >> text={key}")
    return key


def fill_complete_record(page) -> str:
    page.fill("#cbp-f-id", NEW_ID)
    page.check("#cbp-f-kind-case-study")
    page.fill("#cbp-f-title", 'Sandwell: a "customer panel" that shapes services #1')
    key = add_new_report(page)
    page.fill("#cbp-f-summary", "Residents sit on a panel that reviews every service change.")
    cite(page, "summary", key, "p. 2")
    page.type("#cbp-f-summary", " It met 12 times in its first year.")
    cite(page, "summary", key, "pp. 3-4")
    page.check("#cbp-f-themes-listening")
    page.check("#cbp-f-themes-customer-focus")
    page.select_option("#cbp-f-evidence_type", "practitioner-report")
    page.fill("#cbp-f-narrative-context", "The council wanted residents in the room.")
    cite(page, "narrative/context", key, "para. 3")
    # Every paragraph and list item carries its own source, as `casebook validate` asks.
    for point, locator in (("\n\n- first point", "para. 4"), ("\n- second point", "para. 5")):
        page.type("#cbp-f-narrative-context", point)
        cite(page, "narrative/context", key, locator)
    page.get_by_role("button", name="Add an organisation").click()
    page.fill("#cbp-f-organisations-0-name", "Sandwell Metropolitan Borough Council")
    page.select_option("#cbp-f-organisations-0-type", "metropolitan-borough-council")
    page.select_option("#cbp-f-organisations-0-region", "West Midlands")
    page.select_option("#cbp-f-organisations-0-nation", "England")
    page.fill("#cbp-f-year", "2016")
    page.get_by_role("button", name="Add a quote").click()
    page.fill("#cbp-f-quotes-0-text", "We changed the opening hours because the panel asked.")
    page.fill("#cbp-f-quotes-0-speaker", "Head of customer services")
    choose_source(page, "quotes/0/source", "sandwell panel", key, "p. 5")
    choose_source(page, "sources/0", "sandwell", key, "p. 1")
    page.get_by_role("button", name="Add a source").click()
    choose_source(page, "sources/1", "latham aspire", "latham2015aspire", "p. 7")
    return key


def test_complete_record_with_a_new_source_downloads_files_that_validate(page, site_url, tmp_path) -> None:
    open_page(page, site_url)
    key = fill_complete_record(page)
    page.get_by_role("button", name="Check the record").click()
    page.wait_for_selector("#cbp-problems .cbp-ok")
    state = current(page)
    assert state["problems"] == []
    # The browser's YAML is the Python reference serialiser's, byte for byte, for the same answers.
    assert state["yaml"] == record_yaml(layout_of(page), state["record"])
    with page.expect_download() as record_download:
        page.get_by_role("link", name=f"Download {NEW_ID}.yaml").click()
    with page.expect_download() as bib_download:
        page.get_by_role("link", name=f"Download {NEW_ID}.bib").click()
    project = copy_project(tmp_path / "project")
    record_file = project / "case_studies" / f"{NEW_ID}.yaml"
    record_download.value.save_as(record_file)
    bib_file = tmp_path / "new.bib"
    bib_download.value.save_as(bib_file)
    bib_text = bib_file.read_text(encoding="utf-8")
    assert "author      = {{Sandwell Metropolitan Borough Council}}," in bib_text
    assert "50\\% \\& more" in bib_text
    with (project / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write("\n" + bib_text)
    env = {k: v for k, v in os.environ.items() if k not in ("CASEBOOK_TODAY", "GITHUB_ACTIONS")}
    run = subprocess.run([str(CASEBOOK), "validate"], cwd=project, capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    text = record_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/record.schema.json\n")
    assert f"[@{key}, p. 2]" in text and f"  - first point [@{key}, para. 4]\n" in text
    # Without repo_url the page says why there is no pull-request link, and offers the files.
    assert page.locator("#cbp-pr-link").count() == 0
    assert "repo_url" in page.locator("#cbp-send-no-repo").text_content()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.get_by_role("button", name=f"Copy {NEW_ID}.bib").click()
    page.wait_for_function("document.getElementById('cbp-status').textContent.includes('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == bib_text
    assert page.outside_requests == []


def seed_draft(page, base: str, record: dict, new_sources: list | None = None) -> None:
    """A draft kept from an earlier visit (the page stores its drafts in this form)."""
    page.goto(base + "propose/")
    page.evaluate("d => localStorage.setItem('casebook-proposal:v1', JSON.stringify(d))",
                  {"version": 1, "record": record, "newSources": new_sources or []})
    open_page(page, base)


def valid_record(**changes) -> dict:
    record = {"id": NEW_ID, "kind": "case-study", "title": "Sandwell: a customer panel that shapes services",
              "summary": "Residents sit on a panel that reviews every service change [@latham2015aspire, p. 7].",
              "themes": ["listening"], "evidence_type": "practitioner-report",
              "sources": [{"key": "latham2015aspire", "locator": "p. 7"}], "status": "draft",
              "last_reviewed": "2026-11-30"}
    record.update(changes)
    return record


def field_errors(page, path: str) -> str:
    return page.locator(f'[data-path="{path}"] > .cbp-error').text_content() or ""


def test_missing_locator_unknown_theme_and_duplicate_id_are_shown_and_block_the_pull_request(page, github_site) -> None:
    published = validate_project(Project(REPO)).content.published[0].id
    record = valid_record(id=published, themes=["listening", "agilty"], sources=[{"key": "latham2015aspire"}])
    seed_draft(page, github_site["url"], record)
    codes = sorted(p["code"] for p in current(page)["problems"])
    assert codes == ["duplicate-id", "missing-field", "unknown-theme"]
    assert "duplicate-id" in field_errors(page, "id") and f"case_studies/{published}.yaml" in field_errors(page, "id")
    assert "unknown-theme" in field_errors(page, "themes") and "'agilty' is not a theme" in field_errors(page, "themes")
    locator_errors = field_errors(page, "sources/0/locator")
    assert "missing-field" in locator_errors and "This is required." in locator_errors
    themes = validate_project(Project(REPO)).content.taxonomy.ids
    assert did_you_mean("agilty", themes) == "did you mean 'agility'?"
    assert "Did you mean 'agility'?" in field_errors(page, "themes")
    # The same codes and words as casebook validate gives the same file (under a new id: the
    # command line sees a published id as that record's own file).
    state = current(page)
    messages = {p["code"]: p["message"] for p in state["problems"]}
    assert messages["missing-field"] == "sources[0] is missing the required field 'locator'"
    project = copy_project(github_site["project"].parent / "parity")
    record = dict(state["record"], id="parity-check")
    (project / "case_studies" / "parity-check.yaml").write_text(record_yaml(layout_of(page), record), encoding="utf-8")
    cli = validate_project(Project(project), only=[project / "case_studies" / "parity-check.yaml"]).problems.errors
    assert sorted((p.code, p.message) for p in cli) == sorted(
        (p["code"], p["message"]) for p in state["problems"] if p["code"] != "duplicate-id")
    # Each error is tied to its control, for screen readers.
    described = page.get_attribute("#cbp-f-sources-0-locator", "aria-describedby").split()
    assert "cbp-e-sources-0-locator" in described
    assert page.get_attribute("#cbp-f-sources-0-locator", "aria-invalid") == "true"
    assert "3 problems to fix" in page.locator("#cbp-announce").text_content()
    assert page.locator("#cbp-pr-link").count() == 0
    assert page.locator("#cbp-send-blocked").is_visible()
    # Fixed, the link appears.
    page.fill("#cbp-f-id", NEW_ID)
    page.uncheck("#cbp-f-themes-agilty")
    page.fill("#cbp-f-sources-0-locator", "p. 7")
    page.wait_for_selector("#cbp-pr-link")
    assert current(page)["problems"] == []
    assert page.outside_requests == []


def test_github_link_carries_the_path_and_the_exact_yaml(page, github_site) -> None:
    seed_draft(page, github_site["url"], valid_record(), [{"type": "online", "key": "sandwell2016panel",
                                                              "fields": {"title": "Customer panel"}}])
    link = page.wait_for_selector("#cbp-pr-link")
    parts = urlsplit(link.get_attribute("href"))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/new/main"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["filename"] == [f"case_studies/{NEW_ID}.yaml"]
    shown = page.locator("#cbp-files pre").first.text_content()
    assert query["value"] == [current(page)["yaml"]] == [shown]
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    steps = page.locator("#cbp-send").text_content()
    assert "references.bib" in steps and "paste the BibTeX entry below" in steps
    # Sending removes the draft from storage (the page keeps it until it is left).
    page.evaluate("document.addEventListener('click', e => e.target.id === 'cbp-pr-link' && e.preventDefault(), true)")
    page.locator("#cbp-pr-link").click()
    assert page.evaluate("localStorage.getItem('casebook-proposal:v1')") is None
    assert page.outside_requests == []


def test_a_field_added_to_the_schema_appears_in_the_form_and_the_file(page, github_site) -> None:
    seed_draft(page, github_site["url"], valid_record())
    label = page.locator('label[for="cbp-f-funding"]')
    assert label.text_content() == "Funding"
    assert page.locator('[data-path="funding"] .cbp-hint').text_content().startswith(EXTRA_FIELD["description"])
    page.fill("#cbp-f-funding", "Sandwell MBC: the council's own budget")
    page.get_by_role("button", name="Check the record").click()
    yaml_text = current(page)["yaml"]
    assert '# funding: Who paid for the work, as the source says.\nfunding: "Sandwell MBC: the council\'s own budget"' \
        in yaml_text
    page.fill("#cbp-f-funding", "x" * 121)
    page.wait_for_function("CasebookPropose.current().problems.some(p => p.path === 'funding')")
    assert "out-of-range" in field_errors(page, "funding")
    assert page.outside_requests == []


def test_draft_is_kept_until_cleared(page, site_url) -> None:
    open_page(page, site_url)
    page.fill("#cbp-f-title", "A draft that survives a reload")
    page.wait_for_function("(localStorage.getItem('casebook-proposal:v1') || '').includes('survives')")
    open_page(page, site_url)
    assert page.input_value("#cbp-f-title") == "A draft that survives a reload"
    assert "draft from an earlier visit" in page.locator("#cbp-draft-status").text_content()
    page.get_by_role("button", name="Clear the draft").click()
    assert page.input_value("#cbp-f-title") == ""
    assert page.evaluate("localStorage.getItem('casebook-proposal:v1')") is None


def test_hostile_text_stays_text_in_the_preview_and_the_files(page, site_url) -> None:
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    seed_draft(page, site_url, valid_record(title=hostile, summary=hostile + " [@latham2015aspire, p. 7]"))
    preview = page.locator("#cbp-preview")
    assert preview.locator(".cbp-preview-title").text_content() == hostile
    assert preview.locator("img, script").count() == 0
    assert page.locator("#cbp-files img, #cbp-problems img, #cbp-form img").count() == 0
    assert page.evaluate("window.pwned") is None
    # The title's pattern refuses < and >, as casebook validate does.
    assert "bad-format" in field_errors(page, "title")
    assert page.outside_requests == []


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_passes_with_the_controls_open_and_the_form_fits(page, site_url, axe, width) -> None:
    from tests.browser.conftest import describe

    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, site_url)
    page.get_by_role("button", name="Add an organisation").click()
    page.get_by_role("button", name="Add a quote").click()
    page.locator('[data-path="sources/0/key"] input[type=search]').fill("latham")
    page.locator('[data-cite-for="summary"]').get_by_role("button", name="Cite a source").click()
    page.fill("#cbp-f-title", "<b>")
    page.get_by_role("button", name="Check the record").click()
    page.locator("#cbp-ns-add").click()  # the new-source form, with its problems
    assert page.locator("#cbp-form .cbp-error:not([hidden])").count() > 3
    violations = axe(page)
    assert violations == [], describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.outside_requests == []


def test_keyboard_alone_cites_a_source(page, site_url) -> None:
    open_page(page, site_url)
    page.focus("#cbp-f-summary")
    page.keyboard.type("The panel met monthly.")
    page.keyboard.press("Tab")  # to "Cite a source"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("para. 4")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    key = page.evaluate("CasebookPropose.current().record.summary").split("[@")[1].split(",")[0]
    assert page.input_value("#cbp-f-summary") == f"The panel met monthly [@{key}, para. 4]."
    assert page.evaluate("document.activeElement.id") == "cbp-f-summary"


def test_an_uncited_paragraph_and_a_citation_without_locator_are_shown_as_validate_says(page, github_site) -> None:
    summary = "Residents sit on a panel [@latham2015aspire, p. 7].\n\nThe panel meets monthly.\n\n" \
              "It reports to the board [@latham2015aspire]."
    seed_draft(page, github_site["url"], valid_record(summary=summary))
    problems = {p["code"]: p["message"] for p in current(page)["problems"]}
    assert problems == {
        "uncited-statement": "summary: paragraph 2 ('The panel meets monthly.') cites no source",
        "missing-locator": "summary: the citation of @latham2015aspire has no locator"}
    project = copy_project(github_site["project"].parent / "uncited")
    path = project / "case_studies" / f"{NEW_ID}.yaml"
    path.write_text(current(page)["yaml"], encoding="utf-8")
    cli = {p.code: p.message for p in validate_project(Project(project), only=[path]).problems.errors}
    assert cli == problems
