"""Real-browser suite: a live Streamlit server on a small demo, driven by Debian Chromium.

* ``e2e_dataset`` (session): ``$INFIMATE_E2E_DATA`` when set, else a small demo world
  generated once per session (``python -m infimate demo --posts 80000``, ~5x smaller than
  the default so the server answers quickly; the planted elements are the same).
* ``app_url`` (session): ``streamlit run app.py`` on a free loopback port with
  ``INFIMATE_DATA`` pointing at that dataset; waits for ``/_stcore/health`` = ``ok``,
  yields the URL, stops the server at the end (its log is printed when it dies early).
* Helpers (server start/stop, ``settle``, ``goto``, ``pick_option``, ``app_pages``) live in
  :mod:`infimate.benchmarks.live`, shared with the render benchmark.
* Chromium is ``/usr/bin/chromium`` (``make browser``). Without it the tests skip with
  a reason — except under ``CI``, where ``make test`` installs it, so they fail loudly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from infimate.benchmarks.live import CHROMIUM, CHROMIUM_ARGS, ROOT, goto, start_server, stop_server


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing in CI: `make test` must install it (make browser)")
        pytest.skip(f"{CHROMIUM} not installed: run `make browser` (see DEVELOPERS.md)")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    """pytest-playwright hook: Debian Chromium, headless, no sandbox, no background traffic."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path,
        "args": list(CHROMIUM_ARGS),
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 800},
        "accept_downloads": True,
    }


@pytest.fixture(scope="session")
def e2e_dataset(tmp_path_factory) -> Path:
    given = os.environ.get("INFIMATE_E2E_DATA")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("e2e") / "demo"
    cmd = [sys.executable, "-m", "infimate", "demo", "--out", str(out), "--posts", "80000"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        pytest.fail(f"demo generation failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return out


@pytest.fixture(scope="session")
def app_url(e2e_dataset, tmp_path_factory, browser) -> Iterator[str]:
    """The live server's URL, its shared caches warmed by one Overview load.

    The first load of Overview fits the hit model and scores every alert (a minute or
    more on a busy 2-core machine); that cost is paid here, once, with a 10-minute bound,
    so each test can keep a 2-minute timeout.
    """
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    try:
        proc, url = start_server(e2e_dataset, log)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        warm = browser.new_page()
        goto(warm, f"{url}/", timeout_ms=600_000)
        warm.close()
        yield url
    finally:
        stop_server(proc)
