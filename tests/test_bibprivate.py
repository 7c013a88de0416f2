"""The published references.bib: the file as written less its private fields and path-holding comments.

Each layout a reference manager or a hand writes (one field a line, several on a line, quoted
values, `#` joins, macros, parentheses, CRLF line ends) loses exactly the private fields and
keeps every other byte's worth of meaning; what pandoc reads from it is what it read before,
less those fields. When a layout defeats the cutter, the entries are written afresh instead.
"""

from __future__ import annotations

import hypothesis
import hypothesis.strategies as st
import pytest
from casebook.bib import private as bibprivate
from casebook.bib.library import parse_library, read_fields

LAYOUTS = {
    "one a line, last without comma": """@article{a,
  author = {Rayson, Martin},
  file = {/Users/jo/Zotero/storage/AB12/a.pdf},
  title = {Why engagement matters},
  abstract = {Councils {that} listened.}
}
""",
    "several on a line": "@misc{b, title = {One line}, file = {:home/jo/b.pdf:pdf}, year = {2016}, abstract = \"x\"}\n",
    "quoted with braces and a join": """@string{lgc = {Local Government Chronicle}}
@article{c,
  journal = lgc # { Weekly},
  abstract = "A {\\"u}ber-quoted " # {abstract},
  title = "Quoted {Title}",
  owner = anne,
}
""",
    "parentheses and CRLF": "@misc(d,\r\n  title = {Windows},\r\n  file = {C\\:\\\\Users\\\\jo\\\\d.pdf},\r\n"
                            "  note = {kept}\r\n)\r\n",
    "a path in url and a comment": """% Exported 2026-11-20
@online{e,
  title = {Page},
  url = {file:///C:/Users/jo/page.html},
  urldate = {2026-11-20},
}
@Comment{jabref-meta: fileDirectory-jo-laptop:/home/jo/papers;}
@Comment{jabref-meta: databaseType:biblatex;}
""",
}


def _published(text: str) -> str:
    return bibprivate.published(text, parse_library(text))


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_only_the_private_fields_go(text: str) -> None:
    out = _published(text)
    before, after = read_fields(text), read_fields(out)
    assert after == {key: {k: v for k, v in fields.items() if not bibprivate.why_private(k, v)}
                     for key, fields in before.items()}
    assert any(bibprivate.why_private(k, v) for fields in before.values() for k, v in fields.items())
    assert not bibprivate.LOCAL_PATH.search(out)
    assert not bibprivate.private_comments(parse_library(out))


def test_line_structure_and_comments_are_kept() -> None:
    text = LAYOUTS["a path in url and a comment"]
    assert _published(text) == """% Exported 2026-11-20
@online{e,
  title = {Page},
  urldate = {2026-11-20},
}
@Comment{jabref-meta: databaseType:biblatex;}
"""
    assert _published(LAYOUTS["several on a line"]) == "@misc{b, title = {One line}, year = {2016}, }\n"
    assert _published(LAYOUTS["parentheses and CRLF"]) == "@misc(d,\r\n  title = {Windows},\r\n  note = {kept}\r\n)\r\n"


def test_a_file_with_nothing_private_is_returned_as_it_is() -> None:
    text = "% A note\n@misc{x,\n  title = {Plain},\n  url = {https://example.org/home/x},\n}\n"
    assert _published(text) is text


def test_when_the_cutter_is_defeated_the_entries_are_written_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last resort loses the layout, never the privacy."""
    monkeypatch.setattr(bibprivate, "_field_spans", lambda text, at: None)
    text = LAYOUTS["one a line, last without comma"] + LAYOUTS["a path in url and a comment"]
    out = _published(text)
    assert read_fields(out) == {key: {k: v for k, v in fields.items() if not bibprivate.why_private(k, v)}
                                for key, fields in read_fields(text).items()}
    assert "/Users/" not in out and "fileDirectory" not in out and "databaseType" in out


@pytest.mark.parametrize(("value", "private"), [
    ("/Users/jo/x.pdf", True), ("/home/jo/x", True), ("~/Documents/x", True), ("C:\\Users\\jo", True),
    ("C\\:\\\\Users\\\\jo", True), ("C$\\backslash$:/Users/jo", True), ("\\\\server\\share\\x", True),
    ("file:///Users/jo/x", True), ("D:/data/x.pdf", True),
    ("https://example.org/home/x", False), ("https://example.org/~jo/x", False), ("and/or", False),
    ("pp. 1/2", False), ("Part 2: A/B testing", False), ("http://example.org/a:/b", False),
])
def test_what_counts_as_a_local_path(value: str, private: bool) -> None:
    assert bool(bibprivate.why_private("note", value)) is private


_WORDS = st.sampled_from(["Local", "government", "{NHS}", "50\\%", "a,b", "x = y", "{\\'e}t{\\'e}", "}{",
                          "/Users/jo/x.pdf", "C:\\Users\\jo", "%", "\"q\"", "#"])


@st.composite
def _bib(draw: st.DrawFn) -> str:
    entries = []
    for n in range(draw(st.integers(1, 3))):
        names = draw(st.lists(st.sampled_from(["title", "note", "file", "abstract", "year", "owner", "annote"]),
                              min_size=1, max_size=5, unique=True))
        fields = []
        for name in names:
            words = [w for w in draw(st.lists(_WORDS, max_size=4)) if w != "}{"]
            value = " ".join(words)
            quoted = draw(st.booleans()) and '"' not in value
            fields.append(f'{name} = "{value}"' if quoted else f"{name} = {{{value}}}")
        separator = draw(st.sampled_from([",\n  ", ", ", ",\r\n\t"]))
        end = draw(st.sampled_from(["", ",", ",\n"]))
        entries.append(f"@misc{{k{n}{separator}{separator.join(fields)}{end}\n}}\n")
    return draw(st.sampled_from(["", "% head\n"])) + "\n".join(entries)


@hypothesis.settings(max_examples=150, deadline=None)
@hypothesis.given(_bib())
def test_any_layout_loses_exactly_the_private_fields(text: str) -> None:
    library = parse_library(text)
    hypothesis.assume(library is not None and not library.failed_blocks)
    out = bibprivate.published(text, library)
    assert read_fields(out) == {key: {k: v for k, v in fields.items() if not bibprivate.why_private(k, v)}
                                for key, fields in read_fields(text).items()}
