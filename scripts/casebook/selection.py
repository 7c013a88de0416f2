"""One selection model for the case index and the command line: which published records, by facet.

Each facet is a URL parameter of the case index (`cases/?region=West+Midlands&theme=agility`)
and a `casebook pack` option with the same name and values. Values of one facet are
alternatives (OR); different facets must all match (AND). Only published records are
ever selected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from casebook.hints import did_you_mean
from casebook.model import READING, ContentSet, Record
from casebook.problems import CasebookError
from casebook.words import PACK_WORDS, pack_words

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland", "UK-wide")

# What an address or a selection can get wrong, in words. The case index's script reads these
# templates (site/facets.py hands them over), so a bad address reads the same on the site as
# from `casebook pack --from-url`. Values and names appear as Python's repr.
NOT_A_FILTER = "{name} in the address is not a filter of the case index; {hint}"
FILTERS_ARE = "filters are {names}"
NOT_A_VALUE = "{value} is not {what}; {hint}"
CHOOSE_ONE = "choose one of {options}"
OPTIONS_LISTED = 12  # CHOOSE_ONE names this many, then ", ..."
NOT_AN_ID = "{id} is not a record id; {hint}"
IDS_ARE = "ids are the file names in case_studies/"
NOT_PUBLISHED = "record {id} is {status}; only published records go into packs"


@dataclass(frozen=True)
class Facet:
    name: str  # the URL parameter, the CLI option (--name, with - for _) and the Selection field
    legend: str  # how the case index heads its filter
    values: Callable[[Record], tuple[str, ...]]
    what: str  # "'x' is not <what>"
    hint: str | None = None  # when no value is close; None: list the values
    fold_case: bool = False  # organisation names match whatever their case

    def fold(self, value: str) -> str:
        """A value as matching compares it."""
        return value.casefold() if self.fold_case else value

    def held(self, record: Record) -> set[str]:
        """The record's values, as matching compares them."""
        return {self.fold(v) for v in self.values(record)}


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


FACETS: tuple[Facet, ...] = (
    Facet("theme", "Theme", lambda r: r.themes, "a theme", "themes are listed in themes.yaml"),
    Facet("organisation", "Organisation", lambda r: _unique(o.name for o in r.organisations),
          "an organisation named in any published record", "give the name exactly as a record does", fold_case=True),
    Facet("org_type", "Organisation type", lambda r: _unique(o.type for o in r.organisations),
          "an organisation type"),
    Facet("region", "Region", lambda r: _unique(o.region for o in r.organisations),
          "a region of any published record"),
    Facet("nation", "Nation", lambda r: _unique(o.nation for o in r.organisations),
          "a nation of any published record"),
    Facet("kind", "Kind of record", lambda r: (r.kind,), "a kind"),
    Facet("evidence_type", "Evidence type", lambda r: (r.evidence_type,), "an evidence type"),
    Facet("year", "Year", lambda r: (str(r.year),) if r.year else (), "a year of any published record"),
)
FACET = {f.name: f for f in FACETS}
# Facets whose values are organisation facts (model.ORGANISATION_FACTS): Casebook's reading
# wherever a record's source_gives does not say the source states them.
FACT_OF_FACET = {"org_type": "type", "region": "region", "nation": "nation"}
ID_PARAMETER = "id"  # a hand-picked list (the pack basket): records by id, in the order given


@dataclass(frozen=True)
class Selection:
    """Chosen values by facet name; ids pick records by hand."""

    values: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet name, values), in FACETS order
    ids: tuple[str, ...] = ()
    _by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", dict(self.values))

    @classmethod
    def of(cls, ids: tuple[str, ...] = (), **chosen: tuple[str, ...] | list[str]) -> Selection:
        """Selection.of(theme=("agility",), region=["West Midlands"])."""
        unknown = set(chosen) - set(FACET)
        if unknown:
            raise ValueError(f"not facets: {sorted(unknown)}")
        values = tuple((f.name, tuple(dict.fromkeys(chosen[f.name]))) for f in FACETS if chosen.get(f.name))
        return cls(values, tuple(ids))

    def chosen(self, name: str) -> tuple[str, ...]:
        return self._by_name.get(name, ())

    @property
    def empty(self) -> bool:
        return not self.values and not self.ids

    def matches(self, record: Record) -> bool:
        if self.ids and record.id not in self.ids:
            return False
        for name, wanted in self.values:
            facet = FACET[name]
            if not facet.held(record) & {facet.fold(v) for v in wanted}:
                return False
        return True


def from_url(address: str) -> Selection:
    """The selection a filtered case index address shows: `cases/?region=West+Midlands&theme=agility`."""
    query = urlsplit(address).query if ("?" in address or "://" in address) else address
    chosen: dict[str, list[str]] = {}
    ids: list[str] = []
    for name, value in parse_qsl(query, keep_blank_values=False):
        if name == ID_PARAMETER:
            ids.append(value)
        elif name in FACET:
            chosen.setdefault(name, []).append(value)
        else:
            hint = did_you_mean(name, [*FACET, ID_PARAMETER])
            raise CasebookError(NOT_A_FILTER.format(name=repr(name),
                                                    hint=hint or FILTERS_ARE.format(names=", ".join(FACET))))
    return Selection.of(ids=tuple(ids), **chosen)


def readings(records: list[Record] | tuple[Record, ...]) -> dict[str, set[str]]:
    """For each organisation-fact facet, the values that are Casebook's reading for at least one
    organisation shown under them: a page that shows such a value, or groups records by it, says so."""
    found: dict[str, set[str]] = {name: set() for name in FACT_OF_FACET}
    for record in records:
        for org in record.organisations:
            for name, fact in FACT_OF_FACET.items():
                if org.casebooks_reading(fact):
                    found[name].add(getattr(org, fact))
    return found


def labels(schema: dict, field_name: str) -> dict[str, str]:
    """Enum value -> human label, from the record schema (the one source of truth)."""
    if field_name == "org_type":
        node = schema["$defs"]["organisation"]["properties"]["type"]
    else:
        node = schema["properties"][field_name]
    return dict(zip(node["enum"], node.get("x-labels", node["enum"]), strict=True))


def lower_label(label: str) -> str:
    """'Case study' -> 'case study' for use mid-sentence; 'NHS' stays 'NHS'."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def known_values(content: ContentSet, name: str) -> list[str]:
    """Every value a facet can take: the schema's or taxonomy's list, else what published records hold."""
    if name == "theme":
        return content.taxonomy.ids
    if name in ("org_type", "kind", "evidence_type"):
        return list(labels(content.schema, name))
    found = {v for r in content.published for v in FACET[name].values(r)}
    return sorted(found, reverse=(name == "year"))


def check_selection(content: ContentSet, sel: Selection) -> list[str]:
    """Every unknown value in the selection, each with a did-you-mean where one is close."""
    problems: list[str] = []
    for name, values in sel.values:
        facet = FACET[name]
        options = known_values(content, name)
        known = {o.casefold() for o in options} if facet.fold_case else set(options)
        for value in values:
            if (value.casefold() if facet.fold_case else value) not in known:
                listed = CHOOSE_ONE.format(options=", ".join(options[:OPTIONS_LISTED])
                                           + (", ..." if len(options) > OPTIONS_LISTED else ""))
                hint = did_you_mean(value, options) or facet.hint or listed
                problems.append(NOT_A_VALUE.format(value=repr(value), what=facet.what, hint=hint))
    for record_id in sel.ids:
        if not content.has_record(record_id):
            guess = did_you_mean(record_id, sorted(r.id for r in content.records))
            problems.append(NOT_AN_ID.format(id=repr(record_id), hint=guess or IDS_ARE))
        elif not content.record(record_id).published:
            problems.append(NOT_PUBLISHED.format(id=repr(record_id), status=content.record(record_id).status))
    return problems


def select(content: ContentSet, sel: Selection) -> list[Record]:
    """The published records a selection picks, in pack order; CasebookError if none or if unknown."""
    problems = check_selection(content, sel)
    if problems:
        raise CasebookError("cannot select records for the pack:\n  " + "\n  ".join(problems))
    chosen = [r for r in content.published if sel.matches(r)]
    if not chosen:
        raise CasebookError(f"no published record matches the selection: {describe(content, sel)}")
    if sel.ids and not sel.values:  # a hand-picked basket keeps the reader's order
        order = {record_id: i for i, record_id in enumerate(sel.ids)}
        return sorted(chosen, key=lambda r: order[r.id])
    return sorted(chosen, key=pack_order(content.schema))


def pack_order(schema: dict) -> Callable[[Record], tuple]:
    """Where a record stands in a pack chosen by filter: by kind in the schema's order (case
    studies, then findings, then commentary), then by title."""
    kinds = {kind: i for i, kind in enumerate(schema["properties"]["kind"]["enum"])}
    return lambda record: (kinds.get(record.kind, len(kinds)), record.title.casefold(), record.id)


def _alternatives(words: list[str]) -> str:
    return words[0] if len(words) == 1 else PACK_WORDS["list"].join(words[:-1]) + PACK_WORDS["or"] + words[-1]


def describe(content: ContentSet, sel: Selection) -> str:
    """The selection in words, built only from taxonomy and schema labels (words.PACK_WORDS; the
    pack's cover says the same through templates/pack/pack.typ, which fills the same words)."""
    if sel.empty:
        return PACK_WORDS["selection/all"]
    parts = []
    read = readings(content.published)
    for name, values in sel.values:
        mark = pack_words("selection/mark", reading=READING) if set(values) & read.get(name, set()) else ""
        if name == "theme":
            shown = [content.taxonomy.theme(t).title if content.taxonomy.has(t) else t for t in values]
            name = "theme" if len(shown) == 1 else "themes"
        elif name in ("org_type", "kind", "evidence_type"):
            names = labels(content.schema, name)
            shown = [lower_label(names.get(v, v)) for v in values]
        else:
            shown = list(values)
        parts.append(pack_words(f"selection/{name}", items=_alternatives(shown), mark=mark))
    if sel.ids:
        parts.append(pack_words("selection/ids", items=PACK_WORDS["list"].join(sel.ids)))
    return pack_words("selection/some", parts=PACK_WORDS["selection/and"].join(parts))


__all__ = ["FACETS", "Facet", "Selection", "check_selection", "describe", "from_url", "labels", "readings", "select"]
