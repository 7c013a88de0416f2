"""Rules across files: works nobody cites, records due for review, the site address."""

from __future__ import annotations

import datetime as dt
import os
import re

from casebook import markdown
from casebook.clock import today
from casebook.siteconfig import ENV_SITE_URL, check_url, read_mkdocs_config
from casebook.validate.citations import cited_in
from casebook.validate.context import Context
from casebook.words import said

REVIEW_INTERVAL_DAYS = 730


def uncited(ctx: Context) -> None:
    cited = cited_keys(ctx)
    for key, entry in sorted(ctx.bibliography.items()):
        if key not in cited:
            ctx.problems.warning(ctx.bib_shown, entry.line, 1, "uncited", f"{key!r} is not cited by any record")


def cited_keys(ctx: Context) -> set[str]:
    """Every key cited anywhere (records, themes), with the crossref parents of the entries cited.

    A record with errors counts: a work it cites is cited, and saying otherwise would send the
    contributor to delete a work the record needs."""
    cited: set[str] = set()
    for file in ctx.files:
        cited.update(cited_in(file.loaded.data if file.loaded else None))
    if ctx.taxonomy:
        for theme in ctx.taxonomy.themes:
            cited.add(theme.source.key)
            cited.update(f.value for f in markdown.citation_keys(theme.definition))
        for group in ctx.taxonomy.groups:
            cited.update(f.value for f in markdown.citation_keys(group.description))
    todo = list(cited)
    while todo:  # a crossref parent is used by every child cited
        entry = ctx.bibliography.get(todo.pop())
        for parent in entry.parents if entry else ():
            if parent not in cited:
                cited.add(parent)
                todo.append(parent)
    return cited


def review_due(ctx: Context) -> None:
    now = today()
    files = {f.shown: f for f in ctx.files}
    for record in ctx.records:
        due = (dt.date.fromisoformat(record.review_due) if record.review_due
               else dt.date.fromisoformat(record.last_reviewed) + dt.timedelta(days=REVIEW_INTERVAL_DAYS))
        if due < now and record.status == "published":
            loaded = files[record.path].loaded
            line, col = loaded.mark(("review_due" if record.review_due else "last_reviewed",)) if loaded else (1, 1)
            ctx.problems.warning(record.path, line, col, "review-overdue",
                                 *said("review-overdue", due=due.isoformat()))


def site_address(ctx: Context) -> None:
    """CASEBOOK_SITE_URL or site_url, when given, is an address every outside link can start from."""
    from_env = os.environ.get(ENV_SITE_URL, "").strip()
    if from_env:
        why = check_url(from_env)
        if why:
            ctx.problems.error(ENV_SITE_URL, 1, 1, "site-url", f"{ENV_SITE_URL}={from_env!r} cannot be used: {why}")
        return
    path = ctx.project.mkdocs_yml
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    value = read_mkdocs_config(text).get("site_url")
    if isinstance(value, str) and value.strip():
        why = check_url(value.strip())
        if why:
            found = re.search(r"^site_url\s*:", text, re.MULTILINE)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            ctx.problems.error("mkdocs.yml", line, 1, "site-url", f"site_url {value!r} cannot be used: {why}")
