"""schema.org JSON-LD for a record page (site/scriptjson.py makes it safe inside its <script> element).

Search engines and reference managers read this instead of the page: who wrote the record
(its contributors) and, for each work it cites, who wrote it, when, and who published it,
all as plain text taken from the bibliography (BibTeX braces dropped).
"""

from __future__ import annotations

from casebook import urls
from casebook.bibnames import split_names
from casebook.model import BibEntry, Contributor, Record
from casebook.site.model import SiteData

_PUBLISHER_FIELDS = ("publisher", "institution", "organization")


def bib_plain(value: str) -> str:
    """A BibTeX field value as plain text: LaTeX decoded as pandoc reads it (casebook.bibplain)."""
    from casebook.bibplain import plain_text

    return plain_text(value)


def decode_bibliography(bibliography: dict[str, BibEntry]) -> None:
    """Decode every value the site shows from the bibliography before any page is written, in
    one pandoc call: every field, and each author name and its parts as _bib_agent splits them.
    (Asked one at a time, each unknown value costs a pandoc call: 650 calls, 39 s, for a
    bibliography of 200 works.)"""
    from casebook.bibplain import decode_many

    values = set()
    for entry in bibliography.values():
        values.update(entry.fields.values())
        for name in split_names(entry.fields.get("author", "")):
            values.update((name, *name.partition(",")))  # the comma too: _bib_agent decodes all three
    decode_many(values)


def _bib_agent(name: str) -> dict:
    """A name wholly in braces is a body ({CIPD}); "Last, First" is a person."""
    if name.startswith("{") and name.endswith("}"):
        return {"@type": "Organization", "name": bib_plain(name)}
    family, _, given = (bib_plain(part) for part in name.partition(","))
    if not given:
        return {"@type": "Person", "name": family}
    return {"@type": "Person", "name": f"{given} {family}", "familyName": family, "givenName": given}


def _cited_work(entry: BibEntry | None, key: str) -> dict:
    if entry is None:
        return {"@type": "CreativeWork", "name": key}
    fields = entry.fields
    work: dict = {"@type": "CreativeWork", "name": bib_plain(fields.get("title", key))}
    if fields.get("author"):
        work["author"] = [_bib_agent(n) for n in split_names(fields["author"])]
    when = fields.get("date") or fields.get("year")
    if when:
        work["datePublished"] = bib_plain(when)
    publisher = next((fields[f] for f in _PUBLISHER_FIELDS if fields.get(f)), None)
    if publisher:
        work["publisher"] = {"@type": "Organization", "name": bib_plain(publisher)}
    return work


def _contributor(c: Contributor) -> dict:
    """Casebook's own editorial team is an organisation; anyone else a person, with their employer."""
    if c.name.startswith("Casebook") and not c.organisation:
        return {"@type": "Organization", "name": c.name}
    agent: dict = {"@type": "Person", "name": c.name}
    if c.organisation:
        agent["affiliation"] = {"@type": "Organization", "name": c.organisation}
    return agent


def record_jsonld(record: Record, site: SiteData, summary: str, ref_keys: list[str]) -> dict:
    taxonomy = site.content.taxonomy
    bibliography = site.content.bibliography
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": record.title,
        "abstract": summary,
        "genre": site.labels.label("evidence_type", record.evidence_type),
        "keywords": [taxonomy.theme(t).title for t in record.themes],
        "dateModified": record.last_reviewed,
        "inLanguage": "en-GB",
        "publisher": {"@type": "Organization", "name": "Casebook"},
        "isAccessibleForFree": True,
        "about": [{"@type": "Organization", "name": o.name,
                   "address": {"@type": "PostalAddress",
                               "addressRegion": o.region or o.nation, "addressCountry": "GB"}}
                  for o in record.organisations],
        "citation": [_cited_work(bibliography.get(key), key) for key in ref_keys],
    }
    if record.contributors:
        data["author"] = [_contributor(c) for c in record.contributors]
    if record.added:
        data["datePublished"] = record.added
    url = site.address.absolute(urls.record_page(record.id))
    if url:
        data["@id"] = url
        data["url"] = url
    return data
