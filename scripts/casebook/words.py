"""Casebook's English in one home: every problem's words (read by both runtimes), and a pack's
selection, default title and counts, and dates as readers see them (the site and the packs alike).

`casebook validate` and the browser's checks (assets/propose/propose-checks.js) must say
the same thing about the same record, so neither types its own sentences: each rule
names an entry here and fills it with `fill`, a formatter small enough that the browser
implements it exactly (`{name}` is replaced by a value; nothing else is special). The
values are put in already quoted where Python would quote them (problems.brief), so the
two runtimes share the quoting rules too. builders/propose_rules.py copies these tables into
the page's data.

Each entry is keyed by its problem code, or code/variant where one code has several
wordings, and holds:
- message: casebook validate's words (with the field's dotted path, codes and all);
- hint: what to do, where the hint is fixed words (a computed hint, such as "did you
  mean" or the schema's description, is made by the rule);
- plain: what the Propose form shows beside the field, for a practitioner: no codes, no
  file or field names, no tool names.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple


class Words(NamedTuple):
    message: str
    hint: str | None
    plain: str


_FIELD = re.compile(r"\{([A-Za-z_]+)\}")
_CITE_IT = "Use “Cite a source” beside the text to add one."

PROBLEMS: dict[str, Words] = {
    # The record schema (validate/schema.py).
    "unknown-field": Words("{where} is not a field here", "allowed: {fields}", "Casebook does not know this field."),
    "missing-field": Words("{where} is missing the required field {field}", None, "This is required."),
    "not-allowed": Words("{where}: {value} is not an allowed value", "choose one of: {options}",
                         "{value} is not one of the choices."),
    "bad-date": Words("{where}: {value} is not a real date", "write dates as YYYY-MM-DD, e.g. 2026-11-23",
                      "{value} is not a real date."),
    "format": Words("{where}: {value} is not a valid {format}", None, "{value} is not a valid {format}."),
    "wrong-type": Words("{where} should be {want}", None, "This should be {want}."),
    "bad-format": Words("{where}: {value} is not in the expected form", "must match {pattern}",
                        "{value} is not in the form needed."),
    "bad-format/lookalike": Words("{where}: {value} is not in the expected form: {foreign}",
                                  "type it again in plain ASCII: {folded}",
                                  "{value} has characters that only look like the ones needed: {foreign}."),
    "too-short": Words("{where} is empty or too short", None, "This is empty or too short."),
    "out-of-range/length": Words("{where} is too long (at most {limit} {unit})", None,
                                 "This is too long: at most {limit} {unit}."),
    "out-of-range/bound": Words("{where}: {value} is {side} than the {keyword} of {limit}", None,
                                "{value} is {side} than the {keyword} of {limit}."),
    "duplicate-item": Words("{where} lists the same item twice", None, "The same item is listed twice."),
    "schema": Words("{where}: {detail}", None, "{detail}."),
    # One record (validate/records.py, taxonomy.py).
    "hidden-character/bidi": Words("{name} (U+{code}) is a bidirectional control that can disguise text; delete it",
                                   None, "Delete the hidden character {name}: it can make text read other "
                                         "than it looks."),
    "hidden-character/id": Words("id contains the invisible character U+{code}; ids are lower-case letters, "
                                 "digits and hyphens", None,
                                 "This contains an invisible character: type it again with lower-case letters, "
                                 "digits and hyphens."),
    "future-date": Words("{field} {value} is in the future", None, "{value} is in the future."),
    "placeholder": Words("{where} still holds a TODO placeholder", "write what the source says, or keep status: draft",
                         "Replace the TODO with what the source says."),
    "kind-evidence": Words("kind is finding, but evidence_type is opinion: an opinion is an argument, not research",
                           "use kind: commentary for one person's argument or comment",
                           "An opinion is an argument, not research: choose “Commentary” as what it is."),
    "source-gives": Words("organisations[{index}].source_gives lists {fact}, but the organisation has no {name}",
                          "give the {name} the source states, or take {fact} out of source_gives",
                          "The source cannot give a {name} the case study does not list: add it, or untick it."),
    "general-finding-organisation": Words("{name} is listed, but this finding's sources ({works}) are all works by "
                                          "named people, so it is a general finding and lists no organisations",
                                          "list an organisation only if it did the work or the research, or if the "
                                          "record is about it; name a speaker's, author's or sponsor's employer in "
                                          "the text instead",
                                          "A general finding lists no organisations: name a speaker's or sponsor's "
                                          "employer in the text instead."),
    "unknown-theme": Words("{value} is not a theme", "themes are listed in themes.yaml",
                           "{value} is not a theme."),
    "duplicate-id/copy": Words("id {id} is already used by {others}", None, "Another case study already has this id."),
    "duplicate-id/case": Words("id {id} is also used by {others}; ids ignore case",
                               "rename one of the files and its id",
                               "Another case study already has this id ({others}): choose another."),
    "duplicate-id/declared": Words("id {id} is also declared in {others}",
                                   "each record needs its own id: give the copy an id of its own and name its file "
                                   "after it", "Another case study already has this id."),
    # Works a record carries (validate/works.py).
    "duplicate-work/record": Words("the work {key} is described twice in this record (first as {first})",
                                   "keep one description of each work", "This source is described twice: keep one."),
    "duplicate-work/project": Words("citation key {key} is also defined in {others}; a key names one work",
                                    "cite that work and delete this description, or give this work a key of its own",
                                    "Another source already has the key {key}: cite that source, or give this one "
                                    "a key of its own."),
    "work-missing-field": Words("references[{index}]: a work of type {kind} needs {fields} for its reference",
                                "add it if the document states it; otherwise choose the type document",
                                "This source needs {fields}: add it if the document gives it, or choose another "
                                "kind of source."),
    "work-name/both": Words("a name is a person (family, given) or an organisation (literal), not both",
                            "keep family and given for a person, or literal alone for an organisation",
                            "Give a person's names or an organisation's name, not both."),
    "work-name/family": Words("a person's name needs a family name",
                              "write family: and given:, or literal: for an organisation",
                              "A person's name needs a family name."),
    "work-name/none": Words("a name needs family (a person) or literal (an organisation)", None,
                            "Give a person's family name or an organisation's name."),
    "work-name/organisation": Words("{whole} looks like an organisation, but is written as a person's name, so it "
                                    "would print as a person's", "write literal: {name}",
                                    "{whole} looks like an organisation: enter it as an organisation, not a person."),
    "work-accessed": Words("references[{index}]: a web page's reference gives the date you read it",
                           "add accessed: YYYY-MM-DD", "Give the date you read this web page."),
    "uncited/work": Words("the work {work} is described here but no record cites it",
                          "cite it, e.g. [@{key}, p. 1], or delete its description",
                          "No statement cites this source: cite it, or remove it."),
    # Citations (validate/citations.py, statements.py).
    "unknown-key/inline": Words("inline citation @{key} names no work in references.bib or in a record's references",
                                "describe the work under references: in this record, or add it to references.bib",
                                "There is no source with the key {key}: choose it from the sources, or add it as "
                                "a new source."),
    "unknown-key/source": Words("{value} names no work in references.bib or in a record's references",
                                "describe the work under references: in this record, or add it to references.bib",
                                "There is no source with the key {value}: choose it from the sources, or add it as "
                                "a new source."),
    "bare-key": Words("{where}: @{key} is printed as text, not as a citation", "did you mean [@{key}, p. N]?",
                      "@{key} will print as text, not as a citation. " + _CITE_IT),
    "uncited-statement/one": Words("{where}: the text ({snippet}) cites no source",
                                   "every statement needs a source: add a citation such as [@key, p. 7], or move "
                                   "Casebook's own observations to editorial_notes",
                                   "This text has no source: cite the page or paragraph it comes from."),
    "uncited-statement/many": Words("{where}: {kind} {number} ({snippet}) cites no source",
                                    "every statement needs a source: add a citation such as [@key, p. 7], or move "
                                    "Casebook's own observations to editorial_notes",
                                    "This {kind} has no source: cite the page or paragraph it comes from."),
    "uncited-statement/trailing": Words("{where}: in {which}, the words after its last citation ({snippet}) cite "
                                        "no source",
                                        "every statement needs a source: add a citation such as [@key, p. 7], or "
                                        "move Casebook's own observations to editorial_notes",
                                        "The words after the last citation here have no source: cite where the "
                                        "source says them, or move them to the notes on the source."),
    "missing-locator": Words("{where}: the citation of @{key} has no locator",
                             "add where in the work, as in [@{key}, p. 7], [@{key}, para. 6] or [@{key}, sec. 4.1]",
                             "Say where in the source: add a page or paragraph, e.g. p. 7."),
    "missing-locator/not-one": Words("{where}: the citation of @{key} has no locator: {suffix} is not one",
                                     "add where in the work, as in [@{key}, p. 7], [@{key}, para. 6] or "
                                     "[@{key}, sec. 4.1]",
                                     "{suffix} does not say where in the source: write a page or paragraph, "
                                     "e.g. p. 7."),
    "missing-locator/secondary": Words("{where}: the citation of @{key} has no locator; if Casebook knows the work "
                                       "only through @{through}, say so",
                                       "write [@{key}; cited in @{through}, {locator}], or add where in @{key} it "
                                       "says so",
                                       "If you know @{key} only from @{through}, write “cited in” before "
                                       "@{through}; otherwise say where in @{key}."),
    # Links and raw HTML (validate/links.py).
    "image": Words("images are not allowed in record text", "link to the image instead, or describe it",
                   "Pictures cannot be included: link to the picture instead, or describe it."),
    "unsafe-link": Words("link scheme {scheme} is not allowed", "use an https:// link or a path inside this repository",
                         "This link cannot be used: a link starts with https://."),
    "raw-html/tag": Words("{where}: raw HTML {tag} is not allowed in record text",
                          "write plain text instead: *asterisks* for emphasis, [words](https://example.org) for a link",
                          "{tag} is web page code, which Casebook does not allow: write plain text."),
    "raw-html/comment": Words("{where}: the HTML comment {tag} is not allowed in record text",
                              "delete it: a comment would be hidden from readers",
                              "Delete the comment {tag}: readers would not see it."),
    # Across records (validate/crossfile.py) and the file (yamlsafe.py).
    "review-overdue": Words("review was due on {due}; check it against its sources and update last_reviewed", None,
                            "This case study was due for review on {due}: check it against its sources."),
    "file-too-large": Words("file is {size} bytes; the limit is {limit}", None,
                            "The case study is too long to send ({size} bytes; at most {limit})."),
}

# Pieces of hints and messages several rules share.
PHRASES: dict[str, str] = {
    "did-you-mean": "did you mean {option}?",
    "did-you-mean/lookalike": "did you mean {option}? {foreign}",
    "lookalike/character": "character {position} is U+{code}",
    "lookalike/name": " {name}",
    "lookalike/twin": ", which looks like the ASCII {kind}{twin}",
    "lookalike/letter": "letter ",
    "lookalike/more": "; and {more} more",
    "lookalike/separator": "; ",
    "defined-at": "{path} (line {line})",
    "document": "the document",
    "inline-citation": "inline citation @{key}",
    "key-rule": "a citation key holds only ASCII letters, digits, _, -, : and ., and starts and ends with a letter, "
                "digit or _",
    "or": " or ",
    "list": ", ",
    "statement/paragraph": "paragraph",
    "statement/list-item": "list item",
    "statement/text": "the text",
    "snippet/more": "...",
    "unit/items": "items",
    "unit/characters": "characters",
    "side/maximum": "more",
    "side/minimum": "less",
}
# JSON Schema types as a contributor reads them ("themes should be a list").
TYPE_NAMES = {"array": "a list", "object": "a mapping of fields", "string": "text", "integer": "a whole number",
              "number": "a number"}
KEY_RULE = PHRASES["key-rule"]


def fill(template: str, /, **values: str) -> str:
    """template with each {name} replaced by values[name] (a missing one is a KeyError: a bug)."""
    return _FIELD.sub(lambda m: values[m.group(1)], template)


def message(entry: str, /, **values: str) -> str:
    return fill(PROBLEMS[entry].message, **values)


def hint(entry: str, /, **values: str) -> str | None:
    template = PROBLEMS[entry].hint
    return fill(template, **values) if template is not None else None


def said(entry: str, /, **values: str) -> tuple[str, str | None]:
    """(message, hint) of a problem, filled from the same values."""
    return message(entry, **values), hint(entry, **values)


def phrase(entry: str, /, **values: str) -> str:
    return fill(PHRASES[entry], **values)


def plain(entry: str, /, **values: str) -> str:
    return fill(PROBLEMS[entry].plain, **values)


def table() -> dict:
    """Everything above as plain JSON-able data, for the browser."""
    return {"problems": {k: w._asdict() for k, w in PROBLEMS.items()}, "phrases": dict(PHRASES),
            "typeNames": dict(TYPE_NAMES)}


# The words of a briefing pack that depend on what it holds: the selection, its default title,
# its counts. templates/pack/pack.typ fills them (for `casebook pack` and the reader's browser
# alike, from pack.json) and selection.describe fills the same ones for the command line's
# messages, each with `fill`. {items} is a list of alternatives already joined with "or".
PACK_WORDS: dict[str, str] = {
    "selection/all": "All published Casebook records.",
    "selection/some": "Published Casebook records {parts}.",
    "selection/and": ", and ",
    "selection/theme": "on the theme {items}",
    "selection/themes": "on any of the themes {items}",
    "selection/organisation": "about {items}",
    "selection/region": "from an organisation in {items}{mark}",
    "selection/nation": "from an organisation in {items}{mark}",
    "selection/year": "from {items}",
    "selection/org_type": "from an organisation of type {items}{mark}",
    "selection/kind": "of kind {items}",
    "selection/evidence_type": "with evidence of type {items}{mark}",
    "selection/ids": "chosen by id ({items})",
    "selection/mark": " ({reading})",
    "or": " or ",
    "list": ", ",
    "title/all": "All published records",
    "title/chosen": "{count} chosen records",
    "title/region": "in {items}",
    "title/year": "{items}",
    "subtitle": "A Casebook briefing pack",
    "digest": "This pack is a digest: the selection runs past {budget} pages in full, so each record gives its "
              "facts and summary, and its full text is on the Casebook site.",
    "listing": "This pack is a listing: the selection holds {count} records, more than a pack can brief on "
               "({limit} at most), so each record gives its title, facts and address on the Casebook site.",
    "chart/theme": "By theme",
    "chart/theme/note": "Records by theme; a record may have several.",
    "chart/org_type": "By organisation type",
    "chart/org_type/note": "Records by the type of the organisations they name; a record may name several, or none.",
    "chart/region": "By region",
    "chart/region/note": "Records by the region of the organisations they name; a record may name several, or none.",
    "chart/year": "By year",
    "chart/year/note": "Records by the year they report; some give none.",
    "footer": "Casebook: a citable evidence knowledge base for UK public-service HR people. Records cite their "
              "sources in the text; Casebook's own notes are labelled as such.",
}


def pack_words(entry: str, /, **values: str) -> str:
    return fill(PACK_WORDS[entry], **values)


def long_date(iso: str) -> str:
    """'2026-11-23' as readers see a date on the site and in packs: '23 November 2026'."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def counted(noun: str, n: int) -> str:
    """'1 case study', '2 case studies' (the schema's labels are all regular nouns)."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"
