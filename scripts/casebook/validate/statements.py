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

_SNIPPET_WORDS = 6
_SECONDARY = re.compile(r"cited in", re.IGNORECASE)
_WORD = re.compile(r"\w")
_NOT_WORDS = " \t\n.,;:!?)*_'\"\u2019\u201d"  # what may follow a citation and close its sentence


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
        counts = {"paragraph": 0, "list item": 0}
        for part in parts:
            kind = "list item" if markdown.is_list_item(part.value) else "paragraph"
            counts[kind] += 1
            which = f"{kind} {counts[kind]}" if len(parts) > 1 else "the text"
            keys = markdown.citation_keys(part.value)
            if not keys:
                _uncited(check, path, text, part, f"{dotted(path)}: {which} ({_snippet(part.value)!r}) cites no source")
                continue
            after = part.value.find("]", keys[-1].offset) + 1
            tail = part.value[after:]
            if _WORD.search(tail):  # a citation covers the words before it, never a sentence after it
                start = after + len(tail) - len(tail.lstrip(_NOT_WORDS))
                _uncited(check, path, text, markdown.Found(part.value[start:], part.offset + start),
                         f"{dotted(path)}: in {which}, the words after its last citation "
                         f"({_snippet(part.value[start:])!r}) cite no source")


def _snippet(text: str) -> str:
    words = text.split()
    return " ".join(words[:_SNIPPET_WORDS]) + ("..." if len(words) > _SNIPPET_WORDS else "")


def _uncited(check: RecordCheck, path: tuple, text: str, part: markdown.Found, message: str) -> None:
    line, col = locate(check.loaded, path, text, markdown.Found(part.value.split()[0], part.offset), prefix="")
    check.error_at(line, col, "uncited-statement", message,
                   hint="every statement needs a source: add a citation such as "
                        "[@key, p. 7], or move Casebook's own observations to editorial_notes")


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
            if later and _SECONDARY.fullmatch(later.prefix):
                continue  # the original work of a secondary citation
            key = item.key.value
            line, col = locate(check.loaded, path, text, item.key)
            if later:
                check.warning_at(line, col, "missing-locator",
                                 f"{dotted(path)}: the citation of @{key} has no locator; if Casebook knows "
                                 f"the work only through @{later.key.value}, say so",
                                 hint=f"write [@{key}; cited in @{later.key.value}, {later.suffix}], "
                                      f"or add where in @{key} it says so")
                continue
            what = f": {item.suffix!r} is not one" if item.suffix else ""
            check.error_at(line, col, "missing-locator", f"{dotted(path)}: the citation of @{key} has no locator{what}",
                           hint=f"add where in the work, as in [@{key}, p. 7], [@{key}, para. 6] or [@{key}, sec. 4.1]")
