"""`casebook bench`: measure Casebook at 100, 1,000 and 5,000 synthetic records.

Each measurement runs in a fresh child process, so its wall time and peak memory
are its own; each is repeated and the median kept. Targets are ratios against a
floor measured in the same run (e.g. bare YAML parsing, a bare mkdocs build),
so a busy machine moves both sides alike.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from casebook.bench.browser import SEARCH_QUERY
from casebook.bench.probes import Measure, child_json, run_probe
from casebook.bench.synth import make_synthetic_project
from casebook.npm import find_node_modules
from casebook.project import Project


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def site_sizes(root: Path) -> dict:
    site = root / "bench-site"
    # The same record at every N (synthetic-00000), so page sizes compare like with like.
    record_page = site / "cases" / "synthetic-00000" / "index.html"
    # In a child process, like every probe (and clear of any Playwright session the caller runs).
    code = "import json, sys; from pathlib import Path; from casebook.bench.browser import measure_in_browser; " \
           "print(json.dumps(measure_in_browser(Path(sys.argv[1]))))"
    return {"record_page_bytes": record_page.stat().st_size, "site_bytes": _dir_size(site),
            **child_json(code, [str(site)], "browser measurement")}


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "memory_gb": round(memory / 2**30, 1)}


# What is measured, in order: (label, probe, extra arguments). Theme packs run on both
# cores and on one, so the table shows what the second core buys.
STAGES = (("parse_floor", "parse_floor", ()), ("validate", "validate", ()), ("site_build", "site_build", ()),
          ("bare_mkdocs", "bare_mkdocs", ()), ("pandoc_floor", "pandoc_floor", ()), ("site_warm", "site_warm", ()),
          ("edit_to_preview", "edit_to_preview", ()),
          ("pack_20", "pack_20", ()), ("theme_packs", "theme_packs", ("2",)),
          ("theme_packs_1core", "theme_packs", ("1",)), ("build_all", "build_all", ()),
          ("propose_lighthouse", "propose_lighthouse", ()))
# One run each at N >= 1,000.
SLOW = {"site_build", "bare_mkdocs", "pandoc_floor", "site_warm", "edit_to_preview", "theme_packs", "theme_packs_1core",
        "build_all"}
PACK_STAGES = {"theme_packs", "theme_packs_1core"}
NEEDS_SITE = {"bare_mkdocs", "site_warm", "pack_20", "theme_packs", "theme_packs_1core",
              "propose_lighthouse"}  # use site_build's store (or site)
ONCE = {"propose_lighthouse"}  # repeats inside (the median of three audits), so one run at every N


def run_bench(project: Project, sizes: list[int], repeat: int, out: Path,
              stages: tuple[str, ...] = tuple(label for label, _, _ in STAGES),
              max_theme_pack_records: int = 1000) -> dict:
    """Measure every stage at every size; the report is rewritten after each size, so an
    interrupted run keeps what it measured. Theme packs stop at max_theme_pack_records: at
    5,000 records the complete pack alone is thousands of pages and needs over 15 GB."""
    from rich.console import Console

    console = Console(stderr=True)
    results: list[Measure] = []
    sizes_out: dict[int, dict] = {}
    started = time.time()
    for done, n in enumerate(sizes, start=1):
        with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{n}-") as tmp:
            root = Path(tmp)
            console.print(f"[bold]N = {n:,}[/]: generating records")
            make_synthetic_project(project, root, n)
            for label, probe, args in STAGES:
                if label not in stages or (label in NEEDS_SITE and "site_build" not in stages):
                    continue
                if label in PACK_STAGES and n > max_theme_pack_records:
                    console.print(f"  {label}: skipped above {max_theme_pack_records:,} records")
                    continue
                runs = 1 if label in ONCE or (label in SLOW and n >= 1000) else repeat
                console.print(f"  {label} x{runs}")
                if label in ("site_build", "site_warm"):  # the site vendors typst.ts: packs made in the browser
                    found = find_node_modules("@myriaddreamin/typst.ts")
                    args = (str(found),) if found else ()
                results.append(run_probe(probe, root, runs, n, args, label))
            if "site_build" in stages:
                try:
                    sizes_out[n] = site_sizes(root)
                except RuntimeError as exc:  # keep the probes' figures; say what failed
                    sizes_out[n] = {"error": " ".join(str(exc).split())[-400:]}
        report = {"machine": machine(), "sizes": sizes[:done], "repeat": repeat,
                  "max_theme_pack_records": max_theme_pack_records,
                  "elapsed_seconds": round(time.time() - started, 1),
                  "measures": [asdict(m) for m in results], "site_sizes": sizes_out}
        write_report(report, out)
    print(render_table(report))
    return report


def write_report(report: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "results.md").write_text(render_table(report), encoding="utf-8")


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def _kb(parts: dict, name: str, requests: bool = False) -> str:
    """One part of the first search in KB, with its number of requests if asked."""
    got = parts.get(name)
    return "-" if not got else f"{got['bytes'] / 1024:.0f}" + (f" ({got['requests']})" if requests else "")


def render_table(report: dict) -> str:
    """Two Markdown tables (validation and site; packs), with the target ratios beside the figures."""
    by = {(m["name"], m["records"]): m for m in report["measures"]}

    def sec(name: str, n: int) -> float | None:
        m = by.get((name, n))
        return m["seconds"] if m else None

    def cell(value: float | None, fmt: str) -> str:
        return format(value, fmt) if value is not None else "-"

    def sizes(n: int) -> dict:
        return report["site_sizes"].get(str(n)) or report["site_sizes"].get(n) or {}

    first_page = next((sizes(n)["record_page_bytes"] for n in report["sizes"] if sizes(n)), None)
    lines = ["| N | validate s | parse floor s | ratio (target <= 1.5) | validate peak MB | site build s "
             "| site peak MB | bare mkdocs s | ratio (target <= 2) | record page KB | vs smallest N (<= 1.2) "
             "| site MB | first search KB (<= 300) |",
             "|" + "---|" * 13]
    for n in report["sizes"]:
        size = sizes(n)
        peak = by.get(("validate", n), {}).get("peak_mb")
        site_peak = by.get(("site_build", n), {}).get("peak_mb")
        page = size.get("record_page_bytes")
        lines.append("| " + " | ".join([
            f"{n:,}", cell(sec("validate", n), ".2f"), cell(sec("parse_floor", n), ".2f"),
            _ratio(sec("validate", n), sec("parse_floor", n)), cell(peak, ".0f"),
            cell(sec("site_build", n), ".1f"), cell(site_peak, ".0f"), cell(sec("bare_mkdocs", n), ".1f"),
            _ratio(sec("site_build", n), sec("bare_mkdocs", n)), cell(page and page / 1024, ".1f"),
            _ratio(page, first_page), cell(size.get("site_bytes") and size["site_bytes"] / 2**20, ".1f"),
            cell(size.get("search_first_query_bytes") and size["search_first_query_bytes"] / 1024, ".0f"),
        ]) + " |")
    lines += ["", "| N | cold site s | pandoc floor s | ratio to floor + bare mkdocs (<= 1.15) | warm rebuild s "
              "| ratio to bare mkdocs (<= 1.0) | edit to preview s (<= 2 at 1,000, 5 at 5,000) "
              "| 20-record pack s (< 1) | all packs, 2 cores s (<= 20) | 1 core s "
              "| packs | pages in all | casebook build s | its peak MB (<= 4,096) |", "|" + "---|" * 14]
    for n in report["sizes"]:
        two, one = by.get(("theme_packs", n), {}), by.get(("theme_packs_1core", n), {})
        floor = sec("pandoc_floor", n)
        lines.append("| " + " | ".join([
            f"{n:,}", cell(sec("site_build", n), ".1f"), cell(floor, ".1f"),
            _ratio(sec("site_build", n), floor and sec("bare_mkdocs", n) and floor + sec("bare_mkdocs", n)),
            cell(sec("site_warm", n), ".1f"), _ratio(sec("site_warm", n), sec("bare_mkdocs", n)),
            cell(sec("edit_to_preview", n), ".1f"), cell(sec("pack_20", n), ".2f"),
            cell(sec("theme_packs", n), ".1f"), cell(sec("theme_packs_1core", n), ".1f"),
            str(two.get("extra", {}).get("packs", "-")), str((two or one).get("extra", {}).get("pages", "-")),
            cell(sec("build_all", n), ".1f"), cell(by.get(("build_all", n), {}).get("peak_mb"), ".0f"),
        ]) + " |")
    lines += ["", "| N | search: program KB | index meta KB | index chunks KB (requests) "
              "| result fragments KB (requests) | first search KB (<= 300) | vs smallest N (<= 1.2) "
              "| gzip, as a compressing host sends it, KB |", "|" + "---|" * 8]
    first_search = next((sizes(n)["search_first_query_bytes"] for n in report["sizes"]
                         if sizes(n).get("search_first_query_bytes")), None)
    for n in report["sizes"]:
        size = sizes(n)
        part = size.get("search_parts", {})
        lines.append("| " + " | ".join([
            f"{n:,}", _kb(part, "program"), _kb(part, "index_meta"), _kb(part, "index_chunks", requests=True),
            _kb(part, "fragments", requests=True),
            cell(size.get("search_first_query_bytes") and size["search_first_query_bytes"] / 1024, ".0f"),
            _ratio(size.get("search_first_query_bytes"), first_search),
            cell(size.get("search_first_query_gzip_bytes") and size["search_first_query_gzip_bytes"] / 1024, ".0f"),
        ]) + " |")
    lines += ["", "| N | pack in the browser, 10 records: first press s | its download MB (gzip MB, <= 12) "
              "| again s (<= 5) | after a reload s | its download KB | longest main-thread task ms (< 200) "
              "| whole collection s (<= 60) | its pages | its longest main-thread task ms (< 200) |",
              "|" + "---|" * 10]
    for n in report["sizes"]:
        size = sizes(n)
        mb = size.get("pack10_first_press_bytes")
        gz = size.get("pack10_first_press_gzip_bytes")
        lines.append("| " + " | ".join([
            f"{n:,}", cell(size.get("pack10_first_press_s"), ".1f"),
            (f"{mb / 2**20:.1f} ({gz / 2**20:.1f})" if mb and gz else "-"), cell(size.get("pack10_again_s"), ".2f"),
            cell(size.get("pack10_after_reload_s"), ".2f"),
            cell(size.get("pack10_after_reload_bytes") and size["pack10_after_reload_bytes"] / 1024, ".0f"),
            cell(size.get("pack10_longest_task_ms"), ".0f"),
            cell(size.get("pack_all_s"), ".1f"), cell(size.get("pack_all_pages"), "d"),
            cell(size.get("pack_all_longest_task_ms"), ".0f"),
        ]) + " |")
    from casebook.bench.lighthouse import lighthouse_table  # here: `python -m` runs that module by hand

    lines += lighthouse_table(report)
    m = report["machine"]
    lines += ["", f"Machine: {m['cpus']} CPUs, {m['memory_gb']} GB, Python {m['python']}, {m['platform']}. "
              f"Times are medians of {report['repeat']} runs in fresh processes (one run for builds and "
              f"packs at N >= 1,000); ratios compare figures from the same run. The site build renders into a "
              f"cold fragment store; the pandoc floor is pandoc alone on the same texts (one call per core and format, "
              f"HTML and Typst, with citeproc); the warm rebuild (one record edited, built on the previous site "
              f"as `casebook build` does, search index included), the preview rebuild (validation "
              f"included; open pages then reload within a second) and the packs read that store; `casebook "
              f"build` is site and every pack from a cold store. The 20-record pack is timed after "
              f"validation; the first search is measured in headless chromium "
              f"(query {SEARCH_QUERY!r}). Theme packs are built up to "
              f"{report.get('max_theme_pack_records', 1000):,} records. Whole run: {report['elapsed_seconds']:.0f} s."]
    return "\n".join(lines) + "\n"
