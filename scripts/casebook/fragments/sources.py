"""What pandoc cites from, and what each citation's rendering depends on.

A build cites from two places: references.bib as written, and the works records carry,
which pandoc reads as CSL JSON (works.py). Both are passed to pandoc as files.

The store keeps each unit under a key made from what shapes its output. That is its own
text and, of the bibliography, only the works it cites and the works that decide their
labels: citeproc disambiguates "(Smith, 2020a)" from "(Smith, 2020b)", or adds names or
initials, only among works whose citations would otherwise read alike, which start with
the same name (or, with no author or editor, the title) and the same year. So a unit's key
takes a fingerprint of each work it cites: the work's own data, its crossref parents', and
that of every work in its label group (same first name, same year). A contribution that
brings its own works re-renders that record and the few whose labels it can change, not
every record (an edited or added work changes only its group's fingerprints).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from casebook.bib import names as bibnames
from casebook.bib import types as bibtypes
from casebook.bib import works
from casebook.pandoc_tools import bibliography_file

_YEAR = re.compile(r"\d{4}")
_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")
_CREATOR_FIELDS = ("author", "editor", "translator")


@dataclass(frozen=True)
class Sources:
    """references.bib's text and the records' works: what every unit is cited against."""

    bib_text: str
    works_csl: Mapping[str, dict] = field(default_factory=dict)  # key -> CSL data, as works.Work.csl
    bib_fields: Mapping[str, Mapping[str, str]] | None = None  # references.bib's entries, when already read

    @classmethod
    def of(cls, content) -> Sources:
        """The sources of a validated ContentSet."""
        return cls(content.bib_text, {k: w.csl for k, w in content.works.items()},
                   {k: {**e.fields, "@type": e.entry_type} for k, e in content.bibliography.items()})

    @cached_property
    def works_json(self) -> str:
        return works.csl_json(works.Work(k, v, "", 0) for k, v in self.works_csl.items()) if self.works_csl else ""

    def files(self) -> list[str]:
        """The bibliography files pandoc is given: references.bib, and the works when there are any."""
        found = [str(bibliography_file(self.bib_text))]
        if self.works_json:
            found.append(str(bibliography_file(self.works_json, suffix=".json")))
        return found

    @cached_property
    def digest(self) -> str:
        """Of everything: what the reference list itself depends on."""
        h = hashlib.sha256(self.bib_text.encode("utf-8"))
        h.update(b"\0" + self.works_json.encode("utf-8"))
        return h.hexdigest()

    @cached_property
    def _entries(self) -> dict[str, dict]:
        if self.bib_fields is not None:
            return {k: dict(v) for k, v in self.bib_fields.items()}
        from casebook.bib.library import read_fields  # only when the caller did not read references.bib already

        return read_fields(self.bib_text)

    @cached_property
    def _groups(self) -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[tuple[str, str], list[str]]]:
        """Each key's own digest, its label group (first creator folded, year), and each group's members."""
        own: dict[str, str] = {}
        group_of: dict[str, tuple[str, str]] = {}
        types = {k: str(v.get("@type", "")) for k, v in self._entries.items()}
        bare = {k: {n: v for n, v in fields.items() if n != "@type"} for k, fields in self._entries.items()}
        for key, fields in self._entries.items():
            own[key] = _digest(["bib", sorted(fields.items())])
            resolved = bibtypes.resolve(key, types, bare) if bibtypes.parents(fields) else fields
            group_of[key] = (_fold(_bib_creator(resolved)), _year(resolved.get("date") or resolved.get("year")))
        for key, csl in self.works_csl.items():
            own[key] = _digest(["csl", sorted(csl.items(), key=lambda kv: kv[0])])
            group_of[key] = (_fold(works.first_creator(csl)), works.year(csl))
        members: dict[tuple[str, str], list[str]] = {}
        for key, group in group_of.items():
            members.setdefault(group, []).append(key)
        return own, group_of, members

    @cached_property
    def fingerprints(self) -> dict[str, str]:
        """Each key's fingerprint: itself, its parents, and its label group (see the module's docstring)."""
        own, group_of, members = self._groups
        group_digest = {g: _digest(sorted(own[k] for k in ks)) for g, ks in members.items()}
        out = {}
        for key in own:
            parents = _ancestors(key, self._entries)
            out[key] = _digest([own[key], group_digest[group_of[key]], sorted(own.get(p, p) for p in parents)])
        return out

    def for_keys(self, keys: Iterable[str]) -> Sources:
        """The sources cut down to what units citing keys are rendered from: those works, their label
        groups and the entries they inherit from, with every @string and @preamble.

        A unit rendered against these reads exactly as against everything: it is the premise of its
        store key (cited_digest), which takes nothing else of the bibliography. Citeproc formats every
        work it is given (nocite @*), so an edit's render is faster: one record at 1,000 records took
        pandoc 0.44 s against all 208 works and 0.17 s against its 19. When the text cannot be cut
        along its entries for certain, the sources are given whole."""
        _, group_of, members = self._groups
        wanted: set[str] = set()
        for key in set(keys):
            for member in members[group_of[key]] if key in group_of else [key]:
                wanted |= {member} | _ancestors(member, self._entries)
        text = _entries_text(self.bib_text, wanted)
        if text is None:
            return self
        return Sources(text, {k: v for k, v in self.works_csl.items() if k in wanted},
                       {k: v for k, v in self._entries.items() if k in wanted})

    def cited_digest(self, keys: Iterable[str]) -> str:
        """What a unit citing these keys depends on, of the bibliography."""
        prints = self.fingerprints
        return _digest(sorted((k, prints.get(k, "unknown")) for k in set(keys)))


def _entries_text(text: str, keys: set[str]) -> str | None:
    """references.bib's text with only the entries under keys (and every @string and @preamble), cut at
    the lines its blocks start on; None when it cannot be cut so for certain (a block that does not
    parse, two blocks starting on one line, a key not found)."""
    from bibtexparser.model import Entry, Preamble, String

    from casebook.bib.library import parse_library

    library = parse_library(text)
    if library is None or library.failed_blocks:
        return None
    lines = text.splitlines(keepends=True)
    starts = [block.start_line for block in library.blocks]
    if any(s is None for s in starts) or any(b <= a for a, b in zip(starts, starts[1:], strict=False)):
        return None
    ends = [*starts[1:], len(lines)]
    kept, found = [], set()
    for block, start, end in zip(library.blocks, starts, ends, strict=True):
        if isinstance(block, Entry) and block.key in keys or isinstance(block, String | Preamble):
            kept.append("".join(lines[start:end]))
            found.add(block.key if isinstance(block, Entry) else None)
    bib_keys = {e.key for e in library.entries}
    return "".join(kept) if keys & bib_keys <= found else None


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _ancestors(key: str, entries: Mapping[str, Mapping[str, str]]) -> set[str]:
    found: set[str] = set()
    todo = list(bibtypes.parents(entries.get(key, {})))
    while todo:
        parent = todo.pop()
        if parent not in found:
            found.add(parent)
            todo += bibtypes.parents(entries.get(parent, {}))
    return found


def _bib_creator(fields: Mapping[str, str]) -> str:
    """The first author's (else editor's, translator's) family name as written, or ''."""
    for name in _CREATOR_FIELDS:
        names = bibnames.split_names(fields.get(name, ""))
        if names:
            first = names[0]
            if first.startswith("{") and first.endswith("}"):
                return first
            return first.split(",", 1)[0] if "," in first else first.split()[-1]
    return ""


def _fold(name: str) -> str:
    """A name reduced to its letters, so `M{\\"u}ller`, `Müller` and `Muller` fall in one group."""
    text = unicodedata.normalize("NFKD", _COMMAND.sub("", name))
    return "".join(ch for ch in text.casefold() if ch.isalnum() and ch.isascii())


def _year(value: object) -> str:
    found = _YEAR.search(str(value or ""))
    return found.group(0) if found else ""


def as_sources(sources: Sources | str) -> Sources:
    """Callers that hold only references.bib's text (tests, tools) pass the text itself."""
    return sources if isinstance(sources, Sources) else Sources(sources)

