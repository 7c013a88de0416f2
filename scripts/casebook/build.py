"""`casebook build`: validate, build packs and site in a staging folder, then swap into site/."""

from __future__ import annotations

import shutil
import sys

from casebook.atomic import replace_dir, staging_dir
from casebook.problems import CasebookError
from casebook.project import Project
from casebook.validate import validate_project


def build_all(project: Project, packs: bool = True, jobs: int | None = None) -> None:
    result = validate_project(project)
    for warning in result.problems.sorted():
        print(warning, file=sys.stderr)
    if not result.ok or result.content is None:
        raise CasebookError("validation failed; nothing was built and site/ is unchanged")
    staging = staging_dir(project.site)
    try:
        pack_infos = []
        if packs:
            from casebook.pack import build_theme_packs

            pack_infos = build_theme_packs(result.content, project, staging / "packs", jobs=jobs)
        from casebook.site import build_site

        build_site(result.content, project, staging / "site", packs=pack_infos)
        replace_dir(staging / "site", project.site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"built {project.rel(project.site)}/")
