"""The two dates a build depends on, each read in one place so tests and reproducible builds can fix them."""

from __future__ import annotations

import datetime as dt
import os
import time

from casebook.problems import CasebookError


def today() -> dt.date:
    """CASEBOOK_TODAY when set (tests, checking a build as of a day), else the calendar."""
    forced = os.environ.get("CASEBOOK_TODAY")
    if not forced:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(forced)
    except ValueError:
        raise CasebookError(f"CASEBOOK_TODAY={forced!r} is not a date; use YYYY-MM-DD") from None


def build_timestamp() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return int(time.time())
    try:
        return int(value)
    except ValueError as exc:
        raise CasebookError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}") from exc
