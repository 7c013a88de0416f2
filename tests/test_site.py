"""The site stage, built for real (pandoc, nh3, mkdocs): pages, citations, open data, safety, determinism."""

from __future__ import annotations

import csv
import dataclasses
import gzip
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import hypothesis
import pytest
from casebook import cli, urls
from casebook.builders import build_site
from casebook.edition.sanitize import clean, inside_site
from casebook.model import Figure, Organisation, Quote
from casebook.project import Project
from casebook.validate import validate_project
from conftest import copy_project

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1795000000"
OFD = "warwickshire-one-front-door"
pytestmark = pytest.mark.slow


@contextmanager
def source_date_epoch(value: str = EPOCH) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def real_content():
    project = Project(REPO)
    result = validate_project(project)
    assert result.ok and result.content is not None, [str(p) for p in result.problems.sorted()]
    return project, result.content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, content = real_content()
    out = tmp_path_factory.mktemp("real") / "site"
    with source_date_epoch():
        build_site(content, out, packs=[])
    return out


def read(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_every_page_type_exists(site: Path) -> None:
    _, content = real_content()
    record = content.record(OFD)
    pages = ["", urls.CASE_INDEX, urls.BIBLIOGRAPHY, "themes/", "organisations/", "about/", "contributing/", "cli/",
             urls.record_page(OFD), urls.theme_page(record.themes[0]),
             urls.organisation_page(record.organisations[0].name)]
    pages += [urls.record_page(r.id) for r in content.published]
    pages += [urls.theme_page(t.id) for t in content.taxonomy.themes]
    for address in pages:
        assert (site / address / "index.html").is_file(), address
    for name in ("data/cases.json", "data/cases.csv", "data/record.schema.json", "data/references.bib",
                 f"data/records/{OFD}.yaml", "feed.xml", "pagefind/pagefind-entry.json", "sitemap.xml"):
        assert (site / name).is_file(), name
    assert not (site / "packs").exists()  # packs=[]: no pack files and no links to them
    assert "Download the briefing" not in read(site, "")


def test_record_page_has_harvard_citations_references_and_every_part(site: Path) -> None:
    html = read(site, urls.record_page(OFD))
    assert "<title>Warwickshire&#x27;s One Front Door" in html or "<title>Warwickshire's One Front Door" in html
    assert "(<a href=\"#ref-latham2015aspire\" role=\"doc-biblioref\"" in html
    assert "Latham <em>et al.</em>, 2015, p. 7</a>)" in html
    refs = html.split('id="references"', 1)[1]
    assert '<li id="ref-latham2015aspire">Latham, G. <em>et al.</em> (2015)' in refs
    for part in ("Summary", "At a glance", "Organisations", "Figures", "Sources", "References",
                 "How to cite this page", "Casebook&rsquo;s editorial notes", "Source file and corrections"):
        assert f">{part}</h2>" in html or f">{part.replace('&rsquo;', chr(39))}</h2>" in html, part
    assert "Casebook's own notes, not the source's words" in html.replace("&#x27;", "'").replace("&#39;", "'")
    assert "Evidence type: Practitioner report" in html
    assert 'datetime="2026-11-23"' in html
    assert f'href="../../data/records/{OFD}.yaml"' in html
    assert 'href="../../themes/partnership-working/"' in html
    assert 'href="../../organisations/warwickshire-county-council/"' in html
    assert "Casebook (2026) <em>Warwickshire" in html


def test_record_pages_do_not_carry_the_other_records(site: Path) -> None:
    """Page size must not grow with the number of records: no record list in the navigation,
    only the (at most five) related records."""
    from casebook.edition.related import LIMIT

    _, content = real_content()
    html = read(site, urls.record_page(OFD))
    start = html.index('<div class="cb-related" data-pagefind-ignore>')
    related, html = html[start:html.index("</div>", start)], html[:start] + html[html.index("</div>", start):]
    others = [r.id for r in content.published if r.id != OFD]
    assert others and not [i for i in others if f"/{i}/" in html]
    assert 0 < len([i for i in others if f"/{i}/" in related]) <= LIMIT


def test_cipd_citation_reads_the_same_as_in_the_packs(site: Path) -> None:
    html = read(site, urls.record_page("cipd-ppma-values-based-leadership"))
    assert "CIPD and PPMA, 2012" in html


def test_quotes_are_block_quotes_with_attribution(site: Path) -> None:
    _, content = real_content()
    with_quotes = next(r for r in content.published if r.quotes)
    html = read(site, urls.record_page(with_quotes.id))
    assert html.count('<figure class="cb-quote">') == len(with_quotes.quotes)
    assert "<blockquote><p>" in html and "<figcaption>" in html


def test_bibliography_lists_every_work_with_citing_records(site: Path) -> None:
    _, content = real_content()
    html = read(site, urls.BIBLIOGRAPHY)
    for key in content.bibliography:
        assert f'<li id="ref-{key}">' in html, key
    entry = html.split('<li id="ref-latham2015aspire">', 1)[1].split("</li>", 1)[0]
    assert f'href="../cases/{OFD}/"' in entry


def test_theme_page_has_definition_citation_and_records(site: Path) -> None:
    html = read(site, urls.theme_page("partnership-working"))
    assert ">Definition</h2>" in html and 'class="citation"' in html
    assert f'href="../../cases/{OFD}/"' in html
    assert 'id="ref-' in html


def test_case_index_carries_facets_for_every_record(site: Path) -> None:
    _, content = real_content()
    html = read(site, urls.CASE_INDEX)
    assert html.count('class="cb-card"') == len(content.published)
    card = html.split(f'href="../cases/{OFD}/"', 1)[0].rsplit("<li", 1)[1]
    assert 'data-theme="alignment-shared-purpose|empowerment-accountability|partnership-working"' in card
    assert 'data-org_type="county-council|partnership"' in card
    assert 'data-region="West Midlands"' in card and 'data-nation="England"' in card
    assert 'data-year="2015"' in card
    for name in ("theme", "organisation", "org_type", "region", "nation", "kind", "evidence_type", "year"):
        assert f'name="{name}"' in html


def test_cases_json_and_csv(site: Path) -> None:
    _, content = real_content()
    data = json.loads((site / "data/cases.json").read_text(encoding="utf-8"))
    ids = [r["id"] for r in data["records"]]
    assert ids == [r.id for r in content.published]
    ofd = data["records"][ids.index(OFD)]
    assert ofd["title"] == content.record(OFD).title
    assert ofd["url"] is None  # no site address here: no relative address that breaks outside the site
    assert ofd["organisations"][0]["name"] == "Warwickshire County Council"
    rows = list(csv.DictReader(io.StringIO((site / "data/cases.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == OFD)
    assert row["themes"] == "alignment-shared-purpose; empowerment-accountability; partnership-working"
    assert row["sources"] == "latham2015aspire, p. 7"
    assert (site / "data/references.bib").read_bytes() == (REPO / "references.bib").read_bytes()


def test_json_ld_parses(site: Path) -> None:
    html = read(site, urls.record_page(OFD))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    data = json.loads(block.group(1))
    assert data["@type"] == "Article" and data["headline"].startswith("Warwickshire's One Front Door")
    assert data["dateModified"] == real_content()[1].record(OFD).last_reviewed
    assert {"Alignment and shared purpose", "Partnership working"} <= set(data["keywords"])
    assert data["about"][0]["name"] == "Warwickshire County Council"


def test_atom_feed_parses(site: Path) -> None:
    _, content = real_content()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(site / "feed.xml").getroot()
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(content.published)
    titles = [e.findtext("a:title", namespaces=ns) for e in entries]
    assert content.record(OFD).title in titles
    updated = [e.findtext("a:updated", namespaces=ns) for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext("a:updated", namespaces=ns) == updated[0]
    assert '<link rel="alternate" type="application/atom+xml"' in read(site, "")  # autodiscovery


def test_about_page_explains_labels_and_paragraph_numbering(site: Path) -> None:
    html = read(site, "about/")
    assert "Practitioner report" in html and "Literature review" in html
    assert "Paragraph numbers count the body paragraphs after the headline (1 to 7)" in html
    contributing = read(site, "contributing/")
    schema = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
    for field in schema["properties"]:
        assert f"<code>{field}</code>" in contributing, field


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    project, content = real_content()
    with source_date_epoch():
        build_site(content, tmp_path / "again", packs=[])
    first, second = tree_digest(site), tree_digest(tmp_path / "again")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# --- a failed build leaves site/ as it was -------------------------------------------------------


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    with source_date_epoch():
        assert cli.main(["--root", str(root), "build", "--no-packs"]) == 0
        before = tree_digest(root / "site")
        assert f"cases/{OFD}/index.html" in before
        # Valid records, but a hand-written page with a broken link: mkdocs --strict refuses it.
        (root / "docs" / "about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
        assert cli.main(["--root", str(root), "build", "--no-packs"]) == 1
    assert tree_digest(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


# --- hostile content ------------------------------------------------------------------------------

HOSTILE_TITLE = 'Hostile <img src=x onerror=alert(1)> title </title><script>alert(2)</script>'
HOSTILE_TEXT = ("Text <script>alert(3)</script> [x](javascript:alert(4)) [y](data:text/html,hi) "
                "[z](//evil.example/) [w](../../../../../etc/passwd) [v](JaVaScRiPt&#58;alert(5)) "
                "[u](java\tscript:alert(6)) {onclick=alert(7)} <img src=x onerror=alert(8)> "
                "`<b onmouseover=alert(9)>` [@latham2015aspire, p. 7]")


def hostile_content():
    project, content = real_content()
    base = content.record(OFD)
    hostile = dataclasses.replace(
        base, id="hostile-record", title=HOSTILE_TITLE, summary=HOSTILE_TEXT,
        narrative={"context": HOSTILE_TEXT, "approach": "<div onmouseover=alert(10)>x</div>",
                   "lessons": "A claim.[^1]\n\n[^1]: The footnote's own words [@latham2015aspire, p. 7]."},
        organisations=(Organisation(name="Evil <svg onload=alert(11)> Org", type="county-council",
                                    nation="England"),),
        quotes=(Quote(text="<script>alert(12)</script>", speaker="<b onmouseover=alert(13)>Sp</b>",
                      source=base.sources[0], role="<i onclick=alert(14)>r</i>"),),
        figures=(Figure(label="<img src=x onerror=alert(15)>", value="<script>alert(16)</script>",
                        source=base.sources[0], note="[n](javascript:alert(17))"),),
        editorial_notes=(HOSTILE_TEXT,), period="<script>alert(18)</script>")
    content = dataclasses.replace(content, records=(*content.records, hostile))
    return project, content


class Audit(HTMLParser):
    """Everything executable in a page: script bodies, event handlers, URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        self.urls += [v or "" for n, v in attrs if n in ("href", "src", "action", "formaction", "xlink:href")]
        if tag == "script":
            self._script = attrs_d
            self.scripts.append((attrs_d, ""))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        if self._in_title:
            self.title += data


def audit(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, content = hostile_content()
    out = tmp_path_factory.mktemp("hostile") / "site"
    build_site(content, out, packs=[])
    return out


def test_nothing_executable_from_hostile_record_reaches_any_page(hostile_site: Path) -> None:
    page = hostile_site / "cases/hostile-record/index.html"
    assert page.is_file()
    for html_file in sorted(hostile_site.rglob("*.html")):
        address = html_file.parent.relative_to(hostile_site).as_posix()
        found = audit(html_file.read_text(encoding="utf-8"))
        assert found.handlers == [], (html_file, found.handlers)
        for url in found.urls:
            squashed = re.sub(r"[\x00-\x20]", "", url).lower()
            assert not squashed.startswith(("javascript:", "data:", "vbscript:", "//")), (html_file, url)
            if not re.match(r"^[a-z][a-z0-9+.-]*:|^#", squashed) and html_file.name != "404.html":
                assert inside_site(address + "/", url.split("#")[0].split("?")[0]), (html_file, url)
        for attrs, body in found.scripts:
            if attrs.get("type") in ("application/ld+json", "application/json"):  # data, not code
                assert "<" not in body
                json.loads(body)
            elif attrs.get("src") is None:
                assert "alert(" not in body, (html_file, body[:200])
    text = page.read_text(encoding="utf-8")
    assert "evil.example" not in text and "etc/passwd" not in text.split("<script type=\"application/ld+json\">")[0]


def test_hostile_title_is_text_in_the_title_element_and_navigation(hostile_site: Path) -> None:
    html = (hostile_site / "cases/hostile-record/index.html").read_text(encoding="utf-8")
    found = audit(html)
    assert found.title.startswith(HOSTILE_TITLE)  # shown as the text it is...
    assert "<img" not in html.split("</head>")[0].split("<title>")[1].split("</title>")[0]  # ...never as markup
    for html_file in sorted(hostile_site.rglob("*.html")):
        text = html_file.read_text(encoding="utf-8")
        for payload in ("<img src=x", "<script>alert", "<svg onload", "<b onmouseover", "<i onclick"):
            assert payload not in text, (html_file, payload)


def search_documents(site: Path) -> dict[str, dict]:
    """Pagefind's per-page records (gzip, 'pagefind_dcd' then JSON), by page address."""
    docs = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), fragment
        doc = json.loads(raw[len(b"pagefind_dcd"):])
        docs[doc["url"]] = doc
    return docs


def test_search_indexes_every_page_but_the_case_index_and_only_page_content(site: Path) -> None:
    docs = search_documents(site)
    pages = {"/" + p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
             for p in site.rglob("index.html")}
    pages = {p.replace("//", "/") for p in pages}
    assert set(docs) == pages - {"/" + urls.CASE_INDEX}, set(docs) ^ pages
    record = docs[f"/{urls.record_page(OFD)}"]
    assert record["meta"]["title"].startswith("Warwickshire's One Front Door")
    assert "delegated authority" in record["content"]
    # The navigation, header and footer are not page content: no record's entry carries them.
    for doc in docs.values():
        for chrome in ("Skip to content", "Made with", "About and method Contributing"):
            assert chrome not in doc["content"], (doc["url"], chrome)
    assert not (site / "search").exists()  # Material's whole-site index is not built at all
    # Only the bundle the search box uses is published, not Pagefind's ready-made interfaces.
    assert not list((site / "pagefind").glob("pagefind-ui*"))


def test_search_index_holds_record_text_as_text(hostile_site: Path) -> None:
    doc = search_documents(hostile_site)["/cases/hostile-record/"]
    # The title is indexed as the text the page shows; the search box must insert it as text
    # (tests/browser checks that it does).
    assert doc["meta"]["title"] == HOSTILE_TITLE


def test_footnotes_in_record_text_stay_on_the_page_and_link_both_ways(hostile_site: Path) -> None:
    html = (hostile_site / "cases/hostile-record/index.html").read_text(encoding="utf-8")
    lessons = html.split('id="lessons"', 1)[1].split("<h2", 1)[0]
    assert "footnote&rsquo;s own words" in lessons or "footnote’s own words" in lessons
    note = re.search(r'<a href="#([a-z0-9-]+-fn\d+)" class="footnote-ref" id="([a-z0-9-]+-fnref\d+)"'
                     r'[^>]*><sup>(\d+)</sup>', lessons)
    assert note and f'<li id="{note.group(1)}">' in lessons and f'href="#{note.group(2)}"' in lessons
    assert note.group(3) == "1"  # numbered within the record's own text, not across a pandoc batch


def test_sanitiser_unit_cases() -> None:
    assert 'href' not in clean('<a href="javascript:alert(1)">x</a>', "cases/a/")
    assert 'href' not in clean('<a href="//evil.example/">x</a>', "cases/a/")
    assert 'href' not in clean('<a href="../../../x">x</a>', "cases/a/")
    assert 'href="../../themes/b/"' in clean('<a href="../../themes/b/">x</a>', "cases/a/")
    assert 'href="https://example.org/"' in clean('<a href="https://example.org/">x</a>', "cases/a/")
    assert clean("<p onclick=\"x\">a<script>b</script></p>", "") == "<p>a</p>"
    assert "id=" not in clean('<a id="__search" href="#x">a</a><li id="content">b</li>', "")  # only footnote ids


# --- packs, the self-assessment hook, serve, missing citations --------------------------------------


def test_pack_files_are_copied_and_linked(tmp_path: Path) -> None:
    from casebook.model import PackInfo

    project, content = real_content()
    theme = content.record(OFD).themes[-1]
    (tmp_path / "all.pdf").write_bytes(b"%PDF-1.7 all")
    (tmp_path / "theme.pdf").write_bytes(b"%PDF-1.7 theme")
    (tmp_path / "all.docx").write_bytes(b"PK all")
    packs = [PackInfo("all", "Complete briefing", str(tmp_path / "all.pdf"), 24, docx_path=str(tmp_path / "all.docx")),
             PackInfo(theme, "Theme briefing", str(tmp_path / "theme.pdf"), 1, theme=theme)]
    out = tmp_path / "site"
    build_site(content, out, packs=packs)
    assert (out / urls.pack_file("all")).read_bytes() == b"%PDF-1.7 all"
    assert (out / urls.pack_file(theme)).read_bytes() == b"%PDF-1.7 theme"
    assert 'href="packs/all.pdf" download>Download the briefing (PDF, 24 pages)</a>' in read(out, "")
    # The Word file of the same pack is offered beside its PDF, where one was made.
    assert (out / urls.pack_file("all", "docx")).read_bytes() == b"PK all"
    assert 'or <a href="packs/all.docx" download>as a Word file (DOCX)</a>' in read(out, "")
    theme_html = read(out, urls.theme_page(theme))
    assert f'href="../../packs/{theme}.pdf" download>Download the briefing (PDF, 1 page)</a>' in theme_html
    other = next(t.id for t in content.taxonomy.themes if t.id != theme)
    assert "Download the briefing" not in read(out, urls.theme_page(other))


def test_no_page_holds_its_first_paint_back_for_a_script_or_a_stylesheet(site: Path) -> None:
    """Issue 21 (Lighthouse's mobile score): every script a page names is deferred or async, every
    stylesheet is linked in the head (one in the body holds back the paint of all after it), and
    the Propose page carries no page data in its HTML: propose-load.js adds the data and the
    scripts after the first paint, data first and the page's wiring last."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        _, _, body = html.partition("</head>")
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
            assert re.search(r"\s(defer|async)[\s>]", tag), (page.relative_to(site), tag)
        assert "<link rel=\"stylesheet\"" not in body, page.relative_to(site)
    propose = read(site, "propose/")
    assert '<link rel="stylesheet" href="propose.css">' in propose.partition("</head>")[0]
    loaders = re.findall(r'<script src="propose-load.js" data-scripts="([^"]+)" defer>', propose)
    assert len(loaders) == 1 and "cbp-data" not in propose
    names = loaders[0].split()
    assert names[0] == "propose-data.js" and names[-1] == "propose.js"
    assert all((site / "propose" / name).is_file() for name in names)
    data = (site / "propose/propose-data.js").read_text(encoding="utf-8")
    assert json.loads(data.partition(".data = ")[2].removesuffix(";\n"))["format"] == "casebook-proposal"


def test_self_assessment_is_linked_when_it_exists(site: Path) -> None:
    if not (REPO / "assessment.yaml").is_file():
        assert not (site / urls.SELF_ASSESSMENT).exists()
        return
    assert (site / urls.SELF_ASSESSMENT / "index.html").is_file()
    assert f'href="{urls.SELF_ASSESSMENT}"' in read(site, "")
    assert f'href="../../{urls.SELF_ASSESSMENT}"' in read(site, urls.theme_page("partnership-working"))


def test_missing_citation_key_is_a_build_error(tmp_path: Path) -> None:
    from casebook.problems import CasebookError

    project, content = real_content()
    record = dataclasses.replace(content.record(OFD), id="bad-citation",
                                 summary="A claim with no such source [@no_such_key_2099, p. 1].")
    content = dataclasses.replace(content, records=(*content.records, record))
    with pytest.raises(CasebookError, match="no_such_key_2099"):
        build_site(content, tmp_path / "site", packs=[])
    assert not (tmp_path / "site").exists()


def test_serve_builds_a_preview(tmp_path: Path) -> None:
    from casebook.serve import serve, watched_files

    root = copy_project(tmp_path / "project")
    serve(Project(root), once=True)
    assert (root / "build/preview" / urls.record_page(OFD) / "index.html").is_file()
    assert root / "case_studies" / f"{OFD}.yaml" in watched_files(Project(root))


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(title=hypothesis.strategies.text(), description=hypothesis.strategies.text())
def test_front_matter_reads_back_as_the_escaped_text(title: str, description: str) -> None:
    """Front matter is JSON for speed; mkdocs reads it as YAML, so any title must survive that."""
    import html

    import yaml
    from casebook.site.pages import front_matter

    data = yaml.safe_load(str(front_matter(title, description, hide=["toc"])))
    assert data["title"] == html.escape(title, quote=True)
    assert data.get("description", "") == html.escape(description[:300], quote=True)
    assert data["hide"] == ["toc"]


