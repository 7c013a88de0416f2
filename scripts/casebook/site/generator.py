"""The site generator behind one adapter: MkDocs with Material, run on a plain tree of Markdown pages.

Everything Casebook knows about MkDocs is here. The adapter writes its own configuration,
which INHERITs the project's mkdocs.yml and adds only what the build decides (folders, the
site and repository addresses, the navigation with every generated page titled, Casebook's
theme overrides), and runs MkDocs on it; nothing is injected into MkDocs at run time. Pages
carry their HTML blocks as placeholder paragraphs (pages.stash_token), which MkDocs' Markdown
leaves alone; the adapter puts the blocks back into the built files afterwards.

Rebuilds: given the previous build (`base`) and the docs files that changed, the new site is
the base hard-linked into the output folder (site/linking.py), the changed pages' (and every
navigation page's) outputs unlinked, and MkDocs run in its dirty mode, which writes exactly the outputs that are
missing. Nothing is ever written into a linked file, so the previous site stays as it was
whatever happens. Another generator (Zensical, when it can build these pages) is another
module with the same `build`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casebook.atomic import write_bytes_atomic
from casebook.folders import files_under, set_times
from casebook.problems import CasebookError
from casebook.site.linking import Linking

OVERRIDES = Path(__file__).resolve().parent.parent / "templates" / "site" / "overrides"
CONFIG_FILE = "mkdocs.generated.yml"
# Generated pages outside the navigation: one page a record, organisation or theme would make the
# navigation (and every page) grow with the content.
GENERATED_NOT_IN_NAV = ("/cases/*/index.md", "/organisations/*/index.md", "/themes/*/index.md")
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")  # MkDocs writes these on every build
# pages.stash_token's placeholders as Markdown leaves them (a raw HTML block is followed by a blank line
# that a paragraph is not: taken with it, so the page reads exactly as the block would have).
_TOKEN = re.compile(r'<p>cbstash(\d{6})x</p>|<h1 data-cbstash="(\d{6})"></h1>(?:\n(?=\n))?')
_DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass(frozen=True)
class SiteSettings:
    """What the build decides about the site, on top of the project's mkdocs.yml."""

    mkdocs_yml: str | None  # the project's mkdocs.yml as written
    nav: list  # the navigation, every entry titled
    site_url: str | None = None
    repo_url: str | None = None
    extra_javascript: tuple[str, ...] = ()  # scripts added to the project's (the preview's reload script)


@dataclass
class Built:
    """What one run wrote: the docs pages whose HTML is new (the rest were kept from the base)."""

    pages: list[str] = field(default_factory=list)  # docs paths, e.g. cases/x/index.md
    full: bool = True


def nav_pages(nav: list) -> list[str]:
    """Every docs path the navigation names."""
    found: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, list):
            found += nav_pages(value)
        elif isinstance(value, str) and not value.startswith(("http://", "https://")):
            found.append(value)
    return found


def output_of(docs_path: str) -> str:
    """The file MkDocs writes for a docs file (use_directory_urls): about.md -> about/index.html."""
    if not docs_path.endswith(".md"):
        return docs_path
    stem = docs_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def build(docs: Path, out: Path, settings: SiteSettings, chunks: dict[str, list[str]],
          linked: Linking | None = None, changed: Iterable[str] | None = None,
          removed: Iterable[str] = ()) -> Built:
    """Build docs into out (which must not exist, or be what linked links into); on top of the previous
    site when linked (its linking into out: site/linking.py) is given, rebuilding what changed."""
    from mkdocs.config import load_config

    dirty = linked is not None and changed is not None
    built = Built(full=not dirty)
    if dirty:
        rebuilt = sorted(set(changed) | set(nav_pages(settings.nav)))  # nav pages: their titles, on every page
        linked.finish({output_of(p) for p in [*rebuilt, *removed]} | set(ALWAYS_WRITTEN))
        _age(docs)
        built.pages = [p for p in rebuilt if p.endswith(".md")]
    else:
        built.pages = files_under(docs, ".md")
    config_file = write_config(docs, out, settings)
    config = load_config(str(config_file), strict=True)
    _run(config, dirty)
    _unstash(out, {p: chunks[p] for p in built.pages if chunks.get(p)})
    return built


def write_config(docs: Path, out: Path, settings: SiteSettings) -> Path:
    """Casebook's configuration, beside the docs folder: the project's mkdocs.yml, inherited, and the build's."""
    work = docs.parent
    project = work / "mkdocs.project.yml"
    if settings.mkdocs_yml is None:
        raise CasebookError("mkdocs.yml is missing: the site needs it (site_name, theme, nav)")
    project.write_text(settings.mkdocs_yml, encoding="utf-8")
    from casebook.siteconfig import read_mkdocs_config

    theirs = read_mkdocs_config(settings.mkdocs_yml)
    # MkDocs merges an inherited theme mapping key by key, so only what Casebook adds is written.
    theme = {"name": theirs["theme"]} if isinstance(theirs.get("theme"), str) else {}
    not_in_nav = "\n".join([*(theirs.get("not_in_nav") or "").splitlines(), *GENERATED_NOT_IN_NAV]).strip()
    # Absolute: MkDocs reads relative folders from the config file's folder, not the caller's.
    ours: dict = {"INHERIT": project.name, "docs_dir": str(docs.resolve()), "site_dir": str(out.resolve()),
                  "theme": {**theme, "custom_dir": str(OVERRIDES)}, "nav": settings.nav,
                  "not_in_nav": not_in_nav + "\n"}
    if settings.site_url:
        ours["site_url"] = settings.site_url
    if settings.repo_url and not theirs.get("repo_url"):
        ours["repo_url"] = settings.repo_url
    if settings.extra_javascript:
        ours["extra_javascript"] = [*(theirs.get("extra_javascript") or []), *settings.extra_javascript]
    path = work / CONFIG_FILE
    path.write_text(yaml.safe_dump(ours, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build can leave navigation stale; here every navigation page is rebuilt."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def _run(config, dirty: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    quiet = logging.getLogger("mkdocs.commands.build")
    collect, dirty_filter = _Collect(), _QuietDirty()
    logger.addHandler(collect)
    quiet.addFilter(dirty_filter)
    try:
        mkdocs_build(config, dirty=dirty)
    except (MkDocsException, SystemExit) as exc:
        detail = "\n".join(collect.messages) or str(exc)
        raise CasebookError(f"mkdocs build failed:\n{detail}") from exc
    finally:
        logger.removeHandler(collect)
        quiet.removeFilter(dirty_filter)


def _age(docs: Path) -> None:
    """Every docs file older than any output, so MkDocs' dirty mode writes only the outputs missing."""
    set_times(docs, files_under(docs), 0)


def _unstash(out: Path, chunks: dict[str, list[str]]) -> None:
    """Put each page's HTML blocks in place of its placeholder paragraphs, in one pass (a block's own
    text is never scanned again). Written beside and renamed: never into a file the base shares."""
    for docs_path, blocks in chunks.items():
        target = out / output_of(docs_path)
        html = target.read_text(encoding="utf-8")
        found = _TOKEN.findall(html)
        if len(found) != len(blocks) or _TOKEN.sub("", html).count("cbstash"):
            raise CasebookError(f"{docs_path}: a generated HTML block lost its place")
        text = _TOKEN.sub(lambda m, blocks=blocks: blocks[int(m.group(1) or m.group(2))], html)
        write_bytes_atomic(target, text.encode("utf-8"), mode=0o644 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
