"""Works a record describes itself (its `references`): one file per contribution, rendered everywhere
like references.bib's works, cheap to add to a big store, and movable into references.bib unchanged."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from casebook import cli
from casebook.bib.works_bib import biblatex_entry
from casebook.bib.works_move import renders_alike
from casebook.fragments import FragmentStore, Sources, Unit, render_units
from casebook.fragments.units import content_units
from casebook.model import Work
from casebook.project import Project
from casebook.validate import validate_project
from conftest import MODELINE, copy_project
from pypdf import PdfReader

RECORD = f"""{MODELINE}
id: northbridge-resident-panel
kind: case-study
title: "Northbridge: a resident panel that shapes services"
summary: >-
  Residents reviewed the council's services [@northbridge2016panel, p. 3], as a study of
  resident panels found elsewhere [@brown2020panels, pp. 12-13].
themes: [listening]
evidence_type: practitioner-report
status: published
added: "2026-11-20"
last_reviewed: "2026-11-20"
sources:
  - key: northbridge2016panel
    locator: p. 3
  - key: brown2020panels
    locator: pp. 12-13
references:
  - id: northbridge2016panel
    type: report
    author:
      - literal: Chartered Institute of Personnel and Development
    title: "Customer panels in Northbridge: what residents told the council"
    publisher: Northbridge Borough Council
    issued: 2016-03
    URL: https://example.org/northbridge/panel.pdf
    accessed: "2026-11-20"
  - id: brown2020panels
    type: article-journal
    author:
      - family: Brown
        given: Ann
      - family: O'Neil
        given: J.
    title: Resident panels in English local government
    container-title: Public Money & Management
    volume: "40"
    page: 12-30
    issued: 2020
"""
ORG = "Chartered Institute of Personnel and Development"
TITLE = "Customer panels in Northbridge: what residents told the council"


def _project(root: Path) -> Path:
    project = copy_project(root)
    (project / "case_studies" / "northbridge-resident-panel.yaml").write_text(RECORD, encoding="utf-8")
    return project


def _build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert cli.main(["--root", str(project), "build"]) == 0


@pytest.mark.slow
def test_a_record_with_its_own_works_validates_builds_and_renders_them_everywhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path / "p")
    assert cli.main(["--root", str(project), "validate"]) == 0
    assert "uncited" not in capsys.readouterr().err
    _build(project, monkeypatch)
    site = project / "site"
    page = (site / "cases/northbridge-resident-panel/index.html").read_text(encoding="utf-8")
    assert f"{ORG} (2016) <em>{TITLE}</em>" in page  # one organisation, capitals as typed
    assert "(Chartered Institute of Personnel and Development, 2016, p. 3)" in page
    assert "Brown, A. and O’Neil, J. (2020)" in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    cited = {c["name"]: c for c in ld["citation"]}
    assert cited[TITLE]["author"] == [{"@type": "Organization", "name": ORG}]
    assert cited[TITLE]["publisher"]["name"] == "Northbridge Borough Council"
    bibliography = (site / "bibliography/index.html").read_text(encoding="utf-8")
    entry = re.search(r'<li id="ref-northbridge2016panel">(.*?)</li>', bibliography, re.S).group(1)
    assert TITLE in entry and "Northbridge: a resident panel that shapes services" in entry  # cited by
    published = (site / "data/references.bib").read_text(encoding="utf-8")
    assert published.startswith((Path(project) / "references.bib").read_text(encoding="utf-8").rstrip("\n"))
    assert "@report{northbridge2016panel," in published and "@article{brown2020panels," in published
    ris = (site / "data/sources/northbridge-resident-panel.ris").read_bytes().decode("utf-8")
    assert f"AU  - {ORG}\r\n" in ris and f"TI  - {TITLE}\r\n" in ris  # a reference manager takes them too
    records = json.loads((site / "data/cases.json").read_text(encoding="utf-8"))["records"]
    assert all("works" not in r for r in records)
    pack = tmp_path / "panel.pdf"
    assert cli.main(["--root", str(project), "pack", "--id", "northbridge-resident-panel", "-o", str(pack)]) == 0
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pack).pages).split())
    assert f"{ORG} (2016) Customer panels in Northbridge" in text and "Brown, A. and O’Neil, J. (2020)" in text


@pytest.mark.slow
def test_moving_the_works_into_references_bib_changes_no_output(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    before = _project(tmp_path / "before")
    _build(before, monkeypatch)
    after = tmp_path / "after"
    shutil.copytree(before, after, ignore=shutil.ignore_patterns("site", "build"))
    record = after / "case_studies/northbridge-resident-panel.yaml"
    assert cli.main(["--root", str(after), "move-works", str(record)]) == 0
    assert "references:" not in record.read_text(encoding="utf-8")
    moved = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert moved == {k: v for k, v in yaml.safe_load(RECORD).items() if k != "references"}
    assert "@report{northbridge2016panel," in (after / "references.bib").read_text(encoding="utf-8")
    _build(after, monkeypatch)
    differ = _differences(before / "site", after / "site")
    # The record file itself, published as is; and the Propose page's data, which says where each key is defined.
    assert differ == ["data/records/northbridge-resident-panel.yaml", "propose/propose-data.js"]
    data = {p.name: _page_data(p) for p in (before, after)}
    # The general-finding rule reads references.bib's works only, so whether a work is by named people
    # is said of it once it is there.
    for d in data.values():
        for e in d["bibliography"]:
            e.pop("namedPeople")
    defined = {name: {e["key"]: e.pop("defined") for e in d["bibliography"]} for name, d in data.items()}
    moved = {k for k, v in defined["before"].items() if v.startswith("case_studies/northbridge-resident-panel.yaml")}
    assert "northbridge2016panel" in moved
    assert all(defined["after"].pop(k).startswith("references.bib (line ") and defined["before"].pop(k) for k in moved)
    assert defined["before"] == defined["after"] and data["before"] == data["after"]


def _page_data(project: Path) -> dict:
    script = (project / "site/propose/propose-data.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"\.data = (\{.*\});\n$", script, re.DOTALL).group(1))


def _differences(a: Path, b: Path) -> list[str]:
    out = []
    files = sorted({p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
                   | {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()})
    for name in files:
        if not (a / name).is_file() or not (b / name).is_file() or not filecmp.cmp(a / name, b / name, shallow=False):
            out.append(name)
    return out


TRICKY = [
    {"id": "t1", "type": "report", "author": [{"literal": "Department for Business, Innovation and Skills"}],
     "title": "Panels -- in Northbridge: what 50% & $5 #1 ~ ^ _ say", "publisher": "Smith and Sons & Co",
     "genre": "Cohort report", "issued": "2016-03", "URL": "https://example.org/a%20b_c~d", "accessed": "2026-11-20",
     "annote": "Shared -- 50% & more"},
    {"id": "t2", "type": "article-journal", "author": [{"family": "van der Berg", "given": "Jo"},
                                                       {"family": "O'Neil", "given": "Ann-Marie"}],
     "title": "Don't say \"never\": it's 'quoted' <<not>> here", "container-title": "Public Money & Management",
     "volume": "40", "issue": "2", "page": "12-30", "issued": "2020", "DOI": "10.1080/09540962.2020.1"},
    {"id": "t3", "type": "webpage", "title": "Public sector = Bad people?", "container-title": "Jo's blog",
     "publisher": "Leeds and District", "issued": "2014-05-02", "URL": "https://x.org/p?a=1&b=2",
     "accessed": "2026-11-20"},
    {"id": "t4", "type": "book", "editor": [{"family": "Lee", "given": "K."}], "title": "The Book: A Guide",
     "publisher": "Pub", "publisher-place": "London", "edition": "2", "issued": "2019"},
    {"id": "t5", "type": "chapter", "author": [{"family": "Lee", "given": "K."}], "title": "Chapter one: why",
     "editor": [{"family": "Ed", "given": "E."}], "container-title": "The Book of Things", "publisher": "Pub",
     "page": "1-5", "issued": "2019"},
    {"id": "t6", "type": "document", "title": "A {braced} \\ back slash", "issued": "2009"},
]


def test_works_written_as_biblatex_render_exactly_as_from_the_record() -> None:
    works = [Work(w["id"], w, "case_studies/x.yaml", 1) for w in TRICKY]
    from_csl = Sources("", {w.key: w.csl for w in works})
    from_bib = Sources("".join(biblatex_entry(w) for w in works))
    assert renders_alike(works, from_csl, from_bib) == []
    unit = Unit("record:x", (("t", "Text [@t1, p. 3]."),))
    listed = render_units([unit], from_csl).references["t1"].html
    assert "Department for Business, Innovation and Skills (2016)" in listed
    # The check is real: a work written differently is caught.
    changed = Sources(from_bib.bib_text.replace("{{Public sector = Bad", "{{Public Sector = Bad"))
    assert [d.split(" ")[0] for d in renders_alike(works, from_csl, changed)] == ["t3"]


def test_a_new_work_re_renders_only_what_its_labels_can_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    store = FragmentStore(tmp_path / "store")
    content = validate_project(Project(project)).content
    render_units(content_units(content), Sources.of(content), store)
    # A record bringing its own, unrelated work: only that record is rendered.
    (project / "case_studies/northbridge-resident-panel.yaml").write_text(RECORD, encoding="utf-8")
    content = validate_project(Project(project)).content
    render_units(content_units(content), Sources.of(content), store)
    assert store.rendered_units == 1
    # A work by the same authors in the same year as latham2015aspire changes its label to 2015a or b:
    # exactly the units citing latham2015aspire are rendered again, with the new record.
    authors = "".join(f"      - family: {f}\n        given: {g}\n" for f, g in (
        ("Latham", "Gordon"), ("Lawrence", "Louise"), ("Paul", "Primula"), ("Worton", "Margot")))
    twin = RECORD.replace("northbridge-resident-panel", "twin-panel").replace(
        "northbridge2016panel", "latham2015panels").replace(
        "      - literal: Chartered Institute of Personnel and Development\n", authors)
    twin = twin.replace("issued: 2016-03", "issued: 2015-01").replace("brown2020panels", "green2020twin")
    twin = twin.replace("family: Brown", "family: Green")
    (project / "case_studies/twin-panel.yaml").write_text(twin, encoding="utf-8")
    content = validate_project(Project(project)).content
    units = content_units(content)
    citing = [u for u in units if any("@latham2015aspire" in text for _, text in u.pieces)]
    rendering = render_units(units, Sources.of(content), store)
    assert store.rendered_units == len(citing) + 1 and len(citing) > 5
    assert "<em>et al.</em>, 2015b, p. " in rendering.piece(citing[0].id, next(
        name for name, text in citing[0].pieces if "@latham2015aspire" in text)).html
