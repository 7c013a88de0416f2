"""Which organisations a record lists, and what it says the source gives about them.

A record lists an organisation that did the work or the research, or that the record is
about (the schema's `organisations` description); a speaker's, author's or sponsor's
employer is not listed. Most of that is editorial judgement a rule cannot make. One case it
can: a finding whose every source is a work by named people (authors who are persons, no
issuing institution or organisation) is a general finding, so no organisation did its
research and none is its subject; listing one is almost always an employer or sponsor
slipping in. That is a warning, not an error, because the bibliography can be incomplete.
"""

from __future__ import annotations

from casebook.bib.names import by_named_people
from casebook.model import ORGANISATION_FACTS
from casebook.validate.citations import items
from casebook.validate.context import RecordCheck
from casebook.words import said


def general_finding(check: RecordCheck) -> None:
    data = check.data
    organisations = items(data.get("organisations"))
    if data.get("kind") != "finding" or not organisations:
        return
    keys = [s.get("key") for s in items(data.get("sources")) if isinstance(s, dict)]
    entries = [check.ctx.bibliography.get(k) for k in keys if isinstance(k, str)]
    if not entries or not all(e is not None and by_named_people(e.fields) for e in entries):
        return
    works = ", ".join(dict.fromkeys(e.key for e in entries if e))
    for i, org in enumerate(organisations):
        name = org.get("name") if isinstance(org, dict) else None
        if not isinstance(name, str):
            continue
        line, col = check.loaded.mark(("organisations", i, "name"))
        check.warning_at(line, col, "general-finding-organisation",
                         *said("general-finding-organisation", name=repr(name), works=works))


def source_gives(check: RecordCheck) -> None:
    """`source_gives` names only facts the record gives: a region the record leaves out cannot be the source's."""
    for i, org in enumerate(items(check.data.get("organisations"))):
        if not isinstance(org, dict):
            continue
        for j, fact in enumerate(items(org.get("source_gives"))):
            if isinstance(fact, str) and fact in ORGANISATION_FACTS and not org.get(fact):
                check.error(("organisations", i, "source_gives", j), "source-gives",
                            *said("source-gives", index=str(i), fact=repr(fact), name=fact))
