"""Truth to sources in a record's text: every statement carries a source, and every source a locator.

The structured `locator` fields are required by the schema; this is the same rule for the
prose. Each paragraph (and list item) of `summary` and `narrative` must hold a bracketed
citation, and each work cited inline must say where in it: the locator forms are the
schema's own (`$defs.source.locator`), so structured and inline locators follow one rule.
`editorial_notes` are Casebook's own labelled voice and carry no citation.

A secondary citation, `[@original; cited in @read, p. 3]`, locates the work actually read:
the original, which Casebook has not seen, needs no locator of its own. Written without
"cited in" (`[@original; @read, p. 3]`) it is only a warning: it most likely means the same,
but a reader cannot tell that Casebook has not seen the original.
"""

from __future__ import annotations

import re
from functools import cache

from casebook import markdown
from casebook.hints import dotted
from casebook.validate.citations import statement_fields
from casebook.validate.context import RecordCheck
from casebook.validate.locate import locate
from casebook.words import phrase, said

SNIPPET_WORDS = 6
SECONDARY = re.compile(r"cited in", re.IGNORECASE)
# A citation covers the words before it, never a sentence after it: words after a paragraph's last
# citation (beyond what closes its sentence) cite nothing.
WORD = re.compile(r"\w")
CLOSES_A_SENTENCE = " \t\n.,;:!?)*_'\"\u2019\u201d"


@cache
def _locator(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def _well_formed_group(pattern: str) -> re.Pattern[str]:
    """`[@key, p. 7]`: one work and a locator of the schema's form, the usual citation. A field
    whose every citation is one of these passes at once, without splitting its groups."""
    return re.compile(r"\[-?@" + markdown.KEY_BODY + ", (?:" + pattern.removeprefix("^").removesuffix("$") + r")\]")


def cited_statements(check: RecordCheck) -> None:
    for path, text in statement_fields(check.data):
        parts = markdown.statements(text)
        counts = {"paragraph": 0, "list-item": 0}
        for part in parts:
            kind = "list-item" if markdown.is_list_item(part.value) else "paragraph"
            counts[kind] += 1
            keys = markdown.citation_keys(part.value)
            if keys:
                _trailing(check, path, text, part, keys[-1], phrase(f"statement/{kind}") + f" {counts[kind]}"
                          if len(parts) > 1 else phrase("statement/text"))
                continue
            words = part.value.split()
            said_as = (said("uncited-statement/many", where=dotted(path), kind=phrase(f"statement/{kind}"),
                            number=str(counts[kind]), snippet=repr(_snippet(words))) if len(parts) > 1
                       else said("uncited-statement/one", where=dotted(path), snippet=repr(_snippet(words))))
            line, col = locate(check.loaded, path, text, markdown.Found(words[0], part.offset), prefix="")
            check.error_at(line, col, "uncited-statement", *said_as)


def _trailing(check: RecordCheck, path: tuple, text: str, part: markdown.Found, last: markdown.Found,
              which: str) -> None:
    """Words after the part's last citation, other than what closes its sentence, cite no source."""
    after = part.value.find("]", last.offset) + 1
    tail = part.value[after:]
    if not WORD.search(tail):
        return
    start = after + len(tail) - len(tail.lstrip(CLOSES_A_SENTENCE))
    words = part.value[start:].split()
    said_as = said("uncited-statement/trailing", where=dotted(path), which=which, snippet=repr(_snippet(words)))
    line, col = locate(check.loaded, path, text, markdown.Found(words[0], part.offset + start), prefix="")
    check.error_at(line, col, "uncited-statement", *said_as)


def _snippet(words: list[str]) -> str:
    return " ".join(words[:SNIPPET_WORDS]) + (phrase("snippet/more") if len(words) > SNIPPET_WORDS else "")


def located_citations(check: RecordCheck) -> None:
    schema = check.ctx.checker.schema
    written = schema["$defs"]["source"]["properties"]["locator"]["pattern"]
    pattern, well_formed = _locator(written), _well_formed_group(written)
    for path, text in statement_fields(check.data):
        if len(well_formed.findall(text)) == len(markdown.citation_keys(text)):
            continue  # each cited key sits alone in a group of its own, with a locator
        items = markdown.citation_items(text)
        for i, item in enumerate(items):
            if pattern.fullmatch(item.suffix):
                continue
            later = items[i + 1] if i + 1 < len(items) else None
            if not (later and text.find("]", item.key.offset) == text.find("]", later.key.offset)
                    and pattern.fullmatch(later.suffix)):
                later = None  # no located work after it in the same [...] group
            if later and SECONDARY.fullmatch(later.prefix):
                continue  # the original work of a secondary citation
            key = item.key.value
            line, col = locate(check.loaded, path, text, item.key)
            if later:
                check.warning_at(line, col, "missing-locator",
                                 *said("missing-locator/secondary", where=dotted(path), key=key,
                                       through=later.key.value, locator=later.suffix))
                continue
            check.error_at(line, col, "missing-locator",
                           *(said("missing-locator/not-one", where=dotted(path), key=key, suffix=repr(item.suffix))
                             if item.suffix else said("missing-locator", where=dotted(path), key=key)))
