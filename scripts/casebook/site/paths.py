"""Links between generated pages: every address comes from urls.py, made relative here."""

from __future__ import annotations


def rel(from_page: str, to: str) -> str:
    """Relative link from a page address ('cases/x/', '' for home) to a site address."""
    depth = len([part for part in from_page.split("/") if part])
    prefix = "../" * depth
    return (prefix + to) or "./"


def docs_file(page: str) -> str:
    """The Markdown file (docs-relative) the generator turns into the page at this address. Every
    generated page is its folder's index.md, so a link from it reads the same relative to the
    page's address or to its Markdown file (a generator may resolve it either way)."""
    return f"{page}index.md" if page else "index.md"


def site_address(docs_path: str) -> str:
    """The address mkdocs gives a docs page (use_directory_urls): about.md -> about/, x/index.md -> x/."""
    stem = docs_path.removesuffix(".md").removesuffix("index").rstrip("/")
    return stem + "/" if stem else ""
