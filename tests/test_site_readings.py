"""Organisation facts that are Casebook's reading carry a visible marker on every page that shows them.

The sources give an organisation's name; its type, region and nation are Casebook's reading
unless the record's `source_gives` says the source states them (issue 24). This builds the real
site and reads every page: any table cell or filter label that shows such a value must say
"Casebook's reading" itself, in a header over its column, in the table's caption, or in the
legend of the filter group it sits in. Values the source gives are not marked where they are
shown on their own. Packs say it in each record's facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from casebook import cli, urls
from casebook.builders import build_site
from casebook.model import READING
from casebook.selection import Selection, describe, labels
from conftest import REPO
from pypdf import PdfReader
from test_site import real_content, source_date_epoch

pytestmark = pytest.mark.slow
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    parent: Node | None = None
    children: list = field(default_factory=list)  # Nodes and strings

    def text(self) -> str:
        return " ".join(" ".join(c.text() if isinstance(c, Node) else c for c in self.children).split())

    def find(self, tag: str) -> list[Node]:
        found = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    found.append(c)
                found += c.find(tag)
        return found

    def up(self, tag: str) -> Node | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.at = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag):
        node = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data):
        self.at.children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    return tree.root


@dataclass(frozen=True)
class Values:
    read: set[str]  # shown values that are Casebook's reading for some organisation
    given: set[str]  # shown values that only ever come from a source


def fact_values() -> Values:
    _, content = real_content()
    types = labels(content.schema, "org_type")
    read, given = set(), set()
    for record in content.published:
        for org in record.organisations:
            for fact in ("type", "region", "nation"):
                value = getattr(org, fact)
                if value:
                    shown = types[value] if fact == "type" else value
                    (read if org.casebooks_reading(fact) else given).add(shown)
    return Values(read, given - read)


def _pieces(text: str) -> list[str]:
    """A cell's values: 'England (West Midlands)' -> ['England', 'West Midlands']; counts and the marker dropped."""
    text = text.replace(f"({READING})", " ")
    text = re.sub(r"\(\d+\)", " ", text)
    return [p.strip() for p in re.split(r"[,()]", text) if p.strip()]


def _column_headers(cell: Node) -> list[Node]:
    """Header cells over a cell's column: every thead cell covering its position, above its row."""
    row, table = cell.up("tr"), cell.up("table")
    if row is None or table is None:
        return []
    cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
    position = sum(int(c.attrs.get("colspan", 1)) for c in cells[: cells.index(cell)])
    headers = []
    for head_row in (r for head in table.find("thead") for r in head.find("tr")):
        if head_row is row:
            break
        at = 0
        for c in (c for c in head_row.children if isinstance(c, Node) and c.tag in ("td", "th")):
            span = int(c.attrs.get("colspan", 1))
            if at <= position < at + span:
                headers.append(c)
            at += span
    return headers


def unmarked(page: Node, values: Values) -> tuple[list[str], int, list[str]]:
    """(reading values shown without a marker, how many cells and labels showed a fact, source-given values marked)."""
    missing, seen, over = [], 0, []
    for cell in page.find("td") + page.find("th") + page.find("label"):
        pieces = _pieces(cell.text())
        if not pieces or not all(p in values.read or p in values.given for p in pieces):
            continue
        seen += 1
        marked = READING in cell.text()
        if cell.tag == "label":
            box = cell.up("fieldset")
            legends = box.find("legend") if box else []
            ok = marked or any(READING in legend.text() for legend in legends)
        else:
            table = cell.up("table")
            captions = table.find("caption") if table else []
            ok = marked or any(READING in h.text() for h in _column_headers(cell) + captions)
        if any(p in values.read for p in pieces) and not ok:
            missing.append(cell.text())
        if cell.tag == "td" and marked and all(p in values.given for p in pieces):
            over.append(cell.text())
    return missing, seen, over


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, content = real_content()
    out = tmp_path_factory.mktemp("readings") / "site"
    with source_date_epoch():
        build_site(content, out, packs=[])
    return out


def test_every_page_marks_organisation_facts_that_are_casebooks_reading(site: Path) -> None:
    values = fact_values()
    assert values.read and values.given, "the content should hold facts of both kinds"
    problems, shown_on = [], set()
    for page in sorted(site.rglob("*.html")):
        address = page.relative_to(site).as_posix()
        missing, seen, over = unmarked(parse(page.read_text(encoding="utf-8")), values)
        problems += [f"{address}: {text!r} is not marked as {READING}" for text in missing]
        problems += [f"{address}: {text!r} is the source's, but marked as {READING}" for text in over]
        if seen:
            shown_on.add(address.removesuffix("index.html"))
    assert problems == []
    _, content = real_content()
    record = content.record("dudley-shared-purpose-golden-thread")
    expected = {"organisations/", urls.CASE_INDEX, urls.EVIDENCE_MAP, urls.record_page(record.id),
                urls.organisation_page(record.organisations[0].name)}
    assert expected <= shown_on, f"facts were not found where they are shown: {expected - shown_on}"


def test_the_marker_check_finds_an_unmarked_fact() -> None:
    values = Values({"West Midlands", "Metropolitan borough council"}, {"County council"})
    page = parse("<table><thead><tr><th>Type</th><th>Region</th></tr></thead><tbody>"
                 "<tr><td>Metropolitan borough council</td><td>West Midlands (Casebook's reading)</td></tr>"
                 "<tr><td>County council (Casebook's reading)</td><td>—</td></tr></tbody></table>"
                 "<fieldset><legend>Region</legend><label>West Midlands (3)</label></fieldset>")
    missing, seen, over = unmarked(page, values)
    assert missing == ["Metropolitan borough council", "West Midlands (3)"]
    assert over == ["County council (Casebook's reading)"] and seen == 4
    headed = parse("<table><caption>By region (Casebook's reading)</caption><tbody><tr><td>West Midlands</td>"
                   "</tr></tbody></table>")
    assert unmarked(headed, values)[0] == []


def test_a_source_given_type_is_shown_plain_and_a_read_one_marked(site: Path) -> None:
    page = parse((site / urls.organisation_page("Warwickshire County Council") / "index.html").read_text("utf-8"))
    cells = [td.text() for td in page.find("td")]
    assert "County council" in cells  # the name the report gives states it
    assert f"West Midlands ({READING})" in cells and f"England ({READING})" in cells


def test_packs_mark_organisation_types_that_are_casebooks_reading(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    assert cli.main(["--root", str(REPO), "pack", "--id", "dudley-shared-purpose-golden-thread",
                     "--id", "warwickshire-one-front-door", "-o", str(out)]) == 0
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    assert f"Dudley MBC (metropolitan borough council, {READING})" in text
    assert "Warwickshire County Council (county council);" in text
    assert f"The six district councils in Warwickshire (partnership, {READING})" in text
    assert "Kind (Casebook's classification)" in text and "Evidence (Casebook's classification)" in text


def test_a_pack_cover_marks_chosen_facts_that_are_casebooks_reading() -> None:
    _, content = real_content()
    assert describe(content, Selection.of(region=("West Midlands",))) == (
        f"Published Casebook records from an organisation in West Midlands ({READING}).")
    assert describe(content, Selection.of(org_type=("county-council",))) == (
        "Published Casebook records from an organisation of type county council.")  # the source's, in the name
    assert describe(content, Selection.of(org_type=("county-council", "partnership"))).endswith(f"({READING}).")
