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
build_site(content, Project(root), root / "bench-site", packs=[])
""",
    "bare_mkdocs": """
from casebook.bench import bare_mkdocs_build
bare_mkdocs_build(root)
""",
    "pack_20": """
from casebook.pack import select_records, write_pack
from casebook.project import Project
from casebook.validate import validate_project
content = validate_project(Project(root)).content
ids = [r.id for r in content.published[:20]]
write_pack(content, Project(root), select_records(content, ids=ids), root / "pack20.pdf")
""",
    "theme_packs": """
from casebook.pack import build_theme_packs
from casebook.project import Project
from casebook.validate import validate_project
content = validate_project(Project(root)).content
extra["packs"] = len(build_theme_packs(content, Project(root), root / "bench-packs"))
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


def run_probe(name: str, root: Path, repeat: int, records: int) -> Measure:
    code = _PROBE_HEADER + PROBES[name] + _PROBE_FOOTER
    runs, peaks, extra = [], [], {}
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True,
                              text=True, env=env, timeout=3600, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"benchmark probe {name} failed at N={records}:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append(result.pop("seconds"))
        peaks.append(result.pop("peak_mb"))
        extra = result
    return Measure(name, records, statistics.median(runs), max(peaks), runs, extra)


def bare_mkdocs_build(root: Path) -> None:
    """mkdocs on the Markdown pages Casebook generated, with the same theme: the floor for the site build."""
    from mkdocs.commands.build import build

    from casebook.site import bare_mkdocs_config

    build(bare_mkdocs_config(Project(root), root / "bench-site" / ".." / "bench-docs", root / "bench-bare"))


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def site_sizes(root: Path) -> dict:
    site = root / "bench-site"
    pages = sorted((site / "cases").glob("*/index.html"))
    record_page = next((p for p in pages if p.parent.name != "cases"), None)
    search = site / "search" / "search_index.json"
    pagefind = site / "pagefind"
    first_query = search.stat().st_size if search.exists() else 0
    if pagefind.exists():
        # What a browser fetches for a first query: the entry, one index chunk, one fragment.
        first_query = sum(sorted((p.stat().st_size for p in pagefind.rglob(pattern)), reverse=True)[0]
                          for pattern in ("pagefind-entry.json", "*.pf_meta", "index/*.pf_index",
                                          "fragment/*.pf_fragment") if any(pagefind.rglob(pattern)))
        first_query += sum(p.stat().st_size for p in pagefind.glob("pagefind*.js"))
        first_query += sum(p.stat().st_size for p in pagefind.glob("wasm.*"))
    return {"record_page_bytes": record_page.stat().st_size if record_page else 0,
            "site_bytes": _dir_size(site), "search_first_query_bytes": first_query}


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "memory_gb": round(memory / 2**30, 1)}


def run_bench(project: Project, sizes: list[int], repeat: int, out: Path,
              stages: tuple[str, ...] = tuple(PROBES)) -> dict:
    from rich.console import Console

    console = Console(stderr=True)
    results: list[Measure] = []
    sizes_out: dict[int, dict] = {}
    started = time.time()
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{n}-") as tmp:
            root = Path(tmp)
            console.print(f"[bold]N = {n:,}[/]: generating records")
            make_synthetic_project(project, root, n)
            for stage in stages:
                if stage == "bare_mkdocs" and "site_build" not in stages:
                    continue
                runs = 1 if stage in ("site_build", "bare_mkdocs", "theme_packs") and n >= 1000 else repeat
                console.print(f"  {stage} x{runs}")
                results.append(run_probe(stage, root, runs, n))
            if "site_build" in stages:
                sizes_out[n] = site_sizes(root)
    report = {"machine": machine(), "sizes": sizes, "repeat": repeat,
              "elapsed_seconds": round(time.time() - started, 1),
              "measures": [asdict(m) for m in results], "site_sizes": sizes_out}
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    table = render_table(report)
    (out / "results.md").write_text(table, encoding="utf-8")
    print(table)
    return report


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def render_table(report: dict) -> str:
    by = {(m["name"], m["records"]): m for m in report["measures"]}
    lines = ["| N | validate s | parse floor s | ratio | validate peak MB | site build s | bare mkdocs s | ratio "
             "| record page KB | site MB | first search KB | 20-record pack s | theme packs s |",
             "|" + "---|" * 13]
    for n in report["sizes"]:
        def sec(name: str, n: int = n) -> float | None:
            m = by.get((name, n))
            return m["seconds"] if m else None
        sizes = report["site_sizes"].get(str(n)) or report["site_sizes"].get(n) or {}
        cells = [f"{n:,}", f"{sec('validate') or 0:.2f}", f"{sec('parse_floor') or 0:.2f}",
                 _ratio(sec("validate"), sec("parse_floor")),
                 f"{by[('validate', n)]['peak_mb']:.0f}" if ("validate", n) in by else "-",
                 f"{sec('site_build'):.1f}" if sec("site_build") else "-",
                 f"{sec('bare_mkdocs'):.1f}" if sec("bare_mkdocs") else "-",
                 _ratio(sec("site_build"), sec("bare_mkdocs")),
                 f"{sizes.get('record_page_bytes', 0) / 1024:.0f}" if sizes else "-",
                 f"{sizes.get('site_bytes', 0) / 2**20:.1f}" if sizes else "-",
                 f"{sizes.get('search_first_query_bytes', 0) / 1024:.0f}" if sizes else "-",
                 f"{sec('pack_20'):.2f}" if sec("pack_20") else "-",
                 f"{sec('theme_packs'):.1f}" if sec("theme_packs") else "-"]
        lines.append("| " + " | ".join(cells) + " |")
    m = report["machine"]
    lines += ["", f"Machine: {m['cpus']} CPUs, {m['memory_gb']} GB, Python {m['python']}, {m['platform']}. "
              f"Medians of {report['repeat']} runs (1 run for site builds and theme packs at N >= 1,000)."]
    return "\n".join(lines) + "\n"
