"""The self-assessment page: statements from the ContentSet's Assessment, as static HTML plus one JSON block.

The statements are Casebook's own wording, grouped under characteristics that are
themes from themes.yaml (whose definitions carry the citations). A small script draws
the profile: answers never leave the browser.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from markupsafe import Markup

from casebook import urls
from casebook.assessment import Assessment, Characteristic
from casebook.edition.html import html_templates, unwrap_paragraph
from casebook.edition.sanitize import clean
from casebook.fragments import Rendering
from casebook.fragments.units import ASSESSMENT_UNIT, theme_unit
from casebook.model import ContentSet, Record
from casebook.site.scriptjson import script_json

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates" / "assessment"
ASSETS = PACKAGE / "assets" / "assessment"
ASSET_FILES = ("assessment.js", "assessment.css")
EXPORT_FORMAT = "casebook-self-assessment"
EXPORT_VERSION = 1
MAX_RELATED_RECORDS = 8


def _href(site_path: str) -> str:
    """A site path as a link from the page itself (which lives one folder down)."""
    return "../" + site_path


def related_records(characteristic: Characteristic, records: list[Record]) -> list[Record]:
    """Published records on the characteristic's own theme first, then on its statements' themes."""
    themes = characteristic.themes
    ranked = [(min(themes.index(t) for t in r.themes if t in themes) > 0, r.id, r)
              for r in records if set(r.themes) & set(themes)]
    return [r for *_, r in sorted(ranked, key=lambda item: item[:2])][:MAX_RELATED_RECORDS]


def page_data(assessment: Assessment, content: ContentSet) -> dict:
    """Everything the page's script needs, so it works offline with no fetch."""
    taxonomy = content.taxonomy
    published = content.published
    on_theme: dict[str, list[str]] = {}  # theme -> its records' ids (one pass: 5,000 records, some 40 themes)
    for record in published:
        for theme_id in dict.fromkeys(record.themes):
            on_theme.setdefault(theme_id, []).append(record.id)

    def theme(theme_id: str) -> dict:
        return {"id": theme_id, "title": taxonomy.theme(theme_id).title, "href": _href(urls.theme_page(theme_id)),
                "records": list(on_theme.get(theme_id, []))}

    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "title": assessment.title,
        "scale": list(assessment.scale),
        "dontKnow": assessment.dont_know,
        "characteristics": [
            {**theme(c.theme),
             "statements": [{"id": s.id, "text": s.text, "theme": s.theme} for s in c.statements],
             "themes": [theme(t) for t in c.themes],
             "records": [{"id": r.id, "title": r.title, "href": _href(urls.record_page(r.id)),
                          "themes": [t for t in c.themes if t in r.themes]}
                         for r in related_records(c, published)]}
            for c in assessment.characteristics],
        # Every published record on a theme the page names, so a theme's "records" ids resolve here.
        "records": {r.id: {"title": r.title, "href": _href(urls.record_page(r.id))} for r in published
                    if set(r.themes) & {t for c in assessment.characteristics for t in c.themes}},
    }


def _render_markdown(assessment: Assessment, content: ContentSet,
                     rendering: Rendering) -> tuple[str, list[str], list[str], list[tuple[str, str]]]:
    """Intro, notes and each characteristic's citation from the fragment store, cleaned for this page,
    plus the references they cite."""
    here = urls.SELF_ASSESSMENT
    intro = rendering.piece(ASSESSMENT_UNIT, "intro")
    notes = [rendering.piece(ASSESSMENT_UNIT, f"note.{c.theme}") if c.note else None
             for c in assessment.characteristics]
    citations = [rendering.piece(theme_unit(c.theme), "citation") for c in assessment.characteristics]
    keys = set(intro.keys) | {k for n in notes if n for k in n.keys} | {k for c in citations for k in c.keys}
    references = [(k, clean(rendering.references[k].html, here)) for k in rendering.ordered_keys(keys)]
    return (clean(intro.html, here), [clean(n.html, here) if n else "" for n in notes],
            [unwrap_paragraph(clean(c.html, here)) for c in citations], references)


def render_page(assessment: Assessment, content: ContentSet, rendering: Rendering) -> str:
    intro, notes, citations, references = _render_markdown(assessment, content, rendering)
    data_for_script = page_data(assessment, content)
    data = {**data_for_script, "characteristics": [dict(c) for c in data_for_script["characteristics"]]}
    for characteristic, note, citation in zip(data["characteristics"], notes, citations, strict=True):
        characteristic["note_html"] = Markup(note)  # pandoc output, sanitised
        characteristic["citation_html"] = Markup(citation)
    return html_templates(TEMPLATES).get_template("page.md.j2").render(
        data=data, intro_html=Markup(intro), references=[(key, Markup(html)) for key, html in references],
        data_json=Markup(script_json(data_for_script, sort_keys=True)), assets=ASSET_FILES)


def write_assessment_page(content: ContentSet, rendering: Rendering, docs_dir: Path) -> str | None:
    """Write self-assessment/index.md and its script and stylesheet; return the docs-relative page path
    (None when the project has no self-assessment)."""
    assessment = content.assessment
    if assessment is None:
        return None
    folder = docs_dir / urls.SELF_ASSESSMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(render_page(assessment, content, rendering), encoding="utf-8")
    for name in ASSET_FILES:
        shutil.copyfile(ASSETS / name, folder / name)
    return f"{urls.SELF_ASSESSMENT}index.md"
