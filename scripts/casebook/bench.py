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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from casebook.project import Project
from casebook.synth import make_synthetic_project

# Each probe is run as `python -c PROBE root [args]` and prints {"seconds": s, "peak_mb": m, ...}.
_PROBE_HEADER = """
import json, resource, sys, time
from pathlib import Path
root = Path(sys.argv[1]); extra = {}
start = time.perf_counter()
"""
_PROBE_FOOTER = """
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **extra}))
"""
PROBES = {
    "parse_floor": """
import yaml
for path in sorted((root / "case_studies").glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
""",
    "validate": """
from casebook.project import Project
from casebook.validate import validate_project
result = validate_project(Project(root))
assert result.ok, [str(p) for p in result.problems.errors[:5]]
""",
    "site_build": """
from casebook.project import Project
from casebook.site import build_site
from casebook.validate import validate_project
content = validate_project(Project(root)).content
build_site(content, root / "bench-site", packs=[], keep_docs=root / "bench-docs")
""",
    "bare_mkdocs": """
from casebook.bench import bare_mkdocs_build
bare_mkdocs_build(root)
""",
    "pack_20": """
from casebook.pack import PackSpec, Selection, render_pack
from casebook.pack.render import write_pack
from casebook.project import Project
from casebook.validate import validate_project
content = validate_project(Project(root)).content
ids = tuple(r.id for r in content.published[:20])
start = time.perf_counter()  # the pack itself: validation is timed on its own above
spec = PackSpec(title="Twenty records", selection=Selection.of(ids=ids), timestamp=0)
rendered = render_pack(content, spec, "pdf")
write_pack(root / "pack20.pdf", rendered.data)
extra["pages"] = rendered.pages
""",
    "theme_packs": """
from casebook.pack import build_theme_packs
from casebook.project import Project
from casebook.validate import validate_project
content = validate_project(Project(root)).content
from casebook.fragments import render_units
from casebook.fragments.units import content_units
rendering = render_units(content_units(content), content.bib_text)
start = time.perf_counter()
packs = build_theme_packs(content, root / "bench-packs", rendering, jobs=int(sys.argv[2]), quiet=True)
extra["packs"] = len(packs)
extra["pages"] = sum(p.pages for p in packs)
""",
}


@dataclass
class Measure:
    name: str
    records: int
    seconds: float
    peak_mb: float
    runs: list[float] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def run_probe(name: str, root: Path, repeat: int, records: int, args: tuple[str, ...] = (),
              label: str | None = None) -> Measure:
    code = _PROBE_HEADER + PROBES[name] + _PROBE_FOOTER
    runs, peaks, extra = [], [], {}
    for _ in range(repeat):
        _clear_outputs(root, name)
        result = _child_json(code, [str(root), *args], f"probe {name} at N={records}")
        runs.append(result.pop("seconds"))
        peaks.append(result.pop("peak_mb"))
        extra = result
    return Measure(label or name, records, statistics.median(runs), max(peaks), runs, extra)


def _child_json(code: str, args: list[str], what: str) -> dict:
    """Run code in a fresh Python and read the JSON object it prints last."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark {what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


_OUTPUTS = {"site_build": ("bench-site", "bench-docs"), "bare_mkdocs": ("bench-bare", "bench-bare-config"),
            "pack_20": ("pack20.pdf",), "theme_packs": ("bench-packs",)}


def _clear_outputs(root: Path, probe: str) -> None:
    """Each run of a probe starts with none of its own output, cleared outside the timing."""
    for name in _OUTPUTS.get(probe, ()):
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def bare_mkdocs_build(root: Path) -> None:
    """mkdocs alone on the Markdown pages Casebook generated (kept by the site probe), with the
    same mkdocs.yml, theme, overrides and navigation: no pandoc, no HTML blocks put back, no
    search index, no link check. The floor the site build is compared with."""
    from casebook.site import NAV_FILE
    from casebook.site.mkdocs_run import load_site_config, run_mkdocs

    docs = root / "bench-docs"
    project = Project(root)
    config = load_site_config(project.mkdocs_yml.read_text(encoding="utf-8"), None, root / "bench-bare-config",
                              docs, root / "bench-bare")
    config["nav"] = json.loads((docs / NAV_FILE).read_text(encoding="utf-8"))
    run_mkdocs(config)


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


SEARCH_QUERY = "council engagement"  # common words in synthetic records: many results, a full first page


def first_search_bytes(site: Path, query: str = SEARCH_QUERY) -> dict:
    """What a browser downloads for a first search: headless Debian chromium opens a record
    page, types the query into the search box, and the bytes of every search request
    (Pagefind's script, worker, WebAssembly, index chunks and result fragments) are summed."""
    from playwright.sync_api import sync_playwright

    from casebook.serve import serve_folder

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    fetched: dict[str, int] = {}
    with serve_folder(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        record = sorted((site / "cases").glob("*/index.html"))[0]
        page.goto(address + record.parent.relative_to(site).as_posix() + "/")
        page.wait_for_load_state("networkidle")
        page.on("requestfinished", lambda request: fetched.__setitem__(
            request.url, len(request.response().body()) if request.response() else 0))
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially(query)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60000)
        page.wait_for_load_state("networkidle")
        results = page.locator(".md-search-result__item").count()
        browser.close()
    return {"search_first_query_bytes": sum(fetched.values()), "search_requests": len(fetched),
            "search_results_shown": results}


def site_sizes(root: Path) -> dict:
    site = root / "bench-site"
    # The same record at every N (synthetic-00000), so page sizes compare like with like.
    record_page = site / "cases" / "synthetic-00000" / "index.html"
    # In a child process, like every probe (and clear of any Playwright session the caller runs).
    code = "import json, sys; from pathlib import Path; from casebook.bench import first_search_bytes; " \
           "print(json.dumps(first_search_bytes(Path(sys.argv[1]))))"
    return {"record_page_bytes": record_page.stat().st_size, "site_bytes": _dir_size(site),
            **_child_json(code, [str(site)], "search measurement")}


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "memory_gb": round(memory / 2**30, 1)}


# What is measured, in order: (label, probe, extra arguments). Theme packs run on both
# cores and on one, so the table shows what the second core buys.
STAGES = (("parse_floor", "parse_floor", ()), ("validate", "validate", ()), ("site_build", "site_build", ()),
          ("bare_mkdocs", "bare_mkdocs", ()), ("pack_20", "pack_20", ()),
          ("theme_packs", "theme_packs", ("2",)), ("theme_packs_1core", "theme_packs", ("1",)))
SLOW = {"site_build", "bare_mkdocs", "theme_packs", "theme_packs_1core"}  # one run each at N >= 1,000


PACK_STAGES = {"theme_packs", "theme_packs_1core"}


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
                if label not in stages or (label == "bare_mkdocs" and "site_build" not in stages):
                    continue
                if label in PACK_STAGES and n > max_theme_pack_records:
                    console.print(f"  {label}: skipped above {max_theme_pack_records:,} records")
                    continue
                runs = 1 if label in SLOW and n >= 1000 else repeat
                console.print(f"  {label} x{runs}")
                results.append(run_probe(probe, root, runs, n, args, label))
            if "site_build" in stages:
                sizes_out[n] = site_sizes(root)
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
             "| site peak MB | bare mkdocs s | ratio (target <= 1.3) | record page KB | vs smallest N (<= 1.2) "
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
    lines += ["", "| N | 20-record pack s (target < 1.5) | pack pages | theme packs, 2 threads s "
              "| theme packs, 1 thread s | speed-up | packs | pages in all |", "|" + "---|" * 8]
    for n in report["sizes"]:
        two, one = by.get(("theme_packs", n), {}), by.get(("theme_packs_1core", n), {})
        lines.append("| " + " | ".join([
            f"{n:,}", cell(sec("pack_20", n), ".2f"),
            str(by.get(("pack_20", n), {}).get("extra", {}).get("pages", "-")),
            cell(sec("theme_packs", n), ".1f"), cell(sec("theme_packs_1core", n), ".1f"),
            _ratio(sec("theme_packs_1core", n), sec("theme_packs", n)),
            str(two.get("extra", {}).get("packs", "-")), str((two or one).get("extra", {}).get("pages", "-")),
        ]) + " |")
    m = report["machine"]
    lines += ["", f"Machine: {m['cpus']} CPUs, {m['memory_gb']} GB, Python {m['python']}, {m['platform']}. "
              f"Times are medians of {report['repeat']} runs in fresh processes (one run for site builds and "
              f"theme packs at N >= 1,000); ratios compare figures from the same run. The 20-record pack is "
              f"timed after validation; the first search is measured in headless chromium "
              f"(query {SEARCH_QUERY!r}). Theme packs are built up to "
              f"{report.get('max_theme_pack_records', 1000):,} records. Whole run: {report['elapsed_seconds']:.0f} s."]
    return "\n".join(lines) + "\n"
