"""Which records go into a pack: the selection options, checked and described in words.

Values of one option are alternatives (OR); different options must all match (AND).
Only published records are ever selected.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from casebook.hints import did_you_mean
from casebook.model import ContentSet, Record
from casebook.problems import CasebookError

KIND_ORDER = {"case-study": 0, "finding": 1}


@dataclass(frozen=True)
class Selection:
    themes: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    evidence_types: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def labels(schema: dict, field: str) -> dict[str, str]:
    """Enum value -> human label, from the record schema (the one source of truth)."""
    if field == "org_type":
        node = schema["$defs"]["organisation"]["properties"]["type"]
    else:
        node = schema["properties"][field]
    return dict(zip(node["enum"], node.get("x-labels", node["enum"]), strict=True))


def lower_label(label: str) -> str:
    """'Case study' -> 'case study' for use mid-sentence; 'NHS' stays 'NHS'."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _matches(record: Record, sel: Selection) -> bool:
    orgs = {o.name.casefold() for o in record.organisations}
    tests = [
        (sel.themes, lambda: bool(set(sel.themes) & set(record.themes))),
        (sel.organisations, lambda: bool({n.casefold() for n in sel.organisations} & orgs)),
        (sel.org_types, lambda: bool(set(sel.org_types) & {o.type for o in record.organisations})),
        (sel.kinds, lambda: record.kind in sel.kinds),
        (sel.evidence_types, lambda: record.evidence_type in sel.evidence_types),
        (sel.ids, lambda: record.id in sel.ids),
    ]
    return all(test() for values, test in tests if values)


def check_selection(content: ContentSet, sel: Selection) -> list[str]:
    """Every unknown value in the selection, each with a did-you-mean where one is close."""
    published = content.published
    org_names = sorted({o.name for r in published for o in r.organisations})
    folded = {n.casefold() for n in org_names}
    all_ids = {r.id: r for r in content.records}
    problems: list[str] = []

    def unknown(what: str, value: str, options: list[str], hint: str) -> None:
        guess = did_you_mean(value, options)
        problems.append(f"{value!r} is not {what}; " + (guess or hint))

    for theme in sel.themes:
        if theme not in content.taxonomy.ids:
            unknown("a theme", theme, content.taxonomy.ids, "themes are listed in themes.yaml")
    for name in sel.organisations:
        if name.casefold() not in folded:
            unknown("an organisation named in any published record", name, org_names,
                    "give the name exactly as a record does")
    checks = [("org_types", "org_type", "an organisation type"), ("kinds", "kind", "a kind"),
              ("evidence_types", "evidence_type", "an evidence type")]
    for attr, field, what in checks:
        options = list(labels(content.schema, field))
        for value in getattr(sel, attr):
            if value not in options:
                unknown(what, value, options, "choose one of " + ", ".join(options))
    for record_id in sel.ids:
        record = all_ids.get(record_id)
        if record is None:
            unknown("a record id", record_id, sorted(all_ids), "ids are the file names in case_studies/")
        elif not record.published:
            problems.append(f"record {record_id!r} is {record.status}; only published records go into packs")
    return problems


def select_records(content: ContentSet, themes=(), organisations=(), org_types=(), kinds=(),
                   evidence_types=(), ids=()) -> list[Record]:
    """The published records a selection picks, in pack order; CasebookError if none or if unknown."""
    sel = Selection(tuple(themes), tuple(organisations), tuple(org_types), tuple(kinds),
                    tuple(evidence_types), tuple(ids))
    return select(content, sel)


def select(content: ContentSet, sel: Selection) -> list[Record]:
    problems = check_selection(content, sel)
    if problems:
        raise CasebookError("cannot select records for the pack:\n  " + "\n  ".join(problems))
    chosen = [r for r in content.published if _matches(r, sel)]
    if not chosen:
        raise CasebookError(f"no published record matches the selection: {describe(content, sel)}")
    return sorted(chosen, key=lambda r: (KIND_ORDER.get(r.kind, 9), r.title.casefold(), r.id))


def _alternatives(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def describe(content: ContentSet, sel: Selection) -> str:
    """The selection in words, for the cover: factual, built only from taxonomy and schema labels."""
    if sel.empty:
        return "All published Casebook records."
    parts = []
    if sel.themes:
        titles = [content.taxonomy.theme(t).title if t in content.taxonomy.ids else t for t in sel.themes]
        parts.append(("on the theme " if len(titles) == 1 else "on any of the themes ") + _alternatives(titles))
    if sel.organisations:
        parts.append("about " + _alternatives(list(sel.organisations)))
    for attr, field, lead in (("org_types", "org_type", "from an organisation of type "),
                              ("kinds", "kind", "of kind "),
                              ("evidence_types", "evidence_type", "with evidence of type ")):
        values = getattr(sel, attr)
        if values:
            names = labels(content.schema, field)
            parts.append(lead + _alternatives([lower_label(names.get(v, v)) for v in values]))
    if sel.ids:
        parts.append("chosen by id (" + ", ".join(sel.ids) + ")")
    return "Published Casebook records " + ", and ".join(parts) + "."
