"""Rules for the works records carry (their `references`), held to what references.bib is held to.

The schema checks each entry's shape (fields, types, the key's form, dates, addresses);
record_works adds what a schema cannot say: the fields each type needs for a reference,
a name that is a person or an organisation but not both, a key used twice in one record.
Across files, once every record is read: a key is defined once in the whole project (pandoc
would silently keep one of two), a citation names a work that references.bib or some
record carries, and a carried work is cited by somebody.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from casebook.bib.library import KEY
from casebook.bib.names import looks_like_organisation
from casebook.bib.works import FIELD_WORDS, NAME_FIELDS, TYPES
from casebook.hints import dotted
from casebook.load import YamlFile
from casebook.problems import Problems, brief
from casebook.validate.citations import items, unknown_work
from casebook.validate.context import Context, RecordCheck
from casebook.validate.perfile import CheckedFile
from casebook.words import phrase, said

ONLINE_TYPES = ("webpage",)


@dataclass(frozen=True)
class Defined:
    """Where a key is defined: references.bib or a record file, at a line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return phrase("defined-at", path=self.path, line=str(self.line))


def entries(data: object) -> Iterator[tuple[int, dict]]:
    """(index, entry) of each mapping in a record's references."""
    works = data.get("references") if isinstance(data, dict) else None
    for i, item in enumerate(items(works)):
        if isinstance(item, dict):
            yield i, item


def record_works(check: RecordCheck) -> None:
    seen: dict[str, int] = {}
    for i, work in entries(check.data):
        key = work.get("id")
        if isinstance(key, str):
            if key in seen:
                check.error(("references", i, "id"), "duplicate-work",
                            *said("duplicate-work/record", key=repr(key), first=dotted(("references", seen[key]))))
            else:
                seen[key] = i
        kind = work.get("type")
        if isinstance(kind, str) and kind in TYPES:
            _needs(check, i, work, kind)
        for field in NAME_FIELDS:
            for n, name in enumerate(items(work.get(field))):
                if isinstance(name, dict):
                    _name(check, ("references", i, field, n), name)
        if work.get("type") in ONLINE_TYPES and work.get("URL") and not work.get("accessed"):
            check.warning_at(*check.loaded.mark(("references", i, "URL")), "work-accessed",
                             *said("work-accessed", index=str(i)))


def _needs(check: RecordCheck, i: int, work: dict, kind: str) -> None:
    for need in TYPES[kind][1]:
        options = (need,) if isinstance(need, str) else need
        if any(work.get(o) not in (None, "", []) for o in options):
            continue
        fields = phrase("or").join(FIELD_WORDS.get(o, o) for o in options)
        check.error(("references", i), "work-missing-field",
                    *said("work-missing-field", index=str(i), kind=kind, fields=fields))


def _name(check: RecordCheck, path: tuple, name: dict) -> None:
    person = "family" in name or "given" in name
    if person and "literal" in name:
        check.error(path, "work-name", *said("work-name/both"))
    elif "given" in name and "family" not in name:
        check.error(path, "work-name", *said("work-name/family"))
    elif not person and "literal" not in name:
        check.error(path, "work-name", *said("work-name/none"))
    elif "family" in name and isinstance(name["family"], str) and looks_like_organisation(
            " ".join(str(name.get(p, "")) for p in ("given", "family"))):
        whole = " ".join(str(name[p]) for p in ("given", "family") if isinstance(name.get(p), str))
        check.warning_at(*check.loaded.mark(path), "work-name",
                         *said("work-name/organisation", whole=brief(whole), name=whole))


def definitions(ctx: Context, files: list[YamlFile]) -> dict[str, list[Defined]]:
    """Every place each key is defined: references.bib's entries, then each record's works in file order."""
    found: dict[str, list[Defined]] = {key: [Defined(ctx.bib_shown, e.line, 1)]
                                       for key, e in ctx.bibliography.items()}
    for file in files:
        data = file.loaded.data if file.loaded else None
        for i, work in entries(data):
            key = work.get("id")
            if isinstance(key, str) and KEY.fullmatch(key):
                line, col = file.loaded.mark(("references", i, "id"))  # type: ignore[union-attr]
                found.setdefault(key, []).append(Defined(file.shown, line, col))
    return found


def defined_once(ctx: Context, places: dict[str, list[Defined]], problems_of: dict[str, Problems]) -> None:
    """A key defined in two places is an error at each record that defines it, naming the other place."""
    for key, where in places.items():
        if len({d.path for d in where}) < 2:
            continue
        for here in where:
            if here.path == ctx.bib_shown or here.path not in problems_of:
                continue
            others = ", ".join(str(d) for d in where if d.path != here.path)
            problems_of[here.path].error(here.path, here.line, here.col, "duplicate-work",
                                         *said("duplicate-work/project", key=repr(key), others=others))


def resolve(checked: list[CheckedFile], places: dict[str, list[Defined]]) -> None:
    """The citations no file could resolve alone: an error each where no work has the key, and the
    record is dropped (any error keeps a record from rendering)."""
    keys: list[str] | None = None
    for c in checked:
        for u in c.unresolved:
            if u.key in places:
                continue
            keys = keys if keys is not None else sorted(places)
            c.problems.error(c.file.shown, u.line, u.col, "unknown-key", *unknown_work(u.key, keys, u.inline))
            c.record = None


def uncited_works(ctx: Context, places: dict[str, list[Defined]], cited: set[str]) -> None:
    """A work a record carries that no record cites: a warning where it is described."""
    for key, where in sorted(places.items()):
        if key in cited:
            continue
        for here in where:
            if here.path != ctx.bib_shown:
                ctx.problems.warning(here.path, here.line, here.col, "uncited",
                                     *said("uncited/work", work=repr(key), key=key))
