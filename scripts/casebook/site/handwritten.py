"""Hand-written pages: docs/ copied as they are, with marked blocks filled in from data.

`<!-- casebook:NAME -->` in a docs page is replaced by the template blocks/NAME.html.j2,
so method pages quote the bibliography and schema rather than restating them.
CONTRIBUTING.md at the repository root becomes the contributor guide.
"""

from __future__ import annotations

import re
from pathlib import Path

from casebook.edition.html import Rendered
from casebook.edition.indexes import SiteData
from casebook.model import ContentSet
from casebook.site.pages import environment, front_matter
from casebook.site.paths import site_address

_BLOCK = re.compile(r"<!--\s*casebook:([a-z-]+)\s*-->")
_MD_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")
# Repository files the site publishes, so the guide's links to them still work on the site.
PUBLISHED = {"schema/record.schema.json": "data/record.schema.json", "references.bib": "data/references.bib"}
# Links in the guide to pages only the site has (written as their site address).
SITE_PAGES = {"propose/": "propose/index.md", "docs/cli.md": "cli.md"}


def write_handwritten(content: ContentSet, docs: Path, site: SiteData, rendered: Rendered) -> None:
    """docs/ as loaded into the ContentSet, marked blocks filled in, then the contributor guide."""
    docs.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(content.site_inputs.docs.items()):
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".md") and _BLOCK.search(text := data.decode("utf-8")):
            here = site_address(name)
            target.write_text(_BLOCK.sub(lambda m, here=here: _block(m.group(1), site, rendered, here), text),
                              encoding="utf-8")
        else:
            target.write_bytes(data)
    _contributing(content.site_inputs.contributing, docs, site, rendered)


def _block(name: str, site: SiteData, rendered: Rendered, here: str) -> str:
    template = environment().get_template(f"blocks/{name}.html.j2")
    return template.render(site=site, rendered=rendered, here=here, fields=schema_fields(site.content.schema))


def _contributing(source: str | None, docs: Path, site: SiteData, rendered: Rendered) -> None:
    """CONTRIBUTING.md (when present) plus the field reference generated from the schema."""
    if source is not None:
        body = _rewrite_links(source, site.repo_edit)
    else:
        body = "# Contributing\n\nSee the repository's README for how to add a record.\n"
    if not body.lstrip().startswith("# "):
        body = "# Contributing\n\n" + body
    head = f"---\n{front_matter('Contributing')}\n---\n\n"
    fields = schema_fields(site.content.schema)
    # The guide may keep its own field reference; the generated one is added when it misses a field.
    if any(f"`{f['name']}`" not in body for f in fields):
        body = body.rstrip() + "\n\n" + _block("record-fields", site, rendered, "contributing/")
    (docs / "contributing.md").write_text(head + body.rstrip() + "\n", encoding="utf-8")


def _rewrite_links(text: str, repo_edit: str | None) -> str:
    """Links to repository files: to their published copy, else to the repository, else plain text."""

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|#)", target):
            return match.group(0)
        path = target.split("#", 1)[0].lstrip("./")
        text = match.group(1)
        if path in PUBLISHED:
            return f"[{text}]({PUBLISHED[path]})"
        if target in SITE_PAGES:
            return f"[{text}]({SITE_PAGES[target]})"
        if repo_edit:
            return f"[{text}]({repo_edit.replace('/edit/', '/blob/')}{path})"
        return text if f"`{path}`" in text or text == path else f"{text} (`{path}` in the repository)"

    return _MD_LINK.sub(fix, text)


def schema_fields(schema: dict) -> list[dict]:
    """Top-level record fields with their descriptions and allowed values, in schema order."""
    required = set(schema.get("required", []))
    out = []
    for name, spec in schema.get("properties", {}).items():
        values = spec.get("enum")
        out.append({"name": name, "required": name in required, "description": spec.get("description", ""),
                    "options": list(zip(values, spec.get("x-labels", values), strict=False)) if values else []})
    return out
