"""What reference managers export that pandoc prints wrongly, each with the fix that prints right.

Zotero (Better BibTeX), JabRef, Mendeley, Google Scholar and EndNote each write BibTeX
that biblatex reads, and pandoc renders, differently from what the exporter meant:

- a web address in `howpublished = {\\url{...}}` (Mendeley, GitHub's citation snippets)
  or `note` is printed as plain text or not at all, without "Available at:" or the
  date it was accessed, which only `url` and `urldate` give;
- `url` and `doi` are read verbatim, so Mendeley's escapes (`{\\_}`) stay in the link,
  several addresses in one `url` make one broken link, and a DOI written as an address
  (EndNote, Mendeley) is printed after a second https://doi.org/;
- a title in double braces (Mendeley: `title = {{Leading Culture Change}}`) is kept
  exactly as typed, so it prints in Title Case among sentence-case titles;
- Google Scholar inverts an organisation's name as if it were a person's
  (`Association, Local Government`, printed "Association, L.G."), and an acronym
  (EndNote's `PPMA`) is read as a person's family name;
- EndNote writes its record type into `type` (`Thesis`), which replaces the degree
  pandoc prints for @phdthesis;
- an @article without volume or pages (Google Scholar's magazine and news pieces) is
  printed as "[Preprint]" by Casebook's style.

Checked and harmless: `month` in any form (`aug`, `{aug}`, `8`: the style prints the
year), `keywords`, `note` text (not printed), `language`/`langid`, JabRef's `timestamp`
and `@Comment{jabref-meta: ...}`, EndNote's `type` on other entry types (not printed, or
"Report" for a report) and single-hyphen page ranges (printed with an en dash).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from casebook.bib import names as bibnames
from casebook.bib import private as bibprivate
from casebook.bib import titles as bibtitles

ACCESSED = "YYYY-MM-DD"  # in a fix: the day the contributor read the page, which only they know
_ADDRESS = re.compile(r"\\(?:url|href)\{([^{}]*)\}|(https?://[^\s{}]+)")
# LaTeX escapes an exporter writes into a verbatim field, and what the reader meant.
_ESCAPE = re.compile(r"\{\\([_%&#$~])(?:\{\})?\}|\\([_%&#$])|\$\\sim\$|\\textasciitilde(?:\{\})?|\\~\{\}")
_DOI_ADDRESS = re.compile(r"\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)(\S+)\s*", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,9}")
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.?(?=\s|$)|\.")
# The last word of an organisation's name that Google Scholar puts first, strong enough alone.
_ORGANISATION_LAST = {"Association", "Council", "Office", "Organization", "Organisation", "Department", "Agency",
                      "Ministry", "Executive", "Institute", "Commission", "Committee", "Authority", "Government",
                      "Foundation", "Society", "University", "Federation", "Confederation", "Treasury",
                      "Parliament", "Assembly", "Employers"}
_GENERIC_THESIS = {"thesis", "dissertation", "thesis/dissertation"}
_SHOWN = 80


@dataclass(frozen=True)
class Quirk:
    """One quirk: where, what pandoc does with it, and the fix as field changes (None: remove the
    field), so a test can apply the very fix the hint gives and render the result."""

    field: str
    code: str
    message: str
    fix: tuple[tuple[str, str | None], ...]
    advice: str = "{fix}"  # the words around the fix: a condition, what else to do

    @property
    def hint(self) -> str:
        written = " and ".join(f"{name} = {{{value}}}" for name, value in self.fix if value is not None)
        removed = " and ".join(name for name, value in self.fix if value is None)
        fix = (f"write {written}" if written else "") + (", and " if written and removed else "") + (
            f"remove {removed}" if removed else "")
        return self.advice.format(fix=fix)


def _short(text: str) -> str:
    """A value as written, shortened so one long address cannot flood a message."""
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def warnings(entry_type: str, fields: dict[str, str]) -> Iterator[Quirk]:
    """Every export quirk in one entry's fields (names lower-cased, macros resolved)."""
    yield from _web_address(fields)
    yield from _verbatim_addresses(fields)
    yield from _braced_titles(fields)
    for name in bibnames.NAME_FIELDS:
        if fields.get(name):
            yield from _inverted_organisations(name, fields[name])
            yield from _acronyms(name, fields[name])
    yield from _thesis_type(entry_type, fields)
    yield from _preprint(entry_type, fields)


def _web_address(fields: dict[str, str]) -> Iterator[Quirk]:
    for name in ("howpublished", "note"):
        found = _ADDRESS.search(fields.get(name, ""))
        if not found or bibprivate.why_private(name, fields[name]):
            continue
        address = found.group(1) or found.group(2)
        if fields.get("url"):
            if name == "howpublished":
                yield Quirk(name, "bib-url-field", f"howpublished holds the web address {_short(address)}, "
                                                   "which is printed as well as url's, so the reference shows it "
                                                   "twice", ((name, None),))
            continue
        printed = ("prints as plain text" if name == "howpublished"
                   else "does not print (the style leaves out note)")
        accessed = () if fields.get("urldate") else (("urldate", ACCESSED),)
        yield Quirk(name, "bib-url-field", f"{name} holds the web address {_short(address)}, which pandoc "
                                           f"{printed}: the reference has no 'Available at:' and no accessed date",
                    (("url", address), *accessed, (name, None)),
                    "{fix}" + ("; urldate is the day you read the page" if accessed else ""))


def _verbatim_addresses(fields: dict[str, str]) -> Iterator[Quirk]:
    for name in ("url", "doi"):
        value = fields.get(name, "")
        if bibprivate.why_private(name, value):
            continue  # never published, and never quoted in a message a public pull request shows
        plain = _ESCAPE.sub(lambda m: m.group(1) or m.group(2) or "~", value).replace("{", "").replace("}", "")
        if plain != value:
            yield Quirk(name, "bib-url", f"{name} {_short(value)} has LaTeX escapes, but biblatex reads {name} as "
                                         "written, so pandoc prints and links the backslashes: the address is "
                                         "broken", ((name, plain),))
        doi = _DOI_ADDRESS.fullmatch(plain) if name == "doi" else None
        if doi:
            yield Quirk(name, "bib-doi", f"doi {_short(value)} is an address, not a DOI: pandoc puts "
                                         "https://doi.org/ before it, printing the address twice",
                        ((name, doi.group(1)),))
        addresses = plain.split()
        if name == "url" and len(addresses) > 1:
            yield Quirk(name, "bib-url", f"url holds {len(addresses)} addresses, which pandoc prints as one "
                                         "broken link", ((name, addresses[0]),),
                        "keep the one readers should follow: {fix}")


def _braced_titles(fields: dict[str, str]) -> Iterator[Quirk]:
    if not bibtitles.english(fields):
        return
    for name in bibtitles.TITLE_FIELDS:
        value = fields.get(name, "").strip()
        kept, fixed = bibtitles.kept_title_case(value)
        if kept:
            how = "is all in braces" if bibnames.wholly_braced(value) else "has its capitals in braces"
            yield Quirk(name, "bib-title-braced", f"{name} {{{_short(value)}}} {how}, so pandoc keeps "
                                                  f"{', '.join(repr(w) for w in kept[:3])}"
                                                  f"{' ...' if len(kept) > 3 else ''} and prints it in Title "
                                                  "Case where other titles are in sentence case",
                        ((name, fixed),), "unless those words are a name, {fix}; keep braces only on a word "
                        "that keeps its capital, such as a place's name: {{Sandwell}}")


def _inverted_organisations(name: str, value: str) -> Iterator[Quirk]:
    """Google Scholar's "Association, Local Government": an organisation inverted as a person."""
    parts = bibnames.split_top_level(value)
    fixed, found = list(parts), []
    for i, part in enumerate(parts):
        if bibnames.wholly_braced(part) or part.count(",") != 1:
            continue
        family, given = (s.strip() for s in part.split(","))
        if not family or not given or _INITIAL.search(given):
            continue
        whole = f"{given} {family}"
        named = bibnames.names_organisation(whole) and (len(given.split()) > 1 or _ACRONYM.fullmatch(given))
        if family.split()[-1] in _ORGANISATION_LAST or named:
            found.append((part, family, given, whole))
            fixed[i] = f"{{{whole}}}"
    for part, family, given, whole in found[:1]:
        initials = "".join(word[0] + "." for word in given.split())
        others = (" (Google Scholar adds 'and others' when it shortens a list: keep it only if the document "
                  "names more authors)" if "others" in parts else "")
        yield Quirk(name, "bib-organisation", f"{name} {{{value}}}: {part!r} is read as a person with the family "
                                              f"name {family!r} and printed as '{family}, {initials}'",
                    ((name, " and ".join(fixed)),), f"if {whole!r} is an organisation, {{fix}}{others}")


def _acronyms(name: str, value: str) -> Iterator[Quirk]:
    """EndNote's "PPMA" (or "PPMA,", its mark for an organisation): a person named PPMA to biblatex."""
    parts = bibnames.split_top_level(value)
    found = [i for i, p in enumerate(parts) if _ACRONYM.fullmatch(p.rstrip(",").strip())]
    if found:
        fixed = [f"{{{p.rstrip(',').strip()}}}" if i in found else p for i, p in enumerate(parts)]
        shown = parts[found[0]].rstrip(",").strip()
        yield Quirk(name, "bib-organisation", f"{name} {{{value}}}: {shown!r} looks like an organisation's "
                                              f"initials, but biblatex reads it as a person with the family name "
                                              f"{shown!r}: the reference prints it as written, the site's data "
                                              "(schema.org) as a person", ((name, " and ".join(fixed)),))


def _thesis_type(entry_type: str, fields: dict[str, str]) -> Iterator[Quirk]:
    kind = fields.get("type", "").strip()
    if entry_type in ("phdthesis", "mastersthesis") and kind.lower() in _GENERIC_THESIS:
        degree = "PhD thesis" if entry_type == "phdthesis" else "Master's thesis"
        yield Quirk("type", "bib-thesis-type", f"type {{{kind}}} replaces the {degree!r} pandoc prints for "
                                               f"@{entry_type}: the reference says only {kind!r} (EndNote "
                                               "writes its record type here)", (("type", None),),
                    f"{{fix}}, and pandoc prints {degree!r}")


def _preprint(entry_type: str, fields: dict[str, str]) -> Iterator[Quirk]:
    if entry_type != "article" or fields.get("entrysubtype") or fields.get("crossref") or fields.get("xdata"):
        return
    journal = fields.get("journal") or fields.get("journaltitle")  # without one, bib.py's error says enough
    if journal and not any(fields.get(f, "").strip() for f in ("volume", "pages")):
        yield Quirk("title", "bib-preprint", "an @article without volume or pages is printed as '[Preprint]' by "
                                             "Casebook's style", (("entrysubtype", "magazine"),),
                    "add volume or pages if the source gives them; for a magazine or newspaper piece, {fix} "
                    "(or {{newspaper}}) and give its full date")
