"""What validates is what renders: every link pandoc would make with an unsafe scheme is one the
validator reports, however the scheme is disguised (entities, escapes, case, whitespace,
reference definitions). Pandoc itself decides what is a link; one call checks many targets."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml
from casebook import markdown
from casebook.pandoc_tools import PANDOC_DIR, pandoc_binary
from hypothesis import given, settings
from hypothesis import strategies as st

READER = yaml.safe_load((PANDOC_DIR / "common.yaml").read_text())["from"]
# The safety filter's own rule (pandoc/safety.lua): the scheme after removing controls and spaces.
_LUA_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SAFE = {"http", "https", "mailto"}


def _unsafe(target: str) -> bool:
    found = _LUA_SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", target))
    return bool(found) and found.group(1).lower() not in SAFE


def _pandoc_links(paragraphs: list[str]) -> list[list[str]]:
    """For each paragraph, the targets of the links pandoc makes of it."""
    # Reference labels are global to a document: give each paragraph its own.
    text = "\n\n".join(f"Case{i} {p.replace('[r]', f'[r{i}]')}" for i, p in enumerate(paragraphs))
    done = subprocess.run([pandoc_binary(), "-f", READER, "-t", "json"], input=text.encode(),
                          capture_output=True, check=True, timeout=120)
    found: dict[int, list[str]] = {i: [] for i in range(len(paragraphs))}
    current = -1

    def walk(node: object) -> None:
        nonlocal current
        if isinstance(node, dict):
            if node.get("t") == "Str" and re.fullmatch(r"Case\d+", node.get("c", "")):
                current = int(node["c"][4:])
            if node.get("t") == "Link":
                found.setdefault(current, []).append(node["c"][2][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(done.stdout)["blocks"])
    return [found[i] for i in range(len(paragraphs))]


def _flagged(paragraph: str) -> bool:
    return any(not link.is_image and not markdown.is_safe_url(link.target) for link in markdown.links(paragraph))


SCHEMES = ["javascript", "JaVaScRiPt", "java\tscript", "vbscript", "data", "file", "http", "https", "mailto", "x"]
COLONS = [":", "&#58;", "&colon;", "&#x3A;", "&#0000058;", "\\:", "%3A"]
FORMS = ["[t]({})", "[t](<{}>)", '[t]({} "title")', "<{}>", "[t][r]\n\n[r]: {}", "![i]({})"]
KNOWN = [form.format(scheme + colon + "alert(1)")
         for form in FORMS for scheme in SCHEMES for colon in COLONS]


def _check(paragraphs: list[str]) -> None:
    for paragraph, targets in zip(paragraphs, _pandoc_links(paragraphs), strict=True):
        if any(_unsafe(t) for t in targets):
            assert _flagged(paragraph), f"pandoc makes an unsafe link the validator misses: {paragraph!r}"


def test_disguised_schemes() -> None:
    _check(KNOWN)


@pytest.mark.parametrize("paragraph", ["[ok](https://example.org)", "[rel](other-record.yaml)", "<mailto:a@b.org>"])
def test_safe_links_are_not_flagged(paragraph: str) -> None:
    assert not _flagged(paragraph)
    assert _pandoc_links([paragraph])[0]


@settings(max_examples=25, derandomize=True, deadline=None, database=None)
@given(st.lists(st.builds(lambda form, scheme, colon, rest: form.format(scheme + colon + rest),
                          st.sampled_from(FORMS), st.sampled_from(SCHEMES) | st.text(max_size=6),
                          st.sampled_from(COLONS), st.text(max_size=12)),
                min_size=20, max_size=20))
def test_random_disguises(paragraphs: list[str]) -> None:
    _check(paragraphs)
