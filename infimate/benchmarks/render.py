"""Page-render benchmark in real Chromium (server and browser helpers: :mod:`infimate.benchmarks.live`).

What is measured, on the default demo (``data/demo``; skipped with a reason if absent):

* **page switch** (what a user does between pages) — with the app open, click every
  page's sidebar link in turn, each from the page before it, ``visits`` rounds: ms from
  the click until the new page's title is shown with its script run finished (*shown*)
  and until the renderer's main thread has gone calm after it (*settled*: no frame 50 ms
  late for 500 ms, see :data:`~infimate.benchmarks.live.CALM_JS` — charts painted, page
  responsive). Targets: settled p95 ≤ 1,000 ms on every page (issue #22, "warm page
  switch ≤ 1 s"); the older ≤ 2,000 ms.
* **warm full load per page** — a new browser document for every page (Streamlit's and
  plotly.js' code parsed and run again; server caches warm), after one cold visit:
  from navigation start to *drawn* (script run finished, ``h1`` laid out; recorded in the
  page by :data:`~infimate.benchmarks.live.DRAWN_PROBE`) and to *settled* as above. Each load starts only once the
  previous one has settled, so its leftover painting is not billed to the next.
  ``visits`` loads per page; p50 / p95 / max in ms.
* **cold server first visit** — each page's first visit after the server starts, in
  one session that opened the pages before it (Overview: caches empty; a later page
  pays only its own caches) — drawn as above; and, since the hit model is fitted in
  the background, the time until Overview's scorecard shows.
* **first visit in a new session** (on the running server, other sessions' caches
  warm) — for every page, ``first_visits`` new browser contexts (a new Streamlit
  session each, nothing in its ``session_state``; an empty browser cache too, so
  Streamlit's and plotly.js' code is fetched and compiled again: the worst case of a
  first visit) open the page's URL directly: drawn and settled, ms from navigation
  start, and the renderer's long tasks (main thread busy ≥ 50 ms: where the time goes).
  Target ≤ 3,000 ms (settled p95) on every page.
* **warm server-side per page** — each page run three more times as an ``AppTest``
  after a first run (script execution only; ms).
* **filter change in the browser** — on Overview, pick another market in the sidebar and
  time option click → the rerun's ``notRunning``, in the page (ms, per market change).
* **filter change server-side** — the same change timed as a Streamlit ``AppTest`` run of
  the page (script execution only, no browser/websocket), first for every market (cold
  cache for that segment) and then again (warm). Chosen over parsing the server log
  because Streamlit logs no per-run timings. Target ≤ 300 ms (warm).
* **concurrent sessions** — ``sessions`` browser contexts (separate Streamlit sessions)
  load Overview, then Trends, at the same time; counted: errors (an ``stException``
  element, a page error, or a timeout) and the wall time. Target: 10 sessions, 0 errors.

Only loopback traffic: the server binds 127.0.0.1 on a free port and is stopped at the end.

Example (not run: needs Chromium, Playwright and the generated demo)
--------------------------------------------------------------------
>>> from types import SimpleNamespace
>>> bench_render(SimpleNamespace())["switch_page_settled_ms"]["trends"]["p95"]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from infimate.benchmarks.live import (
    CHROMIUM,
    CHROMIUM_ARGS,
    COLD_TIMEOUT_MS,
    DEMO,
    READY,
    ROOT,
    TARGET_FILTER_MS,
    TARGET_SESSIONS,
    TARGET_WARM_MS,
    app_pages,
    filter_change,
    goto,
    goto_timed,
    install_drawn_probe,
    start_server,
    stop_server,
    switch_page_timed,
)
from infimate.ui import timing
from infimate.ui.labels import label

#: issue #22: "warm page switch ≤ 1 s and first visit ≤ 3 s on every page of the demo";
#: switch = sidebar click → settled p95; first visit = a new session's first load of the
#: page on a running server → settled p95 (the cold-server load is reported beside it)
TARGET_SWITCH_MS, TARGET_FIRST_VISIT_MS = 1000.0, 3000.0

# ---- the benchmark --------------------------------------------------------------------


def _stats(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return {
        "n": len(s),
        "p50": round(statistics.median(s), 1),
        "p95": round(p95, 1),
        "max": round(s[-1], 1),
    }


def _markets(dataset: Path, n: int) -> list[str]:
    import polars as pl

    posts = pl.scan_parquet(dataset / "posts.parquet")
    top = posts.group_by("market").len().sort("len", descending=True).head(n).collect()
    return top["market"].to_list()


def _server_side(dataset: Path, markets: list[str], repeats: int) -> dict[str, Any]:
    """AppTest runs of Overview with the market changed: cold (first time) and warm."""
    cold, warm = timing.filter_change_ms(
        ROOT / "app.py", dataset, markets, repeats=repeats, timeout_s=COLD_TIMEOUT_MS / 1000
    )
    return {"cold_ms": _stats(cold), "warm_ms": _stats(warm)}


def _server_pages(dataset: Path, pages: list[str], repeats: int) -> dict[str, Any]:
    """Warm AppTest runs of every page (after one run that fills its caches)."""
    runs = timing.page_run_ms(
        ROOT / "app.py", dataset, pages, repeats=repeats, timeout_s=COLD_TIMEOUT_MS / 1000
    )
    return {stem: _stats(ms) for stem, ms in runs.items()}


def _concurrent(url: str, sessions: int, timeout_ms: int) -> dict[str, Any]:
    import asyncio

    from playwright.async_api import async_playwright

    async def one(browser: Any, errors: list[str]) -> None:
        ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await ctx.new_page()
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        try:
            for path in ("", "trends"):
                await page.goto(f"{url}/{path}", wait_until="commit", timeout=timeout_ms)
                await page.wait_for_selector(READY, timeout=timeout_ms)
                if await page.locator('[data-testid="stException"]').count():
                    errors.append(f"stException on /{path}")
        except Exception as exc:  # playwright timeout or a closed page: counted as an error
            errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
        finally:
            await ctx.close()

    async def run() -> tuple[float, list[str]]:
        errors: list[str] = []
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
            )
            t0 = time.perf_counter()
            await asyncio.gather(*(one(browser, errors) for _ in range(sessions)))
            secs = time.perf_counter() - t0
            await browser.close()
        return secs, errors

    secs, errors = asyncio.run(run())
    return {
        "sessions": sessions,
        "seconds": round(secs, 2),
        "errors": len(errors),
        "error_samples": errors[:5],
    }


#: Installed before a first visit's page scripts: the renderer's long tasks (main thread
#: busy ≥ 50 ms: script compile and run, plotly drawing, layout) as ``[start, ms]``
LONG_TASKS = """(() => {
  window.__infimateLong = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__infimateLong.push([e.startTime, e.duration]);
  }).observe({type: 'longtask', buffered: true});
})();"""


def _first_visits(
    browser: Any, url: str, stem: str, n: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """``n`` first loads of page ``stem``, each in a new browser context (a new session):
    (drawn, settled) ms per load, and (total, longest) long-task ms per load."""
    path = "" if stem == "overview" else stem
    times, busy = [], []
    for _ in range(n):
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            page = ctx.new_page()
            install_drawn_probe(page)
            page.add_init_script(LONG_TASKS)
            times.append(goto_timed(page, f"{url}/{path}"))
            tasks = [float(d) for _, d in page.evaluate("window.__infimateLong || []")]
            busy.append((sum(tasks), max(tasks, default=0.0)))
        finally:
            ctx.close()
    return times, busy


def _per_page_meets(r: dict[str, Any]) -> dict[str, dict[str, bool | None]]:
    """Per page: switch settled p95 ≤ 1 s, first visit (new session) settled p95 ≤ 3 s, and
    — informational, not the target — the cold-server first visit (drawn) ≤ 3 s."""

    def under(stats: dict[str, Any] | None, target: float) -> bool | None:
        return None if not stats else stats["p95"] <= target

    out: dict[str, dict[str, bool | None]] = {}
    for stem in r["pages"]:
        cold = r["cold_render_ms"].get(stem)
        out[stem] = {
            "switch": under(r["switch_page_settled_ms"].get(stem), TARGET_SWITCH_MS),
            "first_visit": under(r["first_visit_settled_ms"].get(stem), TARGET_FIRST_VISIT_MS),
            "cold_server": None if cold is None else cold <= TARGET_FIRST_VISIT_MS,
        }
    return out


def _browser(
    url: str, pages: list[str], markets: list[str], visits: int, first_visits: int
) -> dict[str, Any]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    warm: dict[str, dict[str, float]] = {}
    settled: dict[str, dict[str, float]] = {}
    switch: dict[str, list[tuple[float, float]]] = {}
    first: dict[str, list[tuple[float, float]]] = {}
    first_busy: dict[str, list[tuple[float, float]]] = {}
    cold: dict[str, float] = {}
    filt: list[float] = []
    filt_failed: dict[str, str] = {}
    failed: dict[str, str] = {}
    scorecard_ms = None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        install_drawn_probe(page)
        for stem in pages:
            path = "" if stem == "overview" else stem
            try:  # the first visit fills the server caches (alerts, trends): slow when cold
                cold[stem] = round(goto(page, f"{url}/{path}", timeout_ms=COLD_TIMEOUT_MS), 1)
                if stem == "overview":  # the hit model is fitted in the background meanwhile
                    page.get_by_text("Picks hit rate (top 10%)").first.wait_for(
                        timeout=COLD_TIMEOUT_MS
                    )
                    scorecard_ms = round(float(page.evaluate("performance.now()")), 1)
                runs = [goto_timed(page, f"{url}/{path}") for _ in range(visits)]
                warm[stem] = _stats([d for d, _ in runs])
                settled[stem] = _stats([s for _, s in runs])
            except PlaywrightTimeout as exc:  # recorded, and the other pages still measured
                failed[stem] = str(exc).splitlines()[0][:200]
        # in-app: click through the sidebar, every page from the one before it, `visits` rounds
        for _ in range(visits):
            for stem in pages:
                if stem in failed:
                    continue
                try:
                    switch.setdefault(stem, []).append(switch_page_timed(page, label(stem)))
                except PlaywrightTimeout as exc:
                    failed[f"{stem} (sidebar)"] = str(exc).splitlines()[0][:200]
        for stem in pages:  # a new session's first visit (server caches warm)
            if stem in failed:
                continue
            try:
                first[stem], first_busy[stem] = _first_visits(browser, url, stem, first_visits)
            except PlaywrightTimeout as exc:
                failed[f"{stem} (first visit)"] = str(exc).splitlines()[0][:200]
        goto(page, f"{url}/")
        for m in [*markets, "all"]:  # timed in the page: option click -> rerun finished
            try:
                filt.append(filter_change(page, "Market", m))
            except PlaywrightTimeout as exc:  # recorded; the run's other figures still count
                filt_failed[m] = str(exc).splitlines()[0][:200]
                goto(page, f"{url}/")
        browser.close()
    return {
        "cold_render_ms": cold,
        "cold_overview_scorecard_ms": scorecard_ms,
        "warm_render_ms": warm,
        "warm_render_settled_ms": settled,
        "switch_page_shown_ms": {k: _stats([a for a, _ in v]) for k, v in switch.items()},
        "switch_page_settled_ms": {k: _stats([b for _, b in v]) for k, v in switch.items()},
        "first_visit_drawn_ms": {k: _stats([a for a, _ in v]) for k, v in first.items()},
        "first_visit_settled_ms": {k: _stats([b for _, b in v]) for k, v in first.items()},
        # where a first visit's time goes in the browser: main-thread long tasks (ms)
        "first_visit_long_tasks_ms": {
            k: {"total": _stats([a for a, _ in v]), "longest": _stats([b for _, b in v])}
            for k, v in first_busy.items()
        },
        "failed_pages": failed,
        "filter_change_browser_ms": _stats(filt) if filt else {},
        "filter_change_browser_failed": filt_failed,
    }


def bench_render(args: Any) -> dict[str, Any]:
    """Run the render benchmark; the registry writes ``bench/results/render.json``."""
    dataset = Path(getattr(args, "dataset", None) or DEMO)
    if not (dataset / "posts.parquet").exists():
        return {"skipped": f"{dataset} has no demo data: run `make demo` first"}
    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} missing: run `make browser`"}
    try:
        import playwright  # noqa: F401  (dev dependency)
    except ImportError:
        return {"skipped": "playwright not installed: `make devdeps`"}
    load_start = round(os.getloadavg()[0], 2)
    from infimate.hit.store import load as saved_hit_model

    hit_saved = saved_hit_model(dataset) is not None  # a saved fit makes the cold load quick
    visits, first_visits, sessions = 5, 3, TARGET_SESSIONS
    pages, markets = app_pages(), _markets(dataset, 3)
    log = Path(tempfile.mkdtemp(prefix="infimate-render-")) / "streamlit.log"
    proc, url = start_server(dataset, log)
    try:
        browser = _browser(url, pages, markets, visits, first_visits)
        concurrent = _concurrent(url, sessions, 120_000)
    finally:
        stop_server(proc)
    server = _server_side(dataset, markets, repeats=2)
    server_pages = _server_pages(dataset, pages, repeats=3)

    def worst(key: str) -> float:
        return max((v["p95"] for v in browser[key].values()), default=float("inf"))

    ok = not browser["failed_pages"]
    per_page = _per_page_meets({"pages": pages, **browser})
    return {
        "dataset": str(dataset),
        "load_average_1m_at_start": load_start,
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "pages": pages,
        "warm_visits_per_page": visits,
        "first_visits_per_page": first_visits,
        "hit_model_saved_before_run": hit_saved,
        **browser,
        "filter_change_server_ms": server,
        "warm_server_ms": server_pages,
        "concurrent": concurrent,
        "targets": {
            "warm_render_p95_ms": TARGET_WARM_MS,
            "filter_change_server_ms": TARGET_FILTER_MS,
            "concurrent_sessions": TARGET_SESSIONS,
            "switch_page_settled_p95_ms": TARGET_SWITCH_MS,
            "first_visit_settled_p95_ms": TARGET_FIRST_VISIT_MS,
            "first_visit_applies_to": "a new session's first load of each page on a running "
            "server (other sessions' caches warm); the cold-server first visit is reported "
            "beside it, not held to the target",
        },
        "meets_per_page": per_page,
        "meets": {
            # page opened from the sidebar, charts painted (what a user does between pages)
            "switch_page_settled": ok and worst("switch_page_settled_ms") <= TARGET_WARM_MS,
            # full browser load (new document: Streamlit's and plotly's code parsed again)
            "warm_render": ok and worst("warm_render_ms") <= TARGET_WARM_MS,
            "warm_render_settled": ok and worst("warm_render_settled_ms") <= TARGET_WARM_MS,
            "filter_change_server": server["warm_ms"]["p95"] <= TARGET_FILTER_MS,
            "concurrent_sessions": concurrent["errors"] == 0,
            # issue #22, every page
            "switch_page_1s": ok and all(v["switch"] for v in per_page.values()),
            "first_visit_3s": ok and all(v["first_visit"] for v in per_page.values()),
            "cold_server_3s": ok and all(v["cold_server"] for v in per_page.values()),
        },
    }
