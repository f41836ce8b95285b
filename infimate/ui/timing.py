"""Server-side page timings through streamlit's ``AppTest``: script runs only, no browser.

The render benchmark's server-side clock (Streamlit logs no per-run timings): an
``AppTest`` of app.py on a dataset, run once to fill its caches, then timed reruns.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest


def _app_test(app: Path, dataset: Path, timeout_s: float) -> AppTest:
    """An ``AppTest`` of ``app`` on ``dataset``, run once (Overview; its caches filled)."""
    os.environ["INFIMATE_DATA"] = str(dataset)
    at = AppTest.from_file(str(app), default_timeout=timeout_s)
    at.run()
    return at


def filter_change_ms(
    app: Path, dataset: Path, markets: list[str], *, repeats: int, timeout_s: float
) -> tuple[list[float], list[float]]:
    """Overview reruns with the sidebar market changed: (first time per market, again) in ms."""
    at = _app_test(app, dataset, timeout_s)
    at.switch_page("pages/overview.py").run()
    cold: list[float] = []
    warm: list[float] = []
    for rnd in range(1 + repeats):
        for m in [*markets, "all"]:
            t0 = time.perf_counter()
            at.selectbox(key="seg_market").set_value(m).run()
            (cold if rnd == 0 else warm).append((time.perf_counter() - t0) * 1000)
            if at.exception:
                raise RuntimeError(f"Overview raised with market={m}: {at.exception[0].value}")
    return cold, warm


def page_run_ms(
    app: Path, dataset: Path, pages: list[str], *, repeats: int, timeout_s: float
) -> dict[str, list[float]]:
    """Per page (file stem), ``repeats`` warm reruns in ms after one run that fills its caches."""
    at = _app_test(app, dataset, timeout_s)
    out: dict[str, list[float]] = {}
    for stem in pages:
        at.switch_page(f"pages/{stem}.py").run()
        ms = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            at.run()
            ms.append((time.perf_counter() - t0) * 1000)
        if at.exception:
            raise RuntimeError(f"{stem} raised: {at.exception[0].value}")
        out[stem] = ms
    return out
