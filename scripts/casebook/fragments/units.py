"""What the store renders for a content set: one unit per record, theme and group, and the self-assessment.

The names of a unit's pieces are the names every output looks them up by.
"""

from __future__ import annotations

from casebook.fragments.model import Unit
from casebook.markdown import lead
from casebook.model import ContentSet, Record


def record_pieces(record: Record) -> list[tuple[str, str]]:
    """(name, Markdown) for everything a record page or pack shows that pandoc renders."""
    items = list(record.markdown_fields())
    items += [(f"quote.{i}", q.source.citation()) for i, q in enumerate(record.quotes)]
    items += [(f"figure.{i}", f.source.citation()) for i, f in enumerate(record.figures)]
    items += [(f"source.{i}", s.citation()) for i, s in enumerate(record.sources)]
    items.append(("lead", lead(record.summary)))  # the opening of the summary, for pack overviews
    return items


def record_unit(record_id: str) -> str:
    return f"record:{record_id}"


def theme_unit(theme_id: str) -> str:
    return f"theme:{theme_id}"


def group_unit(group_id: str) -> str:
    return f"group:{group_id}"


ASSESSMENT_UNIT = "assessment"


def content_units(content: ContentSet) -> list[Unit]:
    """Every unit a build renders, in a fixed order."""
    units = [Unit(record_unit(r.id), tuple(record_pieces(r))) for r in content.published]
    units += [Unit(theme_unit(t.id), (("definition", t.definition), ("citation", t.source.citation())))
              for t in content.taxonomy.themes]
    units += [Unit(group_unit(g.id), (("description", g.description),)) for g in content.taxonomy.groups]
    assessment = content.assessment
    if assessment is not None:
        pieces = [("intro", assessment.intro)]
        pieces += [(f"note.{c.theme}", c.note) for c in assessment.characteristics if c.note]
        units.append(Unit(ASSESSMENT_UNIT, tuple(pieces)))
    return units
