"""The case index reads an address as `casebook pack --from-url` does, in the same words.

assets/site/selection.js holds the reasoning (did-you-mean, look-alikes, Python's repr);
the words and every known value come from Python (site/selection_copy.py). Here both
read the same addresses, built from every known value of every facet and its near
misses, and must give the same problems, message for message, and the same selection.
"""

from __future__ import annotations

import difflib
import json
import random
import subprocess
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.selection import FACETS, check_selection, from_url
from casebook.site.selection_copy import character_table, selection_model
from casebook.validate import validate_project
from conftest import copy_project

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts/casebook/assets/site/selection.js"
DRAFT = "warwickshire-one-front-door"
FOLDS = "Dudley Straßen MBC"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """The real records, one of them turned back into a draft (so a draft id has its own message)."""
    root = copy_project(tmp_path_factory.mktemp("selection") / "project")
    record = root / "case_studies" / f"{DRAFT}.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("status: published", "status: draft"),
                      encoding="utf-8")
    # An organisation whose casefold is not its lower case ("ß" folds to "ss"), so both readings of case meet.
    dudley = root / "case_studies" / "dudley-shared-purpose-golden-thread.yaml"
    dudley.write_text(dudley.read_text(encoding="utf-8").replace("  - name: Dudley MBC", f"  - name: {FOLDS}"),
                      encoding="utf-8")
    result = validate_project(Project(root))
    assert result.content is not None and not result.content.record(DRAFT).published
    assert FOLDS in {o.name for r in result.content.published for o in r.organisations}
    return result.content


def python_reading(content, query: str) -> dict:
    try:
        sel = from_url("cases/?" + query)
    except CasebookError as error:
        return {"problems": [str(error)], "values": [], "ids": []}
    return {"problems": check_selection(content, sel), "values": [[n, list(v)] for n, v in sel.values],
            "ids": list(sel.ids)}


def run_js(body: str, payload: object) -> object:
    """selection.js in Node.js, then body with `input` and `Sel`; its JSON."""
    program = ("globalThis.self = globalThis;\n"
               f"const Sel = require({json.dumps(str(SCRIPT))});\n"
               "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
               f"process.stdout.write(JSON.stringify((() => {{ {body} }})()));")
    done = subprocess.run(["node", "-e", program], input=json.dumps(payload), capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def browser_reading(content, queries: list[str]) -> list[dict]:
    body = ("const model = Sel.prepare(input.model, input.published);"
            " return input.queries.map(q => { const r = Sel.read(model, '?' + q,"
            " Sel.needsCharacters('?' + q) ? input.chars : null);"
            " return {problems: r.problems, values: r.values, ids: r.ids}; });")
    # The page's cards give the published ids, in the case index's order (not sorted).
    published = [r.id for r in sorted(content.published, key=lambda r: r.title.casefold())]
    return run_js(body, {"model": selection_model(content), "chars": character_table(), "queries": queries,
                         "published": published})


def near_misses(value: str, rng: random.Random) -> list[str]:
    """What a hand-edited or pasted address holds instead of a value."""
    out = [value, value[:-1], value + "s", value.upper(), value.lower(), value.swapcase(), " " + value,
           value.replace(" ", ""), value.replace("-", " "), value[1:], value * 9]  # * 9: past difflib's autojunk
    if len(value) > 3:
        i = rng.randrange(len(value) - 1)
        out.append(value[:i] + value[i + 1] + value[i] + value[i + 2:])  # two letters swapped
    look = {"a": "а", "e": "е", "i": "і", "o": "ο", "c": "с", "W": "Ｗ", "M": "\U0001d40c", "s": "ⓢ",
            "-": "\u2013", " ": "\u00a0", "g": "ɡ", "l": "ℓ"}
    for plain, twin in look.items():
        if plain in value:
            out.append(value.replace(plain, twin, 1))
            out.append(value.replace(plain, twin))  # every one: "and N more"
    out += [value.replace("e", "é", 1), value + "'", value + '"', value + "'\"", value + "\\", value + "\n",
            value + "\u200b", value + "\x07", value + "\U0001f642", value + "\u4e2d"]
    return out


def queries(content) -> list[str]:
    rng = random.Random(23)
    found = []
    for facet in FACETS:
        for value in dict.fromkeys(v for r in content.records for v in facet.values(r)):
            found += [f"{facet.name}={quote_plus(miss)}" for miss in near_misses(value, rng)]
    found += [f"{facet.name}={quote_plus(v)}" for facet in FACETS for v in ("zzz", "Straße", "ﬁ", "ǅ", "Σας")]
    ids = sorted(r.id for r in content.records)
    found += [f"id={quote_plus(miss)}" for i in ids[:4] + [DRAFT] for miss in near_misses(i, rng)]
    found += ["regoin=West+Midlands", "Theme=agility", "th%C3%A8me=x", "x+y=1", "id=", "theme=", "theme",
              "region=West+Midlands&regoin=x&theme=zz", "theme=agility&theme=agility&theme=agilty",
              "region=West+Midlands&theme=agility&id=" + DRAFT, "org_type=police", "year=1999&year=2015",
              "organisation=warwickshire+county+council", "kind=case-study&kind=findings&evidence_type=opinon",
              "theme=%FF%FE", "theme=a%00b", "organisation=dudley+strassen+mbc", "organisation=DUDLEY+STRASSEN+MBC",
              "organisation=dudley+stra%C3%9Fen+mbc", "nation=" + quote_plus("Scotland\u2028")]
    return found


def test_the_browser_reads_every_address_as_the_command_line_does(content) -> None:
    asked = queries(content)
    assert len(asked) > 500
    seen = browser_reading(content, asked)
    differ = [(q, python_reading(content, q), b) for q, b in zip(asked, seen, strict=True)
              if python_reading(content, q) != b]
    assert differ == [], "\n".join(f"{q}\n  python:  {p}\n  browser: {b}" for q, p, b in differ[:5])
    messages = {m for b in seen for m in b["problems"]}
    # The corpus reaches every kind of message, so agreement means something.
    for words in ("is not a region of any published record; did you mean 'West Midlands'?",
                  "which looks like the ASCII letter", "; and ", "in the address is not a filter",
                  "is not a record id", "only published records go into packs", "choose one of",
                  "\\u200b", "an organisation named in any published record"):
        assert any(words in m for m in messages), words


def test_west_midland_reads_as_on_the_command_line(content) -> None:
    [seen] = browser_reading(content, ["region=West+Midland"])
    assert seen["problems"] == ["'West Midland' is not a region of any published record; "
                                "did you mean 'West Midlands'?"]


def test_the_similarity_is_difflibs_to_the_last_bit() -> None:
    """Long words too: from 200 characters difflib ignores the letters that are everywhere (autojunk)."""
    rng = random.Random(7)
    pairs = []
    for length in (0, 1, 5, 12, 40, 199, 200, 201, 260, 600):
        for _ in range(12):
            alphabet = rng.choice(["ab", "abc ", "West Midlands", "aé中🙂"])
            a = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
            b = "".join(rng.choice(alphabet) for _ in range(length))
            pairs += [[a, b], [b, a]]
    seen = run_js("return input.map(p => Sel.ratio(p[0], p[1]));", pairs)
    assert seen == [difflib.SequenceMatcher(None, a, b).ratio() for a, b in pairs]
