"""schema.org JSON-LD for a record page (site/scriptjson.py makes it safe inside its <script> element)."""

from __future__ import annotations

from casebook import urls
from casebook.model import Record
from casebook.site.model import SiteData


def _bib_title(site: SiteData, key: str) -> str:
    from casebook.bibplain import plain_fields

    return plain_fields(site.content.bib_text).get(key, {}).get("title") or key


def record_jsonld(record: Record, site: SiteData, summary: str, ref_keys: list[str]) -> dict:
    taxonomy = site.content.taxonomy
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
        "citation": [{"@type": "CreativeWork", "name": _bib_title(site, key)} for key in ref_keys],
    }
    if record.added:
        data["datePublished"] = record.added
    url = site.address.absolute(urls.record_page(record.id))
    if url:
        data["@id"] = url
        data["url"] = url
    return data
