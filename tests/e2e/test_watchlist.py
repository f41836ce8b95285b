"""The watchlist survives a server restart (real Chromium, two server processes)."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from infimate.benchmarks.live import goto, settle, start_server, stop_server


def _open_watchlist(page, url: str):
    goto(page, url)
    # the hit scorecard polls until the model is read back, then reruns the page once:
    # wait for that, so the dropdown is not redrawn under the pointer
    page.wait_for_function(  # 4 table counts + the scorecard's metrics
        "() => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 7",
        timeout=180_000,
    )
    settle(page)
    page.get_by_text("★ Watchlist", exact=True).click()
    return page.locator('[data-testid="stMultiSelect"]').filter(has_text="Starred elements")


def _star(page, box, name: str) -> None:
    """Pick ``name`` in the starred-elements box, as a user would: type, click the option.

    On a loaded machine a late rerun (the hit scorecard's) can redraw the box while the
    name is typed, dropping the text; then the user types it again (up to 3 tries)."""
    chip = box.get_by_text(name, exact=True)
    for _ in range(3):
        if chip.count():
            break
        settle(page)
        box.locator("input").click()
        box.locator("input").press_sequentially(name.split()[0], delay=50)
        with contextlib.suppress(PlaywrightTimeout):
            page.get_by_role("option", name=name, exact=True).click(timeout=10_000)
        page.keyboard.press("Escape")
        with contextlib.suppress(AssertionError):
            expect(chip).to_be_visible(timeout=10_000)
    expect(chip).to_be_visible()


def test_starred_element_survives_a_server_restart(browser, e2e_dataset, tmp_path):
    data = tmp_path / "demo"
    shutil.copytree(e2e_dataset, data)
    (data / "watchlist.json").unlink(missing_ok=True)  # other tests visited this dataset
    proc, url = start_server(data, tmp_path / "first.log")
    try:
        page = browser.new_page()
        box = _open_watchlist(page, url)
        expect(page.get_by_text("First visit on this dataset", exact=False)).to_be_visible()
        name = "butter yellow"
        _star(page, box, name)
        deadline = time.monotonic() + 60
        saved: list[str] = []
        while time.monotonic() < deadline and not saved:
            if (data / "watchlist.json").exists():
                saved = json.loads((data / "watchlist.json").read_text())["elements"]
            time.sleep(0.2)  # waiting for the rerun to write the file
        assert len(saved) == 1, "the star was not saved beside the dataset"
        page.close()
    finally:
        stop_server(proc)

    proc, url = start_server(data, tmp_path / "second.log")
    try:
        page = browser.new_page()  # a new browser session on a new server process
        box = _open_watchlist(page, url)
        expect(box.get_by_text(name, exact=True)).to_be_visible(timeout=60_000)
        expect(page.get_by_text(re.compile(r"^Last visit \d{4}-"))).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0
        page.close()
    finally:
        stop_server(proc)
