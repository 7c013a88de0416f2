"""The record schema compiled for the browser by Ajv, a pinned npm package, at build time.

The Propose page checks a record as it is typed with the schema `casebook validate`
uses: Node.js runs assets/propose/build/compile-schema.cjs, which turns the schema into
Ajv's standalone validation code, one classic script with no network and no compiler
at run time. The npm packages are pinned in package.json, locked in package-lock.json and
installed by `make build` (`npm ci`); a missing Node.js or package, or a version other than
the pin, fails the build with what to run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from casebook.npm import candidates, find_node_modules
from casebook.problems import CasebookError

# The pins, as package.json has them (tests/test_propose.py checks they agree).
NPM_PINS = {"ajv": "8.20.0", "ajv-formats": "3.0.1"}
COMPILER = Path(__file__).resolve().parent.parent / "assets" / "propose" / "build" / "compile-schema.cjs"
OUTPUT = "record-schema.js"
_HOW = ("run `make build`, which installs them from package-lock.json with npm ci ("
        + ", ".join(f"{n}@{v}" for n, v in NPM_PINS.items()) + ")")


def node_modules() -> Path:
    """Where the pinned packages are (casebook/npm.py says where it looks)."""
    folder = find_node_modules("ajv")
    if folder is None:
        raise CasebookError(f"the Propose page needs the npm packages {', '.join(NPM_PINS)}, not found in "
                            f"{' or '.join(str(c) for c in candidates())}: {_HOW}")
    return folder


def check_pins(folder: Path) -> None:
    for name, version in NPM_PINS.items():
        manifest = folder / name / "package.json"
        try:
            found = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            found = None
        if found != version:
            what = f"version {found}" if found else "missing"
            raise CasebookError(f"the Propose page needs npm package {name}@{version} ({what} in {folder}): {_HOW}")


def validator_inputs(schema_text: str) -> str:
    """A digest of what the compiled schema is made from (the schema, the compiler script, the pins): a
    build whose inputs are the previous build's keeps its output rather than starting Node (0.15 s)."""
    h = hashlib.sha256(json.dumps([schema_text, NPM_PINS], sort_keys=True).encode("utf-8"))
    h.update(COMPILER.read_bytes())
    return h.hexdigest()


def compile_validator(schema_text: str, out_dir: Path) -> str:
    """Write out_dir/record-schema.js from the schema's text; return its file name."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise CasebookError("the Propose page is built with Node.js, which is not installed: "
                            "apt-get install nodejs npm (make build does this)")
    folder = node_modules()
    check_pins(folder)
    env = {**os.environ, "NODE_PATH": str(folder)}
    result = subprocess.run([node, str(COMPILER), str(out_dir / OUTPUT)], input=schema_text, text=True,
                            capture_output=True, env=env, check=False, timeout=120)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise CasebookError(f"Ajv could not compile schema/record.schema.json for the Propose page: {detail}")
    return OUTPUT
