"""Where things live in a Casebook project; every stage takes a Project, not loose paths."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from casebook.problems import CasebookError


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest folder upwards holding case_studies/ and references.bib."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "case_studies").is_dir() and (folder / "references.bib").is_file():
                return cls(folder)
        raise CasebookError(
            f"no Casebook project found at or above {here} "
            "(looked for case_studies/ and references.bib); pass --root")

    @property
    def case_studies(self) -> Path:
        return self.root / "case_studies"

    @property
    def bib(self) -> Path:
        return self.root / "references.bib"

    @property
    def themes(self) -> Path:
        return self.root / "themes.yaml"

    @property
    def assessment(self) -> Path:
        return self.root / "assessment.yaml"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def record_schema_path(self) -> Path:
        return self.schema_dir / "record.schema.json"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def fragment_store(self) -> Path:
        """Rendered record text, reused across builds (disposable; git-ignored under build/)."""
        return self.root / "build" / "fragments"

    @property
    def kept_packs(self) -> Path:
        """The pre-built packs of earlier builds, by what they were made from (disposable, like the store)."""
        return self.root / "build" / "packs"

    @property
    def site_manifest(self) -> Path:
        """What the last build of site/ was made from, so the next one builds only what changed."""
        return self.root / "build" / "site-manifest.json"

    @property
    def preview_manifest(self) -> Path:
        return self.root / "build" / "preview-manifest.json"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @cached_property
    def record_schema(self) -> dict:
        return load_json(self.record_schema_path)

    def rel(self, path: Path) -> str:
        """Path as shown to people: relative to the project root where possible."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CasebookError(f"{path}: cannot read JSON: {exc}") from exc
