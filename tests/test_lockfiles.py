"""The locks agree with what the project declares, and `make` installs exactly the locks.

pyproject.toml names the direct Python dependencies; requirements.txt (pip-compile, `make
lock`) pins every package with its hashes. package.json pins the npm packages; package-lock.json
carries each one's integrity hash. A Dependabot pull request or a hand edit that changes one
side only fails here, before a build runs code nobody reviewed.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements.txt"
PROJECT = "casebook"
EXACT = re.compile(r"^\d+\.\d+\.\d+$")


@dataclass
class Locked:
    version: str
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def read_lock(text: str) -> dict[str, Locked]:
    """pip-compile's format: `name==version \\`, its `--hash=` lines, then `# via` comments."""
    entries: dict[str, Locked] = {}
    current: Locked | None = None
    in_via = False
    for line in text.splitlines():
        if pin := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)\s*\\?$", line):
            current = entries.setdefault(canonicalize_name(pin.group(1)), Locked(pin.group(2)))
            in_via = False
        elif current and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            current.hashes.append(digest.group(1))
        elif current and (via := re.match(r"^\s+# via(?: (.+))?$", line)):
            in_via = via.group(1) is None
            if via.group(1):
                current.via.append(via.group(1).strip())
        elif current and in_via and (more := re.match(r"^\s+#\s+(\S.*)$", line)):
            current.via.append(more.group(1).strip())
        elif line.strip() and not line.lstrip().startswith("#"):
            raise AssertionError(f"requirements.txt: a line pip-compile does not write: {line!r}")
    return entries


def declared() -> list[Requirement]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["test"], *data["build-system"]["requires"]]
    return [Requirement(name) for name in names]


def test_every_declared_requirement_is_locked_at_a_version_it_allows() -> None:
    lock = read_lock(LOCK.read_text(encoding="utf-8"))
    for requirement in declared():
        locked = lock.get(canonicalize_name(requirement.name))
        assert locked, f"{requirement} is declared in pyproject.toml but not in requirements.txt: run make lock"
        assert requirement.specifier.contains(locked.version, prereleases=True), (
            f"pyproject.toml says {requirement}, requirements.txt has {locked.version}: run make lock")


def test_every_locked_package_is_hashed_and_needed() -> None:
    text = LOCK.read_text(encoding="utf-8")
    lock = read_lock(text)
    assert len(lock) > 50
    assert len(text.encode("utf-8")) < 200_000, "Dependabot skips a requirements file of 200,000 bytes or more"
    for name, locked in lock.items():
        assert locked.hashes, f"{name} has no hash"
        assert locked.via, f"{name} says nothing needs it"
        for parent in locked.via:
            # Either the project (its dependencies, extras or build requirements) or another locked package.
            assert parent.startswith(f"{PROJECT} (pyproject.toml") or canonicalize_name(parent) in lock, (name, parent)
    header = text.split("\n\n", 1)[0]
    for flag in ("--generate-hashes", "--allow-unsafe", "--all-build-deps", "--extra=test"):
        assert flag in header, flag  # the lock covers the test tools, pip and the build backend


def test_the_environment_is_the_lock() -> None:
    lock = read_lock(LOCK.read_text(encoding="utf-8"))
    installed = {name: metadata.version(name) for name in lock}
    assert {n: (v, lock[n].version) for n, v in installed.items() if v != lock[n].version} == {}


def test_make_installs_from_the_locks_and_the_project_apart() -> None:
    # What make would run to set up from nothing (-B: as if every target were out of date).
    plan = subprocess.run(["make", "-n", "-B", ".venv/.installed", "node_modules/.casebook-npm"], cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=60).stdout
    pip = [line for line in plan.splitlines() if " -m pip install" in line]
    assert len(pip) == 2, plan
    assert "--require-hashes -r requirements.txt" in pip[0]
    assert pip[1].endswith("--no-deps --no-build-isolation -e .")
    assert "npm ci " in plan and "npm install" not in plan


def test_package_lock_is_package_json_and_node_modules_is_the_lock() -> None:
    manifest = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    pins = {**manifest["dependencies"], **manifest.get("devDependencies", {})}
    assert {n: v for n, v in pins.items() if not EXACT.match(v)} == {}, "package.json pins exact versions only"
    root = lock["packages"][""]
    assert root.get("dependencies", {}) == manifest["dependencies"]
    assert root.get("devDependencies", {}) == manifest.get("devDependencies", {})
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    for name, version in pins.items():
        assert packages[f"node_modules/{name}"]["version"] == version, name
    for path, entry in packages.items():
        assert entry.get("integrity", "").startswith("sha512-"), path
        installed = json.loads((REPO / path / "package.json").read_text(encoding="utf-8"))
        assert installed["version"] == entry["version"], path
