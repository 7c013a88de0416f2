"""Run mkdocs in-process on the generated docs folder, strictly, then check every internal link."""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casebook.problems import CasebookError
from casebook.project import Project

OVERRIDES = Path(__file__).resolve().parent.parent / "templates" / "site" / "overrides"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_site_config(project: Project, docs: Path, out_dir: Path, nav_extra: dict[str, object]):
    """The real mkdocs config: mkdocs.yml with docs_dir/site_dir on the temporary folders."""
    from mkdocs.config import load_config
    from mkdocs.utils import yaml_load

    with project.mkdocs_yml.open(encoding="utf-8") as handle:
        theme = (yaml_load(handle) or {}).get("theme") or {"name": "material"}
    if isinstance(theme, str):
        theme = {"name": theme}
    theme = {**theme, "custom_dir": str(OVERRIDES)}
    config = load_config(str(project.mkdocs_yml), docs_dir=str(docs), site_dir=str(out_dir), strict=True,
                         theme=theme, site_url=os.environ.get("CASEBOOK_SITE_URL") or None)
    nav = []
    for item in config["nav"] or []:
        if isinstance(item, dict) and "Themes" in item and "themes" in nav_extra:
            nav.append({"Themes": nav_extra["themes"]})
        else:
            nav.append(item)
        if isinstance(item, dict) and "Bibliography" in item and "assessment" in nav_extra:
            nav.append({"Self-assessment": nav_extra["assessment"]})
    config["nav"] = nav
    return config


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
