"""What a reader's browser downloads and waits for, measured in headless Debian chromium.

- The first search: the bytes of every search request for one query (Pagefind's script,
  worker, WebAssembly, index chunks and result fragments).
- A pack made in the browser: bytes on the first press (compiler, fonts, data) and on a
  second pack, and seconds from press to download, cold and with the compiler cached,
  for a 10-record selection and for the whole collection (over the page budget: a digest,
  a listing from pack_data.LISTING_FROM records); and the longest task on the page's main
  thread while each pack is made (PerformanceObserver, longtask), the page's responsiveness.
"""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

SEARCH_QUERY = "council engagement"  # common words in synthetic records: many results, a full first page
MAKE_PDF = "[data-cb-make-pack='pdf']"  # the PDF button (beside it, Word and web page)


def measure_in_browser(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from casebook.serve import serve_folder

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with serve_folder(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            out = _first_search(browser, site, address)
        finally:
            browser.close()
        if (site / "packs" / "data" / "index.json").is_file():
            with tempfile.TemporaryDirectory(prefix="casebook-bench-profile-") as profile:
                # A profile on disk, as a reader's browser has: an incognito context keeps no 28 MB file.
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=chromium, headless=True, accept_downloads=True,
                    args=["--no-sandbox", "--disable-gpu"])
                try:
                    out.update(_browser_packs(context, site, address))
                except Exception as exc:  # recorded, so the other measures of this size are kept
                    out["browser_pack_error"] = " ".join(str(exc).split())[:400]
                finally:
                    context.close()
    return out


def _counting(page, site: Path | None = None, compressed: dict[str, int] | None = None,
              nothing_cached: bool = False) -> dict[str, int]:
    """Bytes of each response that crossed the wire (this server does not compress); with
    compressed, also what gzip makes of each file, as a static host that compresses would send it.
    With nothing_cached (a new browser), a size chromium does not report (a worker's script
    says 0) is taken from the response's Content-Length."""
    fetched: dict[str, int] = {}

    def finished(request) -> None:
        length = max(0, request.sizes()["responseBodySize"])  # over the wire: 0 (or -1) from the cache
        response = request.response() if nothing_cached and length == 0 else None
        if response is not None and response.status == 200:
            length = int(response.header_value("content-length") or 0)
        fetched[request.url] = fetched.get(request.url, 0) + length
        if compressed is not None and site is not None:
            path = site / urlsplit(request.url).path.lstrip("/")
            path = path / "index.html" if path.is_dir() else path
            if path.is_file():
                compressed[request.url] = compressed.get(request.url, 0) + len(gzip.compress(path.read_bytes(), 6))

    page.on("requestfinished", finished)
    return fetched


def _first_search(browser, site: Path, address: str) -> dict:
    page = browser.new_page()
    record = sorted((site / "cases").glob("*/index.html"))[0]
    page.goto(address + record.parent.relative_to(site).as_posix() + "/")
    page.wait_for_load_state("networkidle")
    gzipped: dict[str, int] = {}
    fetched = _counting(page, site, gzipped, nothing_cached=True)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(SEARCH_QUERY)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60000)
    page.wait_for_load_state("networkidle")
    results = page.locator(".md-search-result__item").count()
    page.close()
    parts: dict[str, list[int]] = {}
    for url, size in fetched.items():
        counted = parts.setdefault(search_part(url), [0, 0])
        counted[0] += 1
        counted[1] += size
    return {"search_first_query_bytes": sum(fetched.values()), "search_requests": len(fetched),
            # Pagefind's index files are gzipped already; its scripts are not, and a host that compresses sends them so.
            "search_first_query_gzip_bytes": sum(min(gzipped.get(url, size), size) for url, size in fetched.items()),
            "search_results_shown": results,
            "search_parts": {part: {"requests": n, "bytes": size} for part, (n, size) in sorted(parts.items())}}


def search_part(url: str) -> str:
    """Which part of Pagefind a request of the first search is: the program (script, worker,
    WebAssembly; the same at any size), the index's list of pages and chunks (grows with N),
    index chunks (a word's chunk lists every page with that word), or result fragments."""
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/index/" in path:
        return "index_chunks"
    if "/pagefind/fragment/" in path:
        return "fragments"
    if name.endswith((".pf_meta", "pagefind-entry.json")):
        return "index_meta"
    return "program" if "/pagefind/" in path else "other"


# Every main-thread task over 50 ms, as chromium reports it (the Long Tasks API), from page load.
LONGTASKS = """
window.__cbLongTasks = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__cbLongTasks.push([e.startTime, e.duration]); });
  }).observe({ type: "longtask", buffered: true });
} catch (e) { window.__cbLongTasks = null; }
"""


def _press(page, fetched: dict[str, int], timeout_s: int = 600) -> tuple[float, int, float | None, int | None]:
    """Seconds from press to download, the bytes fetched meanwhile, the longest main-thread task
    meanwhile in ms (None: the browser reports none), and the pages the pack says it has."""
    before = sum(fetched.values())
    since = page.evaluate("performance.now()")
    started = time.perf_counter()
    with page.expect_download(timeout=timeout_s * 1000):
        page.locator(MAKE_PDF).first.click()
    seconds = time.perf_counter() - started
    page.wait_for_timeout(100)  # the observer hears of a task just after it ends
    tasks = page.evaluate("window.__cbLongTasks")
    longest = None if tasks is None else max([d for start, d in tasks if start + d >= since] or [0.0])
    status = page.locator(".cb-briefing__status").first.inner_text()
    pages = re.search(r"ready: (\d+) pages", status)
    return seconds, sum(fetched.values()) - before, longest, int(pages.group(1)) if pages else None


def _browser_packs(context, site: Path, address: str) -> dict:
    context.add_init_script(LONGTASKS)
    page = context.new_page()
    gzipped: dict[str, int] = {}
    fetched = _counting(page, site, gzipped)
    # Ten records: the first ten cards of the index, picked as a reader would, by the basket.
    page.goto(address + "cases/")
    for button in page.locator("[data-cb-basket]").all()[:10]:
        button.click()
    page.goto(address + "packs/basket/")
    page.wait_for_load_state("networkidle")
    before_gzip = sum(gzipped.values())
    cold_s, cold_bytes, cold_task, _ = _press(page, fetched)
    cold_gzip = sum(gzipped.values()) - before_gzip
    cached_s, cached_bytes, cached_task, _ = _press(page, fetched)
    page.reload()  # a new page: the compiler comes from the browser's cache, not memory
    page.wait_for_load_state("networkidle")
    reload_s, reload_bytes, reload_task, _ = _press(page, fetched)
    page.goto(address + "cases/")
    page.wait_for_load_state("networkidle")
    out = {"pack10_first_press_s": cold_s, "pack10_first_press_bytes": cold_bytes,
           "pack10_first_press_gzip_bytes": cold_gzip,
           "pack10_again_s": cached_s, "pack10_again_bytes": cached_bytes,
           "pack10_after_reload_s": reload_s, "pack10_after_reload_bytes": reload_bytes,
           "pack10_longest_task_ms": _most(cold_task, cached_task, reload_task)}
    try:
        all_s, all_bytes, all_task, all_pages = _press(page, fetched, timeout_s=300)
        out.update(pack_all_s=all_s, pack_all_bytes=all_bytes, pack_all_longest_task_ms=all_task,
                   pack_all_pages=all_pages)
    except Exception as exc:  # the whole collection may take longer than the wait: say so, keep the rest
        out.update(pack_all_s=None, pack_all_error=" ".join(str(exc).split())[:200])
    return out


def _most(*values: float | None) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None
