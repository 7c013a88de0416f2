"""Fields a reference manager exports about its user's own library, kept out of everything published.

Zotero, Mendeley, JabRef, EndNote and BibDesk export more than the work: where its PDF
sits on the exporting computer (`file = {/Users/jo/Zotero/storage/...pdf}`), the user's
own notes (`annote`), folders and tags, their login name (JabRef's `owner`, and its
`@Comment{jabref-meta: fileDirectory-<login>-<host>:/path;}`), and the publisher's
abstract. None of it is printed in a reference, and none of it should reach the site: the
published references.bib, and the text pandoc renders from, are the file as written less
those fields (and less any comment holding a local path). Validation warns about each,
so the contributor can remove it from the pull request too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import bibtexparser
from bibtexparser.model import Entry, ExplicitComment, ImplicitComment

# Field -> what it holds, for the warning. Keywords stay: they are the work's, and harmless.
PRIVATE_FIELDS = {
    "file": "the path of a file on the computer it was exported from",
    "pdf": "the path of a file on the computer it was exported from",
    "localfile": "the path of a file on the computer it was exported from",
    "local-url": "the path of a file on the computer it was exported from",
    "abstract": "the work's abstract (the publisher's text, not needed to cite it)",
    "annote": "your own notes on the work (Zotero, Mendeley and EndNote export them as annote; "
              "Casebook's note for readers is annotation)",
    "owner": "JabRef's login name of the person who added the entry",
    "groups": "the names of groups in your own library",
    "mendeley-groups": "the names of folders in your own library",
    "mendeley-tags": "your own tags",
}
_BDSK_FILE = re.compile(r"bdsk-file-\d+")  # BibDesk: a base64 alias record holding the path
# A path on someone's computer: a POSIX home or volume, ~/, a Windows drive as written raw, by
# Better BibTeX (C\:\\) or by Mendeley (C$\backslash$:), a network share, or a file: address.
LOCAL_PATH = re.compile(
    r"(?<![\w/.~-])/(?:Users|home|Volumes|media|mnt|private|tmp|var/folders|root|run/user|net|afs)/"
    r"|(?<![\w/~])~/"
    r"|(?<![A-Za-z0-9/._-])[A-Za-z](?:\\?:|\$\\backslash\$:)(?:\\\\|\\|/|\$\\backslash\$)"
    r"|(?<!\\)\\\\[\w.$-]+\\"
    r"|\bfile:/", re.IGNORECASE)
_FIELD_NAME = re.compile(r"([A-Za-z_][\w:+.-]*)\s*=\s*")
_OPENING = re.compile(r"@\s*\w+\s*[{(]")
_SPECIAL = {"}": re.compile(r"\\.|[{}]", re.DOTALL), '"': re.compile(r'\\.|[{}"]', re.DOTALL)}


def why_private(name: str, value: str) -> str | None:
    """What a field holds that must not be published, or None when it may be."""
    name = name.lower()
    if name in PRIVATE_FIELDS:
        return PRIVATE_FIELDS[name]
    if _BDSK_FILE.fullmatch(name):
        return PRIVATE_FIELDS["file"]
    if LOCAL_PATH.search(value):
        return "a path on the computer it was exported from"
    return None


def warnings(fields: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(field, message, hint) for each field that is left out of everything published."""
    for name, value in fields.items():
        why = why_private(name, value)
        if why:
            yield (name, f"{name} holds {why}: it is not published (not on the site, not in the packs)",
                   f"remove the {name} field")


def private_comments(library: bibtexparser.Library) -> list[int]:
    """The 0-based first lines of comments holding a local path (JabRef's fileDirectory, a note)."""
    return [b.start_line or 0 for b in library.blocks if _path_comment(b)]


def published(text: str, library: bibtexparser.Library | None) -> str:
    """text without private fields and comments holding a local path, otherwise as written (line
    structure and comments kept). library is text as bib.parse_library parses it."""
    if library is None:
        return text
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    cuts: list[tuple[int, int]] = []
    for block in library.blocks:
        entry, comment = isinstance(block, Entry), _path_comment(block)
        values = _fields(block) if entry else {}
        if not comment and not any(why_private(k, v) for k, v in values.items()):
            continue
        # An entry's raw text is searched by its "@" (bib.py renames @comment... types for the parse).
        at = text.find("@" if entry else block.raw, starts[min(block.start_line or 0, len(starts) - 1)])
        if at < 0:
            return _rewritten(library)
        if comment:
            cuts.append((at, at + len(block.raw)))
            continue
        spans = _field_spans(text, at)
        if spans is None:
            return _rewritten(library)
        cuts += [(start, end) for name, start, end in spans if why_private(name, values.get(name, ""))]
    if not cuts:
        return text
    pieces, kept_from = [], 0
    for start, end in sorted(_span(text, start, end) for start, end in cuts):  # one pass: a big file, many cuts
        pieces.append(text[kept_from:max(start, kept_from)])
        kept_from = max(end, kept_from)
    out = "".join(pieces) + text[kept_from:]
    return out if _clean(out, library) else _rewritten(library)


def _path_comment(block: object) -> bool:
    return isinstance(block, (ExplicitComment, ImplicitComment)) and bool(LOCAL_PATH.search(block.raw or ""))


def _field_spans(text: str, at: int) -> list[tuple[str, int, int]] | None:
    """(name, start, end) of each field of the entry starting at `at`; None when it is not
    shaped as expected (the caller then rewrites the file rather than risk leaving a field in)."""
    opening = _OPENING.match(text, at)
    if not opening:
        return None
    comma = text.find(",", opening.end())
    if comma < 0:
        return []
    spans, pos = [], comma + 1
    while True:
        pos = re.compile(r"[\s,]*").match(text, pos).end()
        if pos >= len(text) or text[pos] in "})":
            return spans
        name = _FIELD_NAME.match(text, pos)
        if not name:
            return None
        end = _value_end(text, name.end())
        if end is None:
            return None
        spans.append((name.group(1).lower(), pos, end))
        pos = end


def _value_end(text: str, pos: int) -> int | None:
    """Where a value (braced, quoted or bare parts joined by #) ends."""
    while pos < len(text):
        if text[pos] == "{":
            pos = _closing(text, pos + 1, "}")
        elif text[pos] == '"':
            pos = _closing(text, pos + 1, '"')
        else:
            bare = re.compile(r"[^\s,#{}()\"]+").match(text, pos)
            if not bare:
                return None
            pos = bare.end()
        if pos is None:
            return None
        after = re.compile(r"\s*#\s*").match(text, pos)
        if not after:
            return pos
        pos = after.end()
    return None


def _closing(text: str, pos: int, close: str) -> int | None:
    """Just past the `close` that ends a value opened before pos (braces inside it paired)."""
    depth = 0
    special = _SPECIAL[close]
    while True:
        found = special.search(text, pos)
        if not found:
            return None
        ch, pos = found.group(), found.end()
        if ch.startswith("\\"):
            continue
        if ch == close and depth == 0:
            return pos
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return None


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """What to remove for [start, end): with the comma after it, or the whole line when nothing
    else is on it."""
    comma = re.compile(r"[ \t]*,[ \t]*").match(text, end)
    end = comma.end() if comma else end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return line_start, line_end + 1
    return start, end


def _clean(out: str, library: bibtexparser.Library) -> bool:
    """The cut text reads as the original less exactly the private fields and comments."""
    from casebook.bib.library import parse_library  # here, not at the top: bib.py imports this module

    again = parse_library(out)
    if again is None or len(again.failed_blocks) != len(library.failed_blocks) or private_comments(again):
        return False
    kept = [{k: v for k, v in _fields(e).items() if not why_private(k, v)} for e in library.entries]
    return kept == [_fields(e) for e in again.entries]


def _fields(entry: Entry) -> dict[str, str]:
    return {f.key.lower(): str(f.value) for f in entry.fields}


def _rewritten(library: bibtexparser.Library) -> str:
    """The last resort: the entries written afresh by bibtexparser, private fields left out."""
    fresh = bibtexparser.Library()
    for block in library.blocks:
        if isinstance(block, Entry):
            kept = [f for f in block.fields if not why_private(f.key, str(f.value))]
            fresh.add(Entry(block.entry_type, block.key, kept))
        elif block not in library.failed_blocks and not _path_comment(block):
            fresh.add(block)
    return bibtexparser.write_string(fresh)
