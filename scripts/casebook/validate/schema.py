"""JSON Schema errors turned into located, actionable problems.

jsonschema-rs answers "is it valid?" fast; only an invalid document pays for the
detailed Python jsonschema walk that says where and why.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from typing import TYPE_CHECKING

import jsonschema_rs

from casebook import lookalike
from casebook.ecma import from_ecma
from casebook.hints import bad_date, did_you_mean, dotted, iso_date
from casebook.problems import Problems, brief
from casebook.words import TYPE_NAMES, hint, message, phrase
from casebook.yamlio.safe import LoadedYaml

if TYPE_CHECKING:
    import jsonschema


class SchemaChecker:
    """Checks documents against one schema, reporting each problem at its node."""

    def __init__(self, schema: dict, others: list[dict] | None = None):
        self.schema = schema
        self._others = others or []

    @cached_property
    def _fast(self):
        bundled = _inline_refs(self.schema, {s["$id"].rsplit("/", 1)[-1]: s for s in self._others})
        return jsonschema_rs.Draft202012Validator(bundled, validate_formats=True, formats={"date": _is_date})

    @cached_property
    def _slow(self) -> jsonschema.Draft202012Validator:
        # Imported only when a document is invalid: it is the slow, detailed path. It reads
        # patterns and dates as the fast one does (and Ajv in the browser): patterns by ECMA-262,
        # so `$` is the end of the text, not also before a final newline.
        import jsonschema
        from jsonschema.validators import extend
        from referencing import Registry, Resource

        def pattern(validator, written, instance, schema):  # noqa: ANN001, ARG001 - jsonschema's signature
            if validator.is_type(instance, "string") and not _ecma(written).search(instance):
                yield jsonschema.ValidationError(f"{instance!r} does not match {written!r}")

        formats = jsonschema.FormatChecker()
        formats.checks("date")(_is_date)
        resources = [(s["$id"], Resource.from_contents(s)) for s in [self.schema, *self._others]]
        validator = extend(jsonschema.Draft202012Validator, {"pattern": pattern})
        return validator(self.schema, registry=Registry().with_resources(resources), format_checker=formats)

    def check(self, loaded: LoadedYaml, shown: str, problems: Problems) -> bool:
        if self._fast.is_valid(loaded.data):
            return True
        errors = sorted(self._slow.iter_errors(loaded.data),
                        key=lambda e: (tuple(str(p) for p in e.absolute_path), e.validator))
        for error in errors:
            self._report(error, loaded, shown, problems)
        return not errors

    def _report(self, error: jsonschema.ValidationError, loaded: LoadedYaml, shown: str,
                problems: Problems) -> None:
        path = tuple(error.absolute_path)
        where = dotted(path)
        kind = error.validator
        value = error.instance
        schema = error.schema if isinstance(error.schema, dict) else {}
        line, col = loaded.mark(path)
        if isinstance(value, bool) and kind in ("enum", "type", "pattern") and path in loaded.written_as:
            # YAML 1.1 reads yes/no/on/off as booleans: "False is not allowed" would hide what was typed.
            written = loaded.written_as[path]
            name = path[-1] if isinstance(path[-1], str) else None
            problems.error(shown, line, col, "yaml-boolean",
                           f"{where}: {written} was read as the boolean {str(value).lower()}, not as text",
                           hint=(f'write {name}: "{written}" in quotes' if name else f'write "{written}" in quotes')
                           + " if you mean the text")
        elif kind == "additionalProperties" and isinstance(value, dict):
            known = list(schema.get("properties", {}))
            for extra in sorted(set(value) - set(known)):
                kline, kcol = loaded.mark((*path, extra), key=True)
                problems.error(shown, kline, kcol, "unknown-field",
                               message("unknown-field", where=dotted((*path, extra))),
                               hint=did_you_mean(extra, known)
                               or hint("unknown-field", fields=phrase("list").join(known)))
        elif kind == "required" and isinstance(value, dict):
            for missing in error.validator_value:
                if missing not in value:
                    about = schema.get("properties", {}).get(missing, {}).get("description")
                    problems.error(shown, line, col, "missing-field",
                                   message("missing-field", where=where, field=repr(missing)), hint=about)
        elif kind == "enum":
            options = [str(o) for o in error.validator_value]
            problems.error(shown, line, col, "not-allowed", message("not-allowed", where=where, value=brief(value)),
                           hint=did_you_mean(str(value), options)
                           or hint("not-allowed", options=phrase("list").join(options)))
        elif kind == "format" and error.validator_value == "date":
            problems.error(shown, line, col, "bad-date", *bad_date(where, value))
        elif kind == "format":
            problems.error(shown, line, col, "format",
                           message("format", where=where, value=brief(value), format=str(error.validator_value)))
        elif kind == "type":
            expected = error.validator_value
            want = phrase("or").join(TYPE_NAMES.get(t, t) for t in (expected if isinstance(expected, list)
                                                                        else [expected]))
            problems.error(shown, line, col, "wrong-type", message("wrong-type", where=where, want=want))
        elif kind == "pattern":
            problems.error(shown, line, col, "bad-format", *_bad_format(where, value, error.validator_value,
                                                                         schema.get("description")))
        elif kind in ("minItems", "minLength"):
            problems.error(shown, line, col, "too-short", message("too-short", where=where),
                           hint=schema.get("description"))
        elif kind in ("maxItems", "maxLength"):
            unit = phrase("unit/items" if kind == "maxItems" else "unit/characters")
            problems.error(shown, line, col, "out-of-range",
                           message("out-of-range/length", where=where, limit=str(error.validator_value), unit=unit))
        elif kind in ("maximum", "minimum"):
            problems.error(shown, line, col, "out-of-range",
                           message("out-of-range/bound", where=where, value=brief(value), side=phrase(f"side/{kind}"),
                                   keyword=kind, limit=str(error.validator_value)))
        elif kind == "uniqueItems":
            problems.error(shown, line, col, "duplicate-item", message("duplicate-item", where=where))
        else:
            problems.error(shown, line, col, "schema", message("schema", where=where, detail=error.message[:200]))


def _bad_format(where: str, value: object, pattern: str, description: str | None) -> tuple[str, str | None]:
    """A value the pattern refuses; when it is only look-alike letters away from passing, which ones."""
    foreign = lookalike.explain(value) if isinstance(value, str) else None
    if not foreign:
        return message("bad-format", where=where, value=brief(value)), \
            description or hint("bad-format", pattern=pattern)
    folded = lookalike.fold(value)  # type: ignore[arg-type]
    words = message("bad-format/lookalike", where=where, value=brief(value), foreign=foreign)
    if folded and _ecma(pattern).search(folded):
        return words, hint("bad-format/lookalike", folded=folded)
    return words, description or hint("bad-format", pattern=pattern)


def _is_date(value: object) -> bool:
    """`format: date` as Casebook reads a date (hints.iso_date), in both validators."""
    return not isinstance(value, str) or iso_date(value) is not None


@cache
def _ecma(written: str) -> re.Pattern[str]:
    return from_ecma(written)


def _inline_refs(node: object, others: dict[str, dict]) -> object:
    """Replace refs into sibling schema files (`record.schema.json#/$defs/x`) with their targets."""
    if isinstance(node, list):
        return [_inline_refs(item, others) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and "#" in ref and ref.split("#")[0] in others:
        name, pointer = ref.split("#", 1)
        target: object = others[name]
        for part in pointer.strip("/").split("/"):
            target = target[part]  # type: ignore[index]
        return _inline_refs(target, others)
    return {key: _inline_refs(value, others) for key, value in node.items()}
