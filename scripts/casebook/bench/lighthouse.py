"""Lighthouse's performance score for site pages, as a reader's phone would see them.

Lighthouse (npm `lighthouse`, pinned in package.json) runs its default mobile audit:
a Moto G Power sized screen, simulated slow 4G and a 4x slower CPU. It drives Debian's
chromium headless against the built site served on 127.0.0.1, so nothing leaves the
machine. The Propose page is the one with a target (score >= 90, issue 21); the home
page is measured beside it, so a low figure can be told apart from a slow machine.

Run by `make bench` (probe `propose_lighthouse`) and by hand:
`python -m casebook.bench.lighthouse site/ [runs]` (three runs unless told).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from casebook.npm import find_node_modules

PROPOSE_TARGET = 90  # Lighthouse performance score, out of 100
# (label, path under the site): the page with the target first, then a page to compare it with.
PAGES = (("propose", "propose/"), ("home", ""))
_METRICS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
            "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift", "si_ms": "speed-index"}
CHROME_FLAGS = "--headless=new --no-sandbox"


def lighthouse_command(url: str, report: Path, node_modules: Path) -> list[str]:
    """The exact command: Lighthouse's CLI with its defaults (mobile, simulated throttling),
    the performance category only, headless chromium."""
    return ["node", str(node_modules / "lighthouse" / "cli" / "index.js"), url,
            "--only-categories=performance", "--output=json", f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}", "--quiet", "--no-enable-error-reporting"]


def audit_page(url: str, node_modules: Path, chromium: str) -> dict:
    """One Lighthouse run: the performance score (0-100) and the metrics it is made of."""
    with tempfile.TemporaryDirectory(prefix="casebook-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": chromium, "TMPDIR": tmp}
        done = subprocess.run(lighthouse_command(url, report, node_modules), capture_output=True, text=True,
                              env=env, timeout=600, check=False)
        if done.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {data['runtimeError']}")
    score = data["categories"]["performance"]["score"]
    out = {"score": None if score is None else round(score * 100)}
    for key, audit in _METRICS.items():
        value = data["audits"][audit].get("numericValue")
        out[key] = None if value is None else round(value, 3 if key == "cls" else 0)
    return out


def measure_lighthouse(site: Path, runs: int = 1) -> dict:
    """Each page of PAGES audited runs times; the run with the median score is kept (Lighthouse's
    own advice for a noisy figure), with every run's score beside it."""
    from casebook.serve import serve_folder

    node_modules = find_node_modules("lighthouse")
    if node_modules is None:
        raise RuntimeError("npm package lighthouse not installed: run make build")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    out: dict = {}
    with serve_folder(site) as address:
        for label, path in PAGES:
            audits = sorted((audit_page(address + path, node_modules, chromium) for _ in range(runs)),
                            key=lambda a: a["score"] or 0)
            out[label] = {**audits[len(audits) // 2], "scores": [a["score"] for a in audits]}
    package = json.loads((node_modules / "lighthouse" / "package.json").read_text(encoding="utf-8"))
    out["lighthouse"] = package["version"]
    out["target"] = PROPOSE_TARGET
    out["met"] = (out["propose"]["score"] or 0) >= PROPOSE_TARGET
    return out


def _seconds(ms: float | None) -> str:
    return "-" if ms is None else f"{ms / 1000:.1f}"


def lighthouse_table(report: dict) -> list[str]:
    """Markdown lines for `casebook bench`'s results: the Propose page against its target, the home
    page beside it, at each N (the Propose page's data grows with the collection)."""
    by = {m["records"]: m["extra"] for m in report["measures"] if m["name"] == "propose_lighthouse"}
    if not by:
        return []
    lines = ["", f"| N | Propose page: Lighthouse mobile performance (>= {PROPOSE_TARGET}) | its runs | FCP s "
             "| LCP s | TBT ms | CLS | home page: performance | FCP s | LCP s | TBT ms |", "|" + "---|" * 11]
    for n in report["sizes"]:
        got = by.get(n) or by.get(str(n))
        if not got:
            continue
        page, home = got.get("propose", {}), got.get("home", {})
        lines.append("| " + " | ".join([
            f"{n:,}", str(page.get("score", "-")), ", ".join(map(str, page.get("scores", []))),
            _seconds(page.get("fcp_ms")), _seconds(page.get("lcp_ms")), f"{page.get('tbt_ms', 0):.0f}",
            f"{page.get('cls', 0):.3f}", str(home.get("score", "-")), _seconds(home.get("fcp_ms")),
            _seconds(home.get("lcp_ms")), f"{home.get('tbt_ms', 0):.0f}"]) + " |")
    version = next(iter(by.values())).get("lighthouse", "")
    lines += ["", f"Lighthouse {version}, its default mobile audit (simulated slow 4G and 4x CPU slowdown), "
              "performance only, in headless chromium; the site served uncompressed on 127.0.0.1; the run with "
              "the median score of three is shown, every run's score beside it."]
    return lines


if __name__ == "__main__":
    print(json.dumps(measure_lighthouse(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3),
                     indent=2))
