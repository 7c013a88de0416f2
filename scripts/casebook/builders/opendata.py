"""Open data published with the site: cases.json, cases.csv, their schemas, references.bib, YAML, Atom."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable

import yaml

from casebook import urls
from casebook.bib.works_bib import published_bibliography
from casebook.builders import dataschema
from casebook.builders.files import FolderWriter
from casebook.edition.html import Rendered, plain_text
from casebook.edition.indexes import SiteData
from casebook.model import Record, SiteAddress
from casebook.site.pages import environment
from casebook.validate.records import MODELINE

CSV_COLUMNS = ("id", "title", "kind", "evidence_type", "year", "period", "organisations", "organisation_types",
               "regions", "nations", "themes", "sources", "added", "last_reviewed", "url", "summary")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _written(value: object) -> object:
    """Without the fields a record file leaves out: the record schema has no null for them."""
    if isinstance(value, dict):
        return {k: _written(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_written(v) for v in value]
    return value


def record_dict(record: Record, address: SiteAddress) -> dict:
    """A record as open data (dataschema.cases_schema describes it): the fields it has, and `url`,
    its absolute page address, or null when the site address is unknown."""
    data = _written(dataclasses.asdict(record))
    data.pop("path", None)
    data.pop("works", None)  # the works a record describes are published in references.bib
    data["url"] = address.absolute(urls.record_page(record.id))
    return data


def cases_json(site: SiteData) -> str:
    records = [record_dict(r, site.address) for r in site.records]
    return json.dumps({"records": records}, ensure_ascii=False, indent=2) + "\n"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(dataschema.FORMULA_START) else text


def cases_csv(site: SiteData, rendered: Rendered) -> str:
    """One row per record. The summary is the rendered summary's plain text (citations as the
    page shows them), as in the feed: raw `[@key, p. 1]` markup means nothing in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in site.records:
        row = {
            "id": r.id, "title": r.title, "kind": r.kind, "evidence_type": r.evidence_type, "year": r.year,
            "period": r.period, "organisations": "; ".join(o.name for o in r.organisations),
            "organisation_types": "; ".join(dict.fromkeys(o.type for o in r.organisations)),
            "regions": "; ".join(dict.fromkeys(o.region for o in r.organisations if o.region)),
            "nations": "; ".join(dict.fromkeys(o.nation for o in r.organisations)),
            "themes": "; ".join(r.themes), "sources": "; ".join(f"{s.key}, {s.locator}" for s in r.sources),
            "added": r.added, "last_reviewed": r.last_reviewed,
            "url": site.address.absolute(urls.record_page(r.id)),
            "summary": plain_text(rendered.get(urls.record_page(r.id), "summary")),
        }
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def atom_feed(site: SiteData, rendered: Rendered) -> str:
    """Newest first by last review; dates come from the records, so the feed is reproducible."""
    base = site.site_url or ""
    records = sorted(site.records, key=lambda r: (r.last_reviewed, r.id), reverse=True)
    taxonomy = site.content.taxonomy
    entries = []
    for r in records:
        summary = plain_text(rendered.get(urls.record_page(r.id), "summary"))
        entries.append({
            "title": _XML_BAD.sub("", r.title),
            "id": (base + urls.record_page(r.id)) if base else f"urn:casebook:record:{r.id}",
            "link": site.address.absolute(urls.record_page(r.id)),
            "published": f"{r.added}T00:00:00Z" if r.added else None,
            "updated": f"{r.last_reviewed}T00:00:00Z",
            "themes": [taxonomy.theme(t) for t in r.themes],
            "summary": _XML_BAD.sub("", summary),
        })
    updated = entries[0]["updated"] if entries else "1970-01-01T00:00:00Z"
    return environment().get_template("feed.xml.j2").render(
        base=base, entries=entries, updated=updated, feed_id=(base or "urn:casebook:") + "feed.xml")


# The schema beside the served records is data/record.schema.json, not the repository's schema/ folder.
SERVED_MODELINE = "# yaml-language-server: $schema=../record.schema.json"


def served_record_text(text: str) -> str:
    """A record file as served: its schema modeline pointing where the site publishes the schema, so an
    editor (or check-jsonschema) opening the download finds it."""
    first, sep, rest = text.partition("\n")
    return SERVED_MODELINE + sep + rest if first.strip() == MODELINE else text


def write_open_data(site: SiteData, rendered: Rendered, files: FolderWriter,
                    carried: Callable[[str], bool] = lambda docs_path: False) -> None:
    """Everything published as data, from the ContentSet: the files as contributors wrote them
    (references.bib already without its private fields: bib.load_bibliography removes them).

    carried: whether a whole-collection file (the JSON and CSV downloads, the feed) is kept from the
    previous build instead (the preview's choice: nothing on its pages reads them)."""
    content = site.content
    if not carried("data/cases.json"):
        files.put_text("data/cases.json", cases_json(site))
    if not carried("data/cases.csv"):
        # With a byte-order mark: without one, Excel reads the file as the local code page ("Â£" for "£").
        files.put("data/cases.csv", cases_csv(site, rendered).encode("utf-8-sig"))
    files.put_text("data/record.schema.json", content.schema_text)
    for name, schema in ((dataschema.CASES_SCHEMA, dataschema.cases_schema(content.schema)),
                         (dataschema.CSV_SCHEMA, dataschema.csv_schema(content.schema))):
        files.put_text(f"data/{name}", json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    files.put_text("data/references.bib", published_bibliography(content.bib_text, content.works))
    for r in site.records:
        text = content.record_texts.get(r.id)
        if text is None:  # a record made in memory (tests): publish what was rendered
            text = yaml.safe_dump(record_dict(r, content.address), allow_unicode=True, sort_keys=False)
        files.put_text(f"data/records/{r.id}.yaml", served_record_text(text))
    if not carried("feed.xml"):
        files.put_text("feed.xml", atom_feed(site, rendered))
