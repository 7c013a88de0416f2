"""The search box is Material's header with its search block pointed at Pagefind."""

from __future__ import annotations

import re
from pathlib import Path

import material

OVERRIDES = Path(__file__).resolve().parent.parent / "scripts/casebook/templates/site/overrides"
MATERIAL = Path(material.__file__).parent / "templates"
SEARCH_BLOCK = re.compile(r'    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', re.S)
OUR_BLOCK = re.compile(r"    \{#- Casebook: search is Pagefind's.*?\{% include \"partials/search.html\" %\}\n", re.S)
HEADER_COMMENT = re.compile(r"^\{#-.*?-#\}\n", re.S)


def test_header_override_is_materials_header_but_for_the_search_block() -> None:
    """Upgrading mkdocs-material changes its header: this fails so the copy is refreshed."""
    theirs = (MATERIAL / "partials/header.html").read_text(encoding="utf-8")
    ours = (OVERRIDES / "partials/header.html").read_text(encoding="utf-8")
    assert SEARCH_BLOCK.search(theirs), "Material's header no longer has the search block we replace"
    assert OUR_BLOCK.search(ours)
    assert HEADER_COMMENT.sub("", SEARCH_BLOCK.sub("<search>", theirs)) == \
        HEADER_COMMENT.sub("", OUR_BLOCK.sub("<search>", ours))


def test_search_box_keeps_materials_classes_and_none_of_its_search_hooks() -> None:
    ours = HEADER_COMMENT.sub("", (OVERRIDES / "partials/search.html").read_text(encoding="utf-8"))
    theirs = (MATERIAL / "partials/search.html").read_text(encoding="utf-8")
    # Material's own search code would mount on these and look for its (absent) index.
    assert 'data-md-component="search' not in ours
    for css_class in ("md-search__overlay", "md-search__inner", "md-search__form", "md-search__input",
                      "md-search__output", "md-search-result__meta", "md-search-result__list"):
        assert css_class in theirs and css_class in ours, css_class
