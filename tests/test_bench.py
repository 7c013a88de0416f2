"""A smoke run of `casebook bench` at N=20: every probe runs and the table is written.

No timing is asserted here (the machine may be busy); make bench records the figures.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from casebook.bench import STAGES, render_table, run_bench
from casebook.project import Project

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def test_bench_smoke_run_writes_every_measure(tmp_path: Path) -> None:
    report = run_bench(Project(REPO), sizes=[20], repeat=1, out=tmp_path)
    measured = {m["name"]: m for m in report["measures"]}
    assert set(measured) == {label for label, _, _ in STAGES}
    for m in measured.values():
        assert m["records"] == 20 and m["seconds"] > 0 and m["peak_mb"] > 0, m
    assert measured["pack_20"]["extra"]["pages"] > 1
    assert measured["theme_packs"]["extra"]["packs"] == measured["theme_packs_1core"]["extra"]["packs"] > 1
    assert measured["site_warm"]["extra"]["units_rendered"] == 1  # the one edited record, nothing else
    # Built on the previous site: the edited record's page and the few that list it, not all 20 records'.
    assert 0 < measured["site_warm"]["extra"]["pages_rebuilt"] < 20
    assert measured["pandoc_floor"]["extra"]["calls"] == 2 * (os.cpu_count() or 1)  # HTML and Typst per core
    sizes = report["site_sizes"][20]
    assert sizes["record_page_bytes"] > 10_000 and sizes["site_bytes"] > sizes["record_page_bytes"]
    # The browser really searched: results shown, and the search files were fetched.
    assert sizes["search_results_shown"] > 0 and sizes["search_requests"] >= 4
    assert sizes["search_first_query_bytes"] > 50_000
    # The breakdown adds up, and has each of Pagefind's parts (the program, meta, chunks, fragments).
    parts = sizes["search_parts"]
    assert {"program", "index_meta", "index_chunks", "fragments"} <= set(parts)
    assert sum(p["bytes"] for p in parts.values()) == sizes["search_first_query_bytes"]
    assert parts["fragments"]["requests"] == min(10, sizes["search_results_shown"])
    # A pack made in the browser: the compiler and fonts come on the first press only.
    assert sizes["pack10_first_press_bytes"] > 10 * 2**20 > sizes["pack10_after_reload_bytes"]
    assert 0 < sizes["pack10_first_press_gzip_bytes"] < sizes["pack10_first_press_bytes"]
    assert sizes["pack10_again_s"] > 0 and sizes["pack_all_s"] > 0
    # Lighthouse really audited both pages, three times each (no score is asserted: make bench records it).
    lighthouse = measured["propose_lighthouse"]["extra"]
    assert lighthouse["lighthouse"] == "12.2.3" and lighthouse["target"] == 90
    for page in ("propose", "home"):
        got = lighthouse[page]
        assert 0 <= got["score"] <= 100 and len(got["scores"]) == 3 and got["score"] in got["scores"], got
        assert 0 < got["fcp_ms"] <= got["lcp_ms"] and got["tbt_ms"] >= 0 and got["cls"] >= 0, got
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert saved["measures"] == report["measures"]
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert table == render_table(saved)
    assert "\n| 20 | " in table and "Machine: " in table
    assert "| Propose page: Lighthouse mobile performance (>= 90) |" in table
