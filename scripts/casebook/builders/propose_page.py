"""The "Propose a case study" page: static HTML, one JSON block and scripts, as the self-assessment page.

Everything the form needs comes from the ContentSet: the form and the file's field order
from the record schema, the themes, the bibliography to search (with each reference as
the site prints it), the published ids (an id must be new), and the repository and the
editors' contact for sending. The schema is also compiled by Ajv at build time
(propose_validator.py), so the browser checks with the same schema as `casebook
validate`. Nothing is fetched or sent: the page makes the one file a contribution is,
and GitHub's own new-file or upload page is where it is sent from.

The page paints before any of that arrives (issue 21: Lighthouse's mobile score >= 90,
measured by `make bench`): its HTML is the text and the steps' frame, its stylesheet is
in the head, and the page data (propose-data.js, which grows with the collection), the
compiled schema and the scripts are added by propose-load.js once the first frame is
painted. Scripts, not a fetch, so the page also works opened from disk.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from casebook.bib.view import WorkView, bibliography_views
from casebook.builders.propose_form import form_spec
from casebook.builders.propose_rules import CHECK_SCRIPTS, rules
from casebook.builders.propose_sources import bib_index, plain, source_types
from casebook.builders.propose_validator import OUTPUT, compile_validator, validator_inputs
from casebook.contribute.proposal import field_order
from casebook.edition.html import html_templates
from casebook.model import ContentSet
from casebook.site.scriptjson import script_json
from casebook.validate.records import MODELINE
from casebook.yamlio.safe import MAX_BYTES

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates" / "propose"
ASSETS = PACKAGE / "assets" / "propose"
# Loaded in this order: helpers first, the page's wiring last.
SCRIPTS = ("propose-util.js", "propose-yaml.js", *CHECK_SCRIPTS, "propose-form.js", "propose-cite.js",
           "propose-work.js", "propose-sources.js", "propose-preview.js", "propose-send.js", "propose.js")
STYLES = ("propose.css",)
LOADER = "propose-load.js"  # the one script the page names: it adds the others after the first paint
DATA_SCRIPT = "propose-data.js"
FOLDER = "propose/"
DATA_FORMAT = "casebook-proposal"
DATA_VERSION = 2
# GitHub's new-file page takes the file in its address. Addresses much over 8 KB are unreliable in
# browsers and proxies (TOOLCHAIN.md), so past this the page sends the contributor to the upload page.
MAX_URL_CHARS = 8192
_CITATION = re.compile(r"\[@([A-Za-z0-9_:.-]+)(?:,\s*([^\]]*))?\]")
_EDIT_BRANCH = re.compile(r"/edit/([^/]+)/$")


def page_data(content: ContentSet, references: dict[str, str] | None = None,
              works: Mapping[str, WorkView] | None = None) -> dict:
    """Everything the page's scripts need, so it works offline with no fetch (references: each work's
    reference as the site prints it, plain text by key; works: every work as readers see it, the
    edition's when there is one, so the bibliography is decoded once a build)."""
    if works is None:
        works = bibliography_views(content.bibliography, content.works)
    index = bib_index(works, references or {})
    by_key = {entry["key"]: entry for entry in index}
    taxonomy = content.taxonomy
    return {
        "format": DATA_FORMAT,
        "version": DATA_VERSION,
        "file": {"modeline": MODELINE, "order": field_order(content.schema)},
        "form": form_spec(content.schema),
        "themeGroups": [{"id": g.id, "title": g.title,
                         "themes": [{"id": t.id, "title": t.title, "definition": _readable(t.definition, by_key)}
                                    for t in taxonomy.themes if t.group == g.id]}
                        for g in taxonomy.groups],
        "bibliography": index,
        "sourceTypes": source_types(),
        "publishedIds": [r.id for r in content.published],
        "github": _github(content),
        "contact": content.address.contact,
        "limits": {"fileBytes": MAX_BYTES, "urlChars": MAX_URL_CHARS},
        "paths": {"records": "case_studies/"},
        "rules": rules(content.schema),
    }


def _github(content: ContentSet) -> dict | None:
    """GitHub's new-file and upload pages for case_studies/ on the branch "Suggest an edit" uses, when the
    repository is known (mkdocs.yml's repo_url, else the workflow's CASEBOOK_REPO_URL)."""
    repo = content.address.repo_url
    if not repo:
        return None
    found = _EDIT_BRANCH.search(content.address.edit_base or "")
    branch = found.group(1) if found else "main"
    base = repo.rstrip("/")
    return {"repo": base, "branch": branch, "newFile": f"{base}/new/{branch}",
            "upload": f"{base}/upload/{branch}/case_studies", "issues": f"{base}/issues/new"}


def _readable(definition: str, by_key: dict[str, dict]) -> str:
    """A theme definition as a person reads it: `[@key, p. 6]` shown as (Authors, year, p. 6)."""

    def cite(match: re.Match[str]) -> str:
        entry = by_key.get(match.group(1))
        names = entry["authors"] if entry else []
        who = names[0] + " et al." if len(names) > 2 else " and ".join(names)
        parts = [p for p in (who or (entry["title"][:40] if entry else match.group(1)),
                             entry["year"] if entry else "", match.group(2) or "") if p]
        return "(" + ", ".join(parts) + ")"

    return plain(_CITATION.sub(cite, definition))


def data_script(data: dict) -> str:
    """propose-data.js: the page data as a script that hands it to the page's scripts
    (CasebookPropose.data). The JSON is escaped as inside a <script> element, so the same text
    is safe however it is loaded."""
    return ("/* Generated by casebook: the Propose page's data (propose_page.page_data). */\n"
            "(window.CasebookPropose = window.CasebookPropose || {}).data = "
            + script_json(data, sort_keys=True) + ";\n")


def render_page(validator: str) -> str:
    return html_templates(TEMPLATES).get_template("page.md.j2").render(
        loader=LOADER, scripts=(DATA_SCRIPT, validator, *SCRIPTS), styles=STYLES,
        contributing="../contributing/", corrections="../about/#corrections")


def write_propose_page(content: ContentSet, docs_dir: Path, references: dict[str, str] | None = None,
                       works: Mapping[str, WorkView] | None = None,
                       kept: Callable[[str, str], bool] = lambda docs_path, inputs: False) -> str:
    """Write propose/index.md, its data, its scripts (the compiled schema among them) and
    stylesheet; return the docs-relative page path. kept(docs path, digest of its inputs): whether
    the previous build's compiled schema, made from the same, stands."""
    folder = docs_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    if not kept(f"{FOLDER}{OUTPUT}", validator_inputs(content.schema_text)):
        compile_validator(content.schema_text, folder)
    (folder / "index.md").write_text(render_page(OUTPUT), encoding="utf-8")
    (folder / DATA_SCRIPT).write_text(data_script(page_data(content, references, works)), encoding="utf-8")
    for name in (LOADER, *SCRIPTS, *STYLES):
        shutil.copyfile(ASSETS / name, folder / name)
    return f"{FOLDER}index.md"
