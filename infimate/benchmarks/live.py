"""Live Streamlit server + Chromium helpers shared by the render benchmark and tests/e2e.

The server binds 127.0.0.1 on a free port (loopback only) and is stopped by the caller.
"Drawn" for a page = its script run has finished (``data-test-script-state`` is
``notRunning``) and the main area's ``h1`` is laid out. :data:`DRAWN_PROBE` records that
moment, and every script-state change, inside the page, so timings do not include the
driver's polling.

Example (not run: needs Chromium, Playwright and a Streamlit server)
--------------------------------------------------------------------
>>> proc, url = start_server(DEMO, Path("/tmp/streamlit.log"))   # doctest: +SKIP
>>> goto(page, f"{url}/trends")                                   # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
CHROMIUM = Path("/usr/bin/chromium")
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TITLE = '[data-testid="stMainBlockContainer"] h1'
BUSY = '[data-testid="stApp"]:not([data-test-script-state="notRunning"])'
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
COLD_TIMEOUT_MS = 900_000
TARGET_WARM_MS, TARGET_FILTER_MS, TARGET_SESSIONS = 2000.0, 300.0, 10


# ---- live server (shared with tests/e2e) ----------------------------------------------


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(url: str) -> bool:
    """True when Streamlit's ``/_stcore/health`` answers ``ok``."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            body: bytes = r.read()
            return body.strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def start_server(
    dataset: Path, log: Path, *, port: int | None = None, timeout_s: float = 90.0
) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run app.py`` on loopback with ``INFIMATE_DATA=dataset``; (process, url) once healthy."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**os.environ, "INFIMATE_DATA": str(dataset), "PYTHONPATH": str(ROOT)}
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        if healthy(url):
            return proc, url
        time.sleep(0.2)  # polling the health endpoint
    stop_server(proc)
    raise RuntimeError(f"streamlit not healthy after {timeout_s:.0f} s:\n{log.read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server we started (kill it if it does not stop within 10 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def app_pages() -> list[str]:
    """File stems (= URL paths) of the pages listed in ``app.py`` that exist, in order."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    stems = dict.fromkeys(re.findall(r"pages/(\w+)\.py", text))
    return [s for s in stems if (ROOT / "pages" / f"{s}.py").exists()]


def settle(page: Any, *, timeout_ms: int = 120_000, start_ms: int = 1500) -> None:
    """Wait for the script run caused by the last action to finish.

    The rerun may not have started when this is called: poll up to ``start_ms`` for the
    app to leave ``notRunning`` (a run too quick to observe is fine), then wait for it.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # a run that already finished (or never visibly started) is fine: the READY wait decides
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_selector(BUSY, timeout=start_ms)
    page.wait_for_selector(READY, timeout=timeout_ms)


#: Installed before any page script (``page.add_init_script``): records in the page the
#: first moment the app is drawn — script run finished (``notRunning``) and the main
#: ``h1`` laid out — as ``window.__infimateDrawn``, and every script-state change as
#: ``[ms, state]`` in ``window.__infimateStates`` (ms since navigation start).
DRAWN_PROBE = """
(() => {
  window.__infimateStates = [];
  let last = null;
  const obs = new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute('data-test-script-state') : null;
    if (state !== last) {
      last = state;
      window.__infimateStates.push([performance.now(), state]);
    }
    const h1 = document.querySelector('[data-testid="stMainBlockContainer"] h1');
    if (window.__infimateDrawn === undefined && state === 'notRunning'
        && h1 && h1.getBoundingClientRect().height > 0) {
      window.__infimateDrawn = performance.now();
    }
  });
  obs.observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


def install_drawn_probe(page: Any) -> None:
    """Make every later navigation of ``page`` record when it is drawn (see :func:`goto`)."""
    page.add_init_script(DRAWN_PROBE)


def goto(page: Any, url: str, *, timeout_ms: int = 120_000) -> float:
    """Load ``url``; return ms from navigation start until the page is drawn.

    Drawn = the script run has finished (``notRunning``) and the page's ``h1`` title is
    visible in the main area (on a starved renderer the state flips before the elements
    are painted, so the state alone is not enough). With :func:`install_drawn_probe` the
    time is the page's own record of that moment; without it, the moment the driver
    saw it (which adds the driver's polling and round trips, ~0.1–0.5 s).
    """
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_selector(TITLE, state="visible", timeout=timeout_ms)
    page.wait_for_selector(READY, timeout=timeout_ms)
    seen, drawn = page.evaluate("[performance.now(), window.__infimateDrawn ?? null]")
    return float(drawn if drawn is not None else seen)


#: Resolves with the moment (``performance.now()``) the page's main thread went calm: the
#: first animation frame after which no frame came 50 ms or more late for ``quiet_ms``.
#: Frames run on the main thread, so a late frame means a long task (script, plotly
#: drawing, layout) held it: calm = everything painted and the page responsive.
CALM_JS = """([quietMs, limitMs]) => new Promise(resolve => {
  const t0 = performance.now();
  let last = t0, calmSince = t0;
  function tick(now) {
    if (now - last >= 50) calmSince = now;
    last = now;
    if (now - calmSince >= quietMs || now - t0 > limitMs) resolve(calmSince);
    else requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})"""


def calm_since(page: Any, *, quiet_ms: int = 500, limit_ms: int = 30_000) -> float:
    """Wait until ``page`` has been calm for ``quiet_ms``; when it went calm (page ms)."""
    return float(page.evaluate(CALM_JS, [quiet_ms, limit_ms]))


def goto_timed(page: Any, url: str, *, timeout_ms: int = 120_000) -> tuple[float, float]:
    """A full load of ``url``: (drawn, settled) in ms from navigation start.

    Waits for the current page to go calm first, so leftover painting of the previous
    load is not billed to this one. Drawn as in :func:`goto`; settled = the main thread
    went calm after it (see :data:`CALM_JS`): charts painted.
    """
    calm_since(page)
    drawn = goto(page, url, timeout_ms=timeout_ms)
    return drawn, max(drawn, calm_since(page))


def switch_page_timed(page: Any, label: str, *, timeout_ms: int = 120_000) -> tuple[float, float]:
    """Open the page ``label`` from the sidebar, as a user does: (shown, settled) ms from the click.

    Shown = the new page's title is in place and its script run has finished (as first
    seen by a polling frame); settled = the main thread went calm after that.
    """
    calm_since(page)
    before = page.locator(TITLE).first.inner_text(timeout=timeout_ms)
    link = page.locator('[data-testid="stSidebarNav"] a').filter(
        has_text=re.compile(rf"{re.escape(label)}$")
    )
    t0 = float(page.evaluate("performance.now()"))
    link.first.click(timeout=timeout_ms)
    shown = page.wait_for_function(
        """([title, ready, before]) => {
          const h = document.querySelector(title);
          return h && h.textContent !== before && document.querySelector(ready)
            ? performance.now() : null;
        }""",
        arg=[TITLE, READY, before],
        timeout=timeout_ms,
    )
    shown_ms = float(shown.json_value()) - t0
    return shown_ms, max(shown_ms, calm_since(page) - t0)


def pick_option(page: Any, label: str, option: str, *, timeout_ms: int = 120_000) -> None:
    """Choose ``option`` in the Streamlit selectbox labelled ``label`` (its combobox input)."""
    page.get_by_role("combobox", name=label, exact=True).click(timeout=timeout_ms)
    page.get_by_role("option", name=option, exact=True).click(timeout=timeout_ms)


def filter_change(page: Any, label: str, option: str, *, timeout_ms: int = 120_000) -> float:
    """Pick ``option`` in the selectbox ``label``; ms from the pick to the rerun's end.

    Timed in the page (needs :func:`install_drawn_probe`): from just before the option is
    clicked to the first ``notRunning`` after a run that started after the click.
    """
    page.get_by_role("combobox", name=label, exact=True).click(timeout=timeout_ms)
    option_el = page.get_by_role("option", name=option, exact=True)
    option_el.wait_for(timeout=timeout_ms)
    t0 = float(page.evaluate("performance.now()"))
    option_el.click(timeout=timeout_ms)
    done = page.wait_for_function(
        """(t0) => {
          const s = window.__infimateStates || [];
          const start = s.findIndex(([t, st]) => t >= t0 && st !== 'notRunning');
          if (start < 0) return null;
          const end = s.slice(start).find(([t, st]) => st === 'notRunning');
          return end ? end[0] - t0 : null;
        }""",
        arg=t0,
        timeout=timeout_ms,
    )
    return float(done.json_value())
