"""The open data passes the schemas published beside it, checked by an outside validator, offline.

check-jsonschema (PyPI) reads the site's data/ folder as a downloader would: cases.json
against cases.schema.json, cases.csv's rows against cases.csv.schema.json, every record
file against record.schema.json. Any attempt to fetch a schema from another host fails
here (the proxy is a closed local port), so a `$ref` that leaves the folder fails the test.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from casebook.builders import build_site, dataschema
from casebook.builders.opendata import CSV_COLUMNS
from casebook.project import Project
from casebook.validate import validate_project
from conftest import copy_project

REPO = Path(__file__).resolve().parents[1]
SITE = "https://example.org/casebook/"
CHECK = Path(sys.executable).parent / "check-jsonschema"
NO_NETWORK = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": ""}
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site/data/ of the real records, built with a site address (so every url is absolute)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CASEBOOK_SITE_URL", SITE)
    mp.setenv("SOURCE_DATE_EPOCH", "1795000000")
    tmp = tmp_path_factory.mktemp("opendata")
    result = validate_project(Project(copy_project(tmp / "project")))
    assert result.ok and result.content is not None, [str(p) for p in result.problems.errors]
    build_site(result.content, tmp / "site", packs=[])
    mp.undo()
    return tmp / "site" / "data"


def check(schema: Path, *instances: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK), "--schemafile", str(schema), *map(str, instances)], cwd=schema.parent,
                          env=NO_NETWORK, capture_output=True, text=True, timeout=120, check=False)


def csv_rows(path: Path) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k in ("$ref", "$id")] + [r for v in node.values() for r in refs(v)]
    return [r for v in node for r in refs(v)] if isinstance(node, list) else []


def test_every_served_schema_refers_only_to_files_beside_it(data: Path) -> None:
    schemas = sorted(data.glob("*.schema.json"))
    assert [p.name for p in schemas] == ["cases.csv.schema.json", "cases.schema.json", "record.schema.json"]
    for path in schemas:
        found = refs(json.loads(path.read_text(encoding="utf-8")))
        assert found and all("://" not in r for r in found), (path.name, found)


def test_cases_json_passes_its_served_schema(data: Path, tmp_path: Path) -> None:
    result = check(data / "cases.schema.json", data / "cases.json")
    assert result.returncode == 0, result.stdout + result.stderr
    records = json.loads((data / "cases.json").read_text(encoding="utf-8"))["records"]
    assert records and all(r["url"].startswith(SITE) for r in records)
    # Built without a site address, every url is null, which the schema allows too.
    unaddressed = tmp_path / "cases.json"
    unaddressed.write_text(json.dumps({"records": [{**r, "url": None} for r in records]}), encoding="utf-8")
    result = check(data / "cases.schema.json", unaddressed)
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_served_record_file_passes_the_served_record_schema(data: Path) -> None:
    files = sorted((data / "records").glob("*.yaml"))
    assert files
    # An editor opening a download follows its modeline to the schema served beside it.
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), (path.name, first)
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (data / "record.schema.json").resolve(), (path.name, first)
    result = check(data / "record.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cases_csv_rows_and_columns_pass_their_served_schema(data: Path, tmp_path: Path) -> None:
    header, rows = csv_rows(data / "cases.csv")
    schema = json.loads((data / "cases.csv.schema.json").read_text(encoding="utf-8"))
    assert header == list(CSV_COLUMNS) == schema["items"]["required"]  # the schema gives the column order
    as_json = tmp_path / "cases.csv.json"
    as_json.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = check(data / "cases.csv.schema.json", as_json)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_served_schemas_catch_what_the_data_must_not_hold(data: Path, tmp_path: Path) -> None:
    """The schemas are not merely permissive: each rule below is one a broken export would break."""
    records = json.loads((data / "cases.json").read_text(encoding="utf-8"))["records"]
    bad = copy.deepcopy(records[0])
    bad.update(kind="bogus", period=None, last_reviewed="2026-02-30", extra=1)
    (tmp_path / "bad.json").write_text(json.dumps({"records": [bad]}), encoding="utf-8")
    out = check(data / "cases.schema.json", tmp_path / "bad.json").stdout
    for path in ("records[0].kind", "records[0].period", "records[0].last_reviewed", "records[0]: Additional"):
        assert path in out, (path, out)
    _, rows = csv_rows(data / "cases.csv")
    row = dict(rows[0], sources="no locator", organisation_types="county-council; bogus", added="2026-13-01",
               url="javascript:alert(1)")
    (tmp_path / "bad.csv.json").write_text(json.dumps([row]), encoding="utf-8")
    out = check(data / "cases.csv.schema.json", tmp_path / "bad.csv.json").stdout
    for column in ("sources", "organisation_types", "added", "url"):
        assert f"$[0].{column}" in out, (column, out)


def test_the_data_schemas_follow_the_record_schema() -> None:
    """Derived at build time: a new kind, organisation type or field reaches them with no other change."""
    record = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
    changed = copy.deepcopy(record)
    changed["properties"]["kind"]["enum"].append("new-kind")
    changed["$defs"]["organisation"]["properties"]["type"]["enum"].append("new-body")
    changed["properties"]["references"] = {"type": "array"}
    cases = dataschema.cases_schema(changed)["$defs"]["record"]
    assert "new-kind" in cases["properties"]["kind"]["enum"] and "references" in cases["properties"]
    columns = dataschema.csv_schema(changed)["items"]["properties"]
    assert "new-kind" in columns["kind"]["enum"] and "new-body" in columns["organisation_types"]["pattern"]
    assert dataschema.cases_schema(record)["$defs"]["record"]["properties"]["id"] == record["properties"]["id"]
