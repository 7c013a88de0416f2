"""The Propose page's Lighthouse score is measured by `make bench` (issue 21, item 10): the probe
is registered, runs Lighthouse's default mobile audit as pinned, and its figures reach the table.

No score is asserted here: a score depends on the machine, and belongs to `make bench`.
"""

from __future__ import annotations

import json
from pathlib import Path

from casebook.bench import NEEDS_SITE, ONCE, STAGES, render_table
from casebook.bench.lighthouse import PAGES, PROPOSE_TARGET, lighthouse_command, lighthouse_table
from casebook.bench.probes import PROBES

REPO = Path(__file__).resolve().parent.parent


def test_the_probe_is_a_stage_of_the_bench_run_once_on_the_built_site() -> None:
    assert ("propose_lighthouse", "propose_lighthouse", ()) in STAGES
    assert "measure_lighthouse" in "".join(PROBES["propose_lighthouse"])
    assert "propose_lighthouse" in NEEDS_SITE and "propose_lighthouse" in ONCE
    assert PROPOSE_TARGET == 90 and PAGES[0] == ("propose", "propose/")


def test_the_command_is_lighthouse_s_default_mobile_audit_in_headless_chromium(tmp_path: Path) -> None:
    command = lighthouse_command("http://127.0.0.1:1/propose/", tmp_path / "r.json", REPO / "node_modules")
    assert command[:3] == ["node", str(REPO / "node_modules/lighthouse/cli/index.js"), "http://127.0.0.1:1/propose/"]
    assert "--only-categories=performance" in command and "--output=json" in command
    assert "--chrome-flags=--headless=new --no-sandbox" in command
    # Nothing that changes the audit: no preset, form factor, screen or throttling settings.
    assert not [a for a in command if a.startswith(("--preset", "--form-factor", "--screenEmulation", "--throttling"))]
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["lighthouse"]
    assert pinned == "12.2.3"


def test_the_figures_reach_the_bench_table() -> None:
    audit = {"propose": {"score": 93, "scores": [91, 93, 95], "fcp_ms": 1962.0, "lcp_ms": 2112.0, "tbt_ms": 93,
                         "cls": 0},
             "home": {"score": 97, "scores": [96, 97, 97], "fcp_ms": 1955.0, "lcp_ms": 2105.0, "tbt_ms": 23, "cls": 0},
             "lighthouse": "12.2.3", "target": 90, "met": True}
    report = {"machine": {"cpus": 2, "memory_gb": 1.0, "python": "3.11", "platform": "Linux"}, "sizes": [100],
              "repeat": 1, "elapsed_seconds": 1.0, "site_sizes": {},
              "measures": [{"name": "propose_lighthouse", "records": 100, "seconds": 60.0, "peak_mb": 40.0,
                            "runs": [60.0], "extra": audit}]}
    lines = lighthouse_table(report)
    assert "| 100 | 93 | 91, 93, 95 | 2.0 | 2.1 | 93 | 0.000 | 97 | 2.0 | 2.1 | 23 |" in lines
    assert any(line.startswith("Lighthouse 12.2.3, its default mobile audit") for line in lines)
    table = render_table(report)
    assert all(line in table for line in lines)
    assert lighthouse_table({**report, "measures": []}) == []
