"""Human labels for enum values, read from the schema's `x-labels` (the one source of truth)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    by_field: dict[str, dict[str, str]]

    @classmethod
    def from_schema(cls, schema: dict) -> Labels:
        props = schema.get("properties", {})
        org = schema.get("$defs", {}).get("organisation", {}).get("properties", {})
        fields = {"kind": props.get("kind", {}), "evidence_type": props.get("evidence_type", {}),
                  "status": props.get("status", {}), "org_type": org.get("type", {})}
        return cls({name: dict(zip(spec.get("enum", []), spec.get("x-labels", []), strict=False))
                    for name, spec in fields.items()})

    def label(self, field: str, value: str) -> str:
        return self.by_field.get(field, {}).get(value) or value.replace("-", " ").capitalize()

    def order(self, field: str, value: str) -> int:
        """Position in the schema's enum, so facets list values in the schema's order."""
        values = list(self.by_field.get(field, {}))
        return values.index(value) if value in values else len(values)
