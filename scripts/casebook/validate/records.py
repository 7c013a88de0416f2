"""Rules about one record file on its own: the modeline, hidden characters, the schema, its id, dates, TODOs."""

from __future__ import annotations

import re
import unicodedata

from casebook import markdown
from casebook.clock import today
from casebook.hints import bad_date, dotted, iso_date
from casebook.load import YamlFile
from casebook.problems import brief
from casebook.validate.context import Context, RecordCheck, claimed_ids, file_stem
from casebook.words import message, said

MODELINE = "# yaml-language-server: $schema=../schema/record.schema.json"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Characters that make text look other than it is (Trojan Source, hidden ids).
INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD}
BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
TODO = re.compile(r"\bTODO\b")
DATE_FIELDS = ("last_reviewed", "added", "review_due")


def modeline(check: RecordCheck) -> None:
    """The first line names the schema, so editors check as the contributor types."""
    if not check.loaded.text.startswith("# yaml-language-server: $schema="):
        check.error_at(1, 1, "missing-modeline", "the first line must name the schema so editors check as you type",
                       hint=f"add this first line: {MODELINE}")


def hidden_characters(check: RecordCheck) -> None:
    """Bidirectional controls anywhere in the file, and invisible characters in the id."""
    loaded = check.loaded
    found = None if loaded.text.isascii() else BIDI_RE.search(loaded.text)  # isascii() costs nothing
    if found:
        ch = found.group(0)
        line, col = markdown.line_col(loaded.text, found.start())
        check.error_at(line, col, "hidden-character",
                       message("hidden-character/bidi", name=unicodedata.name(ch, "character"), code=f"{ord(ch):04X}"))
    record_id = check.data.get("id")
    if isinstance(record_id, str):
        for ch in record_id:
            if ord(ch) in INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf"):
                check.error(("id",), "hidden-character", message("hidden-character/id", code=f"{ord(ch):04X}"))
                break


def schema(check: RecordCheck) -> None:
    check.ctx.checker.check(check.loaded, check.shown, check.problems)


def duplicate_id(ctx: Context, file: YamlFile) -> None:
    """Reported on every file involved, readable or not, so checking either one alone shows it."""
    stem = file_stem(file)
    for claimed in claimed_ids(file):
        others = [shown for shown in ctx.files_by_id[claimed] if shown != file.shown]
        if not others:
            continue
        if claimed != stem.lower():  # this file declares an id another file already has: it is the copy
            words = message("duplicate-id/copy", id=repr(claimed), others=", ".join(others))
            hint = (f"give this record its own id: set id: {stem}, its file name" if SLUG.fullmatch(stem)
                    else "give this record an id of its own and name the file after it")
        elif set(others) <= set(ctx.files_by_stem[claimed]):  # names that differ only by case
            words, hint = said("duplicate-id/case", id=repr(claimed), others=", ".join(others))
        else:  # another file declares this file's id
            words, hint = said("duplicate-id/declared", id=repr(claimed), others=", ".join(others))
        line, col = file.loaded.mark(("id",)) if file.loaded else (1, 1)
        ctx.problems.error(file.shown, line, col, "duplicate-id", words, hint=hint)
        return


def id_matches_file(check: RecordCheck) -> None:
    # An id that is not a slug is already reported; renaming the file to it would not help.
    record_id = check.data.get("id")
    stem = file_stem(check.file)
    if isinstance(record_id, str) and record_id != stem and SLUG.fullmatch(record_id):
        taken = [s for s in check.ctx.files_by_stem.get(record_id.lower(), []) if s != check.shown]
        if taken and SLUG.fullmatch(stem):
            hint = f"set id: {stem}; the name {record_id}.yaml is taken by {taken[0]}"
        elif taken:
            hint = (f"give this record an id of its own and name the file after it; "
                    f"{record_id}.yaml is taken by {taken[0]}")
        elif SLUG.fullmatch(stem):
            hint = f"set id: {stem} or rename the file to {record_id}.yaml"
        else:
            hint = f"a file is named by its id: rename the file to {record_id}.yaml"
        check.error(("id",), "id-mismatch",
                    f"id {brief(record_id)} does not match the file name {check.file.path.name!r}", hint=hint)


def dates(check: RecordCheck) -> None:
    for name in DATE_FIELDS:
        value = check.data.get(name)
        if not isinstance(value, str):
            continue
        when = iso_date(value)
        if when is None:
            # The schema reports it too (same words, so reported once).
            check.error((name,), "bad-date", *bad_date(name, value))
        elif name != "review_due" and when > today():
            check.error((name,), "future-date", message("future-date", field=name, value=value))


def placeholders(check: RecordCheck) -> None:
    """`casebook new` marks what is left to write with TODO; a published record must have none."""
    if check.data.get("status") != "published" or "TODO" not in check.loaded.text:
        return

    def walk(value: object, path: tuple) -> None:
        if isinstance(value, str) and TODO.search(value):
            check.error(path, "placeholder", *said("placeholder", where=dotted(path)))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    walk(check.data, ())


def kind_and_evidence(check: RecordCheck) -> None:
    """An opinion piece is "not research" (the schema's own word for it), so it cannot give a
    research finding: the schema's `commentary` kind is for one person's argument."""
    if check.data.get("kind") == "finding" and check.data.get("evidence_type") == "opinion":
        check.warning(("kind",), "kind-evidence", *said("kind-evidence"))
