"""The names of the fragment store's entries: a digest of everything an entry is made from.

A unit's entry is named by its text, the settings that shape pandoc's output and, of the
bibliography, only what its citations depend on (sources.py), so a new or edited work renders
again just the units whose labels it can change; the reference list by every work. Nothing
else decides what pandoc gives, so an entry under its name is never stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from casebook import __version__
from casebook.bib import plain
from casebook.fragments.batch import DEMOTE_FILTER
from casebook.fragments.model import Unit
from casebook.fragments.sources import Sources
from casebook.markdown import citation_keys
from casebook.pandoc_tools import (
    CITATION_DEFAULTS,
    COMMON_DEFAULTS,
    PLAIN_SPANS,
    SAFETY_FILTER,
    csl_path,
    pandoc_binary,
)

STORE_FORMAT = 3
# The files that shape pandoc's output besides the unit's text and the bibliography. CI's cache of
# the store is keyed on them too (tests/test_workflows.py checks the key covers each one).
SETTINGS_FILES = (COMMON_DEFAULTS, CITATION_DEFAULTS, SAFETY_FILTER, PLAIN_SPANS, DEMOTE_FILTER, csl_path(),
                  Path(__file__).with_name("batch.py"))
# What shapes the bibliography's values as plain text (bib/plain.py's pandoc call) besides the values.
PLAIN_FILES = (Path(plain.__file__), plain.WRITER)


@cache
def _settings_digest() -> str:
    """Everything besides the unit's text and the bibliography that shapes pandoc's output."""
    h = hashlib.sha256(f"{STORE_FORMAT}|{__version__}|{os.path.getsize(pandoc_binary())}".encode())
    for path in SETTINGS_FILES:
        h.update(path.read_bytes())
    return h.hexdigest()


def unit_key(unit: Unit, sources: Sources) -> str:
    """The unit's text, the settings, and of the bibliography only what its citations depend on
    (sources.py): a new or edited work re-renders just the units whose labels it can change."""
    h = hashlib.sha256(_settings_digest().encode())
    cited = [found.value for _, text in unit.pieces for found in citation_keys(text)]
    h.update(sources.cited_digest(cited).encode("ascii"))
    h.update(json.dumps([unit.id, unit.pieces], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def references_key(sources: Sources) -> str:
    """The reference list: every work, so the whole bibliography."""
    h = hashlib.sha256(_settings_digest().encode())
    h.update(sources.digest.encode("ascii"))
    return h.hexdigest()


def plain_key(values: list[str]) -> str:
    """The bibliography's values as plain text: the values, pandoc, and bib/plain.py's reader and writer."""
    h = hashlib.sha256(_settings_digest().encode())
    for path in PLAIN_FILES:
        h.update(path.read_bytes())
    h.update(json.dumps(values, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()
