"""Read references.bib with bibtexparser v2 and report what it silently tolerates."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

from casebook.model import BibEntry
from casebook.problems import Problems

# Casebook's policy: the fields without which a UK Harvard reference cannot be written.
# A tuple inside the tuple means "any one of these".
REQUIRED_FIELDS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": (("author",), "title", ("journal", "journaltitle"), ("year", "date")),
    "book": (("author", "editor"), "title", ("year", "date")),
    "incollection": ("author", "title", "booktitle", ("year", "date")),
    "inproceedings": ("author", "title", "booktitle", ("year", "date")),
    "report": (("author", "institution"), "title"),
    "techreport": (("author", "institution"), "title"),
    "online": ("title",),
    "misc": ("title",),
    "legislation": ("title",),
}
# Thousands of references fit in well under this; far more is a mistake or an attack.
MAX_BYTES = 4 * 1024 * 1024
# A newline then `name =` inside a value means a missing comma merged two fields.
_MERGED_FIELD = re.compile(r"\n\s*([A-Za-z][\w-]*)\s*=\s*[{\"0-9]")


def load_bibliography(path: Path, shown_as: str) -> tuple[dict[str, BibEntry], Problems, str]:
    """The entries by key, every problem found, and the file's text (what pandoc and the site use)."""
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
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.error(shown_as, line, 1, "bib-duplicate-key",
                           f"citation key {block.key!r} is defined twice; rename or remove one")
        elif isinstance(block, DuplicateFieldKeyBlock):
            problems.error(shown_as, line, 1, "bib-duplicate-field",
                           f"the field(s) {', '.join(sorted(block.duplicate_keys))} appear twice in this entry",
                           hint="keep one")
        else:
            error = block.error
            reason = str(getattr(error, "abort_reason", "") or error or "unparseable").strip().splitlines()
            problems.error(shown_as, line, 1, "bib-syntax",
                           f"this BibTeX entry cannot be parsed: {reason[-1].strip() if reason else 'unparseable'}")
    entries: dict[str, BibEntry] = {}
    seen_folded: dict[str, str] = {}
    for entry in library.entries:
        line = entry.start_line + 1
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        field_lines = {f.key.lower(): (f.start_line or entry.start_line) + 1 for f in entry.fields}
        folded = entry.key.lower()
        if folded in seen_folded:
            problems.error(shown_as, line, 1, "bib-duplicate-key",
                           f"citation key {entry.key!r} differs from {seen_folded[folded]!r} only by case")
        seen_folded[folded] = entry.key
        _check_entry(entry.key, entry.entry_type.lower(), fields, field_lines, line, shown_as, problems)
        entries[entry.key] = BibEntry(entry.key, entry.entry_type.lower(), fields, line)
    return entries, problems, text


def _parse(text: str, shown_as: str, problems: Problems) -> bibtexparser.Library | None:
    """Parse quietly (problems are reported as data, not logged) and never raise."""
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)
    try:
        return bibtexparser.parse_string(text)
    except Exception as exc:  # bibtexparser re-raises what it cannot classify; that is still a problem
        problems.error(shown_as, 1, 1, "bib-syntax", f"the bibliography cannot be parsed: {exc}")
        return None
    finally:
        quiet.setLevel(level)


def _check_entry(key: str, entry_type: str, fields: dict[str, str], field_lines: dict[str, int],
                 line: int, shown_as: str, problems: Problems) -> None:
    for name, value in fields.items():
        merged = _MERGED_FIELD.search(value)
        if merged:
            at = field_lines.get(name, line) + value[: merged.start() + 1].count("\n")
            problems.error(shown_as, at, 1, "bib-missing-comma",
                           f"entry {key!r}: field {name!r} swallowed the field {merged.group(1)!r}",
                           hint=f"add a comma at the end of line {at - 1}")
    required = REQUIRED_FIELDS.get(entry_type)
    if required is None:
        problems.error(shown_as, line, 1, "bib-entry-type",
                       f"entry {key!r} has type @{entry_type}, which Casebook does not render",
                       hint="use one of " + ", ".join(f"@{t}" for t in REQUIRED_FIELDS))
        return
    for need in required:
        options = (need,) if isinstance(need, str) else need
        if not any(fields.get(o, "").strip() for o in options):
            problems.error(shown_as, line, 1, "bib-missing-field",
                           f"entry {key!r} (@{entry_type}) has no {' or '.join(options)}",
                           hint="add it if the source states it for certain; otherwise choose @misc")
