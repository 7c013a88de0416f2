"""The fragment store on disk: one JSON file per unit, named by the hash of everything it was made from.

A build asks for its units; what the store holds under the right key is read back, the
rest is rendered in batches on every core and written. A file that cannot be read or
does not hold the key it is named by is rendered again, never shown. prune() removes
what the last build did not use, so the store does not grow without bound.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path

from casebook import __version__
from casebook.atomic import write_bytes_atomic
from casebook.bib import plain
from casebook.fragments.batch import render_batch
from casebook.fragments.keys import STORE_FORMAT, plain_key, references_key, unit_key
from casebook.fragments.model import Piece, Reference, Rendering, Unit
from casebook.fragments.sources import Sources, as_sources
from casebook.markdown import citation_keys

# Pieces per pandoc batch, at most (batches are of equal size, a whole number per core: _batches).
# Outputs do not depend on how pieces are batched, so this only trades pandoc's start-up (reading
# the bibliography for citeproc, each call) against memory: at 1,000 records, 1,500 took 18.3 s
# to render, 2,600 18.0 s and 5,000 17.9 s on 2 cores.
BATCH_PIECES = 5000
SPLIT_FROM = 500  # fewer pieces (an edit, a small collection) go in one batch: a second pandoc would not pay
AST_PART = ".ast"  # each entry's pandoc AST, in a file of its own beside the entry


class FragmentStore:
    """Rendered units on disk under folder (disposable: delete it and the next build remakes it)."""

    def __init__(self, folder: Path, remember: bool = False):
        """remember: also keep in memory what is read and written (entries, not ASTs), for a process that
        renders again and again (`casebook serve`: 0.15 s of each rebuild at 1,000 records went on reading
        the same entries back). An entry is named by the hash of what made it, so it never goes stale."""
        self.folder = folder
        self.used: set[str] = set()  # keys of the entries the last render used (both halves of each)
        self.rendered_units = 0  # units rendered (not read back) by this store's last render
        self._memory: dict[str, dict] | None = {} if remember else None
        # Each unit's pieces as made from its entry, when remembering (they are immutable).
        self._pieces: dict[str, dict[str, Piece]] | None = {} if remember else None
        # Each unit's key by the unit and the digest of all the sources, when remembering: the sources
        # decide the part of the key each unit takes from them (0.08 s of a preview at 1,000 records).
        self._keys: dict[tuple[str, Unit], str] | None = {} if remember else None

    def _path(self, key: str, part: str = "") -> Path:
        return self.folder / key[:2] / f"{key}{part}.json"

    def read(self, key: str, part: str = "") -> dict | None:
        """The entry stored under key (part "": its HTML and Typst; AST_PART: its pandoc AST)."""
        path = self._path(key, part)
        self.used.add(key)  # the two halves live and go together
        remembered = self._memory is not None and not part
        if remembered and key in self._memory:
            return self._memory[key]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        if remembered:
            self._memory[key] = data
        return data

    def keys(self, units: list[Unit], sources: Sources) -> list[str]:
        """unit_key of each unit; when remembering, kept for the units of the last render."""
        if self._keys is None:
            return [unit_key(unit, sources) for unit in units]
        known, self._keys, keys = self._keys, {}, []
        for unit in units:
            memo = (sources.digest, unit)
            key = self._keys[memo] = known.get(memo) or unit_key(unit, sources)
            keys.append(key)
        return keys

    def pieces(self, unit: Unit, key: str) -> dict[str, Piece] | None:
        """The unit's pieces stored under key, or None when the store does not hold them."""
        if self._pieces is not None and key in self._pieces:
            self.used.add(key)
            return self._pieces[key]
        data = self.read(key)
        found = _pieces(data, unit, self, key) if data else None
        if found is not None and self._pieces is not None:
            self._pieces[key] = found
        return found

    def write(self, key: str, data: dict, part: str = "") -> None:
        path = self._path(key, part)
        self.used.add(key)
        write_bytes_atomic(path, json.dumps({"key": key, **data}, ensure_ascii=False).encode("utf-8"))
        if self._memory is not None and not part:
            self._memory[key] = {"key": key, **data}

    def ast_reader(self, key: str, field: str, name: str) -> Callable[[], list]:
        """Reads one piece's (or reference's) AST from the entry's AST half when it is first asked for."""

        def read() -> list:
            data = self.read(key, AST_PART)
            try:
                return data[field][name]  # type: ignore[index]
            except (KeyError, TypeError):
                raise LookupError(f"the fragment store lost the AST of {name!r}: delete build/fragments "
                                  "and build again") from None

        return read

    def plain_texts(self, values: Iterable[str]) -> dict[str, str]:
        """bib/plain.decode, kept: the bibliography's values are decoded by pandoc once, not on every build
        (0.4 s of a one-record rebuild at 1,000 records). A store that cannot be written still decodes."""
        todo = sorted(set(values))
        key = plain_key(todo)
        kept = self.read(key)
        found = kept.get("plain") if kept else None
        if isinstance(found, dict) and sorted(found) == todo and all(isinstance(v, str) for v in found.values()):
            return found
        decoded = plain.decode(todo)
        with contextlib.suppress(OSError):
            self.write(key, {"plain": decoded})
        return decoded

    def kept(self, what: str, inputs: object, make: Callable[[], object]) -> object:
        """What make gives (plain JSON data), kept under a digest of what and inputs, which must hold
        everything make reads, its code included: an index of the whole collection that takes long to
        make and that most edits leave as it was (related records: edition/related.py)."""
        key = hashlib.sha256(json.dumps([STORE_FORMAT, __version__, what, inputs], ensure_ascii=False)
                             .encode("utf-8")).hexdigest()
        found = self.read(key)
        if found is not None and "value" in found:
            return found["value"]
        value = make()
        with contextlib.suppress(OSError):
            self.write(key, {"value": value})
        return value

    def prune(self) -> None:
        """Remove every entry the last render did not use."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.json"):
            if path.name.split(".", 1)[0] not in self.used:
                path.unlink(missing_ok=True)


def render_units(units: list[Unit], sources: Sources | str, store: FragmentStore | None = None) -> Rendering:
    """Every piece of every unit, and every reference entry, from the store where it holds them.

    sources: what the units cite (Sources.of(content)), or references.bib's text alone."""
    sources = as_sources(sources)
    if store is None:
        with tempfile.TemporaryDirectory(prefix="casebook-fragments-") as tmp:
            rendering = render_units(units, sources, FragmentStore(Path(tmp)))
        rendering.plain = plain.decode  # the store is gone: nothing to keep the decoded values in
        return rendering
    rendering = Rendering(plain=store.plain_texts)
    store.used = set()  # prune() keeps what this render used
    missing: list[tuple[Unit, str]] = []
    for unit, key in zip(units, store.keys(units, sources), strict=True):
        rendering.keys[unit.id] = key
        pieces = store.pieces(unit, key)
        if pieces is None:
            missing.append((unit, key))
        else:
            rendering.pieces[unit.id] = pieces
    refs_key = references_key(sources)
    refs = store.read(refs_key)
    references = _references(refs, store, refs_key) if refs else None
    store.rendered_units = len(missing)
    if missing or references is None:
        # With the reference list kept, the units are rendered against only the works they cite (and
        # those that decide their labels): what their keys are made from (Sources.for_keys).
        cited = (found.value for unit, _ in missing for _, text in unit.pieces for found in citation_keys(text))
        fresh_refs = _render_missing(missing, sources if references is None else sources.for_keys(cited),
                                     store, rendering)
        if references is None:
            references = fresh_refs
            _write(store, refs_key, "references", references)
    rendering.references = references
    rendering.pieces = {unit.id: rendering.pieces[unit.id] for unit in units}  # in order, whichever batch ended first
    return rendering


def _render_missing(missing: list[tuple[Unit, str]], sources: Sources, store: FragmentStore,
                    rendering: Rendering) -> dict[str, Reference]:
    """Render the missing units in batches side by side (pandoc runs as its own processes)."""
    cores = os.cpu_count() or 1
    jobs = _batches(missing, cores)
    bib_paths = sources.files()

    def run(job: list[tuple[Unit, str]]) -> dict[str, Reference]:
        flat = [(_prefix(name), text) for unit, _ in job for name, text in unit.pieces]
        pieces, references = render_batch(flat, bib_paths)
        at = 0
        for unit, key in job:
            names = [name for name, _ in unit.pieces]
            rendering.pieces[unit.id] = dict(zip(names, pieces[at: at + len(names)], strict=True))
            at += len(names)
            _write(store, key, "pieces", rendering.pieces[unit.id])
        return references

    with ThreadPoolExecutor(max_workers=max(1, min(len(jobs), cores))) as pool:
        results = list(pool.map(run, jobs))
    return results[0]


def _batches(missing: list[tuple[Unit, str]], cores: int) -> list[list[tuple[Unit, str]]]:
    """The units in batches of about equal pieces, as many as keep every core busy to the end: a whole
    number of rounds of one batch per core, each batch at most about BATCH_PIECES pieces. (Batches
    filled to BATCH_PIECES left the last round to one core: 7 batches on 2 cores at 1,000 records.)"""
    total = sum(len(unit.pieces) for unit, _ in missing)
    if total < SPLIT_FROM:  # one batch, even of no units: the references alone are rendered then
        return [missing]
    count = cores * max(1, -(-total // (cores * BATCH_PIECES)))
    jobs: list[list[tuple[Unit, str]]] = [[] for _ in range(count)]
    start = 0
    for unit, key in missing:  # each unit in the batch its first piece falls in, so the batches stay in order
        jobs[start * count // max(1, total)].append((unit, key))
        start += len(unit.pieces)
    return [job for job in jobs if job]


def _prefix(name: str) -> str:
    """The id prefix of a piece's footnotes: its name, as an HTML id fragment ('narrative.context' -> ...)."""
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()) + "-"


def _write(store: FragmentStore, key: str, field: str, items: dict[str, Piece] | dict[str, Reference]) -> None:
    """An entry in two halves: what the site and the PDF packs read, and the AST only DOCX and HTML packs do."""
    # Field by field, not dataclasses.asdict: that deep-copies the AST only to drop it (8 of a cold
    # render's 24 s at 1,000 records went there).
    store.write(key, {field: {name: {f.name: getattr(item, f.name) for f in fields(item)
                                     if not f.name.startswith("ast_")} for name, item in items.items()}})
    store.write(key, {field: {name: item.ast for name, item in items.items()}}, AST_PART)


def _pieces(data: dict, unit: Unit, store: FragmentStore, key: str) -> dict[str, Piece] | None:
    stored = data.get("pieces")
    names = [name for name, _ in unit.pieces]
    if not isinstance(stored, dict) or list(stored) != names:
        return None
    try:
        return {n: Piece(html=v["html"], typst=v["typst"], keys=tuple(v["keys"]),
                         ast_source=store.ast_reader(key, "pieces", n)) for n, v in stored.items()}
    except (KeyError, TypeError):
        return None


def _references(data: dict, store: FragmentStore, key: str) -> dict[str, Reference] | None:
    stored = data.get("references")
    if not isinstance(stored, dict):
        return None
    try:
        return {k: Reference(html=v["html"], typst=v["typst"], ast_source=store.ast_reader(key, "references", k))
                for k, v in stored.items()}
    except (KeyError, TypeError):
        return None
