"""The Propose page reads Markdown as casebook reads it: markdown.py's and rawhtml.py's functions and their
copies in assets/propose/ (run in Node.js with the patterns builders/propose_rules.py sends) give the same
answers on text made of the pieces that matter (brackets, keys in any script, locators, links, HTML
references, raw HTML, code, line breaks of every kind), and the same look-alike and did-you-mean words.

Text is kept to the Basic Multilingual Plane, where JavaScript's string offsets are Python's."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from casebook import lookalike, markdown, rawhtml
from casebook.builders.propose_rules import CHECK_SCRIPTS, rules
from casebook.hints import did_you_mean
from casebook.project import load_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "scripts/casebook/assets/propose"
RULES = rules(load_json(REPO / "schema/record.schema.json"))
PIECES = ["[", "]", "@", "@key", "@éclair2020", "@a.b", "@k_1", "-@x", "; ", ", p. 7", ", pp. 7-8", "see ", "cited in ",
          "\\@", "a@b.org", "[@", "]]", " ", "x", ":", ".", "-", "*", "(", ")", "\n", "\n\n", "\r\n", "\u2028", "\x1c",
          "\u00a0", "\ufeff", "\t", "- ", "1. ", "# ", "---", "===", "[ref]: ", "](", "![", "<", ">", "javascript:",
          "java", "script:", "JaVa\tscript:", "&#58;", "&colon;", "&#x3A", "&Tab;", "&amp;", "&notin;", "&#1;",
          "&#x80;", "&#0;", "&#xD800;", "&#xFDD0;", "&nbsp;", "&NewLine;", "&ampx", "\\:", "https://x.org", "`", "``",
          "```\n", "~~~\n", "<b>", "</b>", "<!--", "-->", "<?php ", '"', "'", "=", "/", "<a href=", "    ", "TODO",
          "с", "é", "ß"]
WORDS = ["agility", "listening", "customer-focus", "latham2015aspire", "аgility", "AGILITY", "Straße", "strasse",
         "lisening", "ﬁx", "pp. 7‑8", "x", ""]


def _js(texts: list[str], words: list[str]) -> dict:
    program = "globalThis.window = globalThis;\n" + "\n".join(
        (ASSETS / name).read_text(encoding="utf-8") for name in ("propose-util.js", *CHECK_SCRIPTS)) + """
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const CP = CasebookPropose, R = input.rules, M = CP.markdown, L = CP.links, W = CP.words;
const out = input.texts.map(t => ({
  cited: M.citationKeys(R, t).map(f => [f.value, f.offset]),
  bare: M.bareKeys(R, t).map(f => [f.value, f.offset]),
  items: M.citationItems(R, t).map(i => [i.key.value, i.key.offset, i.prefix, i.suffix]),
  statements: M.statements(R, t).map(s => [s.value, s.offset, M.isListItem(R, s.value)]),
  links: L.links(R, t).map(l => [l.target, l.offset, l.image, L.linkScheme(R, l.target), L.isSafeUrl(R, l.target)]),
  tails: L.linkTails(R, t),
  html: CP.html.rawHtml(R, t).map(h => [h.text, h.offset, h.comment]),
}));
const words = input.words.map(w => [W.explain(R, w), W.fold(R, w), W.didYouMean(w, input.options, R)]);
process.stdout.write(JSON.stringify({texts: out, words: words}));
"""
    payload = {"rules": RULES, "texts": texts, "words": words, "options": WORDS[:4]}
    done = subprocess.run(["node", "-e", program], input=json.dumps(payload), capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _python(text: str) -> dict:
    return {
        "cited": [[f.value, f.offset] for f in markdown.citation_keys(text)],
        "bare": [[f.value, f.offset] for f in markdown.bare_keys(text)],
        "items": [[i.key.value, i.key.offset, i.prefix, i.suffix] for i in markdown.citation_items(text)],
        "statements": [[s.value, s.offset, markdown.is_list_item(s.value)] for s in markdown.statements(text)],
        "links": [[link.target, link.offset, link.is_image, markdown.link_scheme(link.target),
                   markdown.is_safe_url(link.target)] for link in markdown.links(text)],
        "tails": [list(span) for span in markdown.link_tails(text)],
        "html": [[h.text, h.offset, h.comment] for h in rawhtml.raw_html(text)],
    }


def _agree(texts: list[str], words: list[str]) -> None:
    found = _js(texts, words)
    for text, theirs in zip(texts, found["texts"], strict=True):
        assert theirs == _python(text), repr(text)
    for word, theirs in zip(words, found["words"], strict=True):
        assert theirs == [lookalike.explain(word), lookalike.fold(word), did_you_mean(word, WORDS[:4])], repr(word)


def test_the_golden_texts_and_the_usual_ones() -> None:
    texts = ["Staff work to one set of behaviours [@latham2015aspire, p. 7].", "See [@éclair2020, p. 1].",
             "[see @a, pp. 7-8; @b_2, para. 6] and [@macleod2009engaging; cited in @latham2015aspire, p. 3]",
             "- one [@a, p. 1]\n- two\n\n1. three\n\nHeading\n=======\n\n[ref]: javascript:x",
             "[x](javascript&#58;alert(1)) [y](<https://x.org/a b> \"t\") <data:text/html,hi> ![i](p.png)",
             "a <b>b</b> <!-- c --> `<code>` \\<d> <https://x.org> a < b", "line\u2028sep\rcr\x1cfs [@k, p. 1]",
             # HTML references in a link, each decoded as Python's html.unescape decodes it
             "[a](java&#xFDD0;script:x) [b](&#106;avascript:x) [c](java&#x80;script:x) [d](&NewLine;javascript:x)",
             "[e](javas&Tab;cript:x) [f](&ampjavascript:x) [g](java&#0;script:x) [h](&#x6A;ava&#115;cript&#x3a;x)",
             "[i](vbscript&colon;x) [j](java&#x110000;script:x) [k](&#9;javascript:x) [l](jav&#97script:x)"]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests/cases").rglob("*.yaml"))
              if not p.is_symlink() and p.stat().st_size < 20000 and _utf8(p)]
    _agree(texts, WORDS)


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=12, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=16).map("".join), min_size=60, max_size=60),
       st.lists(st.text(alphabet="agilty-сеαßﬁé ", max_size=10), min_size=10, max_size=10))
def test_random_text(texts: list[str], words: list[str]) -> None:
    _agree(texts, words)
