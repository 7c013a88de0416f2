"""Write the generated Markdown pages (HTML blocks under fixed Markdown headings) from templates."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from casebook import urls
from casebook.edition.html import Rendered, html_templates, plain_text
from casebook.edition.indexes import SiteData, recent, recently_reviewed
from casebook.edition.record_view import FIGURE_HEADINGS, RecordView
from casebook.folders import empty_file
from casebook.fragments import FragmentStore
from casebook.model import READING, Record
from casebook.site import paths
from casebook.site.cards import KeptCards
from casebook.site.cite_page import citation_meta, page_citation
from casebook.site.jsonld import record_jsonld
from casebook.site.page_inputs import PageInputs
from casebook.site.scriptjson import script_json
from casebook.words import long_date

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "site"


@cache
def environment() -> jinja2.Environment:
    env = html_templates(TEMPLATES)
    env.globals.update(link=paths.rel, page_record=urls.record_page, page_theme=urls.theme_page,
                       page_org=urls.organisation_page, pack_file=urls.pack_file,
                       case_index=urls.CASE_INDEX, bibliography=urls.BIBLIOGRAPHY,
                       evidence_map=urls.EVIDENCE_MAP, basket=urls.BASKET, figure_headings=FIGURE_HEADINGS,
                       reading_text=READING)
    env.filters["longdate"] = long_date
    return env


def front_matter(title: str, description: str | None = None, **extra: object) -> Markup:
    """YAML front matter, written as JSON (which YAML reads; json.dumps is ~10x faster than
    yaml.safe_dump). Titles are HTML-escaped here: mkdocs puts page.meta.title into
    <title> and the navigation without escaping."""
    data: dict[str, object] = {"title": html.escape(title, quote=True)}
    if description:
        data["description"] = html.escape(description[:300], quote=True)
    data.update(extra)
    text = json.dumps(data, ensure_ascii=False)
    return Markup(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


# Characters YAML's reader refuses or reads as line breaks: kept as JSON \u escapes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def stash_token(index: int, block: str = "") -> str:
    """The placeholder a block stands as in the Markdown. A block that holds the page's <h1> stands as an
    (empty) h1 of raw HTML, so the theme, which adds a heading to a page whose content has none, sees it."""
    return f'<h1 data-cbstash="{index:06d}"></h1>' if "<h1" in block else f"cbstash{index:06d}x"


@dataclass
class PageWriter:
    """Renders each page's template. HTML blocks inside `{% filter stash %}` never pass through
    Python-Markdown (slow on large HTML, and nothing there is Markdown): each becomes a token
    paragraph that the site generator's adapter puts back after building (site/generator.py; `chunks`,
    by docs path)."""

    site: SiteData
    rendered: Rendered
    views: Mapping[str, RecordView]  # each record as every output shows it (edition/record_view.py)
    docs: Path
    assessment: str | None  # site address of the self-assessment page, when there is one
    briefing: bool = False  # the site can make briefing packs in the browser (builders/browser_packs.py)
    inputs: PageInputs | None = None  # record and organisation pages' inputs, to keep the unchanged ones
    chunks: dict[str, list[str]] = field(default_factory=dict)
    kept: dict[str, str] = field(default_factory=dict)  # docs path -> previous digest of pages not written again
    nav: frozenset[str] = frozenset()  # docs paths of the navigation's pages: never kept (the generator builds them)
    store: FragmentStore | None = None  # keeps the Markdown of pages written from what they show (write's shows)

    def _kept(self, page: str, digest: str) -> bool:
        return self.kept_from_inputs(paths.docs_file(page), digest)

    def record_inputs(self, record_id: str) -> str | None:
        """The digest of what the record's page was made from in this build (once its page is written)."""
        return self.inputs.now.get(paths.docs_file(urls.record_page(record_id))) if self.inputs else None

    def kept_from_inputs(self, docs_path: str, digest: str) -> bool:
        """Whether the file is as the previous build made it, going by the digest of its inputs: then its docs
        file is only a placeholder (the generator keeps the previous output and never reads it) and its digest
        is the previous manifest's."""
        if self.inputs is None or not self.inputs.unchanged(docs_path, digest) \
                or docs_path not in self.inputs.files or docs_path in self.nav:
            return False
        return self.carried(docs_path)

    def carried(self, docs_path: str) -> bool:
        """Keep a file of the previous build as it was, when there is one (a placeholder in docs)."""
        if self.inputs is None or docs_path not in self.inputs.files:
            return False
        self.kept[docs_path] = self.inputs.files[docs_path]
        empty_file(self.docs / docs_path)
        return True

    def write(self, page: str, template: str, shows: object = None, **context: object) -> None:
        """Render the page's template into its docs file. shows: everything the template reads, as plain data,
        for a page the generator builds every time (a navigation page): its Markdown is then kept in the
        fragment store under a digest of that and read back while it is the same, instead of rendered."""
        key = self.inputs.shown(page, template, shows) if shows is not None and self.inputs else None
        found = self.store.read(key) if key and self.store else None
        if found and isinstance(found.get("text"), str) and isinstance(found.get("chunks"), list):
            text, stashed = found["text"], found["chunks"]
        else:
            text, stashed = self._render(page, template, **context)
            if key and self.store:
                self.store.write(key, {"text": text, "chunks": stashed})
        self.chunks[paths.docs_file(page)] = stashed
        target = self.docs / paths.docs_file(page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def _render(self, page: str, template: str, **context: object) -> tuple[str, list[str]]:
        env = environment()
        stashed: list[str] = []

        def stash(block: str) -> str:
            stashed.append(str(block))
            return stash_token(len(stashed) - 1, stashed[-1])

        env.filters["label"] = lambda value, field: self.site.labels.label(field, value)
        env.filters["stash"] = stash
        text = env.get_template(template).render(site=self.site, rendered=self.rendered, here=page,
                                                 assessment=self.assessment, briefing=self.briefing, **context)
        return text, stashed

    def groups(self) -> list[dict]:
        taxonomy = self.site.content.taxonomy
        return [{"group": g, "themes": [t for t in taxonomy.themes if t.group == g.id]} for g in taxonomy.groups]

    def all_pages(self) -> Iterator[tuple[str, Callable[[], None]]]:
        """Every generated page as (what, writer), so the caller can report progress."""
        yield "home", self.home
        yield "case index", self.case_index
        yield "themes", self.themes
        yield "organisations", self.organisations
        yield "evidence map", self.evidence_map
        for record in self.site.records:
            yield record.id, lambda record=record: self.record(record)
        yield "bibliography", self.bibliography
        if self.briefing:
            yield "basket", self.basket

    def home(self) -> None:
        recs = self.site.records
        self.write("", "home.md.j2", front_matter=front_matter("Home", self.site.content.schema.get("description")),
                   groups=self.groups(), pack=self.site.packs.get("all"),
                   recent_added=recent(recs, "added"), recent_reviewed=recently_reviewed(recs))

    def record(self, r: Record) -> None:
        page = urls.record_page(r.id)
        if self.inputs is not None and self._kept(page, self.inputs.record(r)):
            return
        ref_keys = self.site.ref_keys[r.id]
        taxonomy = self.site.content.taxonomy
        summary = plain_text(self.rendered.get(page, "summary"))
        edit = f"{self.site.repo_edit}case_studies/{r.id}.yaml" if self.site.repo_edit else None
        theme_titles = [taxonomy.theme(t).title for t in r.themes]
        self.write(page, "record.md.j2",
                   front_matter=front_matter(r.title, summary, citation_meta=citation_meta(
                       r, self.site.address, summary, theme_titles)),
                   r=r, themes=[taxonomy.theme(t) for t in r.themes],
                   sections=self.views[r.id].sections,
                   html=lambda name: Markup(self.rendered.get(page, name)),
                   inline=lambda name: Markup(self.rendered.inline(page, name)),
                   ref_keys=ref_keys, cite=page_citation(r, self.site.address),
                   related=self.site.related.get(r.id, []),
                   yaml_file=f"data/records/{r.id}.yaml", edit_url=edit,
                   sources_ris=urls.sources_file(r.id, "ris"), sources_bib=urls.sources_file(r.id, "bib"),
                   jsonld=Markup(script_json(record_jsonld(r, self.site, summary, ref_keys))))

    def theme(self, theme, kept: KeptCards) -> None:
        page = urls.theme_page(theme.id)
        group = self.site.content.taxonomy.group(theme.group)
        definition = self.rendered.get(page, "definition")
        records = self.site.by_theme.get(theme.id, [])
        make = self._macros().record_item
        cards = "".join(kept.card(self._card_digest(r, page), lambda r=r: make(r, page, self.site)) + "\n"
                        for r in records)
        self.write(page, "theme.md.j2", front_matter=front_matter(theme.title, plain_text(definition)),
                   theme=theme, group=group, records=records, cards=Markup(cards),
                   pack=self.site.packs.get(theme.id), ref_keys=self.rendered.cited(definition))

    def themes(self) -> None:
        groups = self.groups()
        descriptions = [self.rendered.get("themes/", f"group.{g['group'].id}") for g in groups]
        self.write("themes/", "themes.md.j2", front_matter=front_matter("Themes"), groups=groups,
                   ref_keys=self.rendered.cited(*descriptions))
        kept = self._cards("themes/*/")
        for theme in self.site.content.taxonomy.themes:
            self.theme(theme, kept)
        kept.keep()

    def organisations(self) -> None:
        orgs = list(self.site.organisations.values())
        self.write("organisations/", "organisations.md.j2", front_matter=front_matter("Organisations"), orgs=orgs)
        for org in orgs:
            if self.inputs is not None and self._kept(org.page, self.inputs.organisation(org)):
                continue
            self.write(org.page, "organisation.md.j2", front_matter=front_matter(org.name), org=org)

    def case_index(self) -> None:
        from casebook.site.facets import card_summary, case_items, facets
        from casebook.site.selection_copy import selection_model, write_character_table

        here, items = urls.CASE_INDEX, case_items(self.site)
        make = self._macros().case_card
        kept = self._cards(here)
        cards = "".join(kept.card(self._card_digest(item.record, here), lambda item=item: make(
            item, card_summary(self.rendered, item.record), here, self.site, self.briefing)) for item in items)
        kept.keep()
        write_character_table(self.docs)
        self.write(here, "cases.md.j2",
                   # Out of the search index: it repeats every record's summary, once per record page too.
                   front_matter=front_matter("Case index", None, hide=["toc"], search={"exclude": True}),
                   facets=facets(self.site, items), items=items, cards=Markup(cards),
                   selection_model=Markup(script_json(selection_model(self.site.content))))

    def _macros(self):
        return environment().get_template("_macros.html.j2").module

    def _cards(self, listing: str) -> KeptCards:
        """The record cards kept for a listing page (site/cards.py)."""
        key = self.inputs.shown(listing, "cards", None) if self.inputs is not None else None
        return KeptCards(self.store, key)

    def _card_digest(self, r: Record, here: str) -> str | None:
        """What a record's card is made from: its page's inputs (a card shows part of them), and where the
        listing is (its links are relative)."""
        return f"{self.inputs.record(r)}|{paths.rel(here, '')}" if self.inputs is not None else None

    def evidence_map(self) -> None:
        from casebook.site import evidence_map as em

        types = em.org_type_columns(self.site)
        regions, nations = em.place_columns(self.site)
        self.write(urls.EVIDENCE_MAP, "evidence-map.md.j2", front_matter=front_matter(
                       "Evidence map", "Published records by theme, organisation type, region and nation.",
                       hide=["toc"]),  # the tables need the width: at 1280 px their last column was off screen
                   type_columns=types, region_columns=regions, nation_columns=nations,
                   groups_by_type=em.rows(self.site, types), groups_by_place=em.rows(self.site, regions + nations))

    def basket(self) -> None:
        self.write(urls.BASKET, "basket.md.j2", front_matter=front_matter("Your briefing pack basket",
                                                                          search={"exclude": True}))

    def bibliography(self) -> None:
        theme_keys: dict[str, list] = {}
        for theme in self.site.content.taxonomy.themes:
            for key in self.rendered.cited(self.rendered.get(urls.theme_page(theme.id), "definition")):
                theme_keys.setdefault(key, []).append(theme)
        entries = []
        for key, ref_html in self.rendered.references.items():
            view = self.site.works.get(key)
            entries.append({"key": key, "html": ref_html, "annotation": view.note if view else None,
                            "records": sorted(self.site.by_key.get(key, []), key=lambda r: r.title),
                            "themes": theme_keys.get(key, [])})
        # All the template reads (0.18 s to render at 1,000 records, and most edits leave it as it was).
        shows = [(e["key"], e["html"], e["annotation"], [(r.id, r.title) for r in e["records"]],
                  [(t.id, t.title) for t in e["themes"]]) for e in entries]
        self.write(urls.BIBLIOGRAPHY, "bibliography.md.j2", shows=shows, front_matter=front_matter("Bibliography"),
                   entries=entries)
