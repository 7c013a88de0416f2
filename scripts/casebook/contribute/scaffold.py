"""`casebook new`: a record that validates at once, with every field explained from the schema.

Answers come from flags, or from prompts when a person is at the terminal. Each answer
is checked against the same data the validator uses (the schema, themes.yaml,
references.bib) before anything is written, and an existing file is never overwritten.
"""

from __future__ import annotations

import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from casebook.bib.library import KEY, load_bibliography
from casebook.clock import today
from casebook.hints import did_you_mean
from casebook.load import read_yaml_file
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.schemadoc import resolve_ref
from casebook.validate import MODELINE, validate_project

TEMPLATE = "new_record.yaml.j2"
WIDTH = 88


@dataclass(frozen=True)
class Answers:
    id: str
    kind: str
    title: str
    themes: tuple[str, ...]
    source: str
    locator: str
    evidence_type: str
    new_source: bool = False  # the source is not in Casebook yet: a work to describe in the record


@dataclass(frozen=True)
class _Question:
    name: str  # the Answers field it fills
    flag: str
    prompt: str
    check: Callable[[str], str | None]  # returns a problem, or None when the answer is good
    choices: tuple[str, ...] = ()
    new: Callable[[str], bool] | None = None  # an answer that may start something new (a source), if confirmed


def scaffold(project: Project, given: dict[str, object], no_input: bool = False) -> Path:
    """Create case_studies/<id>.yaml from the answers given (by field name), prompting for the rest
    when interactive."""
    if not project.case_studies.is_dir() or project.case_studies.is_symlink():
        raise CasebookError(f"{project.rel(project.case_studies)} is not a folder; "
                            "run casebook new inside a Casebook project")
    questions = _questions(project)
    interactive = not no_input and sys.stdin.isatty()
    values: dict[str, object] = {"new_source": bool(given.get("new_source"))}
    for q in questions:
        answer = given.get(q.name)
        if q.name == "source" and answer is not None and q.new and q.new(str(answer)):
            if values["new_source"]:
                values["source"] = answer
                continue
            close = did_you_mean(str(answer), list(q.choices))
            raise CasebookError(f"--source: {answer!r} is not a work in references.bib or in any record"
                                + (f" ({close})" if close else "") + "; give --new-source as well to describe it "
                                "in the new record (you then fill in its title and what else the document "
                                "states), or cite a key Casebook has")
        if q.name == "themes":
            chosen = list(answer or [])  # type: ignore[call-overload]
            if not chosen and interactive:
                chosen = _ask_list(q)
            for theme in chosen:
                _require(q, theme)
            values["themes"] = tuple(dict.fromkeys(chosen))
            continue
        if answer is None and interactive:
            answer, new = _ask(q)
            if new:
                values["new_source"] = True
        elif answer is not None:
            _require(q, str(answer))
        values[q.name] = answer
    missing = [q.flag for q in questions if not values.get(q.name)]
    source = next(q for q in questions if q.name == "source")
    if values["new_source"] and not (values.get("source") and source.new and source.new(str(values["source"]))):
        values["new_source"] = False  # a key Casebook already has needs no new description
    if missing:
        why = "--no-input was given" if no_input else "stdin is not a terminal, so there is no one to ask"
        raise CasebookError(f"missing {', '.join(missing)} ({why}); "
                            "pass them as options, or run `casebook new` in a terminal to be asked")
    answers = Answers(**values)  # type: ignore[arg-type]
    path = project.case_studies / f"{answers.id}.yaml"
    text = render_record(project.record_schema, answers, today().isoformat())
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        raise CasebookError(f"{project.rel(path)} already exists; edit it, or choose another id") from None
    shown = project.rel(path)  # errors elsewhere (a broken references.bib) are not the new record's
    errors = [e for e in validate_project(project, only=[path]).problems.errors if e.path == shown]
    if errors:  # the promise is a record that validates at once; never leave one that does not
        path.unlink()
        raise CasebookError("the new record would not validate, so nothing was written "
                            "(please report this)", sorted(errors))
    return path


def render_record(schema: dict, answers: Answers, reviewed: str) -> str:
    """The new record's YAML: the answers, TODO placeholders that validate, and the schema's own words."""
    props = schema["properties"]
    fields = [{"name": name, "comment": _comment(name, spec, schema)} for name, spec in props.items()]
    env = jinja2.Environment(loader=jinja2.PackageLoader("casebook", "templates"), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = quote
    cite = f"[@{answers.source}, {answers.locator}]"
    return env.get_template(TEMPLATE).render(
        modeline=MODELINE, intro=_wrap(schema.get("description", ""), "# "), fields=fields,
        a=answers, cite=cite, reviewed=reviewed, known=set(_KNOWN))


def quote(value: str) -> str:
    """A YAML double-quoted scalar holding exactly value (colons, quotes and # included)."""
    dumped = yaml.safe_dump({"v": value}, allow_unicode=True, default_style='"', width=10**9)
    return dumped.removeprefix('"v": ').rstrip("\n")


# Fields the template writes out itself; any other schema field gets a commented-out stub.
_KNOWN = ("id", "kind", "title", "summary", "organisations", "year", "period", "themes", "evidence_type",
          "narrative", "quotes", "figures", "sources", "references", "editorial_notes", "contributors", "programme",
          "status", "added", "last_reviewed", "review_due")


def _comment(name: str, spec: dict, schema: dict) -> str:
    spec = resolve_ref(spec, schema)
    required = " (required)" if name in schema.get("required", []) else ""
    lines = [f"{name}{required}: {_describe(spec, schema)}".rstrip()]
    items = resolve_ref(spec.get("items", {}), schema)
    for sub, sub_spec in (items.get("properties") or spec.get("properties") or {}).items():
        described = _describe(resolve_ref(sub_spec, schema), schema)
        if described:
            lines.append(f"  {sub}: {described}")
    return "\n".join(_wrap(line, "# ") for line in lines)


def _describe(spec: dict, schema: dict) -> str:
    """A field's description, its allowed values, or (for a nested source) its parts."""
    text = spec.get("description", "")
    if "enum" in spec:
        text += " One of: " + ", ".join(str(v) for v in spec["enum"]) + "."
    if not text and "properties" in spec:
        text = "with " + " and ".join(spec["properties"]) + ", as in sources."
    return text.strip()


def _wrap(text: str, prefix: str) -> str:
    indent = len(text) - len(text.lstrip(" "))
    return "\n".join(textwrap.wrap(text, WIDTH, initial_indent=prefix, break_on_hyphens=False,
                                   subsequent_indent=prefix + " " * (indent + 2))) or prefix.rstrip()


# --- the questions, each checked against the project's own data -----------------------------

def _questions(project: Project) -> list[_Question]:
    schema = project.record_schema
    props = schema["properties"]
    locator = schema["$defs"]["source"]["properties"]["locator"]
    themes = _theme_ids(project)
    keys = _keys(project)
    return [
        _Question("id", "ID", "Id (lower-case words joined by hyphens, e.g. sandwell-customer-panel)",
                  lambda v: _check_id(project, props["id"], v)),
        _Question("kind", "--kind", "Kind", lambda v: _one_of(v, props["kind"]["enum"], "kind"),
                  tuple(props["kind"]["enum"])),
        _Question("title", "--title", "Title (plain text, as the page heading)",
                  lambda v: _check_title(props["title"], v)),
        _Question("themes", "--theme", "Theme ids, separated by commas",
                  lambda v: _one_of(v, themes, "theme", "themes are listed in themes.yaml"), tuple(themes)),
        _Question("source", "--source", "Citation key of the main source (from references.bib, or a new one)",
                  lambda v: _one_of(v, keys, "key in references.bib or any record",
                                    "describe it as a new source, or cite a key Casebook has"),
                  tuple(keys), new=lambda v: v not in keys and KEY.fullmatch(v) is not None),
        _Question("locator", "--locator", "Where in that source (e.g. p. 7, pp. 7-8, para. 6, sec. 4.1)",
                  lambda v: None if re.fullmatch(locator["pattern"], v) else
                  f"{v!r} is not a locator; {locator['description']}"),
        _Question("evidence_type", "--evidence-type", "Evidence type",
                  lambda v: _one_of(v, props["evidence_type"]["enum"], "evidence type"),
                  tuple(props["evidence_type"]["enum"])),
    ]


def _keys(project: Project) -> list[str]:
    """Every key a record may cite: references.bib's, and the works records describe (when they validate)."""
    keys = set(load_bibliography(project.bib, project.rel(project.bib))[0])
    content = validate_project(project).content
    if content is not None:
        keys |= set(content.works)
    return sorted(keys)


def _theme_ids(project: Project) -> list[str]:
    loaded = read_yaml_file(project.themes, project.rel(project.themes)).loaded
    data = loaded.data if loaded else None
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, list):
        raise CasebookError(f"{project.rel(project.themes)} cannot be read; run `casebook validate` to see why")
    return [t["id"] for t in themes if isinstance(t, dict) and isinstance(t.get("id"), str)]


def _check_id(project: Project, spec: dict, value: str) -> str | None:
    hidden = [ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]
    if hidden:
        return f"the id contains the hidden character U+{ord(hidden[0]):04X}"
    if not re.fullmatch(spec["pattern"], value) or len(value) > spec.get("maxLength", 80):
        return f"{value!r} is not an id: {spec['description']}"
    folded = {p.name.lower() for p in project.case_studies.glob("*")}
    if f"{value}.yaml" in folded:
        return f"case_studies/{value}.yaml already exists; edit it, or choose another id"
    return None


def _check_title(spec: dict, value: str) -> str | None:
    if len(value) < spec["minLength"] or len(value) > spec["maxLength"] or not re.fullmatch(spec["pattern"], value):
        return (f"a title is {spec['minLength']} to {spec['maxLength']} characters of plain text "
                "(no < or > or control characters)")
    return None


def _one_of(value: str, options: list[str], what: str, otherwise: str | None = None) -> str | None:
    if value in options:
        return None
    hint = did_you_mean(value, options) or otherwise or "choose one of: " + ", ".join(options)
    return f"{value!r} is not a {what}; {hint}"


def _require(q: _Question, value: str) -> None:
    problem = q.check(value)
    if problem:
        raise CasebookError(f"{q.flag}: {problem}")


def _ask(q: _Question) -> tuple[str, bool]:
    """Ask until the answer passes its check, or starts something new the person confirms (a source
    Casebook does not have yet, to describe in the record); Ctrl-D or Ctrl-C stops. Returns the
    answer and whether it is new."""
    if q.choices and len(q.choices) <= 20:
        print(f"{q.prompt}, one of: {', '.join(q.choices)}", file=sys.stderr)
    while True:
        try:
            answer = input(f"{q.prompt}: ").strip()
            problem = q.check(answer) if answer else "an answer is needed"
            if not problem:
                return answer, False
            if q.new and q.new(answer):
                reply = input(f"  No source in Casebook has the key {answer!r}. Describe it as a new source "
                              "in this record? [y/N]: ").strip().lower()
                if reply in ("y", "yes"):
                    return answer, True
                print("  Then give a key Casebook has (or Ctrl-D to stop).", file=sys.stderr)
                continue
        except EOFError:
            raise CasebookError(f"no answer for {q.flag}; nothing was written") from None
        print(f"  {problem}", file=sys.stderr)


def _ask_list(q: _Question) -> list[str]:
    print(f"Themes, from themes.yaml: {', '.join(q.choices)}", file=sys.stderr)
    while True:
        try:
            answer = input(f"{q.prompt}: ")
        except EOFError:
            raise CasebookError(f"no answer for {q.flag}; nothing was written") from None
        chosen = [t.strip() for t in answer.split(",") if t.strip()]
        problems = [p for p in (q.check(t) for t in chosen) if p] or ([] if chosen else ["at least one theme"])
        if not problems:
            return chosen
        print("  " + "; ".join(problems), file=sys.stderr)
