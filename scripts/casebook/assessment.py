"""The self-assessment: `assessment.yaml` validated like any other source, and its page on the site.

The statements are Casebook's own wording, grouped under characteristics that are
themes from themes.yaml (whose definitions carry the citations). The page is
static HTML plus one JSON block and a small script: answers never leave the browser.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from casebook import markdown, urls
from casebook.load import read_yaml_file
from casebook.model import BibEntry, ContentSet, Record, Taxonomy
from casebook.problems import CasebookError, Problems
from casebook.project import Project, load_json
from casebook.schema_check import SchemaChecker, did_you_mean
from casebook.yamlsafe import LoadedYaml

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates" / "assessment"
ASSETS = PACKAGE / "assets" / "assessment"
ASSET_FILES = ("assessment.js", "assessment.css")
EXPORT_FORMAT = "casebook-self-assessment"
EXPORT_VERSION = 1
MAX_RELATED_RECORDS = 8


@dataclass(frozen=True)
class Statement:
    id: str
    theme: str
    text: str


@dataclass(frozen=True)
class Characteristic:
    theme: str
    statements: tuple[Statement, ...]
    note: str | None = None

    @property
    def themes(self) -> list[str]:
        """Its own theme first, then the other themes its statements name."""
        return list(dict.fromkeys([self.theme, *(s.theme for s in self.statements)]))


@dataclass(frozen=True)
class Assessment:
    title: str
    intro: str
    scale: tuple[str, ...]
    dont_know: str
    characteristics: tuple[Characteristic, ...]


def validate_assessment(project: Project, taxonomy: Taxonomy | None, problems: Problems,
                        bibliography: dict[str, BibEntry] | None = None) -> Assessment | None:
    """Check assessment.yaml; every problem is reported with its file, line and column."""
    shown = project.rel(project.assessment)
    file = read_yaml_file(project.assessment, shown)
    if file.issue:
        problems.error(shown, file.issue.line, file.issue.col, file.issue.code, file.issue.message)
        return None
    loaded = file.loaded
    assert loaded is not None
    checker = SchemaChecker(load_json(project.schema_dir / "assessment.schema.json"))
    if not checker.check(loaded, shown, problems):
        return None
    before = len(problems.errors)
    _check_ids(loaded, shown, problems)
    if taxonomy is not None:
        _check_themes(loaded, taxonomy, shown, problems)
    if bibliography is not None:
        _check_citations(loaded, bibliography, shown, problems)
    if len(problems.errors) > before:
        return None
    return _from_data(loaded.data)


def load_assessment(project: Project, taxonomy: Taxonomy,
                    bibliography: dict[str, BibEntry] | None = None) -> Assessment:
    problems = Problems()
    assessment = validate_assessment(project, taxonomy, problems, bibliography)
    if assessment is None:
        raise CasebookError(f"{project.rel(project.assessment)} is not valid; run `casebook validate`",
                            problems.sorted())
    return assessment


def _check_ids(loaded: LoadedYaml, shown: str, problems: Problems) -> None:
    seen: dict[str, int] = {}
    seen_characteristics: dict[str, int] = {}
    for c, characteristic in enumerate(loaded.data["characteristics"]):
        theme = characteristic["theme"]
        if theme in seen_characteristics:
            line, col = loaded.mark(("characteristics", c, "theme"))
            first = loaded.mark(("characteristics", seen_characteristics[theme], "theme"))[0]
            problems.error(shown, line, col, "duplicate-characteristic",
                           f"characteristic {theme!r} is listed twice (first at line {first})",
                           hint="merge the two lists of statements")
        seen_characteristics.setdefault(theme, c)
        for s, statement in enumerate(characteristic["statements"]):
            path = ("characteristics", c, "statements", s, "id")
            if statement["id"] in seen:
                line, col = loaded.mark(path)
                problems.error(shown, line, col, "duplicate-id",
                               f"statement id {statement['id']!r} is also used at line {seen[statement['id']]}",
                               hint="ids key people's saved answers: give the new statement a new id")
            else:
                seen[statement["id"]] = loaded.mark(path)[0]


def _check_themes(loaded: LoadedYaml, taxonomy: Taxonomy, shown: str, problems: Problems) -> None:
    known = taxonomy.ids
    for c, characteristic in enumerate(loaded.data["characteristics"]):
        paths = [("characteristics", c, "theme")]
        paths += [("characteristics", c, "statements", s, "theme") for s in range(len(characteristic["statements"]))]
        for path in paths:
            theme = characteristic["theme"] if len(path) == 3 else characteristic["statements"][path[3]]["theme"]
            if theme not in known:
                line, col = loaded.mark(path)
                problems.error(shown, line, col, "unknown-theme", f"{theme!r} is not a theme",
                               hint=did_you_mean(theme, known) or "themes are listed in themes.yaml")


def _check_citations(loaded: LoadedYaml, bibliography: dict[str, BibEntry], shown: str,
                     problems: Problems) -> None:
    fields = [(("intro",), loaded.data["intro"])]
    fields += [(("characteristics", c, "note"), ch["note"])
               for c, ch in enumerate(loaded.data["characteristics"]) if "note" in ch]
    for path, text in fields:
        for found in markdown.citation_keys(text):
            if found.value not in bibliography:
                line, col = _find_after(loaded, path, "@" + found.value)
                problems.error(shown, line, col, "unknown-key",
                               f"inline citation @{found.value} is not a key in references.bib",
                               hint=did_you_mean(found.value, sorted(bibliography)))


def _find_after(loaded: LoadedYaml, path: tuple, needle: str) -> tuple[int, int]:
    """The needle's own line and column, searching from where the field starts."""
    line, col = loaded.mark(path)
    lines = loaded.text.splitlines()
    for n in range(line - 1, len(lines)):
        start = lines[n].find(needle, col - 1 if n == line - 1 else 0)
        if start >= 0:
            return n + 1, start + 1
    return line, col


def _from_data(data: dict) -> Assessment:
    return Assessment(
        title=data["title"], intro=data["intro"],
        scale=tuple(data["scale"]["labels"]), dont_know=data["scale"]["dont_know"],
        characteristics=tuple(
            Characteristic(theme=c["theme"], note=c.get("note"),
                           statements=tuple(Statement(s["id"], s["theme"], s["text"]) for s in c["statements"]))
            for c in data["characteristics"]))


# --- the page ---------------------------------------------------------------------------------

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

    def theme(theme_id: str) -> dict:
        return {"id": theme_id, "title": taxonomy.theme(theme_id).title, "href": _href(urls.theme_page(theme_id)),
                "records": [r.id for r in published if theme_id in r.themes]}

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


def script_json(data: object) -> str:
    """JSON safe inside <script type="application/json">: no `</script>`, `<!--` or U+2028 can survive.

    The page embeds `[data]`, a one-element array: Material's instant navigation re-inserts
    inline scripts as plain JavaScript, and an array literal is then a harmless expression
    where a bare object would be a syntax error.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _render_markdown(assessment: Assessment,
                     content: ContentSet) -> tuple[str, list[str], list[str], list[tuple[str, str]]]:
    """Intro, notes and each characteristic's citation through pandoc (one call), plus the references cited."""
    from casebook.pandoc_tools import render_fragments

    themes = [content.taxonomy.theme(c.theme) for c in assessment.characteristics]
    fragments = [assessment.intro, *(c.note or "" for c in assessment.characteristics),
                 *(t.source.citation() for t in themes)]
    outputs, references = render_fragments(fragments, content.bib_path)
    n = len(assessment.characteristics)
    cited = [assessment.intro, *(c.note or "" for c in assessment.characteristics)]
    keys = list(dict.fromkeys([*(f.value for text in cited for f in markdown.citation_keys(text)),
                               *(t.source.key for t in themes)]))
    citations = [_unwrap_paragraph(html) for html in outputs[n + 1:]]
    return outputs[0], outputs[1:n + 1], citations, [(k, references[k]) for k in keys if k in references]


def _unwrap_paragraph(html: str) -> str:
    """An inline citation as pandoc renders it alone (`<p>(Latham et al., 2015, p. 6)</p>`), without the <p>."""
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_page(assessment: Assessment, content: ContentSet) -> str:
    intro, notes, citations, references = _render_markdown(assessment, content)
    data = page_data(assessment, content)
    for characteristic, note, citation in zip(data["characteristics"], notes, citations, strict=True):
        characteristic["note_html"] = Markup(note)  # pandoc output, through the safety filter
        characteristic["citation_html"] = Markup(citation)
    return _environment().get_template("page.md.j2").render(
        data=data, intro_html=Markup(intro), references=[(key, Markup(html)) for key, html in references],
        data_json=Markup(script_json([page_data(assessment, content)])), assets=ASSET_FILES)


def write_assessment_page(content: ContentSet, project: Project, docs_dir: Path) -> str:
    """Write self-assessment/index.md and its script and stylesheet; return the docs-relative page path."""
    assessment = load_assessment(project, content.taxonomy, content.bibliography)
    folder = docs_dir / urls.SELF_ASSESSMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(render_page(assessment, content), encoding="utf-8")
    for name in ASSET_FILES:
        shutil.copyfile(ASSETS / name, folder / name)
    return f"{urls.SELF_ASSESSMENT}index.md"
