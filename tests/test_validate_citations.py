"""The validator finds exactly the citations pandoc will render: the keys `casebook validate`
checks against references.bib are the ones pandoc cites (after stray `@` are escaped, as the
renderers do), so a record that validates never fails to render on a missing key."""

from __future__ import annotations

import json
import re
import subprocess

from casebook import markdown
from casebook.pandoc_tools import pandoc_binary
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validate_links import READER


def _pandoc_cites(paragraphs: list[str]) -> list[list[str]]:
    text = "\n\n".join(f"Case{i} {markdown.escape_stray_at(p)}" for i, p in enumerate(paragraphs))
    done = subprocess.run([pandoc_binary(), "-f", READER, "-t", "json"], input=text.encode(),
                          capture_output=True, check=True, timeout=120)
    found: dict[int, list[str]] = {i: [] for i in range(len(paragraphs))}
    current = -1

    def walk(node: object) -> None:
        nonlocal current
        if isinstance(node, dict):
            if node.get("t") == "Str" and re.fullmatch(r"Case\d+", node.get("c", "")):
                current = int(node["c"][4:])
            if node.get("t") == "Cite":
                found.setdefault(current, []).extend(c["citationId"] for c in node["c"][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(done.stdout)["blocks"])
    return [found[i] for i in range(len(paragraphs))]


def _agree(paragraphs: list[str], exactly: bool = True) -> None:
    for paragraph, cited in zip(paragraphs, _pandoc_cites(paragraphs), strict=True):
        checked = {f.value for f in markdown.citation_keys(paragraph)}
        if exactly:
            assert sorted(cited) == sorted(checked), paragraph
        else:  # in odd Markdown (`[*@*@key]`) the validator may check a key pandoc then leaves as text
            assert set(cited) <= checked, paragraph


def test_usual_citations() -> None:
    _agree(["[@latham2015aspire, p. 7]", "[see @a, pp. 7-8; @b_2, para. 6]", "[-@latham2015aspire, p. 2]",
            "write to team@example.org", "a bare @handle is text", "[an aside, not a citation]",
            "[@a.b:c, sec. 4.1] and [@k, ch. 3]", "\\@escaped", "[text](https://example.org/@user)"])


PIECES = ["[", "]", "@", "@key", "@a.b", "@k_1", "-@x", "; ", ", p. 7", "see ", "\\@", "a@b.org", "{", "}",
          "[@", "]]", " ", "x", ":", ".", "-", "*", "(", ")", "\n"]


@settings(max_examples=20, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), min_size=30, max_size=30))
def test_random_bracket_soup(paragraphs: list[str]) -> None:
    """Never the other way round: a key pandoc would cite is always one the validator checked."""
    _agree(paragraphs, exactly=False)


def test_one_key_rule_for_the_bibliography_and_the_schema() -> None:
    """references.bib entries and a record's sources[].key follow the same rule (bib.KEY)."""
    from casebook.bib.library import KEY, KEY_RULE
    from casebook.project import load_json
    from conftest import REPO

    schema = load_json(REPO / "schema" / "record.schema.json")
    key = schema["$defs"]["source"]["properties"]["key"]
    assert key["pattern"] == f"^{KEY.pattern}$"
    assert "ASCII letters, digits, _, -, : and ." in key["description"]
    assert "ASCII letters, digits, _, -, : and ." in KEY_RULE
    for good in ("latham2015aspire", "leaders_involving_staff_nd", "smith:2009", "a.b-c"):
        assert KEY.fullmatch(good)
    for bad in ("baez/article", "smith&jones", "müller2010", "trailing.", "-lead", "two words"):
        assert not KEY.fullmatch(bad)


LOCATED_PIECES = ["[@a, p. 7]", "[@b, para. 6]", "[@c]", "[@d, p.7]", "[see @e, p. 3]", "[@f; @g, p. 2]",
                  "[@h; cited in @i, sec. 4]", "[-@j, pp. 1-2]", "[@k, p. 7", "@l, p. 1]", "[@m, page 4]",
                  "[@n, p. 7; @o, p. 8]", " text ", "\n\n", "- ", "[", "]", ";"]


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(LOCATED_PIECES), max_size=10).map("".join))
def test_well_formed_citations_shortcut_reports_what_the_full_check_does(text: str) -> None:
    """The locator rule lets a field whose citations are all `[@key, p. N]` pass at once; with
    that shortcut off, the same text gets exactly the same problems."""
    import json as json_

    from casebook.load import YamlFile
    from casebook.problems import Problems
    from casebook.project import Project
    from casebook.validate import statements
    from casebook.validate.context import Context, RecordCheck
    from casebook.validate.schema import SchemaChecker
    from casebook.yamlio.safe import load_yaml_bytes
    from conftest import REPO

    loaded, issue = load_yaml_bytes(("summary: " + json_.dumps(text) + "\n").encode())
    assert issue is None and loaded is not None
    project = Project(REPO)

    def problems_found() -> list[str]:
        ctx = Context(project=project, problems=Problems(), bibliography={}, bib_shown="references.bib",
                      taxonomy=None, checker=SchemaChecker(project.record_schema), entries=[])
        file = YamlFile(REPO / "case_studies" / "x.yaml", "case_studies/x.yaml", loaded, None)
        statements.located_citations(RecordCheck(ctx, file, loaded, ctx.problems))
        return [str(p) for p in ctx.problems.items]

    with_shortcut = problems_found()
    never = re.compile(r"(?!)")
    original = statements._well_formed_group
    statements._well_formed_group = lambda pattern: never  # type: ignore[assignment]
    try:
        assert problems_found() == with_shortcut, text
    finally:
        statements._well_formed_group = original
