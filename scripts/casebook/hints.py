"""The words of hints shared by every check and command: did-you-mean, field paths, dates."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from casebook import lookalike
from casebook.problems import brief
from casebook.words import phrase, said

# What a date is here: jsonschema's `format: date` (YYYY-MM-DD, a real day), never the other ISO
# forms Python's fromisoformat also reads (20261123, 2026-W48-1), which the schema refuses.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


CLOSE_ENOUGH = 0.6  # difflib.get_close_matches' cutoff, which the case index's script uses too


def did_you_mean(word: str, options: list[str]) -> str | None:
    """'did you mean X?' for the option equal but for case or look-alike letters, else the closest one;
    None when none is close."""
    foreign = lookalike.explain(word)
    if foreign and lookalike.fold(word) in options:
        return phrase("did-you-mean/lookalike", option=repr(lookalike.fold(word)), foreign=foreign)
    same = [o for o in options if o.casefold() == word.casefold()]
    close = same or difflib.get_close_matches(word, options, n=1, cutoff=CLOSE_ENOUGH)
    return phrase("did-you-mean", option=repr(close[0])) if close else None


def iso_date(value: str) -> dt.date | None:
    """The date a YYYY-MM-DD text names, or None when it names none."""
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def bad_date(where: str, value: object) -> tuple[str, str | None]:
    """Message and hint for a date that is not a real date (the schema check and the date rule agree)."""
    return said("bad-date", where=where, value=brief(value))


def dotted(path: tuple) -> str:
    """A data path as people read it: narrative.context, quotes[0].source."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or phrase("document")
