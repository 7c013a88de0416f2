"""schema.org JSON-LD for a record page (site/scriptjson.py makes it safe inside its <script> element).

Search engines and reference managers read this instead of the page: who wrote the record
(its contributors) and, for each work it cites, who wrote it, when, and who published it,
all as plain text from the bibliography's view (bibview.py), whichever file describes the work.
"""

from __future__ import annotations

from casebook import urls
from casebook.bib.view import Agent, WorkView
from casebook.edition.indexes import SiteData
from casebook.model import Contributor, Record


def _agent(agent: Agent) -> dict:
    if agent.organisation:
        return {"@type": "Organization", "name": agent.name}
    if not agent.given:
        return {"@type": "Person", "name": agent.name}
    return {"@type": "Person", "name": agent.name, "familyName": agent.family, "givenName": agent.given}


def _cited_work(view: WorkView | None, key: str) -> dict:
    if view is None:
        return {"@type": "CreativeWork", "name": key}
    work: dict = {"@type": "CreativeWork", "name": view.title}
    if view.authors:
        work["author"] = [_agent(a) for a in view.authors]
    if view.date:
        work["datePublished"] = view.date
    if view.publisher:
        work["publisher"] = {"@type": "Organization", "name": view.publisher}
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
        "citation": [_cited_work(site.works.get(key), key) for key in ref_keys],
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
