"""themes.yaml checked on its own (schema, ids, groups, sources), and the themes records name."""

from __future__ import annotations

from casebook.hints import did_you_mean
from casebook.load import read_yaml_file, taxonomy_from_data
from casebook.model import BibEntry, Taxonomy
from casebook.problems import Problems, brief
from casebook.project import Project, load_json
from casebook.validate.citations import inline_keys
from casebook.validate.context import RecordCheck
from casebook.validate.schema import SchemaChecker
from casebook.words import hint, message


def load_taxonomy(project: Project, shown: str, bibliography: dict[str, BibEntry],
                  problems: Problems) -> Taxonomy | None:
    """The taxonomy, or None (with its problems reported) when themes.yaml is not valid."""
    file = read_yaml_file(project.themes, shown)
    before = len(problems.errors)
    if not file.report(problems):
        return None
    loaded = file.loaded
    assert loaded is not None
    checker = SchemaChecker(load_json(project.schema_dir / "themes.schema.json"), others=[project.record_schema])
    if not checker.check(loaded, shown, problems):
        return None
    data = loaded.data
    groups = [g["id"] for g in data["groups"]]
    seen: set[str] = set()
    for i, theme in enumerate(data["themes"]):
        if theme["id"] in seen:
            line, col = loaded.mark(("themes", i, "id"))
            problems.error(shown, line, col, "duplicate-theme", f"theme {theme['id']!r} is defined twice")
        seen.add(theme["id"])
        if theme["group"] not in groups:
            line, col = loaded.mark(("themes", i, "group"))
            problems.error(shown, line, col, "unknown-group", f"{theme['group']!r} is not a group",
                           hint=did_you_mean(theme["group"], groups))
        key = theme["source"]["key"]
        if key not in bibliography:
            line, col = loaded.mark(("themes", i, "source", "key"))
            problems.error(shown, line, col, "unknown-key", f"{key!r} is not a key in references.bib",
                           hint=did_you_mean(key, sorted(bibliography)))
    fields = [*((("groups", i, "description"), g["description"]) for i, g in enumerate(data["groups"])),
              *((("themes", i, "definition"), t["definition"]) for i, t in enumerate(data["themes"]))]
    inline_keys(loaded, shown, fields, bibliography, problems)
    if len(problems.errors) > before:
        return None
    return taxonomy_from_data(data)


def record_themes(check: RecordCheck) -> None:
    taxonomy = check.ctx.taxonomy
    themes = check.data.get("themes")
    if taxonomy is None or not isinstance(themes, list):
        return
    for i, theme in enumerate(themes):
        if isinstance(theme, str) and not taxonomy.has(theme):
            check.error(("themes", i), "unknown-theme", message("unknown-theme", value=brief(theme)),
                        hint=did_you_mean(theme, taxonomy.ids) or hint("unknown-theme"))
