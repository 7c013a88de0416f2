"""Which biblatex entry types Casebook accepts, what each needs, and how crossref and xdata inherit.

Pandoc's citation processor reads references.bib as biblatex (Text.Pandoc.Citeproc.BibTeX)
and maps each entry type to a CSL type the style renders. Casebook accepts every type that
mapping knows, refuses only what would come out wrong, and says why. Inheritance follows
the same reader: a crossref parent's fields fill the child's gaps (a book's title becoming
a chapter's booktitle), as biblatex's default data-inheritance rules say; xdata fills them
as they are. The required-field check runs on the fields after inheritance, as pandoc sees them.
"""

from __future__ import annotations

from collections.abc import Mapping

Need = tuple[str | tuple[str, ...], ...]  # a tuple inside means "any one of these"
_DATE = ("year", "date")
_BOOK: Need = (("author", "editor"), "title", _DATE)
_COLLECTION: Need = ("editor", "title", _DATE)
_PART: Need = ("author", "title", "booktitle", _DATE)
_ARTICLE: Need = ("author", "title", ("journal", "journaltitle"), _DATE)
_TITLE: Need = ("title",)

# Casebook's policy: the fields without which a UK Harvard reference cannot be written.
REQUIRED_FIELDS: dict[str, Need] = {
    "article": _ARTICLE,
    "book": _BOOK,
    "mvbook": _BOOK,
    "inbook": _PART,
    "bookinbook": _PART,
    "booklet": _TITLE,
    "collection": _COLLECTION,
    "mvcollection": _COLLECTION,
    "incollection": _PART,
    "proceedings": ("title", _DATE),
    "mvproceedings": ("title", _DATE),
    "inproceedings": _PART,
    "reference": ("title", _DATE),
    "mvreference": ("title", _DATE),
    "inreference": ("title", "booktitle", _DATE),
    "periodical": ("title", "issuetitle", _DATE),
    "suppperiodical": _ARTICLE,
    "report": (("author", "institution"), "title"),
    "techreport": (("author", "institution"), "title"),
    "thesis": ("author", "title", "type", ("institution", "school"), _DATE),
    "phdthesis": ("author", "title", ("institution", "school"), _DATE),
    "mastersthesis": ("author", "title", ("institution", "school"), _DATE),
    "manual": _TITLE,
    "patent": ("author", "title", "number", _DATE),
    "unpublished": ("author", "title"),
    "online": _TITLE,
    "electronic": _TITLE,
    "www": _TITLE,
    "dataset": _TITLE,
    "software": _TITLE,
    "misc": _TITLE,
    "legislation": _TITLE,
    # biblatex's "unsupported" types, which pandoc still maps onto CSL types.
    **{name: _TITLE for name in ("artwork", "audio", "commentary", "image", "jurisdiction", "legal", "letter",
                                 "movie", "music", "performance", "review", "standard", "video")},
}
# Why a field matters where the reason is not obvious.
FIELD_WHY = {
    ("periodical", "issuetitle"): "pandoc prints a periodical as one issue of it, so without issuetitle the "
                                  "journal's name is printed twice; to cite one article in it, use @article",
    ("thesis", "type"): "the degree, e.g. type = {phdthesis} or {mathesis}, which the reference names",
}
# Types pandoc reads but would render wrongly, each with the reason and what to use instead.
REFUSED: dict[str, str] = {
    "set": "pandoc's citation processor does not expand entry sets (entryset), so it would print an empty "
           "reference; cite the entries themselves",
    **{name: "pandoc does not print the booktitle of supplementary material, so the reference would not say "
             "what it is in; use @inbook or @incollection" for name in ("suppbook", "suppcollection")},
    "conference": "pandoc does not read BibTeX's old @conference as a conference paper and would print a "
                  "generic work; use @inproceedings",
    **{f"custom{c}": "custom types have no rendering in pandoc; choose the type the work is" for c in "abcdef"},
}
# Fields biblatex reads verbatim (addresses, identifiers, keys, dates): not LaTeX, so `%` or `~` in
# them is literal and they are shown as written.
VERBATIM = frozenset({"url", "urlraw", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", "crossref",
                      "xdata", "ids", "entryset", "related", "isbn", "issn", "langid", "date", "urldate",
                      "origdate", "eventdate"})
# LaTeX commands pandoc's reader turns into text (tests/bibdata/accents.bib proves each one).
# Any other command is dropped, often with its argument: `\\textendash` prints nothing and
# `\\mbox{word}` loses the word, so the validator warns about it.
KNOWN_COMMANDS = frozenset(
    # accents and letters
    ['"', "'", "`", "^", "~", "=", ".", "c", "v", "H", "k", "r", "u", "d", "b", "t",
     "aa", "AA", "o", "O", "ss", "ae", "AE", "oe", "OE", "l", "L", "i", "j",
     # escaped characters and symbols
     "&", "%", "$", "#", "_", "{", "}", ",", " ", "S", "P", "ldots", "dots", "textquoteright", "textquoteleft",
     "textquotedblleft", "textquotedblright", "textasciitilde", "textasciicircum", "textbackslash",
     "textregistered", "copyright",
     "pounds", "euro", "textdegree", "textbullet", "TeX", "LaTeX",
     # text styles, links and quotes (their text is kept)
     "emph", "textit", "textbf", "textsc", "texttt", "textsl", "textup", "textrm", "textsf", "textnormal",
     "textsuperscript", "textsubscript", "url", "href", "mkbibquote", "enquote", "mkbibemph", "uppercase",
     "MakeUppercase", "noopsort"])
# What to write instead of a command pandoc drops, where there is an obvious character.
COMMAND_INSTEAD = {"textendash": "–", "textemdash": "—", "texttrademark": "™", "dag": "†", "ddag": "‡",
                   "textellipsis": "…", "textperiodcentered": "·", "nobreakspace": "~", "mbox": "{...}",
                   "hbox": "{...}", "quad": "a space", ";": "a space"}
# Not a work: data other entries take in (`xdata = {key}`); never cited, never rendered.
XDATA = "xdata"

_NOT_INHERITED = {"ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options", "presort",
                  "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro",
                  "sortkey"}
_TITLES_AS = {"title": "{}title", "subtitle": "{}subtitle", "titleaddon": "{}titleaddon",
              "shorttitle": None, "sorttitle": None, "indextitle": None, "indexsorttitle": None}
_MAX_DEPTH = 8  # a crossref chain deeper than this is a mistake (or a loop)


def inherited_as(parent: str, child: str, name: str) -> tuple[str, ...]:
    """The child's field names a parent's field fills (none, one or two), as pandoc's transformKey does."""
    if name in _NOT_INHERITED:
        return ()
    if name == "author" and (parent in ("mvbook", "book") and child in ("inbook", "bookinbook", "suppbook")
                             or parent == "mvbook" and child == "book"):
        return ("bookauthor", "author")
    prefix = None
    if (parent == "mvbook" and child in ("book", "inbook", "bookinbook", "suppbook")
            or parent in ("mvcollection", "mvreference")
            and child in ("collection", "reference", "incollection", "inreference", "suppcollection")
            or parent == "mvproceedings" and child in ("proceedings", "inproceedings")):
        prefix = "main"
    elif (parent == "book" and child in ("inbook", "bookinbook", "suppbook")
          or parent in ("collection", "reference") and child in ("incollection", "inreference", "suppcollection")
          or parent == "proceedings" and child == "inproceedings"):
        prefix = "book"
    elif parent == "periodical" and child in ("article", "suppperiodical"):
        prefix = "journal"
        if name == "titleaddon":
            return (name,)
    if prefix is None or name not in _TITLES_AS:
        return (name,)
    target = _TITLES_AS[name]
    return (target.format(prefix),) if target else ()


def parents(fields: Mapping[str, str]) -> list[str]:
    """The keys an entry inherits from: crossref and xdata, each a comma- or space-separated list."""
    found = []
    for name in ("crossref", "xdata"):
        found += [k for k in fields.get(name, "").replace(",", " ").split() if k]
    return found


def resolve(key: str, types: Mapping[str, str], fields: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """An entry's fields with what its crossref and xdata parents give it, the entry's own winning."""
    own = dict(fields[key])
    merged = dict(own)
    for name, value in _inherited(key, key, types, fields, 0, frozenset({key})):
        if name not in own:
            merged[name] = value
    return merged


def _inherited(base: str, key: str, types: Mapping[str, str], fields: Mapping[str, Mapping[str, str]],
               depth: int, seen: frozenset[str]) -> list[tuple[str, str]]:
    if depth >= _MAX_DEPTH:
        return []
    out: list[tuple[str, str]] = []
    for parent in parents(fields[key]):
        if parent not in fields or parent in seen:
            continue
        for name, value in fields[parent].items():
            if name in ("crossref", "xdata"):
                continue
            out += [(target, value) for target in inherited_as(types[parent], types[base], name)]
        grand = _inherited(base, parent, types, fields, depth + 1, seen | {parent})
        out += [(name, value) for name, value in grand if name not in fields[parent]]
    return out


def loop(key: str, fields: Mapping[str, Mapping[str, str]]) -> list[str] | None:
    """The chain of keys when an entry's crossref/xdata leads back to itself, else None."""
    todo = [[key]]
    while todo:
        chain = todo.pop()
        for parent in parents(fields.get(chain[-1], {})):
            if parent == key:
                return [*chain, parent]
            if parent in fields and parent not in chain and len(chain) < _MAX_DEPTH:
                todo.append([*chain, parent])
    return None
