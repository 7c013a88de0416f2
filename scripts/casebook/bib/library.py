"""Read references.bib with bibtexparser v2 and report what it, biblatex and pandoc silently tolerate.

Entry types, required fields and crossref/xdata inheritance live in bibtypes.py,
organisations written as people in bibnames.py, capitals sentence case would drop in
bibtitles.py, reference managers' quirks in bibexports.py, fields never to publish in
bibprivate.py; this module reads the file and runs every check over every entry, so one
run reports all of them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

from casebook.bib import exports as bibexports
from casebook.bib import macros as bibmacros
from casebook.bib import names as bibnames
from casebook.bib import private as bibprivate
from casebook.bib import titles as bibtitles
from casebook.bib import types as bibtypes
from casebook.hints import did_you_mean
from casebook.model import BibEntry
from casebook.problems import Problems

REQUIRED_FIELDS = bibtypes.REQUIRED_FIELDS
# The one rule for a citation key, in references.bib and in a record's sources (the record
# schema's key pattern is this, anchored; a test keeps them equal). It is pandoc's key syntax
# narrowed to ASCII and to punctuation that is safe in a page address and an HTML id.
KEY = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_:.-]*[A-Za-z0-9_])?")
KEY_RULE = ("a citation key holds only ASCII letters, digits, _, -, : and ., "
            "and starts and ends with a letter, digit or _")

# Thousands of references fit in well under this; far more is a mistake or an attack.
MAX_BYTES = 4 * 1024 * 1024
# bibtexparser takes any `@comment...` for a comment block, so biblatex's @commentary entries
# vanish; renamed for the parse (same length, so lines stay) and named back after it.
_NOT_A_COMMENT = re.compile(r"(?im)^([ \t]*@)comment(?=[a-z])")
_BRACE = re.compile(r"\\.|[{}]")
_COMMAND = re.compile(r"\\([A-Za-z]+|[^A-Za-z\s])")
_COMMENT = re.compile(r"(?<!\\)(?:\\\\)*%")
# A newline then `name =` inside a value means a missing comma merged two fields.
_MERGED_FIELD = re.compile(r"\n\s*([A-Za-z][\w-]*)\s*=\s*[{\"0-9]")


def load_bibliography(path: Path, shown_as: str) -> tuple[dict[str, BibEntry], Problems, str]:
    """The entries by key, every problem found, and the text pandoc and the site use: the file as
    written, less the fields and comments that are never published (bibprivate)."""
    problems = Problems()
    if path.is_symlink():  # a link in a contribution could point anywhere on the machine
        problems.error(shown_as, 1, 1, "symlink", "references.bib must be a real file, not a symbolic link")
        return {}, problems, ""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        problems.error(shown_as, 1, 1, "bib-missing", f"cannot read the bibliography: {exc.strerror}")
        return {}, problems, ""
    if len(raw) > MAX_BYTES:
        problems.error(shown_as, 1, 1, "file-too-large", f"the bibliography is over the limit of {MAX_BYTES:,} bytes")
        return {}, problems, ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(shown_as, line, 1, "encoding", "bytes here are not valid UTF-8")
        return {}, problems, ""
    library = _parse(text, shown_as, problems)
    if library is None:
        return {}, problems, ""
    first_line = {e.key: e.start_line + 1 for e in library.entries}
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = first_line.get(block.key)
            problems.error(shown_as, line, 1, "bib-duplicate-key",
                           f"citation key {block.key!r} is defined twice"
                           + (f" (first at line {first})" if first else "") + "; rename or remove one")
        elif isinstance(block, DuplicateFieldKeyBlock):
            problems.error(shown_as, line, 1, "bib-duplicate-field",
                           f"the field(s) {', '.join(sorted(block.duplicate_keys))} appear twice in this entry",
                           hint="keep one")
        else:
            error = block.error
            reason = str(getattr(error, "abort_reason", "") or error or "unparseable").strip().splitlines()
            keyless = re.match(r"@\w+\s*[{(]\s*\n", block.raw or "")  # EndNote's export can leave the key out
            problems.error(shown_as, line, 1, "bib-syntax",
                           f"this BibTeX entry cannot be parsed: {reason[-1].strip() if reason else 'unparseable'}",
                           hint="it has no citation key: write one after the brace, e.g. @article{smith2012,"
                           if keyless else None)
    types = {e.key: e.entry_type.lower() for e in library.entries}
    fields, undefined = bibmacros.entry_fields(library)
    strings = sorted(library.strings_dict)
    entries: dict[str, BibEntry] = {}
    seen_folded: dict[str, str] = {}
    for entry in library.entries:
        line = entry.start_line + 1
        field_lines = {f.key.lower(): (f.start_line or entry.start_line) + 1 for f in entry.fields}
        folded = entry.key.lower()
        if folded in seen_folded:
            other = seen_folded[folded]
            problems.error(shown_as, line, 1, "bib-duplicate-key",
                           f"citation key {entry.key!r} differs from {other!r} (line {first_line[other]}) only by case")
        seen_folded[folded] = entry.key
        at = _Entry(entry.key, types[entry.key], fields[entry.key], field_lines, line, shown_as, problems)
        _check_key(at)
        _check_field_text(at)
        for name, word in undefined.get(entry.key, []):
            at.error("bib-string", f"entry {entry.key!r}: {name} = {word} names no @string macro, so pandoc "
                                   f"would print the word {word!r}",
                     hint=did_you_mean(word, strings) or f"put text in braces: {name} = {{{word}}}", field=name)
        if at.entry_type == bibtypes.XDATA:
            continue  # data for other entries, not a work: never cited, never rendered
        _check_inheritance(at, fields)
        _check_type_and_fields(at, types, fields)
        found = [(name, code, message, hint) for code, checks in (
            ("bib-organisation", bibnames.warnings(at.fields)), ("bib-title-case", bibtitles.warnings(at.fields)),
            ("bib-private", bibprivate.warnings(at.fields))) for name, message, hint in checks]
        found += [(q.field, q.code, q.message, q.hint) for q in bibexports.warnings(at.entry_type, at.fields)]
        for name, code, message, hint in found:
            problems.warning(shown_as, at.field_lines.get(name, line), 1, code,
                             f"entry {entry.key!r}: {message}", hint=hint)
        kept = {k: v for k, v in fields[entry.key].items() if not bibprivate.why_private(k, v)}
        entries[entry.key] = BibEntry(entry.key, at.entry_type, kept, line, parents=tuple(bibtypes.parents(kept)))
    for start in bibprivate.private_comments(library):
        problems.warning(shown_as, start + 1, 1, "bib-private", "this comment holds a path on the computer it was "
                         "exported from (JabRef keeps its file directory so): it is not published",
                         hint="remove the comment")
    return entries, problems, bibprivate.published(text, library)


def read_fields(text: str) -> dict[str, dict[str, str]]:
    """Every entry's fields as pandoc reads them (macros resolved); empty when the text cannot be parsed."""
    library = parse_library(text)
    return bibmacros.entry_fields(library)[0] if library is not None else {}


def parse_library(text: str) -> bibtexparser.Library | None:
    """The text's blocks as bibtexparser reads them, quietly; None when it cannot be parsed at all."""
    return _parse(text, "", Problems())


def _parse(text: str, shown_as: str, problems: Problems) -> bibtexparser.Library | None:
    """Parse quietly (problems are reported as data, not logged) and never raise."""
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)
    try:
        library = bibtexparser.parse_string(_NOT_A_COMMENT.sub(r"\1c0mment", text))
        for entry in library.entries:
            if entry.entry_type.lower().startswith("c0mment"):
                entry.entry_type = "comment" + entry.entry_type[len("c0mment"):]
        return library
    except Exception as exc:  # bibtexparser re-raises what it cannot classify; that is still a problem
        problems.error(shown_as, 1, 1, "bib-syntax", f"the bibliography cannot be parsed: {exc}")
        return None
    finally:
        quiet.setLevel(level)


@dataclass(frozen=True)
class _Entry:
    """One entry being checked, with where to report."""

    key: str
    entry_type: str
    fields: dict[str, str]
    field_lines: dict[str, int]
    line: int
    shown: str
    problems: Problems

    def error(self, code: str, message: str, hint: str | None = None, field: str | None = None) -> None:
        line = self.field_lines.get(field, self.line) if field else self.line
        self.problems.error(self.shown, line, 1, code, message, hint=hint)


def _check_key(at: _Entry) -> None:
    if KEY.fullmatch(at.key):
        return
    bad = sorted({ch for ch in at.key if not re.fullmatch(r"[A-Za-z0-9_:.-]", ch)})
    what = (f"the character{'s' if len(bad) > 1 else ''} {', '.join(repr(ch) for ch in bad)}" if bad
            else "punctuation at its start or end")
    suggestion = re.sub(r"[^A-Za-z0-9_:.-]+", "-", at.key).strip("-:.") or "key"
    at.error("bib-key", f"citation key {at.key!r} has {what}; {KEY_RULE}",
             hint=f"rename it, e.g. to {suggestion!r}, and its citations with it")


def _check_field_text(at: _Entry) -> None:
    """What a field's text does to pandoc: swallow the next field, stop the whole file, lose words."""
    for name, value in at.fields.items():
        published = not bibprivate.why_private(name, value)  # an unpublished field's LaTeX never reaches pandoc
        merged = _MERGED_FIELD.search(value)
        if merged:
            line = at.field_lines.get(name, at.line) + value[: merged.start() + 1].count("\n")
            at.problems.error(at.shown, line, 1, "bib-missing-comma",
                              f"entry {at.key!r}: field {name!r} swallowed the field {merged.group(1)!r}",
                              hint=f"add a comma at the end of line {line - 1}")
        unbalanced = _unbalanced(value)
        if unbalanced is not None:
            line = at.field_lines.get(name, at.line) + value[:unbalanced].count("\n")
            which = "a { that is never closed" if value[unbalanced] == "{" else "a } that closes nothing"
            at.problems.error(at.shown, line, 1, "bib-braces", f"entry {at.key!r}: field {name!r} has {which}",
                              hint="pandoc cannot read a bibliography with unpaired braces: add the missing "
                                   "one, or write \\{ or \\} for a brace to print")
        unknown = _unknown_command(value) if published and name not in bibtypes.VERBATIM else None
        if unknown:
            instead = bibtypes.COMMAND_INSTEAD.get(unknown)
            line = at.field_lines.get(name, at.line) + value[: value.index("\\" + unknown)].count("\n")
            at.problems.warning(at.shown, line, 1, "bib-latex",
                                f"entry {at.key!r}: field {name!r} uses \\{unknown}, which pandoc does not know: "
                                "it prints nothing for it, and may drop what follows",
                                hint=f"write {instead} instead" if instead else
                                "write the text itself (Unicode is fine: é, –, ’)")
        percent = _COMMENT.search(value) if published and name not in bibtypes.VERBATIM else None
        if percent:
            line = at.field_lines.get(name, at.line) + value[: percent.start()].count("\n")
            at.problems.error(at.shown, line, 1, "bib-percent",
                              f"entry {at.key!r}: field {name!r} has a bare %, which LaTeX and pandoc read as "
                              "the start of a comment, dropping the rest of the line",
                              hint="write \\% for a per cent sign")


def _unknown_command(value: str) -> str | None:
    """The first LaTeX command in value that pandoc's reader would drop, if any."""
    for command in _COMMAND.finditer(value):
        if command.group(1) not in bibtypes.KNOWN_COMMANDS:
            return command.group(1)
    return None


def _unbalanced(value: str) -> int | None:
    """The offset of the first brace without its partner, or None when they pair up."""
    opened: list[int] = []
    for token in _BRACE.finditer(value):
        if token.group() == "{":
            opened.append(token.start())
        elif token.group() == "}":
            if not opened:
                return token.start()
            opened.pop()
    return opened[0] if opened else None


def _check_inheritance(at: _Entry, fields: dict[str, dict[str, str]]) -> None:
    for name in ("crossref", "xdata"):
        for parent in bibtypes.parents({name: at.fields.get(name, "")}):
            if parent not in fields:
                at.error("bib-crossref", f"entry {at.key!r}: {name} {parent!r} is not an entry in references.bib",
                         hint=did_you_mean(parent, sorted(fields)) or f"add the entry {parent!r}, or remove {name}",
                         field=name)
    chain = bibtypes.loop(at.key, fields)
    if chain:
        at.error("bib-crossref", f"entry {at.key!r}: its crossref/xdata leads back to itself: {' -> '.join(chain)}",
                 hint="an entry inherits from a parent, never from itself", field="crossref")


def _check_type_and_fields(at: _Entry, types: dict[str, str], fields: dict[str, dict[str, str]]) -> None:
    entry_type = at.entry_type
    if entry_type in bibtypes.REFUSED:
        at.error("bib-entry-type", f"entry {at.key!r} has type @{entry_type}: {bibtypes.REFUSED[entry_type]}")
        return
    required = REQUIRED_FIELDS.get(entry_type)
    if required is None:
        at.error("bib-entry-type", f"entry {at.key!r} has type @{entry_type}, which is not a biblatex entry type "
                                   "pandoc knows: it would be printed as a generic work",
                 hint=did_you_mean(entry_type, list(REQUIRED_FIELDS)) or "the types are listed in CONTRIBUTING.md")
        return
    resolved = bibtypes.resolve(at.key, types, fields)
    parents = [p for p in bibtypes.parents(at.fields) if p in fields]
    for need in required:
        options = (need,) if isinstance(need, str) else need
        if any(resolved.get(o, "").strip() for o in options):
            continue
        where = f", nor does {' or '.join(repr(p) for p in parents)}, which it inherits from" if parents else ""
        hint = bibtypes.FIELD_WHY.get((entry_type, options[0]))
        at.error("bib-missing-field", f"entry {at.key!r} (@{entry_type}) has no {' or '.join(options)}{where}",
                 hint=hint or "add it if the source states it for certain; otherwise choose @misc")
