"""Docs that cannot drift: the contributor guide against the schema, and the CI set-up it describes."""

from __future__ import annotations

import argparse
import re

import pytest
import yaml
from casebook import schemadoc
from casebook.cli import build_parser
from casebook.problems import CasebookError
from casebook.project import load_json
from conftest import REPO

GUIDE = REPO / "CONTRIBUTING.md"
SCHEMA = load_json(REPO / "schema" / "record.schema.json")
# Fields the schema does not describe yet. This list may only shrink: a new field
# without a description fails the test below.
UNDESCRIBED_TODAY = {"contributors[].name", "contributors[].organisation", "programme.name", "programme.cohort"}


def test_guide_matches_the_schema() -> None:
    current = GUIDE.read_text(encoding="utf-8")
    assert current == schemadoc.update(current, SCHEMA), (
        f"CONTRIBUTING.md is out of date with the schema or bibtypes.py; run `{schemadoc.COMMAND}`")


def test_every_field_is_in_the_guide() -> None:
    """Walk the schema independently of schemadoc, so a field it skipped would still be caught."""
    guide = GUIDE.read_text(encoding="utf-8")

    def walk(node: dict, prefix: str):
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node
        for name, spec in node.get("properties", {}).items():
            yield prefix + name
            spec = SCHEMA["$defs"][spec["$ref"].rsplit("/", 1)[-1]] if "$ref" in spec else spec
            yield from walk(spec, f"{prefix}{name}.")
            if "items" in spec:
                yield from walk(spec["items"], f"{prefix}{name}[].")

    fields = list(walk(SCHEMA, ""))
    assert len(fields) > 40
    missing = [f for f in fields if f"| `{f}` |" not in guide]
    assert not missing, f"fields missing from CONTRIBUTING.md: {missing}"


def test_new_fields_are_described() -> None:
    undescribed = {path for path, spec, _ in schemadoc.field_paths(SCHEMA)
                   if not spec.get("description") and "properties" not in spec}
    assert undescribed <= UNDESCRIBED_TODAY, (
        f"describe these fields in schema/record.schema.json: {sorted(undescribed - UNDESCRIBED_TODAY)}")


def test_enum_values_are_all_listed() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for path, spec, _ in schemadoc.field_paths(SCHEMA):
        for value in spec.get("enum", []):
            assert f"`{value}`" in guide, (path, value)


def test_update_refuses_a_guide_without_markers() -> None:
    with pytest.raises(CasebookError, match="has no generated block for the field reference"):
        schemadoc.update("# A guide\n", SCHEMA)


def test_check_and_write(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m casebook.schemadoc --check` fails on a stale guide; `--write` brings it up to date."""
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "record.schema.json").write_text((REPO / "schema/record.schema.json").read_text())
    stale = GUIDE.read_text(encoding="utf-8").replace("| `kind` | yes |", "| `kind` | no |")
    (tmp_path / "CONTRIBUTING.md").write_text(stale)
    root = ["--root", str(tmp_path)]
    assert schemadoc.main(["--check", *root]) == 1
    assert schemadoc.main(["--write", *root]) == 0
    assert schemadoc.main(["--check", *root]) == 0
    assert (tmp_path / "CONTRIBUTING.md").read_text() == GUIDE.read_text(encoding="utf-8")
    assert "out of date" in capsys.readouterr().err


def test_guide_commands_exist() -> None:
    """Every `casebook <subcommand>` and `make <target>` the guide tells people to run exists."""
    guide = GUIDE.read_text(encoding="utf-8")
    actions = build_parser()._actions  # noqa: SLF001 - argparse keeps subcommands only here
    subcommands = next(a.choices for a in actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    used = set(re.findall(r"(?:\.venv/bin/|`)casebook ([a-z][a-z-]*)", guide))
    assert {"new", "validate"} <= used
    assert used <= set(subcommands), used - set(subcommands)
    makefile = (REPO / "Makefile").read_text()
    for target in set(re.findall(r"(?:^\s*|`)make ([a-z]+)", guide, re.MULTILINE)):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def _load(path: str) -> dict:
    # PyYAML reads GitHub's `on:` key as True, so look both up.
    return yaml.safe_load((REPO / path).read_text())


def test_validate_workflow_is_safe_for_pull_requests() -> None:
    workflow = _load(".github/workflows/validate.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    assert "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["validate"]["steps"]
    assert any(s.get("with", {}).get("python-version") == "3.11" for s in steps)
    runs = [s.get("run", "") for s in steps]
    assert "make venv" in runs and ".venv/bin/casebook validate" in runs
    for job in workflow["jobs"].values():
        assert "permissions" not in job


def test_deploy_workflow_gives_pages_rights_to_the_deploy_job_only() -> None:
    workflow = _load(".github/workflows/deploy.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("run") == "make build" for s in build["steps"])
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_no_workflow_uses_pull_request_target() -> None:
    for path in (REPO / ".github" / "workflows").glob("*.y*ml"):
        assert "pull_request_target" not in path.read_text().split("#")[0], path


def test_pull_request_template_has_the_review_checklist() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text()
    for must in ("cited with a locator", "verbatim", "permission to publish", "below senior level",
                 "editorial_notes", "`casebook validate` is clean"):
        assert must in template, must


def test_pre_commit_hook_runs_the_validator_on_content_changes() -> None:
    config = _load(".pre-commit-config.yaml")
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    hook = next(h for h in hooks if h["id"] == "casebook-validate")
    assert hook["entry"].endswith("casebook validate")
    files = re.compile(hook["files"])
    for changed in ("case_studies/x.yaml", "themes.yaml", "references.bib"):
        assert files.search(changed), changed
    assert not files.search("scripts/casebook/cli.py")
