"""Run mkdocs in-process on the generated docs folder, strictly, then check every internal link."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casebook.problems import CasebookError
from casebook.project import Project


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_site_config(project: Project, docs: Path, out_dir: Path, nav_extra: dict[str, object]):
    """The real mkdocs config: mkdocs.yml with docs_dir/site_dir on the temporary folders."""
    from mkdocs.config import load_config

    config = load_config(str(project.mkdocs_yml), docs_dir=str(docs), site_dir=str(out_dir), strict=True)
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


def run_mkdocs(config) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

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


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def broken_links(site: Path) -> list[str]:
    """Internal href/src targets in the built HTML that resolve to no file."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" and page.parent == site:
            continue  # served for any missing address, so mkdocs links it from the root
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            if _EXTERNAL.match(target):
                continue
            path = unquote(urlsplit(target).path)
            if not path:
                continue
            resolved = (page.parent / path).resolve()
            ok = resolved.is_file() or (resolved / "index.html").is_file()
            if not ok or not resolved.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site).as_posix()}: {target}")
    return broken
