"""Record pages for reference managers: citation_* tags in <head>, the record's sources as RIS and BibTeX.

The tags are read back from the built HTML as Zotero's "Embedded Metadata" translator reads
them (meta name/content pairs); the downloads are imported with bibtexparser and rispy,
as a reference manager would, and must hold exactly the works the page lists under
References, with their authors and titles.
"""

from __future__ import annotations

import dataclasses
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
import rispy
from casebook import urls
from casebook.bib.plain import plain_fields
from casebook.builders import build_site
from casebook.builders.source_downloads import ris_entry
from casebook.model import SiteAddress
from casebook.project import Project
from casebook.validate import validate_project

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/casebook/"
pytestmark = pytest.mark.slow


class Head(HTMLParser):
    """The <meta name=...> tags and the links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict] = []
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name", "").startswith("citation_"):
            assert self.in_head, "citation_* tags belong in <head>"
            self.meta.append((a["name"], a.get("content", "")))
        if tag == "a":
            self.links.append(a)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = validate_project(Project(REPO))
    assert result.content is not None
    content = dataclasses.replace(result.content, address=SiteAddress(url=SITE_URL))
    out = tmp_path_factory.mktemp("cite") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    build_site(content, out, packs=[])
    return content, out


def page_of(site: Path, record_id: str) -> Head:
    head = Head()
    head.feed((site / urls.record_page(record_id) / "index.html").read_text(encoding="utf-8"))
    return head


def reference_keys(site: Path, record_id: str) -> list[str]:
    html = (site / urls.record_page(record_id) / "index.html").read_text(encoding="utf-8")
    refs = html.split('class="cb-refs"', 1)[1].split("</ul>", 1)[0]
    return [part.split('"', 1)[0] for part in refs.split('<li id="ref-')[1:]]


def same_words(a: str, b: str) -> bool:
    def squash(text: str) -> str:
        return " ".join(re.sub("[\u2018\u2019\u201c\u201d'\"]", "", text).split()).casefold()

    return squash(a) == squash(b)


def test_every_record_page_carries_citation_tags_a_connector_reads(built) -> None:
    content, site = built
    for record in content.published:
        meta = page_of(site, record.id).meta
        tags = dict(meta)
        assert tags["citation_title"] == record.title
        assert tags["citation_author"] == "Casebook"
        assert tags["citation_publication_date"] == record.last_reviewed.replace("-", "/")
        assert tags["citation_public_url"] == SITE_URL + urls.record_page(record.id)
        assert tags["citation_language"] == "en"
        themes = [content.taxonomy.theme(t).title for t in record.themes]
        assert tags["citation_keywords"].split("; ") == themes
        assert tags["citation_abstract"]
        assert len(meta) == len(tags), "each tag once"


def test_each_record_offers_its_own_sources_as_ris_and_bibtex(built) -> None:
    content, site = built
    decoded = plain_fields(content.bib_text)
    checked = 0
    for record in content.published:
        page = page_of(site, record.id)
        keys = reference_keys(site, record.id)
        assert keys, record.id
        downloads = {a["download"].rsplit(".", 1)[1]: a["href"] for a in page.links if a.get("download")
                     and a["download"].startswith(record.id + "-sources.")}
        assert set(downloads) == {"ris", "bib"}, record.id
        folder = site / urls.record_page(record.id)
        ris_path, bib_path = (folder / downloads["ris"]).resolve(), (folder / downloads["bib"]).resolve()
        assert ris_path.is_relative_to(site.resolve()) and bib_path.is_relative_to(site.resolve())

        entries = rispy.loads(ris_path.read_text(encoding="utf-8"))
        assert [e["id"] for e in entries] == keys
        library = bibtexparser.parse_string(bib_path.read_text(encoding="utf-8"))
        assert library.failed_blocks == []
        assert [e.key for e in library.entries] == keys
        for entry, bib in zip(entries, library.entries, strict=True):
            fields = decoded[entry["id"]]
            # As citeproc reads it (the page's reference list too): a subtitle starts with a capital, and
            # quotation marks inside a title are the other kind.
            assert same_words(entry["title"], fields["title"])
            assert same_words(bib.fields_dict["title"].value.replace("{", "").replace("}", ""), fields["title"])
            if "author" in fields:
                assert len(entry["authors"]) == fields["author"].count(" and ") + 1
                assert "author" in bib.fields_dict
            if fields.get("year") or fields.get("date"):
                assert entry["year"] == (fields.get("year") or fields["date"])[:4]
            assert "annote" not in bib.fields_dict and "notes" not in entry  # Casebook's notes stay on the site
            checked += 1
    assert checked >= 20


def test_ris_names_dates_and_pages_as_the_specification_writes_them() -> None:
    item = {"id": "k", "type": "article-journal", "title": "A title\nover two lines",
            "author": [{"family": "Löffler", "given": "Elke"}, {"literal": "CIPD"},
                       {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}],
            "issued": {"date-parts": [[2012, 3, 5]]}, "page": "1119–1138", "container-title": "Voluntas",
            "volume": "23", "DOI": "10.1/x"}
    [entry] = rispy.loads(ris_entry(item))
    assert entry["type_of_reference"] == "JOUR"
    assert entry["authors"] == ["Löffler, Elke", "CIPD", "van Beethoven, Ludwig"]
    assert entry["title"] == "A title over two lines"
    assert (entry["date"], entry["year"]) == ("2012/03/05/", "2012")
    assert (entry["start_page"], entry["end_page"]) == ("1119", "1138")
    assert entry["secondary_title"] == "Voluntas" and entry["doi"] == "10.1/x"
    assert ris_entry({"id": "x", "type": "unknown-type"}).startswith("TY  - GEN\r\n")
