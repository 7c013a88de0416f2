"""The Propose page in headless chromium, used as a cohort member would use it: a case study typed in
three steps with two new sources, sent as one file (from the GitHub link, or downloaded for a long one)
that `casebook validate` and `casebook build` accept with no other change to the repository; problems
beside their fields in plain words; the draft; hostile text; any fork's repository; axe and keyboard."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from casebook.builders import build_site
from casebook.contribute.proposal import record_yaml
from casebook.project import Project
from casebook.serve import serve_folder
from casebook.validate import validate_project
from conftest import copy_project
from pypdf import PdfReader

pytestmark = pytest.mark.browser

CASEBOOK = Path(sys.executable).with_name("casebook")
FORK = "https://github.com/a-cohort-member/casebook"
EXTRA_FIELD = {"description": "Who paid for the work, as the source says.", "type": "string", "maxLength": 120}
ORG = "Chartered Institute of Personnel and Development"
REPORT_TITLE = "Customer panels in Northbridge: what residents told the council"
ARTICLE_TITLE = "Resident panels in English local government"
TITLE = "Northbridge: a resident panel that shapes services"


def build(project: Path, out: Path) -> Path:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    result = validate_project(Project(project))
    assert result.ok and result.content is not None, [str(p) for p in result.problems.sorted()]
    build_site(result.content, out, packs=[])
    return out


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory: pytest.TempPathFactory):
    """A fork's site, its repository known only from the workflow's environment (no repo_url in
    mkdocs.yml), with one field added to the schema; built and served."""
    project = copy_project(tmp_path_factory.mktemp("fork") / "project")
    schema_file = project / "schema" / "record.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["properties"]["funding"] = EXTRA_FIELD
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    saved = {k: os.environ.get(k) for k in ("CASEBOOK_REPO_URL", "CASEBOOK_REPO_BRANCH")}
    os.environ.update({"CASEBOOK_REPO_URL": FORK, "CASEBOOK_REPO_BRANCH": "main"})
    try:
        site = build(project, project / "site")
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    with serve_folder(site) as address:
        yield {"url": address, "project": project}


def open_page(page, base: str):
    page.goto(base + "propose/")
    page.wait_for_selector("#cbp-form [data-path=title]", state="attached")
    return page


def current(page) -> dict:
    return page.evaluate("CasebookPropose.current()")


def step(page, n: int) -> None:
    page.locator(f'.cbp-step-button[data-step="{n}"]').click()
    page.wait_for_selector(f"#cbp-step-{n}:not([hidden])")


def cite(page, field: str, title_words: str, locator: str) -> None:
    """Use the "Cite a source" control under a longer text, as a person would."""
    control = page.locator(f'[data-cite-for="{field}"]')
    control.get_by_role("button", name="Cite a source").click()
    select = control.locator("select")
    value = select.locator("option", has_text=title_words).first.get_attribute("value")
    select.select_option(value)
    control.get_by_label("Page, paragraph or section").fill(locator)
    control.get_by_role("button", name="Insert the citation").click()


def describe_report(work) -> None:
    """A report by an organisation, its title with a capitalised place name."""
    work.get_by_label("What kind of source is it?").select_option("report")
    work.get_by_label("A person or an organisation?").select_option("organisation")
    work.get_by_label("The organisation's full name").fill(ORG)
    work.get_by_label("Title", exact=False).first.fill(REPORT_TITLE)
    work.get_by_label("Published by").fill("Northbridge Borough Council")
    work.get_by_label("Date published").fill("2016-03")
    work.get_by_label("Web address").fill("https://example.org/northbridge/panel.pdf")
    work.get_by_label("Date you read it online").fill("2026-11-20")


def describe_article(work) -> None:
    """A journal article by two people."""
    work.get_by_label("What kind of source is it?").select_option("article-journal")
    work.get_by_label("A person or an organisation?").select_option("person")
    work.get_by_label("Family name").fill("Brown")
    work.get_by_label("Given names or initials").fill("Ann")
    work.get_by_role("button", name="Add a name").click()
    second = work.locator(".cbp-name-row").nth(1)
    second.get_by_label("Family name").fill("O'Neil")
    second.get_by_label("Given names or initials").fill("J.")
    work.get_by_label("Title", exact=False).first.fill(ARTICLE_TITLE)
    work.get_by_label("Journal").fill("Public Money & Management")
    work.get_by_label("Date published").fill("2020")
    work.get_by_label("Volume").fill("40")
    work.get_by_label("Pages").fill("12-30")


def propose_with_two_new_sources(page) -> None:
    """The whole form as a cohort member fills it: sources first described in step 2, then cited."""
    page.get_by_label("Case study", exact=True).check()
    page.get_by_role("textbox", name="Title (required)").fill(TITLE)
    page.get_by_label("Listening to customers and staff").check()
    page.get_by_label("Kind of evidence").select_option("practitioner-report")
    page.get_by_role("button", name="Next: its sources").click()
    row = page.locator(".cbp-source-row").first
    row.get_by_role("button", name="It is not in Casebook: describe it as a new source").click()
    describe_report(page.locator(".cbp-work").first)
    row.get_by_label("Where in it: page, paragraph or section").fill("p. 3")
    page.get_by_role("button", name="Add another source").click()
    second = page.locator(".cbp-source-row").nth(1)
    second.get_by_role("button", name="It is not in Casebook: describe it as a new source").click()
    describe_article(page.locator(".cbp-work").nth(1))
    second.get_by_label("Where in it: page, paragraph or section").fill("pp. 12-13")
    page.get_by_role("button", name="Back: the case study").click()
    summary = page.get_by_role("textbox", name="Summary (required)")
    summary.fill("Residents reviewed the council's services.")
    cite(page, "summary", "Northbridge", "p. 3")
    summary.press("End")
    summary.type(" A study found the same elsewhere.")
    cite(page, "summary", "Resident panels", "pp. 12-13")
    page.get_by_role("button", name="Next: its sources").click()
    page.get_by_role("button", name="Next: check and send").click()
    page.get_by_label("The source is public, or its owner has agreed").check()
    page.get_by_label("Everyone named in the case study is named in the source").check()


def install_and_build(project: Path, name: str, text: str) -> Path:
    """The file alone added to a copy of the project; `casebook validate` and `casebook build` run on it,
    once as sent and once published as a reviewer publishes it (drafts are not shown on the site)."""
    path = project / "case_studies" / name
    path.write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CASEBOOK_TODAY", "GITHUB_ACTIONS")}
    run = subprocess.run([str(CASEBOOK), "validate", str(path)], cwd=project, capture_output=True, text=True, env=env,
                         check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert text.count('status: "draft"') == 1
    path.write_text(text.replace('status: "draft"', 'status: "published"'), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CASEBOOK_TODAY", "GITHUB_ACTIONS")}
    env["SOURCE_DATE_EPOCH"] = "1795000000"
    for args in (["validate"], ["build"]):
        run = subprocess.run([str(CASEBOOK), *args], cwd=project, capture_output=True, text=True, env=env, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
    return project / "site"


def test_a_case_study_with_two_new_sources_becomes_one_file_that_validates_and_builds(page, fork_site,
                                                                                         tmp_path) -> None:
    open_page(page, fork_site["url"])
    propose_with_two_new_sources(page)
    link = page.wait_for_selector("#cbp-pr-link")
    href = link.get_attribute("href")
    assert len(href) <= 8192  # GitHub's new-file address stays well within what browsers carry
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{FORK}/new/main"  # the fork's own repository
    query = parse_qs(parts.query, keep_blank_values=True)
    state = current(page)
    record_id = state["record"]["id"]
    assert record_id == "northbridge-a-resident-panel-that-shapes-services"  # made from the title
    assert query["filename"] == [f"case_studies/{record_id}.yaml"]
    text = query["value"][0]
    assert text == state["yaml"] and "\n#" not in text  # no template comments, only the first line
    assert state["problems"] == []
    assert text == record_yaml(page.evaluate("CasebookPropose.data.file.order"), state["record"])
    with page.expect_download() as download:
        page.locator("#cbp-download").click()
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    site = install_and_build(copy_project(tmp_path / "project"), f"{record_id}.yaml", text)
    record_page = (site / f"cases/{record_id}/index.html").read_text(encoding="utf-8")
    assert f"{ORG} (2016) <em>{REPORT_TITLE}</em>" in record_page  # one organisation, capitals kept
    assert "Brown, A. and O’Neil, J. (2020) ‘Resident panels in English local government’" in record_page
    assert f"({ORG}, 2016, p. 3)" in record_page and "(Brown and O’Neil, 2020, pp. 12–13)" in record_page
    pack = tmp_path / "pack.pdf"
    run = subprocess.run([str(CASEBOOK), "pack", "--id", record_id, "-o", str(pack)], cwd=site.parent,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(pack).pages).split())
    assert f"{ORG} (2016) Customer panels in Northbridge: what residents told the council" in pdf
    assert "Brown, A. and O’Neil, J. (2020)" in pdf
    # Sending removes the draft from storage (the page keeps it until it is left).
    page.evaluate("document.addEventListener('click', e => e.target.id === 'cbp-pr-link' && e.preventDefault(), true)")
    page.locator("#cbp-pr-link").click()
    assert page.evaluate("localStorage.getItem('casebook-proposal:v2')") is None
    assert page.outside_requests == []


def long_record(**changes) -> dict:
    paragraph = ("The panel reviewed one service each month and wrote to the cabinet about what residents said, "
                 "which the council published with its response [@latham2015aspire, p. 7].")
    record = {"kind": "case-study", "title": "Sandwell: a customer panel that shapes services",
              "summary": paragraph, "themes": ["listening"], "evidence_type": "practitioner-report",
              "narrative": {k: "\n\n".join([paragraph] * 12) for k in ("context", "approach", "outcomes", "lessons")},
              "sources": [{"key": "latham2015aspire", "locator": "p. 7"}], "status": "draft",
              "last_reviewed": "2026-11-30"}
    record.update(changes)
    return record


def seed_draft(page, base: str, record: dict, at: int = 3) -> None:
    """A draft kept from an earlier visit (the page stores its drafts in this form)."""
    page.goto(base + "propose/")
    page.evaluate("d => localStorage.setItem('casebook-proposal:v2', JSON.stringify(d))",
                  {"version": 2, "record": record, "step": at})
    open_page(page, base)


def test_a_long_case_study_goes_by_the_upload_page_and_the_download_validates(page, fork_site, tmp_path) -> None:
    seed_draft(page, fork_site["url"], long_record())
    page.get_by_label("The source is public, or its owner has agreed").check()
    page.get_by_label("Everyone named in the case study is named in the source").check()
    upload = page.wait_for_selector("#cbp-upload-link")
    assert upload.get_attribute("href") == f"{FORK}/upload/main/case_studies"
    assert page.locator("#cbp-pr-link").count() == 0
    steps = page.locator("#cbp-send-steps li").all_inner_texts()
    assert len(steps) == 4 and "Drag" in steps[2]
    with page.expect_download() as download:
        page.locator("#cbp-upload-step a").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) > 8192
    record_id = current(page)["record"]["id"]
    install_and_build(copy_project(tmp_path / "project"), f"{record_id}.yaml", text)


def test_problems_show_beside_their_fields_in_plain_words_and_block_sending(page, fork_site) -> None:
    record = long_record(summary="Residents sit on a panel.\n\nIt reports [@latham2015aspire].", themes=["agilty"],
                         narrative={})
    seed_draft(page, fork_site["url"], record, at=1)
    summary_errors = page.locator('[data-path="summary"] > .cbp-error').inner_text()
    assert summary_errors and not re.search(r"uncited-statement|missing-locator|Markdown|pandoc|references\.bib",
                                            summary_errors)
    assert "Did you mean 'agility'?" in page.locator('[data-path="themes"] > .cbp-error').inner_text()
    assert page.get_attribute("#cbp-f-summary", "aria-invalid") == "true"
    assert "cbp-e-summary" in page.get_attribute("#cbp-f-summary", "aria-describedby").split()
    assert "to fix" in page.locator('.cbp-step-button[data-step="1"]').inner_text()
    step(page, 3)
    listed = page.locator("#cbp-problems li").all_inner_texts()
    assert len(listed) >= 3 and not any(re.search(r"\b[a-z]+-[a-z]+\b\]|error\[", item) for item in listed)
    assert page.locator("#cbp-pr-link").count() == 0 and page.locator("#cbp-send-blocked").is_visible()
    # The downloaded draft keeps the checks, codes and all, for Casebook's editors.
    with page.expect_download() as download:
        page.locator("#cbp-download").click()
    kept = Path(download.value.path()).read_text(encoding="utf-8")
    assert "# Checks this file does not pass yet" in kept and "error[uncited-statement]" in kept
    # A problem's link leads to its field, in its step.
    page.locator("#cbp-problems li a", has_text="Themes").first.click()
    assert page.locator("#cbp-step-1").is_visible()


def test_a_new_source_s_date_is_checked_as_it_is_typed(page, fork_site) -> None:
    open_page(page, fork_site["url"])
    step(page, 2)
    page.get_by_role("button", name="Describe a new source").click()
    work = page.locator(".cbp-work").first
    work.get_by_label("Date published").fill("March 2016")
    page.wait_for_function("document.querySelector('.cbp-work [data-work-field=issued] .cbp-error:not([hidden])')")
    work.get_by_label("Date published").fill("2016-03")
    page.wait_for_function("!document.querySelector('.cbp-work [data-work-field=issued] .cbp-error:not([hidden])')")


def test_without_a_repository_the_page_says_how_to_send_the_file(page, site_url) -> None:
    seed_draft(page, site_url, long_record(narrative={}))
    page.get_by_label("The source is public, or its owner has agreed").check()
    page.get_by_label("Everyone named in the case study is named in the source").check()
    page.wait_for_selector("#cbp-send-steps:not(:has(#cbp-send-confirm))", state="attached")
    said = page.locator("#cbp-no-github").inner_text()
    assert "send it to Casebook's editors" in said and "repo_url" not in said
    assert page.locator("#cbp-pr-link").count() == 0 and page.locator("#cbp-download").is_visible()


def test_a_field_added_to_the_schema_appears_in_the_form_and_the_file(page, fork_site) -> None:
    seed_draft(page, fork_site["url"], long_record(narrative={}), at=1)
    assert page.locator('label[for="cbp-f-funding"]').text_content() == "Funding"
    page.fill("#cbp-f-funding", "Sandwell MBC: the council's own budget")
    assert 'funding: "Sandwell MBC: the council\'s own budget"\n' in current(page)["yaml"]


def test_draft_is_kept_until_cleared(page, site_url) -> None:
    open_page(page, site_url)
    page.get_by_role("textbox", name="Title (required)").fill("A draft that survives a reload")
    page.wait_for_function("(localStorage.getItem('casebook-proposal:v2') || '').includes('survives')")
    open_page(page, site_url)
    assert page.input_value("#cbp-f-title") == "A draft that survives a reload"
    step(page, 3)
    assert "draft from an earlier visit" in page.locator("#cbp-draft-status").text_content()
    page.get_by_role("button", name="Clear the draft").click()
    assert page.input_value("#cbp-f-title") == ""
    assert page.evaluate("localStorage.getItem('casebook-proposal:v2')") is None


def test_hostile_text_stays_text_in_the_preview_and_the_file(page, site_url) -> None:
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    seed_draft(page, site_url, long_record(title=hostile, summary=hostile + " [@latham2015aspire, p. 7]", narrative={}))
    preview = page.locator("#cbp-preview")
    assert preview.locator(".cbp-preview-title").text_content() == hostile
    assert page.locator("#cbp-root img, #cbp-root script").count() == 0
    assert page.evaluate("window.pwned") is None
    assert current(page)["problems"]  # the title's pattern refuses < and >, as casebook validate does


def test_every_control_has_one_name_and_ids_are_unique_with_two_new_sources_open(page, site_url) -> None:
    open_page(page, site_url)
    step(page, 2)
    page.get_by_role("button", name="Describe a new source").click()
    page.get_by_role("button", name="Describe a new source").click()
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    kinds = page.get_by_label("What kind of source is it?")
    assert kinds.count() == 2


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_passes_in_every_step_with_the_controls_open(page, site_url, axe, width) -> None:
    from tests.browser.conftest import describe

    page.set_viewport_size({"width": width, "height": 900})
    seed_draft(page, site_url, long_record(themes=["agilty"], narrative={}), at=1)
    page.get_by_role("button", name="Add an organisation").click()
    page.get_by_role("button", name="Add a quotation").click()
    page.locator('[data-cite-for="summary"]').get_by_role("button", name="Cite a source").click()
    for n in (1, 2, 3):
        step(page, n)
        if n == 2:
            page.get_by_role("button", name="Describe a new source").click()
            page.locator(".cbp-source-row input[type=search]").first.fill("latham")
        page.wait_for_timeout(500)  # Material's "Back to top" button fades in and out as the page scrolls
        violations = axe(page)
        assert violations == [], describe(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.outside_requests == []


def test_keyboard_alone_cites_a_source(page, site_url) -> None:
    seed_draft(page, site_url, long_record(summary="", narrative={}), at=1)
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
    assert page.input_value("#cbp-f-summary") == "The panel met monthly [@latham2015aspire, para. 4]."
    assert page.evaluate("document.activeElement.id") == "cbp-f-summary"


def test_readers_can_ask_for_a_correction_without_git(page, fork_site) -> None:
    """Every record page offers the fork's new-issue page with the record named, and About says how to ask."""
    page.goto(fork_site["url"] + "cases/warwickshire-one-front-door/")
    link = page.get_by_role("link", name="Suggest a correction")
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert link.get_attribute("href").startswith(f"{FORK}/issues/new?")
    assert query["title"] == ["Correction: Warwickshire's One Front Door: seven organisations, one purpose"]
    assert "What is wrong" in query["body"][0]
    page.get_by_role("link", name="How to ask for a correction or a take-down").click()
    page.wait_for_url("**/about/#corrections")
    assert page.locator("#corrections-how a", has_text="open an issue").get_attribute("href") == f"{FORK}/issues/new"
