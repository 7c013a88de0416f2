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

from casebook.bib import names as bibnames

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
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
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


def kept_title_case(value: str) -> tuple[list[str], str]:
    """A title written in Title Case whose capitals are all in braces, so pandoc keeps them and
    prints it in Title Case: the words kept, and the title with those braces taken off.

    Mendeley braces the whole title (`{{Leading Culture Change}}`), Zotero's own exporter
    each capitalised word (`{Leading} {Culture} {Change}`), Better BibTeX runs of them
    (`{{SQL}} to {{MongoDB Mapping Chart}}`). In a longer title, one braced phrase
    (`Commentary on the {Localism Act}`), or a group naming an organisation, is a name braced
    on purpose."""
    text = _COMMAND.sub(lambda m: " " * len(m.group()), value)
    depth, depths = 0, []
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        depths.append(depth)
    flat = text.replace("{", " ").replace("}", " ")
    words = list(_WORD.finditer(flat))
    if any(w.group().islower() and w.group() not in _MINOR for w in words):
        return [], value  # sentence case: its braces keep proper nouns, as they should
    groups = _groups(text)
    wholly = len(groups) == 1 and groups[0] == (0, len(value))
    kept, fixed_groups = [], set()
    for i, word in enumerate(words):
        starts = i == 0 or _SENTENCE_END.search(flat[words[i - 1].end():word.start()])
        if starts or not _lowered(word.group()):
            continue
        if not depths[word.start()]:
            return [], value  # pandoc lowers this one: the title is not all kept
        group = next(g for g in groups if g[0] < word.start() < g[1])
        inner = value[group[0] + 1:group[1] - 1]
        if not wholly and len(inner.split()) > 1 and bibnames.names_organisation(inner):
            continue
        kept.append(word.group())
        fixed_groups.add(group)
    if len(kept) < 2 or not (wholly or len(fixed_groups) > 1):
        return [], value  # one braced phrase in a longer title is most likely a name
    fixed = value
    for start, end in sorted(fixed_groups, reverse=True):
        inner = fixed[start:end]
        while bibnames.wholly_braced(inner):
            inner = inner[1:-1]
        fixed = fixed[:start] + inner + fixed[end:]
    return kept, fixed


def _groups(text: str) -> list[tuple[int, int]]:
    """The spans of the top-level brace groups."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            start = i if depth == 0 else start
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def english(fields: dict[str, str]) -> bool:
    """Whether pandoc treats the entry as English, the only language whose titles it lowers."""
    return fields.get("langid", "english").strip().lower() in ("english", "british", "american", "ukenglish",
                                                               "usenglish", "en", "en-gb", "en-us")


def warnings(fields: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(field, message, hint) for each title whose proper nouns pandoc would print in lower case."""
    if not english(fields):
        return
    for name in TITLE_FIELDS:
        words = lowered_words(fields.get(name, ""))
        if words:
            shown = ", ".join(repr(w) for w in words[:_MAX_NAMED]) + (" ..." if len(words) > _MAX_NAMED else "")
            yield (name, f"pandoc prints titles in sentence case, so {shown} in {name} will lose "
                         f"{'its capital' if len(words) == 1 else 'their capitals'}",
                   f"brace each word that keeps its capital, e.g. {{{words[0]}}}")
