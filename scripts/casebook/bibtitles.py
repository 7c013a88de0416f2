"""Capitals pandoc will take away: titles are printed in sentence case, so unbraced proper nouns lose theirs.

Pandoc's biblatex reader assumes English titles are in title case and turns them into
sentence case for the style: "Public services in England" prints as "Public services in
england". Braces keep a word as written (`{England}`). A title already in title case
("Leading Culture Change") is meant to be lowered, so only a title that is otherwise in
sentence case (it has lower-case words a title-case writer would have capitalised) is
reported: its capitals are most likely proper nouns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The fields pandoc's reader puts through sentence case (getTitle); journal titles are not.
TITLE_FIELDS = ("title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "maintitle", "mainsubtitle",
                "issuetitle", "issuesubtitle", "eventtitle", "origtitle", "shorttitle")
# Words a title-case writer leaves in lower case (articles, conjunctions, prepositions).
_MINOR = set("a an the and but or nor for so yet as at by in of off on per to up via vs with from into onto over "
             "upon than amid among amongst about above across after against along around before behind below "
             "beneath beside between beyond despite down during except inside near outside past since through "
             "throughout till toward towards under until unto within without versus".split())
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*")
_SENTENCE_END = re.compile(r"[:?!.]\s*$")
_MAX_NAMED = 4


def _top_level(value: str) -> str:
    """The text outside braces and LaTeX commands, braced parts blanked so positions stay."""
    out, depth, i = [], 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            command = re.match(r"\\(?:[A-Za-z]+|.)", value[i:])
            span = command.group() if command else "\\"
            out.append(" " * len(span))
            i += len(span)
            continue
        depth += (ch == "{") - (ch == "}")
        out.append(ch if depth == 0 and ch not in "{}" else " ")
        i += 1
    return "".join(out)


def _lowered(word: str) -> bool:
    """Whether sentence case lowers the word: each hyphenated part capitalised and otherwise lower case."""
    return all(part[:1].isupper() and not any(c.isupper() for c in part[1:]) for part in word.split("-"))


def lowered_words(value: str) -> list[str]:
    """The words of a sentence-case title that pandoc would print without their capital."""
    text = _top_level(value)
    words = list(_WORD.finditer(text))
    if not any(w.group().islower() and w.group() not in _MINOR for w in words):
        return []  # title case (or no lower-case content word): pandoc's lowering is what is wanted
    found = []
    for i, word in enumerate(words):
        starts = i == 0 or _SENTENCE_END.search(text[words[i - 1].end():word.start()])
        if not starts and _lowered(word.group()) and word.group() not in found:
            found.append(word.group())
    return found


def warnings(fields: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(field, message, hint) for each title whose proper nouns pandoc would print in lower case."""
    if fields.get("langid", "english").strip().lower() not in ("english", "british", "american", "ukenglish",
                                                               "usenglish", "en", "en-gb", "en-us"):
        return
    for name in TITLE_FIELDS:
        words = lowered_words(fields.get(name, ""))
        if words:
            shown = ", ".join(repr(w) for w in words[:_MAX_NAMED]) + (" ..." if len(words) > _MAX_NAMED else "")
            yield (name, f"pandoc prints titles in sentence case, so {shown} in {name} will lose "
                         f"{'its capital' if len(words) == 1 else 'their capitals'}",
                   f"brace each word that keeps its capital, e.g. {{{words[0]}}}")
