"""The evidence map: how many published records there are for each theme, by organisation type
and by place, so a reader sees where the evidence is thin before searching for it.

Counts use selection.py's facet model, the one the case index filters with, so a cell's
count is exactly what its link (`cases/?theme=X&org_type=Y`) shows. The tables have a row
per theme and a column per value present, so the page grows with the taxonomy, not with N.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from casebook.edition.indexes import SiteData
from casebook.selection import FACET, NATIONS

SHADES = 4  # background steps, lightest to darkest; the count is always printed too


@dataclass(frozen=True)
class Column:
    facet: str  # the case index parameter this column filters on
    value: str
    label: str
    reading: bool = False  # the value is Casebook's reading for some organisation counted under it


@dataclass(frozen=True)
class Cell:
    count: int
    query: str  # the case index's query string for this cell
    shade: int  # 0 for an empty cell, else 1..SHADES
    what: str  # "Theme, column" for screen readers, beside the bare number


@dataclass(frozen=True)
class Row:
    theme_id: str
    title: str
    cells: list[Cell]


def _present(site: SiteData, facet: str) -> set[str]:
    return {v for r in site.records for v in FACET[facet].values(r)}


def org_type_columns(site: SiteData) -> list[Column]:
    labels = site.labels
    present = sorted(_present(site, "org_type"), key=lambda v: (labels.order("org_type", v), v))
    read = site.readings.get("org_type", set())
    return [Column("org_type", v, labels.label("org_type", v), v in read) for v in present]


def place_columns(site: SiteData) -> tuple[list[Column], list[Column]]:
    """Regions (as records name them) and nations, each a column group of its own."""
    read = site.readings
    regions = [Column("region", v, v, v in read.get("region", set()))
               for v in sorted(_present(site, "region"), key=str.casefold)]
    nations = sorted(_present(site, "nation"), key=lambda v: (NATIONS.index(v) if v in NATIONS else 9, v))
    return regions, [Column("nation", v, v, v in read.get("nation", set())) for v in nations]


def rows(site: SiteData, columns: list[Column]) -> list[dict]:
    """Theme rows grouped as in themes.yaml: [{"group": Group, "rows": [Row, ...]}, ...]."""
    taxonomy = site.content.taxonomy
    counts: list[int] = []
    grid: dict[tuple[str, int], int] = {}
    theme_facet = FACET["theme"]
    for theme in taxonomy.themes:
        # What Selection.of(theme=..., <column's facet>=<its value>).matches counts, a facet at a time:
        # each record's values counted once (at 5,000 records, matching cell by cell took 0.35 s).
        records = [r for r in site.by_theme.get(theme.id, []) if theme_facet.fold(theme.id) in theme_facet.held(r)]
        held = {facet: Counter(v for r in records for v in FACET[facet].held(r))
                for facet in {c.facet for c in columns}}
        for i, col in enumerate(columns):
            grid[(theme.id, i)] = n = held[col.facet][FACET[col.facet].fold(col.value)]
            counts.append(n)
    top = max(counts, default=0)
    out = []
    for group in taxonomy.groups:
        group_rows = []
        for theme in (t for t in taxonomy.themes if t.group == group.id):
            cells = []
            for i, col in enumerate(columns):
                n = grid[(theme.id, i)]
                shade = 0 if n == 0 else max(1, -(-n * SHADES // top))
                cells.append(Cell(n, urlencode({"theme": theme.id, col.facet: col.value}), shade,
                                  f"{theme.title}, {col.label}"))
            group_rows.append(Row(theme.id, theme.title, cells))
        out.append({"group": group, "rows": group_rows})
    return out
