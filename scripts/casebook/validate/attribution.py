"""Whose words a quotation is: the same quoted words must be credited to the same work everywhere.

A report often quotes another work ("talks about ... `distributed and collaborative models of
leading'"). Casebook credits such words with a secondary citation, `[@original; cited in
@report, p. 3]`. Whose words a phrase is cannot be read off the text, so the validator does
not guess; but once Casebook has said so in one place, a theme definition or record that
quotes the same words citing only the report has credited them to the wrong work. That is
what this rule finds: a warning, since the fix is a judgement about the source.

A quoted phrase is governed by the first citation after it in its paragraph, else the last
one before it (the convention the content tests check quotations against the seeds with).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from casebook import markdown
from casebook.hints import dotted
from casebook.load import read_yaml_file, shown_path
from casebook.validate.citations import markdown_fields
from casebook.validate.context import Context
from casebook.validate.locate import locate
from casebook.yamlio.safe import LoadedYaml

_QUOTED = re.compile(r'"([^"]+)"|\u201c([^\u201c\u201d]+)\u201d')  # within one paragraph
_GROUP = re.compile(r"\[[^\[\]@]*@[^\[\]]*\]")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SECONDARY = re.compile(r"cited in", re.IGNORECASE)
_MIN_WORDS = 2  # one quoted word ("new", "many") is too common to say whose it is


@dataclass(frozen=True)
class Quoted:
    phrase: str
    offset: int  # of the phrase's first character, in the whole field
    mark: str  # the opening quotation mark
    group: str  # the governing citation, as written: `[@a; cited in @b, p. 3]` ("" when there is none)
    keys: tuple[str, ...]  # every work in it
    originals: tuple[str, ...]  # the works it credits through "cited in" (empty: credited directly)
    reporter: str | None  # the work "cited in" names, when there is one


def quoted_phrases(text: str) -> Iterator[Quoted]:
    """Each double-quoted phrase in a Markdown field with the citation that governs it, if any."""
    if '"' not in text and "\u201c" not in text:
        return  # most fields quote nothing: decided without splitting them
    for para in _paragraphs(text):
        start, body = para
        groups = [(m.start(), m.group(0)) for m in _GROUP.finditer(body)]
        for m in _QUOTED.finditer(body):
            after = [g for at, g in groups if at >= m.end()]
            before = [g for at, g in groups if at < m.start()]
            governing = after[0] if after else (before[-1] if before else "")
            keys, originals, reporter = _credit(governing)
            phrase = m.group(1) if m.group(1) is not None else m.group(2)
            yield Quoted(phrase, start + m.start() + 1, m.group(0)[0], governing, keys, originals, reporter)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for brk in _PARAGRAPH.finditer(text):
        yield pos, text[pos:brk.start()]
        pos = brk.end()
    yield pos, text[pos:]


def _credit(group: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    items = markdown.citation_items(group)
    keys = tuple(i.key.value for i in items)
    for n, item in enumerate(items):
        if n and _SECONDARY.fullmatch(item.prefix):
            return keys, keys[:n], item.key.value
    return keys, (), None


def _norm(phrase: str) -> str:
    return " ".join(phrase.replace("\u2019", "'").split()).casefold()


@dataclass(frozen=True)
class _Place:
    shown: str
    path: tuple
    text: str
    quoted: Quoted
    loaded: LoadedYaml | None  # None for themes.yaml until a problem needs it


def quote_attribution(ctx: Context) -> None:
    places = list(_places(ctx))
    credited: dict[str, _Place] = {}
    for place in places:
        if place.quoted.originals:
            credited.setdefault(_norm(place.quoted.phrase), place)
    if not credited:
        return
    themes_loaded: LoadedYaml | None = None
    for place in places:
        first = credited.get(_norm(place.quoted.phrase))
        if first is None or first is place:
            continue
        missing = [k for k in first.quoted.originals if k not in place.quoted.keys]
        if not missing:
            continue
        loaded = place.loaded
        if loaded is None:
            themes_loaded = themes_loaded or read_yaml_file(ctx.project.themes, place.shown).loaded
            loaded = themes_loaded
        q, whose = place.quoted, first.quoted
        line, col = (locate(loaded, place.path, place.text, markdown.Found(q.phrase.split()[0], q.offset),
                            prefix=q.mark) if loaded else (1, 1))
        ctx.problems.warning(
            place.shown, line, col, "quote-attribution",
            f"{dotted(place.path)}: the words {q.phrase!r} are credited here to "
            f"{', '.join('@' + k for k in q.keys)}, but {first.shown} ({dotted(first.path)}) credits these words to "
            f"{', '.join('@' + k for k in whose.originals)}, cited in @{whose.reporter}",
            hint=f"cite them the same way: [@{whose.originals[0]}; cited in @{whose.reporter}, <locator>]")


def _places(ctx: Context) -> Iterator[_Place]:
    for file in ctx.files:
        data = file.loaded.data if file.loaded else None
        if not isinstance(data, dict):
            continue
        for path, text in markdown_fields(data):
            for q in quoted_phrases(text):
                if q.group and len(q.phrase.split()) >= _MIN_WORDS:
                    yield _Place(file.shown, path, text, q, file.loaded)
    if ctx.taxonomy is None:
        return
    shown = shown_path(ctx.project, ctx.project.themes)
    fields = [(("groups", i, "description"), g.description) for i, g in enumerate(ctx.taxonomy.groups)]
    fields += [(("themes", i, "definition"), t.definition) for i, t in enumerate(ctx.taxonomy.themes)]
    for path, text in fields:
        for q in quoted_phrases(text):
            if q.group and len(q.phrase.split()) >= _MIN_WORDS:
                yield _Place(shown, path, text, q, None)
