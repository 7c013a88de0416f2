"""assessment.yaml, checked like any other source: its schema, unique ids, known themes, known citations."""

from __future__ import annotations

from casebook.hints import did_you_mean
from casebook.load import assessment_from_data, read_yaml_file
from casebook.project import load_json
from casebook.validate.citations import inline_keys
from casebook.validate.context import Context
from casebook.validate.schema import SchemaChecker
from casebook.yamlio.safe import LoadedYaml


def check_assessment(ctx: Context) -> None:
    """Sets ctx.assessment when assessment.yaml exists and is valid; reports its problems otherwise."""
    project = ctx.project
    if not project.assessment.exists():
        return
    shown = project.rel(project.assessment)
    problems = ctx.problems
    file = read_yaml_file(project.assessment, shown)
    before = len(problems.errors)
    if not file.report(problems):
        return
    loaded = file.loaded
    assert loaded is not None
    if not SchemaChecker(load_json(project.schema_dir / "assessment.schema.json")).check(loaded, shown, problems):
        return
    _ids(loaded, shown, ctx)
    if ctx.taxonomy is not None:
        _themes(loaded, shown, ctx)
    data = loaded.data
    fields = [(("intro",), data["intro"])]
    fields += [(("characteristics", c, "note"), ch["note"])
               for c, ch in enumerate(data["characteristics"]) if "note" in ch]
    inline_keys(loaded, shown, fields, ctx.bibliography, problems)
    if len(problems.errors) == before:
        ctx.assessment = assessment_from_data(data)


def _ids(loaded: LoadedYaml, shown: str, ctx: Context) -> None:
    seen: dict[str, int] = {}
    seen_characteristics: dict[str, int] = {}
    for c, characteristic in enumerate(loaded.data["characteristics"]):
        theme = characteristic["theme"]
        if theme in seen_characteristics:
            line, col = loaded.mark(("characteristics", c, "theme"))
            first = loaded.mark(("characteristics", seen_characteristics[theme], "theme"))[0]
            ctx.problems.error(shown, line, col, "duplicate-characteristic",
                               f"characteristic {theme!r} is listed twice (first at line {first})",
                               hint="merge the two lists of statements")
        seen_characteristics.setdefault(theme, c)
        for s, statement in enumerate(characteristic["statements"]):
            path = ("characteristics", c, "statements", s, "id")
            if statement["id"] in seen:
                line, col = loaded.mark(path)
                ctx.problems.error(shown, line, col, "duplicate-id",
                                   f"statement id {statement['id']!r} is also used at line {seen[statement['id']]}",
                                   hint="ids key people's saved answers: give the new statement a new id")
            else:
                seen[statement["id"]] = loaded.mark(path)[0]


def _themes(loaded: LoadedYaml, shown: str, ctx: Context) -> None:
    taxonomy = ctx.taxonomy
    assert taxonomy is not None
    for c, characteristic in enumerate(loaded.data["characteristics"]):
        named = [(("characteristics", c, "theme"), characteristic["theme"])]
        named += [(("characteristics", c, "statements", s, "theme"), statement["theme"])
                  for s, statement in enumerate(characteristic["statements"])]
        for path, theme in named:
            if not taxonomy.has(theme):
                line, col = loaded.mark(path)
                ctx.problems.error(shown, line, col, "unknown-theme", f"{theme!r} is not a theme",
                                   hint=did_you_mean(theme, taxonomy.ids) or "themes are listed in themes.yaml")

