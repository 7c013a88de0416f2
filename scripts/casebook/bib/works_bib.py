"""A record's works written as biblatex entries that pandoc reads back as the same works.

Used twice: the published data/references.bib lists the works records carry after
references.bib's own entries, and `casebook works move` appends exactly those entries to
references.bib when a maintainer wants one bibliography. Pandoc's own biblatex writer
is not used: it writes titles in title case (read back, "Northbridge: what" becomes
"Northbridge: What"), splits a publisher at "and", curls apostrophes and drops a report's
type. Here every title is braced whole (kept exactly as typed), "and" inside a name or
publisher is braced, and LaTeX's special characters and ligatures are escaped; the move
still renders each work both ways and refuses any that would read differently.
"""

from __future__ import annotations

import re

from casebook.bib.works import TYPES
from casebook.model import Work

# (CSL variable, biblatex field) per entry, in the order written.
_COMMON_TAIL = (("issued", "date"), ("URL", "url"), ("accessed", "urldate"), ("DOI", "doi"),
                ("annote", "annotation"))
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "report": (("author", "author"), ("title", "title"), ("genre", "type"), ("publisher", "institution"),
               ("publisher-place", "location"), *_COMMON_TAIL),
    "webpage": (("author", "author"), ("title", "title"), ("container-title", "journaltitle"),
                ("publisher", "organization"), *_COMMON_TAIL),
    "article-journal": (("author", "author"), ("title", "title"), ("container-title", "journaltitle"),
                        ("volume", "volume"), ("issue", "number"), ("page", "pages"), ("publisher", "publisher"),
                        *_COMMON_TAIL),
    "book": (("author", "author"), ("editor", "editor"), ("title", "title"), ("edition", "edition"),
             ("publisher", "publisher"), ("publisher-place", "location"), *_COMMON_TAIL),
    "chapter": (("author", "author"), ("title", "title"), ("editor", "editor"), ("container-title", "booktitle"),
                ("edition", "edition"), ("publisher", "publisher"), ("publisher-place", "location"),
                ("page", "pages"), *_COMMON_TAIL),
    "document": (("author", "author"), ("editor", "editor"), ("title", "title"),
                 ("container-title", "journaltitle"), ("publisher", "publisher"),
                 ("publisher-place", "location"), *_COMMON_TAIL),
}
_TITLES = {"title", "booktitle"}  # put through sentence case by pandoc's reader: braced whole
_LISTS = {"institution", "organization", "publisher", "location"}  # split at "and" by biblatex
_VERBATIM = {"url", "doi", "date", "urldate"}
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
_AND = re.compile(r"(?<=\s)and(?=\s)")
# Straight quotes as pandoc's CSL reader reads them (quotation marks, curled by the style's locale)
# written as LaTeX's: ``double'' and `single' (an apostrophe inside a word stays one).
_OPENING = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))(\"|')(?=\S)")
_CLOSING_DOUBLE = re.compile(r'"')


def escape(text: str) -> str:
    """Plain text as biblatex text that pandoc reads back as the same characters."""
    out = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
    out = _OPENING.sub(lambda m: "``" if m.group(1) == '"' else "`", out)
    out = _CLOSING_DOUBLE.sub("''", out)
    while "--" in out:  # pandoc reads -- and --- as dashes
        out = out.replace("--", r"-\/-")
    return out.replace("<<", "<{}<").replace(">>", ">{}>")


def _name(name: dict) -> str:
    if "literal" in name:
        return "{" + escape(str(name["literal"])) + "}"
    family = escape(str(name["family"]))
    # Braced whole, a family name is read as written: "van der Berg" stays one name (unbraced,
    # biblatex takes "van der" for a particle and prints "Berg, J. van der"), "and" stays a word.
    family = "{" + family + "}" if any(ch in family for ch in " ,") else family
    given = name.get("given")
    return f"{family}, {_AND.sub('{and}', escape(str(given)))}" if given else family


def _value(field: str, value: object) -> str:
    if isinstance(value, list):
        return " and ".join(_name(n) for n in value)
    text = str(value)
    if field in _VERBATIM:
        return text
    text = escape(text)
    if field in _LISTS:
        text = _AND.sub("{and}", text)
    return "{" + text + "}" if field in _TITLES else text


def biblatex_entry(work: Work) -> str:
    """One @type{key, ...} entry for the work, a field a line."""
    kind, _ = TYPES[work.csl["type"]]
    pairs = [(field, _value(field, work.csl[name])) for name, field in FIELDS[work.csl["type"]]
             if work.csl.get(name) not in (None, "", [])]
    width = max([11, *(len(f) for f, _ in pairs)])
    lines = [f"  {field:<{width}} = {{{value}}}," for field, value in pairs]
    return f"@{kind}{{{work.key},\n" + "\n".join(lines) + "\n}\n"


def works_block(works: list[Work]) -> str:
    """The entries for these works, each headed by the record that described it (what `works move`
    appends to references.bib, and what the published references.bib adds after it)."""
    parts = [f"\n% Described in {w.path} (casebook works move writes it here).\n{biblatex_entry(w)}" for w in works]
    return "".join(parts)


def published_bibliography(bib_text: str, works: dict[str, Work]) -> str:
    """references.bib as written, then every work the records carry: one bibliography to download."""
    if not works:
        return bib_text
    return bib_text.rstrip("\n") + "\n" + works_block(sorted(works.values(), key=lambda w: (w.path, w.key)))
