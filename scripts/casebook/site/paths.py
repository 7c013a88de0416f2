"""Links between generated pages: every address comes from urls.py, made relative here."""

from __future__ import annotations

from casebook import urls


def rel(from_page: str, to: str) -> str:
    """Relative link from a page address ('cases/x/', '' for home) to a site address."""
    depth = len([part for part in from_page.split("/") if part])
    prefix = "../" * depth
    return (prefix + to) or "./"


def docs_file(page: str) -> str:
    """The Markdown file (docs-relative) that mkdocs turns into the page at this address."""
    if not page:
        return "index.md"
    stem = page.rstrip("/")
    if stem in {urls.CASE_INDEX.rstrip("/"), urls.BIBLIOGRAPHY.rstrip("/"), "themes", "organisations",
                urls.BASKET.rstrip("/")}:
        return f"{stem}/index.md"
    return f"{stem}.md"


def site_address(docs_path: str) -> str:
    """The address mkdocs gives a docs page (use_directory_urls): about.md -> about/, x/index.md -> x/."""
    stem = docs_path.removesuffix(".md").removesuffix("index").rstrip("/")
    return stem + "/" if stem else ""
