"""Where the pinned npm packages are (the Makefile installs them; the site vendors them at build time).

CASEBOOK_NODE_MODULES if set, else the checkout the tooling runs from, else the current
folder: a project built from elsewhere still uses its tooling's packages.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_NODE_MODULES = "CASEBOOK_NODE_MODULES"


def candidates() -> list[Path]:
    given = os.environ.get(ENV_NODE_MODULES)
    if given:
        return [Path(given)]
    return [Path(__file__).resolve().parents[2] / "node_modules", Path.cwd() / "node_modules"]


def find_node_modules(package: str) -> Path | None:
    """The first node_modules folder holding package (e.g. "ajv"), or None."""
    for folder in candidates():
        if (folder / package / "package.json").is_file():
            return folder
    return None
