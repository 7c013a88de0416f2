"""Run mkdocs in-process on the generated docs folder, strictly, then check every internal link."""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casebook.problems import CasebookError
from casebook.siteconfig import read_mkdocs_config

BIBLIOGRAPHY_PAGE = "bibliography/index.md"
CONTRIBUTING_PAGE = "contributing.md"
CASE_INDEX_PAGE = "cases/index.md"
BASKET_TITLE = "Briefing pack basket"
OVERRIDES = Path(__file__).resolve().parent.parent / "templates" / "site" / "overrides"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class GeneratedNav:
    """Generated pages that belong in the navigation, placed by the docs path they sit beside."""

    themes: list[str]  # themes/index.md first, then each theme page
    assessment: str | None  # the self-assessment page, placed after the bibliography
    propose: str | None = None  # the Propose page, placed after the contributor guide
    basket: str | None = None  # the briefing pack basket, placed after the case index


def load_site_config(text: str | None, site_url: str | None, work: Path, docs: Path, out_dir: Path,
                     repo_url: str | None = None):
    """The real mkdocs config: mkdocs.yml as loaded, with docs_dir/site_dir on the temporary folders
    (and the repository, when the workflow rather than mkdocs.yml names it, for the header's link)."""
    from mkdocs.config import load_config

    if text is None:
        raise CasebookError("mkdocs.yml is missing: the site needs it (site_name, theme, nav)")
    work.mkdir(parents=True, exist_ok=True)
    config_file = work / "mkdocs.yml"
    config_file.write_text(text, encoding="utf-8")
    theme = read_mkdocs_config(text).get("theme") or {"name": "material"}
    if isinstance(theme, str):
        theme = {"name": theme}
    theme = {**theme, "custom_dir": str(OVERRIDES)}
    extra = {"repo_url": repo_url} if repo_url and not read_mkdocs_config(text).get("repo_url") else {}
    config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(out_dir), strict=True,
                         theme=theme, site_url=site_url, **extra)
    return config


def with_generated(nav: list, generated: GeneratedNav) -> list:
    """The nav from mkdocs.yml with the generated pages in place, found by path, never by title.

    The entry for themes/index.md becomes a section holding every theme page (under the
    entry's own title); the self-assessment follows the entry for bibliography/index.md.
    Either one missing from mkdocs.yml is added at the end, so no generated page drops out.
    """
    out: list = []
    placed_themes = placed_assessment = placed_propose = False
    index = generated.themes[0]
    section = [{"All themes": index}, *generated.themes[1:]]
    for item in nav:
        title, target = (next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (None, item))
        if target == index:
            out.append({title or "Themes": section})
            placed_themes = True
        else:
            out.append(item)
        if target == BIBLIOGRAPHY_PAGE and generated.assessment:
            out.append({"Self-assessment": generated.assessment})
            placed_assessment = True
        if target == CONTRIBUTING_PAGE and generated.propose:
            out.append({"Propose a case study": generated.propose})
            placed_propose = True
        if target == CASE_INDEX_PAGE and generated.basket:
            out.append({BASKET_TITLE: generated.basket})
            placed_basket = True
    if not placed_themes:
        out.append({"Themes": section})
    if generated.assessment and not placed_assessment:
        out.append({"Self-assessment": generated.assessment})
    if generated.propose and not placed_propose:
        out.append({"Propose a case study": generated.propose})
    if generated.basket and not placed_basket:
        out.append({BASKET_TITLE: generated.basket})
    return out


_TOKEN = re.compile(r"<p>cbstash(\d{6})x</p>")


def stash_plugin(chunks: dict[str, list[str]]):
    """An in-process mkdocs plugin that puts the stashed HTML blocks back after Markdown."""
    from mkdocs.plugins import BasePlugin

    class StashPlugin(BasePlugin):
        def on_page_content(self, html: str, page, config, files) -> str:
            blocks = chunks.get(page.file.src_uri)
            if not blocks:
                return html
            # One pass: text inside a block is never scanned for tokens again.
            out = _TOKEN.sub(lambda m: blocks[int(m.group(1))], html)
            if _TOKEN.sub("", html).count("cbstash") or len(_TOKEN.findall(html)) != len(blocks):
                raise CasebookError(f"{page.file.src_uri}: a generated HTML block lost its place")
            return out

    return StashPlugin()


def run_mkdocs(config, chunks: dict[str, list[str]] | None = None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    if chunks:
        config.plugins["casebook-stash"] = stash_plugin(chunks)

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        build(config)
    except (MkDocsException, SystemExit) as exc:
        detail = "\n".join(collect.messages) or str(exc)
        raise CasebookError(f"mkdocs build failed:\n{detail}") from exc
    finally:
        logger.removeHandler(collect)


# Every page is written by mkdocs or our templates, which always double-quote attributes.
_ATTR = re.compile(r'\s(?:href|src)="([^"]*)"')
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def broken_links(site: Path) -> list[str]:
    """Internal href/src targets in the built HTML that resolve to no file."""
    broken = []
    root = site.resolve()
    known: dict[str, bool] = {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" and page.parent == site:
            continue  # served for any missing address, so mkdocs links it from the root
        folder = page.parent.resolve()
        for target in set(_ATTR.findall(page.read_text(encoding="utf-8"))):
            target = html.unescape(target)
            if _EXTERNAL.match(target):
                continue
            path = unquote(urlsplit(target).path)
            if not path:
                continue
            resolved = os.path.normpath(os.path.join(folder, path))
            if resolved not in known:
                known[resolved] = Path(resolved).is_relative_to(root) and (
                    os.path.isfile(resolved) or os.path.isfile(os.path.join(resolved, "index.html")))
            if not known[resolved]:
                broken.append(f"{page.relative_to(site).as_posix()}: {target}")
    return sorted(broken)
