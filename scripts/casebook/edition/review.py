"""Which records Casebook's own review has fallen behind on, for the record page and the cards.

The rule (REVIEW_INTERVAL_DAYS after last_reviewed, unless the record names a review_due
date) is the validator's: the interval is imported from it, so the site shows a record as
overdue on the very day `casebook validate` starts warning about it.
"""

from __future__ import annotations

import datetime as dt

from casebook.model import Record
from casebook.validate.crossfile import REVIEW_INTERVAL_DAYS


def due_date(record: Record) -> dt.date:
    if record.review_due:
        return dt.date.fromisoformat(record.review_due)
    return dt.date.fromisoformat(record.last_reviewed) + dt.timedelta(days=REVIEW_INTERVAL_DAYS)


def overdue(records: list[Record], today: dt.date) -> dict[str, str]:
    """The ISO due date of each record whose review was due before today, by record id."""
    return {r.id: due.isoformat() for r in records if (due := due_date(r)) < today}
