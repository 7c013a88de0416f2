"""A pack as pandoc input: the body Markdown (from a Jinja2 template) and its metadata.

Two rules keep record text from ever becoming structure or code:
- plain-text values are escaped by the template's finalize step (escape.escape_markdown),
  unless Casebook built them itself (escape.Markdown);
- record Markdown (summary, narrative, editorial notes) is never placed in the body. Each
  field goes into the metadata, where pandoc parses it as a document of its own with the
  restrictive reader, and the body holds only a placeholder that pandoc/pack.lua replaces
  with the parsed blocks (demoting any heading). So one record's Markdown cannot open a
  section, end the pack's structure, or define link labels or footnotes for another.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2

from casebook import urls
from casebook.markdown import citation_keys
from casebook.model import NARRATIVE_SECTIONS, ContentSet, Record, SourceRef
from casebook.pack.escape import Markdown, escape_markdown, lead
from casebook.pack.select import Selection, describe, labels, lower_label, select
from casebook.pandoc_tools import prepare

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pack"
FINDINGS_LIMIT = 6  # keeps the overview to about one page
SECTION_TITLES = {"context": "Context", "approach": "Approach", "outcomes": "Outcomes", "lessons": "Lessons"}


@dataclass(frozen=True)
class PackSpec:
    """What to build: everything that decides the pack's content (so equal specs give equal files)."""

    title: str
    selection: Selection
    timestamp: int  # seconds since the epoch: the cover date and the PDF's creation date
    link_base: str | None = None  # the site's absolute address ending in "/"; None: no links to the site
    subtitle: str = "A Casebook briefing pack"


@dataclass
class Document:
    body: str
    metadata: dict
    records: list[Record]


@dataclass
class _Fields:
    """Record Markdown held out of the body, keyed by an unguessable placeholder."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    values: dict[str, str] = field(default_factory=dict)

    def add(self, text: str) -> Markdown:
        name = f"f{len(self.values)}"
        self.values[name] = prepare(text).strip() + "\n"  # trailing newline: always parsed as blocks
        return Markdown(f"CASEBOOKFIELD{self.token}x{name}")


def _finalize(value: object) -> str:
    if isinstance(value, Markdown):
        return str(value)
    if isinstance(value, bool) or value is None:
        raise TypeError(f"refusing to print {value!r} into the pack")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return escape_markdown(value)
    raise TypeError(f"refusing to print a {type(value).__name__} into the pack")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), finalize=_finalize,
                              undefined=jinja2.StrictUndefined, autoescape=False,
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def _counted(noun: str, n: int) -> str:
    """'1 case study', '2 case studies' (the schema's labels are all regular nouns)."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def cite(ref: SourceRef) -> Markdown:
    """Pandoc citation from a schema-checked key and locator (neither can hold brackets)."""
    return Markdown(ref.citation())


def cover_date(timestamp: int) -> str:
    day = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).date()
    return f"{day.day} {day:%B %Y}"


def build_document(content: ContentSet, spec: PackSpec) -> Document:
    records = select(content, spec.selection)
    fields = _Fields()
    schema = content.schema
    kinds, evidence, org_types = labels(schema, "kind"), labels(schema, "evidence_type"), labels(schema, "org_type")
    theme_counts = Counter(t for r in records for t in r.themes)
    kind_counts = Counter(r.kind for r in records)
    sources = {key for r in records for key in r.cited_keys()}
    sources |= {found.value for r in records for _, text in r.markdown_fields() for found in citation_keys(text)}
    context = {
        "count": len(records),
        "kinds": [_counted(lower_label(kinds[k]), n) for k, n in sorted(kind_counts.items())],
        "source_count": len(sources),
        "selection": describe(content, spec.selection),
        "themes": [(t.title, theme_counts[t.id]) for t in content.taxonomy.themes if theme_counts[t.id]],
        "findings": [fields.add(f"**{escape_markdown(r.title)}.** {lead(r.summary)}")
                     for r in records[:FINDINGS_LIMIT]],
        "findings_limit": FINDINGS_LIMIT,
        "records": [_record_context(r, content, fields, kinds, evidence, org_types, spec.link_base)
                    for r in records],
    }
    body = _environment().get_template("body.md.j2").render(context)
    metadata = {
        "title": escape_markdown(spec.title),
        "subtitle": escape_markdown(spec.subtitle),
        "date": escape_markdown(cover_date(spec.timestamp)),
        "author": ["Casebook"],
        "abstract-title": "Selection",
        "abstract": escape_markdown(context["selection"]),
        "keywords": [escape_markdown(title) for title, _ in context["themes"]],
        "casebook-fields": fields.values,
        "casebook-field-token": fields.token,
    }
    return Document(body=body, metadata=metadata, records=records)


def _record_context(record: Record, content: ContentSet, fields: _Fields, kinds: dict, evidence: dict,
                    org_types: dict, link_base: str | None) -> dict:
    when = " ".join(p for p in (str(record.year) if record.year else "", f"({record.period})"
                                if record.period else "") if p)
    page = link_base + urls.record_page(record.id) if link_base else None
    return {
        "title": record.title,
        "kind": kinds[record.kind],
        "organisations": "; ".join(f"{o.name} ({lower_label(org_types[o.type])})" for o in record.organisations),
        "when": when,
        "evidence": evidence[record.evidence_type],
        "themes": "; ".join(content.taxonomy.theme(t).title for t in record.themes),
        "page_text": page or "",
        "page_url": Markdown(_link_destination(page)) if page else None,
        "summary": fields.add(record.summary),
        "sections": [(SECTION_TITLES[k], fields.add(record.narrative[k]))
                     for k in NARRATIVE_SECTIONS if record.narrative.get(k)],
        "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role or "", "cite": cite(q.source)}
                   for q in record.quotes],
        "figures": [{"label": f.label, "value": " ".join(p for p in (f.value, f.unit or "") if p),
                     "note": f.note or "", "cite": cite(f.source)} for f in record.figures],
        "notes": [fields.add(n) for n in record.editorial_notes],
        "sources": [cite(s) for s in record.sources],
    }


def _link_destination(url: str) -> str:
    """A link target in angle brackets; the parts are a checked site URL and a record id slug."""
    if any(ch in url for ch in "<>\n\r\t ") or "\\" in url:
        raise ValueError(f"unexpected character in link {url!r}")
    return f"<{url}>"
