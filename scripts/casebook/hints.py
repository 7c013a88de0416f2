"""The words of hints shared by every check and command: did-you-mean, field paths, dates."""

from __future__ import annotations

import difflib

from casebook import lookalike
from casebook.problems import brief

# The words, as templates the case index's script reads too (site/facets.py hands them over),
# so the browser says what the command line says without a second copy of the sentence.
DID_YOU_MEAN = "did you mean {option}?"  # option as Python's repr
LOOKALIKE = "did you mean {option}? {explanation}"
CLOSE_ENOUGH = 0.6  # difflib.get_close_matches' cutoff


def did_you_mean(word: str, options: list[str]) -> str | None:
    """'did you mean X?' for the option equal but for case or look-alike letters, else the closest one;
    None when none is close."""
    foreign = lookalike.explain(word)
    if foreign and lookalike.fold(word) in options:
        return LOOKALIKE.format(option=repr(lookalike.fold(word)), explanation=foreign)
    same = [o for o in options if o.casefold() == word.casefold()]
    close = same or difflib.get_close_matches(word, options, n=1, cutoff=CLOSE_ENOUGH)
    return DID_YOU_MEAN.format(option=repr(close[0])) if close else None


def bad_date(where: str, value: object) -> tuple[str, str]:
    """Message and hint for a date that is not a real date (the schema check and the date rule agree)."""
    return f"{where}: {brief(value)} is not a real date", "write dates as YYYY-MM-DD, e.g. 2026-11-23"


def dotted(path: tuple) -> str:
    """A data path as people read it: narrative.context, quotes[0].source."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the document"
