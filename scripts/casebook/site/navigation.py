"""The site's navigation: mkdocs.yml's, with the generated pages in place and every one titled.

A generated page is placed by the docs path it sits beside, never by a title, and carries its
own title in the navigation (the site generator need not read a page to name it, so a rebuild
that leaves a page alone still names it right everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass

BIBLIOGRAPHY_PAGE = "bibliography/index.md"
CONTRIBUTING_PAGE = "contributing.md"
CASE_INDEX_PAGE = "cases/index.md"
THEMES_PAGE = "themes/index.md"
BASKET_TITLE = "Briefing pack basket"
ASSESSMENT_TITLE = "Self-assessment"
PROPOSE_TITLE = "Propose a case study"


@dataclass(frozen=True)
class GeneratedNav:
    """Generated pages that belong in the navigation, placed by the docs path they sit beside."""

    themes: list[tuple[str, str]]  # (title, docs path) of each theme page
    assessment: str | None  # the self-assessment page, placed after the bibliography
    propose: str | None = None  # the Propose page, placed after the contributor guide
    basket: str | None = None  # the briefing pack basket, placed after the case index


def with_generated(nav: list, generated: GeneratedNav) -> list:
    """The nav from mkdocs.yml with the generated pages in place.

    The entry for themes/index.md becomes a section holding every theme page (under the
    entry's own title); the self-assessment follows the entry for bibliography/index.md, the
    Propose page the contributor guide, the basket the case index. An entry missing from
    mkdocs.yml is added at the end, so no generated page drops out.
    """
    section = [{"All themes": THEMES_PAGE}, *({title: path} for title, path in generated.themes)]
    after = {BIBLIOGRAPHY_PAGE: (ASSESSMENT_TITLE, generated.assessment),
             CONTRIBUTING_PAGE: (PROPOSE_TITLE, generated.propose),
             CASE_INDEX_PAGE: (BASKET_TITLE, generated.basket)}
    out: list = []
    placed: set[str] = set()
    for item in nav:
        title, target = (next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (None, item))
        if target == THEMES_PAGE:
            out.append({title or "Themes": section})
            placed.add(THEMES_PAGE)
        else:
            out.append(item)
        if target in after and after[target][1]:
            out.append({after[target][0]: after[target][1]})
            placed.add(target)
    if THEMES_PAGE not in placed:
        out.append({"Themes": section})
    for beside, (title, path) in after.items():
        if path and beside not in placed:
            out.append({title: path})
    return out
