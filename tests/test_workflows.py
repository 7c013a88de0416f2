"""The GitHub workflows and Dependabot's configuration, read as data and checked by outside tools.

GitHub runs these files only after a push, so a mistake in them shows up late and in
public. zizmor (static analysis of GitHub Actions) and GitHub's own schemas, as
check-jsonschema vendors them, read them offline here; the rest are the promises the
workflows make to the build: pinned actions, a read-only token wherever repository code
runs, the fragment store kept between runs under a key that a new renderer misses, and
the repository and branch the site is built from.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from casebook.fragments.keys import SETTINGS_FILES

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
# `owner/repo@<40 hex> # vX.Y.Z`: the commit runs, the comment says which release it is.
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")
HASH_FILES = re.compile(r"hashFiles\(([^)]*)\)")


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(name: str, job: str) -> list[dict]:
    return workflow(name)["jobs"][job]["steps"]


def step_using(steps_: list[dict], action: str) -> dict:
    found = [s for s in steps_ if s.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"{action}: {len(found)} steps"
    return found[0]


def make_build(steps_: list[dict]) -> tuple[int, dict]:
    found = [(i, s) for i, s in enumerate(steps_) if s.get("run") == "make build"]
    assert len(found) == 1
    return found[0]


def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\s*(- )?uses:", line):
                match = PINNED.match(line)
                assert match, f"{path.name}:{number}: not pinned to a commit with its version: {line.strip()}"
                pins.setdefault(match.group(1), set()).add(match.group(2, 3))
    assert {"actions/checkout", "actions/cache", "actions/deploy-pages"} <= set(pins)
    # One action, one commit: two pins of the same action would be two versions to keep fresh.
    assert {action: len(found) for action, found in pins.items() if len(found) > 1} == {}


def test_zizmor_finds_nothing() -> None:
    # The default persona and severities, offline: audits only what is written in the repository.
    # The files are named (the workflow's step gives "."), so the test knows what was audited.
    files = [*sorted(WORKFLOWS.glob("*.yml")), REPO / ".github" / "dependabot.yml"]
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json", *map(str, files)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    findings = json.loads(result.stdout)
    assert [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in findings] == []
    assert result.returncode == 0, result.stderr[-2000:]


def test_workflows_and_dependabot_match_githubs_schemas() -> None:
    checks = [("vendor.github-workflows", sorted(str(p) for p in WORKFLOWS.glob("*.yml"))),
              ("vendor.dependabot", [str(REPO / ".github" / "dependabot.yml")])]
    for schema, files in checks:
        result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *files],
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_validate_workflow_runs_zizmor_from_the_locked_tools() -> None:
    runs = [s.get("run", "") for s in steps("validate.yml", "validate")]
    assert "make venv" in runs and ".venv/bin/zizmor --offline ." in runs


def renderer_patterns(expression: str) -> list[str]:
    """The globs of the first hashFiles() in a cache key: what the rendering is made with."""
    first = HASH_FILES.search(expression)
    assert first, expression
    return re.findall(r"'([^']+)'", first.group(1))


def glob_matches(pattern: str, path: str) -> bool:
    regex = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, path) is not None


def test_fragment_store_and_packs_are_cached_in_deploy_and_preview_and_a_new_renderer_misses() -> None:
    keys = []
    for name, job in (("deploy.yml", "build"), ("validate.yml", "preview")):
        job_steps = steps(name, job)
        cache = step_using(job_steps, "actions/cache")
        # The store, and the packs of the last build (each kept under a digest of what sets it).
        assert cache["with"]["path"].split() == ["build/fragments", "build/packs"]
        assert job_steps.index(cache) < make_build(job_steps)[0]
        key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip()
        # A changed record restores the last store made by the same renderer; a changed renderer
        # or bibliography matches no restore key at all.
        assert "\n" not in restore and key.startswith(restore) and len(key) > len(restore)
        assert HASH_FILES.search(key[len(restore):]), "the content hash follows the renderer's"
        patterns = renderer_patterns(restore)
        for needed in ("references.bib", "requirements.txt", "scripts/casebook/__init__.py"):
            assert needed in patterns, needed  # bibliography, pandoc's pinned version, the store's
        for path in SETTINGS_FILES:
            relative = path.resolve().relative_to(REPO).as_posix()
            assert any(glob_matches(p, relative) for p in patterns), f"{relative} is not in the cache key"
        keys.append(key)
    assert keys[0] == keys[1]  # a pull request's preview restores what the deploy saved


def test_builds_are_told_the_repository_and_branch_through_env() -> None:
    for name, job, branch in (("deploy.yml", "build", "${{ github.ref_name }}"),
                              ("validate.yml", "preview", "${{ github.base_ref }}")):
        env = make_build(steps(name, job))[1]["env"]
        assert env["CASEBOOK_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
        assert env["CASEBOOK_REPO_BRANCH"] == branch
    assert workflow("validate.yml")["jobs"]["preview"]["if"] == "github.event_name == 'pull_request'"


def test_no_expression_is_spliced_into_a_command() -> None:
    # Context values (branch names, pull-request text) reach the shell through env only.
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job_name, job in workflow(path.name)["jobs"].items():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{path.name} {job_name}: {step.get('name')}"


def test_only_the_deploy_job_may_write_and_repository_code_runs_read_only() -> None:
    for name in ("deploy.yml", "validate.yml"):
        data = workflow(name)
        assert data["permissions"] == {"contents": "read"}, name
        for job_name, job in data["jobs"].items():
            if (name, job_name) == ("deploy.yml", "deploy"):
                assert job["permissions"] == {"pages": "write", "id-token": "write"}
                assert all("run" not in s for s in job["steps"])  # runs no repository code
            else:
                assert "permissions" not in job, (name, job_name)
                checkout = step_using(job["steps"], "actions/checkout")
                assert checkout["with"]["persist-credentials"] is False, (name, job_name)
    assert "pull_request_target" not in workflow("validate.yml")["on"]


def test_preview_job_builds_summarises_and_uploads_only_what_was_built() -> None:
    job = workflow("validate.yml")["jobs"]["preview"]
    steps = job["steps"]
    runs = [s.get("run", "") for s in steps]
    build = runs.index("make build")
    summary = next(i for i, r in enumerate(runs) if "casebook.contribute.pr_summary --base" in r)
    # The summary comes after the build and knows how it ended, so it announces no artifact that
    # was not built; the artifact is uploaded only after a build that succeeded; the job still fails.
    assert steps[build]["id"] == "build" and steps[build]["continue-on-error"] is True and summary > build
    assert '--built "$BUILT"' in runs[summary] and steps[summary]["env"]["BUILT"] == "${{ steps.build.outcome }}"
    upload = step_using(steps, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site" and upload["if"] == "steps.build.outcome == 'success'"
    assert steps[-1]["if"] == "steps.build.outcome != 'success'" and steps[-1]["run"] == "exit 1"


def test_dependabot_keeps_actions_pip_and_npm_fresh() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip", "npm"}
    assert all(u["directory"] == "/" for u in ecosystems.values())
    # Each ecosystem's pins are where Dependabot looks for them.
    assert (REPO / "requirements.txt").is_file() and (REPO / "package-lock.json").is_file()
