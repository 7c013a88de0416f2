"""Raw HTML is found where pandoc's raw_html extension reads it (issue 21, item 9), checked against pandoc
itself: Casebook's reader (pandoc/common.yaml) with raw_html turned back on, so every tag and comment it
would have passed through is one rawhtml.py reports."""

from __future__ import annotations

import json
import subprocess

import yaml
from casebook.pandoc_tools import pandoc_binary
from casebook.rawhtml import raw_html
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

READER = yaml.safe_load((REPO / "scripts/casebook/pandoc/common.yaml").read_text())["from"].replace("-raw_html", "")

# text -> what rawhtml reports (a closing tag only when nothing opened it).
CORPUS = {
    "<script>alert(1)</script>": ["<script>"],
    "a <b>bold</b> c": ["<b>"],
    "a stray </i> alone": ["</i>"],
    "<!-- a note --> text": ["<!-- a note -->"],
    '<span title=">">x</span>': ['<span title=">">'],
    "<b\nc=\"d\">x": ['<b\nc="d">'],
    "x <?php echo 1 ?> y": ["<?php echo 1 ?>"],
    "<a:b> <abc:text/html> <é> <B-1>": ["<a:b>", "<abc:text/html>", "<é>", "<B-1>"],
    "[<b>](https://x.org) and [x][<i>]": ["<b>", "<i>"],
    "```\n<b>\n```\n\n<i>": ["<i>"],
    # Not HTML, to pandoc either.
    "a < b and c > d, x<y), 3 <4": [],
    "<https://example.org> <mailto:a@b.org> <a@b.org> <data:text/html,hi>": [],
    "`<code>` and ``<b>` x``, \\<escaped>": [],
    "[x](<https://x.org/a b>) [y](https://x.org?a=<b>) [z](a \"<b>\")": [],
    "[a]: <b>\n\n[a]": [],
    "<1a> <_a> <a.b> <a=b> <b \"c\"> <b c,d> </ b> < b> <!--> <!DOCTYPE html>": [],
    "<!-- never closed": [],
}
# pandoc reads an indented block as code; rawhtml does not tell it from a list's continuation, so it reports it.
OVER = {"para\n\n    <b>": ["<b>"]}


def _pandoc(text: str) -> list[str]:
    out = subprocess.run([pandoc_binary(), "-f", READER, "-t", "json"], input=text.encode(), capture_output=True,
                         check=True, timeout=60).stdout
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") in ("RawInline", "RawBlock"):
                found.append(node["c"][1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(out)["blocks"])
    return found


def test_the_corpus_as_pandoc_reads_it() -> None:
    for text, expected in {**CORPUS, **OVER}.items():
        assert [h.text for h in raw_html(text)] == expected, text
        assert bool(_pandoc(text)) == (bool(expected) and text not in OVER), text
    assert [h.comment for h in raw_html("<!-- c --> <b>")] == [True, False]
    assert [h.offset for h in raw_html("ab <b> <!-- c -->")] == [3, 7]


def _covered(text: str) -> None:
    """Every raw HTML element pandoc passes through starts with a tag rawhtml found (or closes one it found)."""
    ours = [h.text for h in raw_html(text)]
    for raw in _pandoc(text):
        opened = raw.startswith("</") and any(o.lower().startswith("<" + raw[2:].rstrip(">").split()[0].lower())
                                              for o in ours if o.startswith("<") and not o.startswith("</"))
        assert opened or any(raw.startswith(o) for o in ours), (text, raw, ours)


PIECES = ["<", ">", "b", "a", " ", "\n", "\n\n", "`", "``", "```\n", "~~~\n", "\\", "/", "=", '"', "'", ",", "!--",
          "--", "?", "[", "]", "(", ")", "x", "<b>", "</b>", "<!--", "-->", "<?p", "](", "]:", "    ", "*", "-", "é",
          ":", "https:", "@", "c=", "<i ", "2"]


@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_every_tag_pandoc_would_pass_through_is_found(text: str) -> None:
    _covered(text)
