"""Citation rules: structured sources and inline `[@key, p. N]` citations name works in references.bib.

inline_keys is the one inline-citation check, used for records, themes.yaml and the
self-assessment alike, with the one locator algorithm of validate/locate.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from casebook import markdown
from casebook.bib.library import KEY, KEY_RULE
from casebook.hints import did_you_mean, dotted
from casebook.model import BibEntry
from casebook.problems import Problems, brief
from casebook.validate.context import RecordCheck, Unresolved
from casebook.validate.locate import locate
from casebook.words import said
from casebook.yamlio.safe import LoadedYaml


def items(value: object) -> list:
    """A list field's items; the schema reports a value of the wrong type."""
    return value if isinstance(value, list) else []


def source_refs(data: dict) -> Iterator[tuple[tuple, object]]:
    """(path of the key, the source mapping) for every structured source in a record."""
    for i, s in enumerate(items(data.get("sources"))):
        yield ("sources", i, "key"), s
    for name in ("quotes", "figures"):
        for i, item in enumerate(items(data.get(name))):
            if isinstance(item, dict):
                yield (name, i, "source", "key"), item.get("source")


def statement_fields(data: dict) -> Iterator[tuple[tuple, str]]:
    """(path, text) of the fields whose statements must be sourced: summary and each narrative section."""
    if isinstance(data.get("summary"), str):
        yield ("summary",), data["summary"]
    narrative = data.get("narrative")
    if isinstance(narrative, dict):
        for k, v in narrative.items():
            if isinstance(v, str):
                yield ("narrative", k), v


def markdown_fields(data: dict) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every Markdown field of a record: the statement fields, then editorial notes."""
    yield from statement_fields(data)
    for i, note in enumerate(items(data.get("editorial_notes"))):
        if isinstance(note, str):
            yield ("editorial_notes", i), note


def cited_in(data: object) -> set[str]:
    """Every key a record's data cites, in its sources and its text, whatever else is wrong with it."""
    if not isinstance(data, dict):
        return set()
    cited = {ref["key"] for _, ref in source_refs(data) if isinstance(ref, dict) and isinstance(ref.get("key"), str)}
    for _, text in markdown_fields(data):
        cited.update(found.value for found in markdown.citation_keys(text))
    return cited


def unknown_key(key: str, keys: list[str], inline: bool) -> tuple[str, str | None]:
    what = f"inline citation @{key}" if inline else brief(key)
    hint = did_you_mean(key, keys) or (None if KEY.fullmatch(key) else KEY_RULE)
    if not inline:
        hint = hint or "add the work to references.bib first"
    return f"{what} is not a key in references.bib", hint


def inline_keys(loaded: LoadedYaml, shown: str, fields: Iterable[tuple[tuple, str]],
                bibliography: dict[str, BibEntry], problems: Problems) -> None:
    """Every inline citation in the fields names a key in the bibliography, and no key is left bare.

    A bare `@key` is text by Casebook's rule (it could be a handle); one that is exactly a
    bibliography key was almost certainly meant as a citation, so it is a warning.
    """
    keys: list[str] | None = None
    for path, value in fields:
        for found in markdown.citation_keys(value):
            if found.value not in bibliography:
                keys = keys if keys is not None else sorted(bibliography)
                line, col = locate(loaded, path, value, found)
                problems.error(shown, line, col, "unknown-key", *unknown_key(found.value, keys, inline=True))
        for found in markdown.bare_keys(value):
            if found.value in bibliography:
                line, col = locate(loaded, path, value, found)
                problems.warning(shown, line, col, "bare-key",
                                 f"{dotted(path)}: @{found.value} is printed as text, not as a citation",
                                 hint=f"did you mean [@{found.value}, p. N]?")


def record_sources(check: RecordCheck) -> None:
    """Every structured source names a known work; one this file cannot know waits for the other files."""
    for path, ref in source_refs(check.data):
        if isinstance(ref, dict) and isinstance(ref.get("key"), str) and not check.knows(ref["key"]):
            line, col = check.loaded.mark(path)
            check.unresolved.append(Unresolved(line, col, ref["key"], inline=False))


def record_inline(check: RecordCheck) -> None:
    """Inline citations as record_sources; a bare @key naming a known work is a warning (see inline_keys)."""
    for path, value in markdown_fields(check.data):
        for found in markdown.citation_keys(value):
            if not check.knows(found.value):
                line, col = locate(check.loaded, path, value, found)
                check.unresolved.append(Unresolved(line, col, found.value, inline=True))
        for found in markdown.bare_keys(value):
            if check.knows(found.value):
                line, col = locate(check.loaded, path, value, found)
                check.warning_at(line, col, "bare-key", *said("bare-key", where=dotted(path), key=found.value))


def unknown_work(key: str, keys: list[str], inline: bool) -> tuple[str, str | None]:
    """Message and hint for a record citing a key no work has, in references.bib or any record."""
    words, otherwise = (said("unknown-key/inline", key=key) if inline
                        else said("unknown-key/source", value=brief(key)))
    return words, did_you_mean(key, keys) or (None if KEY.fullmatch(key) else KEY_RULE) or otherwise
