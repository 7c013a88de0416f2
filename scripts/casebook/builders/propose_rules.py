"""The Propose page's copy of `casebook validate`'s rules, made from the Python that applies them.

The browser checks a record as it is typed (assets/propose/propose-checks.js and the
modules it uses); nothing it knows is typed a second time in JavaScript. Every table it
reads comes from here, at build time, out of the module that owns it: the words of each
problem (words.py), the citation-key and Markdown patterns (markdown.py, rawhtml.py, bib.py,
turned into JavaScript's dialect by ecma.to_js), the safe link schemes and the HTML
entities Python decodes in a link (markdown.link_scheme), hidden characters and their
Unicode names, look-alike letters, the schema's locator pattern and date fields, what each
kind of work needs (works.py), the words that mark an organisation (bibnames.py).
tests/test_propose_parity.py runs every golden case through both and compares the words.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata

from casebook import ecma, lookalike, markdown, rawhtml, words
from casebook.bib import library as bib
from casebook.bib import names as bibnames
from casebook.bib import works
from casebook.hints import ISO_DATE
from casebook.model import ORGANISATION_FACTS
from casebook.validate import crossfile, records, statements
from casebook.validate import works as work_rules

# The browser's checks, in the order the page loads them (after propose-util.js, before the form's scripts).
CHECK_SCRIPTS = ("propose-words.js", "propose-markdown.js", "propose-links.js", "propose-html.js", "propose-schema.js",
                 "propose-statements.js", "propose-rules.js", "propose-checks.js")


def rules(schema: dict) -> dict:
    """Everything the browser's checks read besides the page's own data, as plain JSON-able data."""
    return {
        "words": words.table(),
        "markdown": _patterns(markdown.patterns()),
        "rawHtml": _patterns(rawhtml.patterns()),
        "keys": {"bib": ecma.to_js(bib.KEY)},
        "links": {"safeSchemes": sorted(markdown.SAFE_SCHEMES), **_entities()},
        "hidden": {"bidi": ecma.to_js(records.BIDI_RE), "invisible": sorted(records.INVISIBLE),
                   "names": {f"{ord(ch):04X}": unicodedata.name(ch) for ch in _bidi_characters()}},
        "lookalike": {"twins": lookalike.TWINS, "names": lookalike.NAMES, "maxNamed": lookalike.MAX_NAMED},
        "casefold": lookalike.casefold_differences(),
        "locator": schema["$defs"]["source"]["properties"]["locator"]["pattern"],
        "dates": {"iso": ecma.to_js(ISO_DATE), "fields": list(records.DATE_FIELDS),
                  "formatDate": _date_paths(schema)},
        "todo": ecma.to_js(records.TODO),
        "organisationFacts": list(ORGANISATION_FACTS),
        "statements": {"snippetWords": statements.SNIPPET_WORDS, "secondary": ecma.to_js(statements.SECONDARY),
                       "word": ecma.to_js(statements.WORD), "closesASentence": statements.CLOSES_A_SENTENCE},
        "works": {"types": {name: [[need] if isinstance(need, str) else list(need) for need in needs]
                            for name, (_, needs) in works.TYPES.items()},
                  "fieldWords": works.FIELD_WORDS, "nameFields": list(works.NAME_FIELDS),
                  "online": list(work_rules.ONLINE_TYPES)},
        "organisation": {"words": ecma.to_js(bibnames.ORGANISATION), "connector": ecma.to_js(bibnames.CONNECTOR)},
        "reviewIntervalDays": crossfile.REVIEW_INTERVAL_DAYS,
        "recordsFolder": "case_studies/",
    }


def _patterns(found: dict[str, object]) -> dict[str, object]:
    return {name: ecma.to_js(value) if isinstance(value, re.Pattern) else value for name, value in found.items()}


def _bidi_characters() -> list[str]:
    return [chr(cp) for cp in range(0x3000) if records.BIDI_RE.fullmatch(chr(cp))]


def _entities() -> dict:
    """What html.unescape does to a link before its scheme is read: the named references whose text is
    ASCII (the only ones that can spell a scheme or a space), the legacy names it reads without a
    semicolon, and its rules for numeric references."""
    named = html.entities.html5
    ascii_named = {name: text for name, text in named.items() if text.isascii()}
    legacy = {name: text for name, text in named.items() if not name.endswith(";")}
    invalid = html._invalid_charrefs  # type: ignore[attr-defined]  # the standard's table, kept by Python
    return {"entities": {**ascii_named, **legacy}, "invalidCharrefs": {str(k): v for k, v in invalid.items()},
            "invalidCodepoints": sorted(html._invalid_codepoints)}  # type: ignore[attr-defined]


def _date_paths(schema: dict) -> list[str]:
    """Data paths (`references/*/accessed`) of every field the schema says is a date."""
    found: list[str] = []

    def walk(node: object, path: list[str]) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            target: object = schema
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]  # type: ignore[index]
            walk(target, path)
        if node.get("format") == "date":
            found.append("/".join(path))
        for name, child in node.get("properties", {}).items():
            walk(child, [*path, name])
        if "items" in node:
            walk(node["items"], [*path, "*"])

    walk(schema, [])
    return found
