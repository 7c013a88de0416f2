"""The real content, checked against the real sources.

These tests guard Casebook's promise of truth to sources, beyond what the
validator can know on its own:

- the bundled records, taxonomy and bibliography validate with no errors and
  no warnings;
- every quotation is verbatim in the seed text of its source, inside the
  page or paragraph its locator names;
- every phrase in double quotation marks (straight or curly) in a record's
  summary and narrative, or in a theme's definition, is verbatim in the seed
  of the source cited after it in the same paragraph, capitals included,
  inside the page or paragraph that citation names (a change marked with
  square brackets, "[a] good example", matches any few characters); a
  headline, which comes before paragraph 1, is not located by any paragraph;
- words a seed quotes from another work are credited to that work;
- no record lists an organisation the seeds name only as someone's employer;
- a record that renders a garbled passage quotes the garbled words in a note;
- every locator (structured or inline) points at a page or paragraph that
  exists in Casebook's copy of the source;
- every paragraph of a record's summary and narrative cites a source with a
  locator, and works Casebook has not read are cited only beside the seed
  that reports them;
- every theme in the taxonomy is used by at least one published record.

The seed texts live outside the repository, at <repo>/../shared/seeds/ or
where CASEBOOK_SEEDS points; the tests that need them skip (saying why) when
that folder is absent.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from casebook.project import Project
from casebook.validate import validate_project
from casebook.validate.attribution import quoted_phrases
from conftest import CONTENT_TODAY, REPO

SEEDS = Path(os.environ.get("CASEBOOK_SEEDS") or REPO.parent / "shared" / "seeds")


@dataclass(frozen=True)
class Seed:
    """How to find pages or paragraphs in one seed file (conventions from references.bib annotations)."""

    file: str
    unit: str  # "page" or "para"
    count: int  # pages or paragraphs in Casebook's copy
    skip: int = 0  # blocks before paragraph 1 (headline, blog furniture)


SEED_FOR_KEY = {
    "leaders_involving_staff_nd": Seed("000_1041fe28ce13d605.txt", "para", 7, skip=1),
    "greater_flexibility_nd": Seed("001_c04b3be58da300da.txt", "para", 6, skip=1),
    # Blog name, date line and post title come before paragraph 1.
    "dragon_cipd_values_2012": Seed("002_64bbfb5ffc420910.txt", "para", 7, skip=3),
    # Footers "Page | N" end page N; the copy stops on page 8.
    "latham2015aspire": Seed("003_3a8791272f7afb95.txt", "page", 8),
    "bad_people_nd": Seed("004_162762c10c9ac397.txt", "para", 9, skip=1),
}
# Words a seed quotes from another work it names (in its own quotation marks): wherever Casebook
# quotes them, they are credited to that work (issue 24, departure 13).
QUOTED_FROM = {
    # seed 003 p. 3: "The University of Birmingham report `The 21st century public servant' talks
    # about ... rejecting the `heroic leadership' model in favour of `distributed and collaborative
    # models of leading'"
    "birmingham_21st_century_public_servant": ("heroic leadership", "distributed and collaborative models of leading"),
}
# Organisations the seeds name only as someone's employer or as a programme's funder: none did the
# work or the research, and no record is about them, so none is listed (issue 24, departures 1, 8).
NAMED_ONLY_AS_EMPLOYER = {
    "London Borough of Barking & Dagenham": "seed 000 para. 7: Martin Rayson's employer",
    "Stoke on Trent City Council": "seed 003 p. 4: the project sponsor's employer",
    "Sandwell MBC": "seed 003 p. 1: an author's employer",
    "Walsall MBC": "seed 003 p. 1: an author's employer",
}
# Garbled passages in the seeds: a record that renders the passage (its text matches the
# pattern) must quote the garbled words in a note and say what it read (issue 24, departure 11).
GARBLED = (
    ("latham2015aspire", "and in measured", r"performance appraisal|are appraised"),
    ("latham2015aspire", "?1/4m", r"\bfunding\b"),
    ("latham2015aspire", "bought opportunity", r"budget.saving process"),
    ("latham2015aspire", "not bought in", r"bought in to the relevance"),
    ("latham2015aspire", "return on invest;", r"return on invest"),
    ("latham2015aspire", "meaningful engaged", r"may even be better"),
    ("latham2015aspire", "Rugby Leamington", r"Leamington"),
)
# Works Casebook has not read: cited only in the same citation as the seed that reports them.
REPORTED_ONLY = {
    "cipd2012leading": {"leaders_involving_staff_nd", "greater_flexibility_nd", "dragon_cipd_values_2012"},
    "macleod2009engaging": {"leaders_involving_staff_nd"},
    "birmingham_21st_century_public_servant": {"latham2015aspire"},
}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_CITE_GROUP = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
_CITE_ITEM = re.compile(r"@([A-Za-z0-9_:.-]*[A-Za-z0-9_])(?:\s*,\s*(.+))?$")
_LOCATOR = re.compile(r"^(p|pp|para|paras)\. ([0-9][0-9 ,\u2013-]*)$")


def normalise(text: str) -> str:
    """Compare text as words: whitespace collapsed, curly quotes and backtick-quotes made straight."""
    return " ".join(text.translate(_QUOTES).split())


def _records() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((REPO / "case_studies").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append((path.name, data))
    return found


RECORDS = _records()


def _units(seed: Seed) -> dict[int, str]:
    """The seed's pages or paragraphs, numbered as Casebook's locators number them."""
    text = (SEEDS / seed.file).read_text(encoding="utf-8")
    if seed.unit == "page":
        chunks = re.split(r"Page \| \d+", text)
        numbers = [int(n) for n in re.findall(r"Page \| (\d+)", text)]
        assert numbers == list(range(1, seed.count + 1)), f"{seed.file}: unexpected page footers {numbers}"
        return {n: chunks[n - 1] for n in numbers}
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    assert len(blocks) >= seed.skip + seed.count, f"{seed.file}: fewer paragraphs than expected"
    return {i + 1: b for i, b in enumerate(blocks[seed.skip: seed.skip + seed.count])}


def locator_numbers(locator: str) -> tuple[str, list[int]]:
    """'pp. 6-7' -> ('page', [6, 7]); 'paras. 1-2, 5' -> ('para', [1, 2, 5])."""
    match = _LOCATOR.match(locator.strip())
    if not match:
        raise ValueError(f"locator {locator!r} is not a page or paragraph locator")
    unit = "page" if match.group(1) in ("p", "pp") else "para"
    numbers: list[int] = []
    for part in match.group(2).split(","):
        bounds = [int(b) for b in re.split(r"[-\u2013]", part.strip()) if b.strip()]
        if len(bounds) == 2 and bounds[0] <= bounds[1]:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        elif len(bounds) == 1:
            numbers.append(bounds[0])
        else:
            raise ValueError(f"locator {locator!r} has a malformed range {part!r}")
    return unit, numbers


def _structured_sources(data: dict) -> list[tuple[str, dict]]:
    refs = [("sources", s) for s in data.get("sources") or []]
    refs += [("quotes", q["source"]) for q in data.get("quotes") or []]
    refs += [("figures", f["source"]) for f in data.get("figures") or []]
    return refs


def _markdown_fields(data: dict) -> list[tuple[str, str]]:
    fields = [("summary", data.get("summary") or "")]
    fields += [(f"narrative.{k}", v) for k, v in (data.get("narrative") or {}).items() if v]
    fields += [(f"editorial_notes[{i}]", n) for i, n in enumerate(data.get("editorial_notes") or [])]
    return fields


def citations(text: str) -> list[list[tuple[str, str | None]]]:
    """Each pandoc citation group as a list of (key, locator or None)."""
    groups = []
    for group in _CITE_GROUP.findall(text):
        items = []
        for item in group[1:-1].split(";"):
            match = _CITE_ITEM.search(item.strip())
            if match:
                items.append((match.group(1), match.group(2).strip() if match.group(2) else None))
        groups.append(items)
    return groups


def _check_locator(key: str, locator: str) -> str | None:
    """A message if the locator names a page or paragraph not in Casebook's copy of the seed."""
    seed = SEED_FOR_KEY.get(key)
    if seed is None:
        return f"{key!r} has no seed text, so it cannot carry a locator here"
    try:
        unit, numbers = locator_numbers(locator)
    except ValueError as exc:
        return str(exc)
    if unit != seed.unit:
        return f"{key!r} is located by {seed.unit}, not {unit} ({locator!r})"
    outside = [n for n in numbers if not 1 <= n <= seed.count]
    if outside:
        return f"{key!r} {locator!r}: {seed.unit} {outside} not in Casebook's copy (1-{seed.count})"
    return None


_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a case-sensitive pattern; a bracketed change ("[a]", "[...]") stands for the source's words."""
    parts = _BRACKETED.split(normalise(phrase))
    marks = _BRACKETED.findall(normalise(phrase))
    pattern = re.escape(parts[0])
    for mark, part in zip(marks, parts[1:], strict=True):
        pattern += (r".*?" if mark in ("[...]", "[\u2026]") else r".{0,40}?") + re.escape(part)
    return re.compile(pattern)


def _seed_texts(key: str) -> tuple[dict[int, str], str]:
    """A seed's numbered units, and its text before unit 1 (headline, blog furniture: no locator names it)."""
    seed = SEED_FOR_KEY[key]
    units = _units(seed)
    if seed.unit == "page":
        return units, ""
    text = (SEEDS / seed.file).read_text(encoding="utf-8")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return units, " ".join(blocks[: seed.skip])


def _phrase_problem(phrase: str, group: list[tuple[str, str | None]]) -> str | None:
    """None if the phrase is verbatim where one of the group's located seed citations says; else why not."""
    located = [(key, loc) for key, loc in group if key in SEED_FOR_KEY and loc]
    if not located:
        return f"quoted {phrase!r} is not followed (or preceded) in its paragraph by a seed citation with a locator"
    pattern = _phrase_pattern(phrase)
    folded = re.compile(pattern.pattern, re.IGNORECASE)
    elsewhere = []
    for key, locator in located:
        units, preamble = _seed_texts(key)
        try:
            _, numbers = locator_numbers(locator)
        except ValueError:
            continue
        if pattern.search(normalise(" ".join(units[n] for n in numbers if n in units))):
            return None
        if pattern.search(normalise(preamble)):
            # A headline or post title comes before paragraph 1, so no locator can point at it
            # (issue 24, departure 9): name it as the work's title in an editorial note instead.
            elsewhere.append(f"{key} has it only in its headline or blog furniture, which {locator!r} does not "
                             "locate: no paragraph does")
            continue
        whole = normalise(" ".join([preamble, *units.values()]))
        if pattern.search(whole):
            elsewhere.append(f"{key} has it, but not at {locator!r}")
        elif folded.search(whole):
            elsewhere.append(f"{key} has it only with different capitals: {folded.search(whole).group(0)!r}")
    cited = "; ".join(f"@{k}, {loc}" for k, loc in located)
    detail = f" ({'; '.join(elsewhere)})" if elsewhere else ""
    return f"quoted {phrase!r} is not verbatim in [{cited}]{detail}"


def inline_quote_problems(text: str) -> list[str]:
    """Check every quoted phrase in Markdown text against the citation that governs it (the
    validator's rule, validate/attribution.py: the first after it in its paragraph, else the last
    before it). A quoted phrase with no citation in its paragraph is a problem too."""
    problems = []
    for q in quoted_phrases(text):
        message = _phrase_problem(q.phrase, citations(q.group)[0] if q.group else [])
        if message:
            problems.append(message)
    return problems


@pytest.fixture(scope="module")
def seeds_present() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS}: cannot check quotes against their sources")


def test_there_is_content() -> None:
    assert len(RECORDS) >= 2, "case_studies/ holds no records"


def test_bundled_content_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_TODAY", CONTENT_TODAY)
    result = validate_project(Project(REPO))
    # Warnings too: the validator's warnings about the content (an organisation on a general
    # finding, words credited to the wrong work, an opinion filed as a finding) are departures.
    assert [str(p) for p in result.problems.items] == []
    assert result.content is not None


@pytest.mark.parametrize(("name", "data"), RECORDS, ids=[n for n, _ in RECORDS])
def test_quotes_are_verbatim_where_the_locator_says(name: str, data: dict, seeds_present: None) -> None:
    for i, quote in enumerate(data.get("quotes") or []):
        key, locator = quote["source"]["key"], quote["source"]["locator"]
        assert key in SEED_FOR_KEY, f"{name}: quote {i} cites {key!r}, which has no seed text to check"
        units = _units(SEED_FOR_KEY[key])
        whole = normalise(" ".join(units.values()))
        text = normalise(quote["text"])
        assert text in whole, f"{name}: quote {i} is not verbatim in {key}: {quote['text'][:70]!r}"
        _, numbers = locator_numbers(locator)
        located = normalise(" ".join(units[n] for n in numbers if n in units))
        assert text in located, f"{name}: quote {i} is in {key} but not at {locator!r}"


@pytest.mark.parametrize(("name", "data"), RECORDS, ids=[n for n, _ in RECORDS])
def test_inline_quotes_are_verbatim_where_cited(name: str, data: dict, seeds_present: None) -> None:
    """Quoted phrases in summary and narrative (editorial notes are Casebook's words and are not checked)."""
    problems = []
    fields = [("summary", data.get("summary") or "")]
    fields += [(f"narrative.{k}", v) for k, v in (data.get("narrative") or {}).items() if v]
    for field, text in fields:
        problems += [f"{field}: {message}" for message in inline_quote_problems(text)]
    assert problems == [], f"{name}: " + "; ".join(problems)


def test_theme_definitions_quote_verbatim(seeds_present: None) -> None:
    taxonomy = yaml.safe_load((REPO / "themes.yaml").read_text(encoding="utf-8"))
    problems = []
    parts = (("group", "description", taxonomy["groups"]), ("theme", "definition", taxonomy["themes"]))
    for kind, field, entries in parts:
        for entry in entries:
            problems += [f"{kind} {entry['id']}: {m}" for m in inline_quote_problems(entry.get(field) or "")]
    assert problems == [], "; ".join(problems)


def test_inline_quote_check() -> None:
    """The matcher itself, without the seeds: pairing, brackets, capitals, the governing citation."""
    text = 'It is "[a] good example" [@k, p. 7] of \u201ccurly\u201d quotes, "two" and "three" [@j, para. 2].'
    assert [q.phrase for q in quoted_phrases(text)] == ["[a] good example", "curly", "two", "three"]
    assert [citations(q.group)[0] for q in quoted_phrases(text)] == [[("k", "p. 7")]] + [[("j", "para. 2")]] * 3
    assert _phrase_pattern("[a] good example").search("A good example of")
    assert not _phrase_pattern("there's a move").search("There\u2019s a move".translate(_QUOTES))
    assert _phrase_pattern("a [...] b").search("a x y z b")
    assert _phrase_problem("anything", [("cipd2012leading", None)]) is not None
    assert inline_quote_problems('A "quoted phrase" with no citation in its paragraph.') != []


@pytest.mark.parametrize(("name", "data"), RECORDS, ids=[n for n, _ in RECORDS])
def test_locators_exist_in_the_sources(name: str, data: dict) -> None:
    problems = []
    for where, ref in _structured_sources(data):
        message = _check_locator(ref["key"], ref["locator"])
        if message:
            problems.append(f"{where}: {message}")
    for field, text in _markdown_fields(data):
        for group in citations(text):
            for key, locator in group:
                if locator is not None:
                    message = _check_locator(key, locator)
                    if message:
                        problems.append(f"{field}: {message}")
    assert problems == [], f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize(("name", "data"), RECORDS, ids=[n for n, _ in RECORDS])
def test_every_paragraph_cites_a_located_source(name: str, data: dict) -> None:
    problems = []
    fields = [("summary", data.get("summary") or "")]
    fields += [(f"narrative.{k}", v) for k, v in (data.get("narrative") or {}).items()]
    for field, text in fields:
        if not text.strip():
            continue
        for n, paragraph in enumerate(re.split(r"\n\s*\n", text.strip()), start=1):
            located = [key for group in citations(paragraph) for key, loc in group if loc and key in SEED_FOR_KEY]
            if not located:
                problems.append(f"{field} paragraph {n} cites no source with a locator")
    assert problems == [], f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize(("name", "data"), RECORDS, ids=[n for n, _ in RECORDS])
def test_unread_works_are_cited_beside_their_reporter(name: str, data: dict) -> None:
    problems = []
    for where, ref in _structured_sources(data):
        if ref["key"] not in SEED_FOR_KEY:
            problems.append(f"{where}: {ref['key']!r} is not a source Casebook has read; cite the seed")
    for field, text in _markdown_fields(data):
        for group in citations(text):
            for key, locator in group:
                if key in REPORTED_ONLY and not any(
                        k in REPORTED_ONLY[key] and loc for k, loc in group):
                    problems.append(f"{field}: @{key} is cited without the seed that reports it")
                elif key not in REPORTED_ONLY and key not in SEED_FOR_KEY:
                    problems.append(f"{field}: @{key} is not a source Casebook has a copy of")
                elif key in SEED_FOR_KEY and locator is None:
                    problems.append(f"{field}: @{key} is cited without a locator")
    assert problems == [], f"{name}: " + "; ".join(problems)


def test_every_theme_is_used_by_a_published_record() -> None:
    taxonomy = yaml.safe_load((REPO / "themes.yaml").read_text(encoding="utf-8"))
    used = {theme for _, data in RECORDS if data.get("status") == "published" for theme in data["themes"]}
    unused = [t["id"] for t in taxonomy["themes"] if t["id"] not in used]
    assert unused == [], f"themes used by no published record: {unused}"


def test_locator_parser() -> None:
    assert locator_numbers("pp. 6-7") == ("page", [6, 7])
    assert locator_numbers("paras. 1-2, 5, 7") == ("para", [1, 2, 5, 7])
    assert locator_numbers("p. 3") == ("page", [3])
    with pytest.raises(ValueError):
        locator_numbers("sec. 4.1")


def _all_keys(data: dict) -> set[str]:
    keys = {ref["key"] for _, ref in _structured_sources(data)}
    return keys | {key for _, text in _markdown_fields(data) for group in citations(text) for key, _ in group}


@pytest.mark.parametrize(("name", "data"), RECORDS, ids=[n for n, _ in RECORDS])
def test_no_organisation_is_listed_that_the_seeds_name_only_as_an_employer(name: str, data: dict) -> None:
    listed = [o["name"] for o in data.get("organisations") or []]
    wrong = [f"{n} ({NAMED_ONLY_AS_EMPLOYER[n]})" for n in listed if n in NAMED_ONLY_AS_EMPLOYER]
    assert wrong == [], f"{name}: lists " + "; ".join(wrong)


def _quoted_words_credits(text: str) -> list[str]:
    problems = []
    for q in quoted_phrases(text):
        for work, phrases in QUOTED_FROM.items():
            if any(normalise(p) in normalise(q.phrase) for p in phrases) and work not in q.keys:
                problems.append(f"{q.phrase!r} is quoted from @{work} but credited to {list(q.keys)}")
    return problems


def test_words_a_seed_quotes_from_another_work_are_credited_to_that_work() -> None:
    problems = []
    for name, data in RECORDS:
        for field, text in _markdown_fields(data):
            problems += [f"{name} {field}: {m}" for m in _quoted_words_credits(text)]
    taxonomy = yaml.safe_load((REPO / "themes.yaml").read_text(encoding="utf-8"))
    for theme in taxonomy["themes"]:
        problems += [f"theme {theme['id']}: {m}" for m in _quoted_words_credits(theme["definition"])]
    assert problems == []


def test_credit_check_finds_the_old_distributed_leadership_definition() -> None:
    old = ('Leadership ... "distributed and collaborative models of leading" in place of the heroic leadership '
           "model [@latham2015aspire, p. 3].")
    assert _quoted_words_credits(old) != []
    credited = old.replace("[@latham", "[@birmingham_21st_century_public_servant; cited in @latham")
    assert _quoted_words_credits(credited) == []


@pytest.mark.parametrize(("name", "data"), RECORDS, ids=[n for n, _ in RECORDS])
def test_a_record_that_renders_a_garbled_passage_says_what_it_read(name: str, data: dict) -> None:
    figures = data.get("figures") or []
    shown = [text for field, text in _markdown_fields(data) if not field.startswith("editorial_notes")]
    shown += [q["text"] for q in data.get("quotes") or []] + [f["label"] for f in figures]
    notes = normalise(" ".join([*(data.get("editorial_notes") or []), *(f.get("note") or "" for f in figures)]))
    keys = _all_keys(data)
    missing = [garbled for key, garbled, renders in GARBLED if key in keys
               and any(re.search(renders, normalise(t)) for t in shown) and normalise(garbled) not in notes]
    assert missing == [], f"{name}: renders the garbled passage(s) {missing} without a note quoting them"
