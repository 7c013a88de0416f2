"""The benchmark's probes: each runs in a fresh child Python, so its time and peak memory are its own.

A probe is run as `python -c PROBE root [args]` and prints {"seconds": s, "peak_mb": m, ...}.
The site probe renders into a cold fragment store (bench-store); the warm-rebuild,
preview and theme-pack probes then read that store, as a second `casebook build` would.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from casebook.project import Project

_HEADER = """
import json, resource, sys, time
from pathlib import Path
root = Path(sys.argv[1]); extra = {}
from casebook.project import Project
from casebook.validate import validate_project
"""
_START = "start = time.perf_counter()\n"
_FOOTER = """
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **extra}))
"""
_EDIT_ONE = """
record = root / "case_studies" / "synthetic-00000.yaml"
text = record.read_text(encoding="utf-8")
record.write_text(text.replace("summary: ", f"summary: Edited {time.time_ns()}. ", 1), encoding="utf-8")
"""
# (code before the clock starts, timed code)
PROBES = {
    "parse_floor": ("", """
import yaml
for path in sorted((root / "case_studies").glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""),
    "validate": ("", """
result = validate_project(Project(root))
assert result.ok, [str(p) for p in result.problems.errors[:5]]
"""),
    "site_build": ("""
from casebook.fragments import FragmentStore, Sources, render_units
from casebook.fragments.units import content_units
from casebook.builders import build_site
content = validate_project(Project(root)).content
""", """
store = FragmentStore(root / "bench-store")
rendering = render_units(content_units(content), Sources.of(content), store)
vendor = Path(sys.argv[2]) if len(sys.argv) > 2 else None
built = build_site(content, root / "bench-site", packs=[], rendering=rendering, keep_docs=root / "bench-docs",
                   node_modules=vendor, store=store)
from casebook.site.manifest import write as write_manifest
write_manifest(root / "bench-manifest.json", built)  # the warm rebuild builds on this site, as `casebook build` does
"""),
    "pandoc_floor": ("from casebook.bench.probes import pandoc_floor\n", "extra['calls'] = pandoc_floor(root)\n"),
    "bare_mkdocs": ("from casebook.bench.probes import bare_mkdocs_build\n", "bare_mkdocs_build(root)\n"),
    "site_warm": (_EDIT_ONE + """
from casebook.fragments import FragmentStore, Sources, render_units
from casebook.fragments.units import content_units
from casebook.builders import build_site, previous_build
content = validate_project(Project(root)).content
store = FragmentStore(root / "bench-store")
vendor = Path(sys.argv[2]) if len(sys.argv) > 2 else None
base = previous_build(root / "bench-site", root / "bench-manifest.json")
assert base is not None, "the site probe's build has no manifest to build on"
""", """
rendering = render_units(content_units(content), Sources.of(content), store)
built = build_site(content, root / "bench-warm", packs=[], rendering=rendering, node_modules=vendor, base=base,
                   store=store)
extra["units_rendered"] = store.rendered_units
extra["pages_rebuilt"] = len(base.manifest.changes(built)[0])
"""),
    "edit_to_preview": ("""
from casebook.fragments import FragmentStore
from casebook.serve import rebuild
from casebook.validate.memo import FileChecks
# as `casebook serve` keeps them for its life
memo, store = FileChecks(), FragmentStore(Project(root).fragment_store, remember=True)
assert rebuild(Project(root), root / "build" / "preview", memo, store)  # the preview as it stands before the edit
import gc
gc.collect()  # as serve does after each rebuild, while the reader looks
""" + _EDIT_ONE, """
assert rebuild(Project(root), root / "build" / "preview", memo, store)
"""),
    "pack_20": ("""
from casebook.fragments import FragmentStore, Sources
from casebook.pack import Selection, write_selected_pack
content = validate_project(Project(root)).content
ids = tuple(r.id for r in content.published[:20])
""", """
written = write_selected_pack(content, Selection.of(ids=ids), root / "pack20.pdf",
                              store=FragmentStore(root / "bench-store"))
from casebook.pack.render import page_count
extra["pages"] = page_count((root / "pack20.pdf").read_bytes())
"""),
    "theme_packs": ("""
from casebook.fragments import FragmentStore, Sources, render_units
from casebook.fragments.units import content_units
from casebook.pack import build_theme_packs
content = validate_project(Project(root)).content
""", """
rendering = render_units(content_units(content), Sources.of(content), FragmentStore(root / "bench-store"))
packs = build_theme_packs(content, root / "bench-packs", rendering, jobs=int(sys.argv[2]), quiet=True)
extra["packs"] = len(packs)
extra["pages"] = sum(p.pages for p in packs)
"""),
    # Lighthouse's mobile audit of the Propose page (target: score >= 90) and the home page, in the
    # site the site probe built; its seconds are the audits' own, not a figure with a target.
    "propose_lighthouse": ("from casebook.bench.lighthouse import measure_lighthouse\n", """
extra.update(measure_lighthouse(root / "bench-site", runs=3))
"""),
    "build_all": ("""
from casebook.build import build_all
from casebook.fragments import FragmentStore, Sources
content = validate_project(Project(root)).content
""", """
build_all(content, root / "bench-built", store=FragmentStore(root / "bench-store-cold"))
"""),
}
# Outputs each probe makes, cleared before each run (outside the timing).
OUTPUTS = {"site_build": ("bench-site", "bench-docs", "bench-store", "bench-manifest.json"),
           "bare_mkdocs": ("bench-bare", "bench-bare-config"),
           "site_warm": ("bench-warm",), "pack_20": ("pack20.pdf",), "theme_packs": ("bench-packs",),
           "build_all": ("bench-built", "bench-store-cold")}


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
    setup, timed = PROBES[name]
    code = _HEADER + setup + _START + timed + _FOOTER
    runs, peaks, extra = [], [], {}
    for _ in range(repeat):
        _clear_outputs(root, name)
        result = child_json(code, [str(root), *args], f"probe {name} at N={records}")
        runs.append(result.pop("seconds"))
        peaks.append(result.pop("peak_mb"))
        extra = {k: v for k, v in result.items() if v is not None}
    return Measure(label or name, records, statistics.median(runs), max(peaks), runs, extra)


def child_json(code: str, args: list[str], what: str) -> dict:
    """Run code in a fresh Python and read the JSON object it prints last."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark {what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _clear_outputs(root: Path, probe: str) -> None:
    for name in OUTPUTS.get(probe, ()):
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def bare_mkdocs_build(root: Path) -> None:
    """mkdocs alone on the Markdown pages Casebook generated (kept by the site probe), with the
    same mkdocs.yml, theme, overrides and navigation: no pandoc, no HTML blocks put back, no
    search index, no link check. The floor the site build is compared with."""
    from casebook.builders import NAV_FILE
    from casebook.site import generator

    docs = root / "bench-docs"
    settings = generator.SiteSettings(Project(root).mkdocs_yml.read_text(encoding="utf-8"),
                                      json.loads((docs / NAV_FILE).read_text(encoding="utf-8")))
    generator.build(docs, root / "bench-bare", settings, {})


def pandoc_floor(root: Path) -> int:
    """Pandoc alone on the same record texts: each core's share of them concatenated into one document,
    converted with citeproc to HTML and to Typst, one call per core and format, outside Casebook (no
    store, no splitting, no filters). What rendering every record cannot go below; returns the calls."""
    from concurrent.futures import ThreadPoolExecutor

    from casebook.fragments import Sources
    from casebook.fragments.units import content_units
    from casebook.pandoc_tools import CITATION_STYLE, pandoc_binary
    from casebook.validate import validate_project

    content = validate_project(Project(root)).content
    texts = [text for unit in content_units(content) for _, text in unit.pieces]
    cores = os.cpu_count() or 1
    shares = ["\n\n".join(texts[i::cores]) for i in range(cores)]
    bibs = [arg for path in Sources.of(content).files() for arg in ("--bibliography", path)]

    def convert(job: tuple[str, str]) -> None:
        text, to = job
        subprocess.run([pandoc_binary(), "--from", "markdown", "--to", to, "--citeproc", "--csl",
                        str(CITATION_STYLE), *bibs], input=text, capture_output=True, text=True, check=True)

    jobs = [(share, to) for share in shares for to in ("html5", "typst")]
    with ThreadPoolExecutor(cores) as pool:
        list(pool.map(convert, jobs))
    return len(jobs)
