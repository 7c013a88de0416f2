"""What the site shows about records beyond their own text: review status, home lists, data files.

One build of the real content plus one record Casebook reviewed long ago, as of a fixed day.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from casebook import urls
from casebook.builders import build_site
from casebook.model import Contributor
from casebook.project import Project
from casebook.validate import validate_project
from conftest import CONTENT_TODAY

REPO = Path(__file__).resolve().parent.parent
TODAY = CONTENT_TODAY
OFD = "warwickshire-one-front-door"
STALE = "stale-record"
pytestmark = pytest.mark.slow


def content_with_a_stale_record():
    result = validate_project(Project(REPO))
    assert result.ok and result.content is not None
    content = result.content
    stale = dataclasses.replace(content.record(OFD), id=STALE, title="A record reviewed long ago",
                                added="2023-10-01", last_reviewed="2023-11-01", review_due=None,
                                contributors=(Contributor("Ann Example", "Example Council"),
                                              Contributor("Casebook editorial team")))
    return dataclasses.replace(content, records=(*content.records, stale))


def build_stale_site(out: Path) -> Path:
    """The site with one record past its review date, built as of TODAY."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEBOOK_TODAY", TODAY)
        build_site(content_with_a_stale_record(), out, packs=[])
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_stale_site(tmp_path_factory.mktemp("views") / "site")


def read(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_overdue_record_page_carries_casebooks_review_notice(site: Path) -> None:
    page = text(read(site, urls.record_page(STALE)))
    # 730 days after 1 November 2023 (validate/crossfile.py's REVIEW_INTERVAL_DAYS)
    assert ("Casebook's review of this record is overdue: last reviewed 1 November 2023, "
            "review due 31 October 2025.") in page
    assert "Casebook's review notice" in page
    assert "review of this record is overdue" not in text(read(site, urls.record_page(OFD)))


def test_overdue_record_is_marked_on_its_index_card_only(site: Path) -> None:
    cards = re.findall(r'<li class="cb-card".*?</li>', read(site, urls.CASE_INDEX), re.S)
    marked = [c for c in cards if "Casebook's review overdue" in c]
    assert len(marked) == 1 and f"/{STALE}/" in marked[0]


def test_review_due_date_set_in_the_record_wins(tmp_path: Path) -> None:
    import datetime as dt

    from casebook.edition.review import overdue

    content = content_with_a_stale_record()
    stale = content.record(STALE)
    later = dataclasses.replace(stale, review_due="2027-01-01")
    assert overdue([stale, later], dt.date(2026, 12, 1)) == {STALE: "2025-10-31"}


def home_section(site: Path, heading: str) -> str:
    html = read(site, "")
    start = html.index(f">{heading}<")
    return html[start:html.index("<h2", start)]


def test_recently_reviewed_lists_only_records_reviewed_after_they_were_added(site: Path) -> None:
    content = content_with_a_stale_record()
    same_day = max((r for r in content.published if r.added == r.last_reviewed), key=lambda r: (r.added, r.id))
    added = home_section(site, "Recently added")
    reviewed = home_section(site, "Recently reviewed")
    assert f"/{same_day.id}/" in added  # added and reviewed on one day: new, not re-reviewed
    assert f"/{same_day.id}/" not in reviewed
    listed = re.findall(r'href="[^"]*?([a-z0-9-]+)/"', reviewed)
    by_id = {r.id: r for r in content.records}
    assert listed and all(by_id[i].last_reviewed > (by_id[i].added or "") for i in listed)
    assert "reviewed <time" in reviewed


def test_recently_reviewed_says_so_when_nothing_was_re_reviewed() -> None:
    from casebook.edition.indexes import recently_reviewed

    content = content_with_a_stale_record()
    fresh = [r for r in content.published if r.added == r.last_reviewed]
    assert fresh and recently_reviewed(fresh) == []
    reviewed = recently_reviewed(content.published)
    assert reviewed and all(not r.added or r.last_reviewed > r.added for r in reviewed)


def test_cases_csv_opens_in_excel_with_plain_text_summaries(site: Path) -> None:
    import csv
    import io

    raw = (site / "data/cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,")  # Excel reads UTF-8 (and so "£") only after this mark
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    for row in rows.values():
        assert "[@" not in row["summary"] and "**" not in row["summary"], row["summary"]
    assert "(Latham et al., 2015, p. 7)" in rows[OFD]["summary"]


def jsonld(site: Path, record_id: str) -> dict:
    import json

    html = read(site, urls.record_page(record_id))
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_json_ld_authors_are_the_records_contributors(site: Path) -> None:
    data = jsonld(site, STALE)
    assert data["author"] == [
        {"@type": "Person", "name": "Ann Example", "affiliation": {"@type": "Organization", "name": "Example Council"}},
        {"@type": "Organization", "name": "Casebook editorial team"}]


def test_json_ld_citations_carry_author_date_and_publisher_as_plain_text(site: Path) -> None:
    cited = {c["name"]: c for c in jsonld(site, OFD)["citation"]}
    latham = next(c for name, c in cited.items() if name.startswith("What are the characteristics"))
    assert [a["name"] for a in latham["author"]] == ["Gordon Latham", "Louise Lawrence", "Primula Paul",
                                                     "Margot Worton"]
    assert latham["author"][0] == {"@type": "Person", "name": "Gordon Latham", "familyName": "Latham",
                                   "givenName": "Gordon"}
    assert latham["datePublished"] == "2015-06"
    macleod = {c["name"]: c for c in jsonld(site, "cipd-ppma-macleod-enablers-framework")["citation"]}
    engaging = macleod["Engaging for success: enhancing performance through employee engagement"]
    assert engaging["publisher"] == {"@type": "Organization", "name": "Department for Business, Innovation and Skills"}
    assert engaging["datePublished"] == "2009"
    cipd = next(c for c in macleod.values() if c["name"].startswith("Leading culture change"))
    assert cipd["author"] == [{"@type": "Organization", "name": "CIPD"}, {"@type": "Organization", "name": "PPMA"}]
    texts = [v for c in macleod.values() for v in strings(c)]
    assert texts and not any("{" in t or "}" in t for t in texts)


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def related_section(site: Path, record_id: str) -> str:
    html = read(site, urls.record_page(record_id))
    start = html.index(">Related records<")
    return html[start:html.index("<h2", start)]


def test_record_page_lists_up_to_five_related_records_sharing_themes_or_organisations(site: Path) -> None:
    section = related_section(site, OFD)
    linked = re.findall(r'href="[./]*cases/([^"/]+)/"', section)
    assert linked and len(linked) <= 5 and OFD not in linked
    assert linked[0] == STALE  # same organisations and themes: the closest
    assert "Warwickshire County Council" in text(section)
    assert "chosen by Casebook" in text(section)


def test_related_records_share_something_and_are_ranked() -> None:
    from casebook.edition.related import related

    content = content_with_a_stale_record()
    found = related(content.published, content.taxonomy)
    for record in content.published:
        mine = {o.name for o in record.organisations}
        for other, _why in found.get(record.id, []):
            assert other.id != record.id
            assert set(record.themes) & set(other.themes) or mine & {o.name for o in other.organisations}
        assert len(found.get(record.id, [])) <= 5
    assert found[OFD][0][0].id == STALE and found[STALE][0][0].id == OFD


@pytest.mark.parametrize("seed", range(6))
def test_related_records_are_the_closest_by_the_plain_definition(seed: int) -> None:
    """related() takes records sharing only themes a group at a time; it must give exactly what scoring every
    pair gives: two points an organisation shared, one a theme, closest first, ties by title then id."""
    import random
    from types import SimpleNamespace

    from casebook import urls
    from casebook.edition.related import LIMIT, ORGANISATION_WEIGHT, related

    rng = random.Random(seed)
    themes = [f"t{i}" for i in range(rng.choice([2, 5, 9]))]
    orgs = [f"Council {i}" for i in range(rng.choice([3, 30]))]
    records = [SimpleNamespace(id=f"r{i:03d}", title=rng.choice(["Alpha", "beta", "Gamma", f"Case {i}"]),
                               themes=tuple(rng.sample(themes, rng.randint(0, min(3, len(themes))))),
                               organisations=[SimpleNamespace(name=n) for n in rng.sample(orgs, rng.randint(0, 2))])
               for i in range(rng.choice([12, 80, 240]))]
    taxonomy = SimpleNamespace(theme=lambda t: SimpleNamespace(title=t.upper()))
    found = related(records, taxonomy)  # type: ignore[arg-type]
    for record in records:
        mine = {urls.slug(o.name) for o in record.organisations}
        scores = {}
        for other in records:
            if other.id != record.id:
                shared_orgs = mine & {urls.slug(o.name) for o in other.organisations}
                score = ORGANISATION_WEIGHT * len(shared_orgs) + len(set(record.themes) & set(other.themes))
                if score:
                    scores[other.id] = (-score, other.title.casefold(), other.id)
        expected = sorted(scores, key=scores.__getitem__)[:LIMIT]
        assert [other.id for other, _ in found.get(record.id, [])] == expected


def test_related_records_kept_in_the_store_are_made_again_only_when_what_they_read_changes(tmp_path: Path,
                                                                                          monkeypatch) -> None:
    """The fragment store keeps the related lists under every record's id, title, themes and organisations:
    a second build with the same gets them back without working them out (and the same lists); a changed
    title works them out again."""
    from dataclasses import replace

    from casebook.edition import related as related_module
    from casebook.fragments import FragmentStore

    content = content_with_a_stale_record()
    records, taxonomy = content.published, content.taxonomy
    made: list[int] = []
    real = related_module.related
    monkeypatch.setattr(related_module, "related", lambda *a: made.append(1) or real(*a))
    store = FragmentStore(tmp_path / "store")

    def shown(found):
        return {i: [(other.id, other.title, why) for other, why in shared] for i, shared in found.items()}

    first = related_module.kept_related(records, taxonomy, store.kept)
    assert made == [1] and shown(first) == shown(real(records, taxonomy))
    # Another process, the same records (a summary edited: related lists do not read it).
    edited = [replace(r, summary="Edited.") if r.id == OFD else r for r in records]
    again = related_module.kept_related(edited, taxonomy, FragmentStore(tmp_path / "store").kept)
    assert made == [1] and shown(again) == shown(first)
    assert all(other is next(r for r in edited if r.id == other.id) for shared in again.values()
               for other, _ in shared)  # this build's records, not the ones the lists were made from
    retitled = [replace(r, title="A retitled record") if r.id == STALE else r for r in records]
    changed = related_module.kept_related(retitled, taxonomy, FragmentStore(tmp_path / "store").kept)
    assert made == [1, 1] and shown(changed) == shown(real(retitled, taxonomy))
    assert "A retitled record" in str(shown(changed)[OFD])
