"""The fragment store: each record rendered once, the same whatever it was batched with, disposable."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from casebook.edition.html import site_html
from casebook.fragments import FragmentStore, Unit, render_units, store
from casebook.fragments.units import content_units, record_unit
from casebook.model import Record, SourceRef
from casebook.pack import PackSpec, Selection, render_pack
from casebook.project import Project
from casebook.validate import validate_project
from conftest import REPO
from pypdf import PdfReader

NOTE = "A claim.[^1] Another.[^2]\n\n[^1]: A note [@latham2015aspire, p. 7].\n\n[^2]: Two."
CROSSREF_BIB = """
@string{casebookbody = {Casebook Parent Body}}
@collection{casebookparent2020, editor = casebookbody, title = {Parent volume}, year = {2020}, publisher = {X}}
@incollection{casebookchild2020, author = {Child, Ann}, title = {Child chapter}, crossref = {casebookparent2020}}
"""
TWIN_BIB = """
@report{twin2021a, author = {{Casebook Test Body}}, title = {First report}, year = {2021}, institution = {X}}
@report{twin2021b, author = {{Casebook Test Body}}, title = {Second report}, year = {2021}, institution = {X}}
"""


@pytest.fixture(scope="module")
def content():
    result = validate_project(Project(REPO))
    assert result.ok
    return result.content


def test_a_piece_reads_the_same_whatever_shares_its_batch(content, monkeypatch) -> None:
    units = content_units(content) + [Unit("extra:notes", (("a", NOTE), ("b", NOTE)))]
    one = render_units(units, content.bib_text)
    monkeypatch.setattr(store, "BATCH_PIECES", 7)
    many = render_units(list(reversed(units)), content.bib_text)
    assert many.pieces == one.pieces and many.references == one.references
    notes = one.piece("extra:notes", "b").html
    # Footnotes count from 1 within each piece, with ids carrying the piece's own name.
    assert '<sup>1</sup>' in notes and '<sup>2</sup>' in notes and 'id="b-fn1"' in notes
    assert "#footnote[" in one.piece("extra:notes", "b").typst
    assert one.piece("extra:notes", "a").keys == ("latham2015aspire",)


@pytest.mark.parametrize("cores", [1, 2, 3])
def test_batches_are_equal_and_a_whole_number_of_rounds(monkeypatch, cores) -> None:
    """Filling batches to the limit left the last round to one core (7 batches on 2 cores at 1,000 records)."""
    units = [(Unit(f"record:r{i}", tuple((f"p{j}", "x") for j in range(3 + i % 5))), f"k{i}") for i in range(400)]
    monkeypatch.setattr(store, "BATCH_PIECES", 150)
    assert len(store._batches(units[:10], cores)) == 1  # below SPLIT_FROM: one batch
    assert store._batches([], cores) == [[]]  # the references alone are still rendered
    jobs = store._batches(units, cores)
    sizes = [sum(len(unit.pieces) for unit, _ in job) for job in jobs]
    total = sum(len(unit.pieces) for unit, _ in units)
    assert len(jobs) % cores == 0 and len(jobs) == cores * -(-total // (cores * 150))
    assert max(sizes) - min(sizes) <= 7 and max(sizes) <= 150 + 7  # a unit is never split
    assert [pair for job in jobs for pair in job] == units  # every unit once, in order


def test_cold_and_warm_store_give_the_same_bytes(content, tmp_path) -> None:
    units = content_units(content)
    fragments = FragmentStore(tmp_path / "store")
    cold = render_units(units, content.bib_text, fragments)
    assert fragments.rendered_units == len(units)
    warm = render_units(units, content.bib_text, fragments)
    assert fragments.rendered_units == 0
    warm_html, cold_html = site_html(content, warm), site_html(content, cold)
    assert (warm_html.raw, warm_html.references, warm_html.keys) == \
        (cold_html.raw, cold_html.references, cold_html.keys)
    spec = PackSpec(title="Agility", selection=Selection.of(theme=("agility",)), timestamp=1_700_000_000)
    assert render_pack(content, spec, "pdf", warm).data == render_pack(content, spec, "pdf", cold).data


def test_a_deleted_or_corrupt_entry_is_rendered_again_never_shown(content, tmp_path) -> None:
    units = content_units(content)
    fragments = FragmentStore(tmp_path / "store")
    first = render_units(units, content.bib_text, fragments)
    files = sorted(p for p in (tmp_path / "store").glob("*/*.json") if not p.name.endswith(".ast.json"))
    asts = sorted((tmp_path / "store").glob("*/*.ast.json"))
    assert len(files) == len(asts) == len(units) + 1  # one per unit, and the references; each with its AST apart
    files[0].write_text("{not json", encoding="utf-8")
    data = json.loads(files[1].read_text(encoding="utf-8"))
    data["pieces"] = {name: {**piece, "html": "<p>STALE</p>"} for name, piece in data.get("pieces", {}).items()}
    data["key"] = "0" * 64  # a file that does not hold the key it is named by
    files[1].write_text(json.dumps(data), encoding="utf-8")
    files[2].unlink()
    again = render_units(units, content.bib_text, fragments)
    assert fragments.rendered_units >= 2
    assert again.pieces == first.pieces and again.references == first.references
    assert {(u, n): p.ast for u, ps in again.pieces.items() for n, p in ps.items()} == {
        (u, n): p.ast for u, ps in first.pieces.items() for n, p in ps.items()}
    shutil.rmtree(tmp_path / "store")
    assert render_units(units, content.bib_text, fragments).pieces == first.pieces


def test_the_site_reads_no_ast_and_a_pack_reads_it_from_its_own_file(content, tmp_path) -> None:
    """The AST is most of the store's bytes and only DOCX and HTML packs use it: a warm render leaves it on
    disk until it is asked for."""
    units = content_units(content)
    fragments = FragmentStore(tmp_path / "store")
    cold = render_units(units, content.bib_text, fragments)
    warm = render_units(units, content.bib_text, fragments)
    piece = next(iter(next(iter(warm.pieces.values())).values()))
    assert piece.ast_data is None  # not read yet
    first = next(iter(next(iter(cold.pieces.values())).values()))
    assert piece.ast == first.ast and piece.ast_data is not None


def test_an_edit_renders_only_that_record(content, tmp_path) -> None:
    fragments = FragmentStore(tmp_path / "store")
    render_units(content_units(content), content.bib_text, fragments)
    record = content.published[0]
    edited = dataclasses.replace(content, records=tuple(
        dataclasses.replace(r, summary=r.summary + " Edited.") if r.id == record.id else r for r in content.records))
    rendering = render_units(content_units(edited), edited.bib_text, fragments)
    assert fragments.rendered_units == 1
    assert rendering.piece(record_unit(record.id), "summary").html.endswith("Edited.</p>")
    fragments.prune()
    assert len(list((tmp_path / "store").glob("*/*.json"))) == 2 * (len(content_units(content)) + 1)  # and ASTs


def test_a_remembering_store_reads_each_entry_once(content, tmp_path) -> None:
    """`casebook serve` keeps one store for its life that remembers what it read and wrote: an edit's rebuild
    does not read the other records' entries back from disk (they are named by what made them, so what is
    remembered is never stale); a store that does not remember reads the disk every time."""
    units = content_units(content)
    remembering = FragmentStore(tmp_path / "store", remember=True)
    first = render_units(units, content.bib_text, remembering)
    entries = [p for p in (tmp_path / "store").glob("*/*.json") if not p.name.endswith(".ast.json")]
    assert entries
    for path in entries:
        path.write_text("{not json", encoding="utf-8")
    again = render_units(units, content.bib_text, remembering)
    assert remembering.rendered_units == 0 and again.pieces == first.pieces
    forgetting = FragmentStore(tmp_path / "store")
    render_units(units, content.bib_text, forgetting)
    assert forgetting.rendered_units == len(units)


def test_a_remembering_store_keys_each_unit_once_while_it_and_the_sources_stay(content, tmp_path,
                                                                              monkeypatch) -> None:
    """The preview's store keeps each unit's key under the unit and the digest of all the sources: an
    edit makes one key again, a changed bibliography every key; the keys are always unit_key's."""
    units = content_units(content)
    made: list[str] = []
    real = store.unit_key
    monkeypatch.setattr(store, "unit_key", lambda unit, sources: made.append(unit.id) or real(unit, sources))
    remembering = FragmentStore(tmp_path / "store", remember=True)
    first = render_units(units, content.bib_text, remembering)
    assert len(made) == len(units)
    record = content.published[0]
    edited = dataclasses.replace(content, records=tuple(
        dataclasses.replace(r, summary=r.summary + " Edited.") if r.id == record.id else r for r in content.records))
    made.clear()
    again = render_units(content_units(edited), edited.bib_text, remembering)
    assert made == [record_unit(record.id)]
    assert again.keys == {u.id: real(u, store.as_sources(edited.bib_text)) for u in content_units(edited)}
    assert again.keys[record_unit(record.id)] != first.keys[record_unit(record.id)]
    made.clear()
    render_units(content_units(edited), edited.bib_text + "\n% a comment\n", remembering)
    assert len(made) == len(units)


def test_the_bibliography_is_decoded_once_and_kept_in_the_store(content, tmp_path, monkeypatch) -> None:
    """The works as readers see them (LaTeX decoded by pandoc) come from the store on a warm build; an entry
    that cannot be read is decoded again."""
    from casebook.bib import plain
    from casebook.edition import prepare

    units = content_units(content)
    values = ['M\\"uller \\& Co.', "pp.~1--3", "{CIPD}"]
    cold = render_units(units, content.bib_text, FragmentStore(tmp_path / "store")).plain(values)
    assert cold == plain.decode(values) and cold["pp.~1--3"] != "pp.~1--3"
    works = prepare(content, render_units(units, content.bib_text, FragmentStore(tmp_path / "store"))).site.works
    asked: list = []
    monkeypatch.setattr(plain, "decode", lambda todo: asked.append(todo) or {})
    warm = render_units(units, content.bib_text, FragmentStore(tmp_path / "store"))
    assert warm.plain(values) == cold and prepare(content, warm).site.works == works and asked == []
    for path in (tmp_path / "store").glob("*/*.json"):
        if '"plain"' in path.read_text(encoding="utf-8"):
            path.write_text("{not json", encoding="utf-8")
    monkeypatch.undo()
    assert render_units(units, content.bib_text, FragmentStore(tmp_path / "store")).plain(values) == cold


def _twin_content(content):
    """Two reports by one author in one year, each cited by a different record."""
    base = content.published[0]
    records = []
    for i, key in enumerate(("twin2021a", "twin2021b")):
        records.append(dataclasses.replace(
            base, id=f"twin-record-{i}", title=f"Twin record {i}",
            summary=f"A claim [@{key}, p. 1].", narrative={}, quotes=(), figures=(), editorial_notes=(),
            sources=(SourceRef(key, "p. 1"),)))
    return dataclasses.replace(content, records=(*content.records, *records), bib_text=content.bib_text + TWIN_BIB)


def test_an_edit_is_rendered_against_its_works_alone_and_reads_as_against_all(content, tmp_path) -> None:
    """With the reference list kept, an edited record is rendered against only the works it cites, their label
    group (same first name, same year) and the entries they inherit from: what its store key is made from.
    It reads exactly as a render against the whole bibliography (the twin still gets its "b")."""
    from casebook.fragments import Sources

    twins = _twin_content(content)
    twins = dataclasses.replace(twins, bib_text=twins.bib_text + CROSSREF_BIB)
    sources = Sources(twins.bib_text)
    cut = sources.for_keys(["twin2021b", "casebookchild2020"]).bib_text
    assert re.findall(r"@(?!string)\w+\{([^,\s]+),", cut) == ["twin2021a", "twin2021b", "casebookparent2020",
                                                   "casebookchild2020"]
    assert "@string{casebookbody" in cut and "latham2015aspire" not in cut
    unclosed = "@misc{x, title = {A}\n@misc{y, title = {B}}\n"
    assert Sources(unclosed).for_keys(["y"]).bib_text == unclosed  # not cut for certain: given whole
    fragments = FragmentStore(tmp_path / "store")
    render_units(content_units(twins), twins.bib_text, fragments)
    edited = dataclasses.replace(twins, records=tuple(
        dataclasses.replace(r, summary="Edited [@twin2021b, p. 2]; see [@casebookchild2020, p. 3].")
        if r.id == "twin-record-1" else r for r in twins.records))
    asked: list = []
    real = store.render_batch
    store.render_batch = lambda pieces, paths: asked.append(Path(paths[0]).read_text()) or real(pieces, paths)
    try:
        warm = render_units(content_units(edited), edited.bib_text, fragments)
    finally:
        store.render_batch = real
    assert fragments.rendered_units == 1 and len(asked) == 1 and "latham2015aspire" not in asked[0]
    whole = render_units(content_units(edited), edited.bib_text)
    unit = record_unit("twin-record-1")
    assert warm.pieces[unit] == whole.pieces[unit]
    assert "Casebook Test Body, 2021b, p. 2" in warm.piece(unit, "summary").html


def test_the_site_and_every_pack_format_cite_with_the_same_label(content) -> None:
    twins = _twin_content(content)
    rendering = render_units(content_units(twins), twins.bib_text)
    page = site_html(twins, rendering).get("cases/twin-record-1/", "summary")
    assert "Casebook Test Body, 2021b, p. 1" in page
    spec = PackSpec(title="One twin", selection=Selection.of(ids=("twin-record-1",)), timestamp=1_700_000_000)
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pack(twins, spec, "pdf", rendering).data))
                  .pages)
    assert "Casebook Test Body, 2021b, p. 1" in " ".join(pdf.split())
    assert "2021a" not in pdf.split("References")[0].split("Overview")[-1]  # only the cited work's label
    html = render_pack(twins, spec, "html", rendering).data.decode()
    assert "Casebook Test Body, 2021b, p. 1" in html
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_pack(twins, spec, "docx", rendering).data))
                     .paragraphs)
    assert "Casebook Test Body, 2021b, p. 1" in text
    # The pack's reference list is the union of its records' entries: the other twin is not in it.
    assert "Second report" in text and "First report" not in text


def test_a_pack_from_fragments_says_what_a_direct_render_says(content) -> None:
    """The pack's text equals pandoc's own rendering of the same record text with citeproc."""
    from casebook.pandoc_tools import base_args, run_pandoc

    record = next(r for r in content.published if "agility" in r.themes)
    spec = PackSpec(title="One", selection=Selection.of(ids=(record.id,)), timestamp=1_700_000_000)
    pdf = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pack(content, spec, "pdf").data))
                           .pages).split())
    direct = run_pandoc(record.narrative["context"], [*base_args(content.bib_path), "--to", "plain",
                                                      "--wrap", "none"], "test")
    sentence = direct.split("\n")[0]
    words = re.sub(r"\s+", " ", sentence).strip()
    squash = lambda t: re.sub(r"[\s\-\u2010\u00ad]", "", t.replace("\u201c", '"').replace("\u201d", '"'))  # noqa: E731
    assert squash(words[:200]) in squash(pdf)


def test_a_record_is_one_unit_of_named_pieces(content) -> None:
    record: Record = content.published[0]
    unit = next(u for u in content_units(content) if u.id == record_unit(record.id))
    names = [name for name, _ in unit.pieces]
    assert names[0] == "summary" and "lead" in names and len(names) == len(set(names))
    assert Path(store.__file__).name == "store.py"
