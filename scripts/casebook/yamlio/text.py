"""A YAML text before it is composed: where its lines are, and how deeply it nests.

Positions count lines as git and editors do, which libyaml does not always. Records nest
four or five levels deep. Far deeper input overflows libyaml's composer
stack (a crash, not an exception), so yamlsafe.py asks here first: a cheap bound that
ordinary files pass at once, and for the rest an exact walk over the parser's events.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# YAML also breaks lines at a lone CR, NEL, LS and PS; `^` in a regex does not see those.
ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
# Block indicators that open a nested collection on the same line (`- - x`, `? - x`).
_BLOCK_LEAD = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.MULTILINE)


def has_odd_breaks(text: str) -> bool:
    """Whether YAML sees line breaks here that editors do not (`in` first: the regex alone is slow)."""
    return any(c in text for c in "\r\x85\u2028\u2029") and bool(ODD_BREAKS.search(text))


def nesting_bound(text: str, limit: int) -> int:
    """A cheap upper bound on nesting depth (above limit when it cannot tell).

    Every flow collection opens with `[` or `{` (`[@`, a citation, cannot open one);
    block collections nest only by indenting further or by leading `- `/`? `/`: `
    indicators, and at most two levels share one column.
    """
    if has_odd_breaks(text):  # YAML lines that `^` does not see: walk the events instead
        return limit + 1
    flow = text.count("[") + text.count("{") - text.count("[@")
    if flow > limit:
        return flow
    # Only a lead of at least `enough` characters could take the bound past limit. One regex
    # search (in C) finds whether any line starts with that many lead characters at all;
    # ordinary files have none, and their bound is what a lead of enough - 1 would give.
    enough = (limit - flow) // 2
    if not _lead_of(enough).search("\n" + text):
        return flow + 2 * enough
    lead = max((m.end() - m.start() for m in _BLOCK_LEAD.finditer(text)), default=0)
    return flow + 2 * (lead + 1)


@lru_cache(maxsize=128)
def _lead_of(width: int) -> re.Pattern[str]:
    """A line starting with `width` characters that a block lead is made of (a superset of leads).
    Searched for after a newline, not `^`: a literal first character makes the search fast."""
    return re.compile(rf"\n[ \t?:-]{{{width}}}")


def too_deep_at(text: str, limit: int) -> yaml.Mark | None:
    """Where nesting first passes limit, walking the parser's events (libyaml's parser keeps its own
    stack, so this cannot overflow); None when it never does, or on a syntax error (the loader
    reports that with its position)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    return event.start_mark
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


class Lines:
    """Marks to 1-based line and column, counting lines as git and editors do (at "\n" only)."""

    def __init__(self, text: str):
        self.odd = has_odd_breaks(text)
        self.starts = [m.end() for m in re.finditer("\n", text)] if self.odd else []
        # libyaml puts the end of a file without a final newline on the line after it.
        self.last = (text.count("\n") + 1, len(text) - text.rfind("\n"))

    def at(self, mark: yaml.Mark) -> tuple[int, int]:
        if not self.odd:
            line, col = mark.line + 1, mark.column + 1
        else:
            index = mark.index  # in characters, from the C parser too
            before = bisect.bisect_right(self.starts, index)
            line, col = before + 1, index - (self.starts[before - 1] if before else 0) + 1
        return min((line, col), self.last)


def position(mark: yaml.Mark, text: str) -> tuple[int, int]:
    return Lines(text).at(mark)
