"""Every page in app.py's navigation renders in real Chromium without an exception.

Pages are discovered from ``app.py`` (URL path = file stem); each must show its own
``st.title`` heading plus a page-specific text. A screenshot of each goes to
``tests/e2e/screenshots/<page>.png`` (gitignored) on every run, taken once the page is
fully drawn (every plotly chart painted, every table's canvas there, no spinner). The
README ones are copied to a committed folder only when asked:
``INFIMATE_SCREENSHOTS=docs/screenshots pytest tests/e2e`` (1280×800), so an ordinary
test run never dirties the working tree.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from infimate.benchmarks.live import ROOT, app_pages, goto, start_server, stop_server
from infimate.ui.labels import label

SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
#: where to copy the README screenshots (opt-in; relative paths are under the repo root)
COPY_TO = os.environ.get("INFIMATE_SCREENSHOTS")
README_SHOTS = ("overview", "trends", "alerts", "hit_predictor", "copy_studio")
# text that only this page shows (beyond its title), for the demo world
EXTRA_TEXT = {
    "overview": "Synthetic demo data",
    "trends": "forecast",
    "alerts": "baseline",
    "data": "Upload",
    "lexicon": "elements",
    "report": "Build PDF report",
}


def page_title(stem: str) -> str:
    """The page's title in English, from the ``components.page_start(KEY)`` call that opens it."""
    src = (ROOT / "pages" / f"{stem}.py").read_text(encoding="utf-8")
    m = re.search(r"components\.page_start\(\s*[\"']([^\"']+)[\"']", src)
    if m is None:
        pytest.fail(f"pages/{stem}.py does not open with components.page_start(KEY)")
    return label(m.group(1), "en")


@pytest.mark.parametrize("stem", app_pages())
def test_page_renders(page, app_url, stem):
    path = "" if stem == "overview" else stem
    goto(page, f"{app_url}/{path}")
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, exc.first.inner_text()
    main = page.locator('[data-testid="stMainBlockContainer"]')
    heading = page_title(stem)
    expect(main.get_by_role("heading", name=heading).first).to_be_visible(timeout=120_000)
    if stem in EXTRA_TEXT:
        expect(main.get_by_text(EXTRA_TEXT[stem]).first).to_be_visible(timeout=120_000)
    if stem == "overview":  # the background hit-model fit fills in the scorecard by itself
        scorecard = main.get_by_text("Picks hit rate (top 10%)")
        expect(scorecard.first).to_be_visible(timeout=600_000)
    fully_drawn(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{stem}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if COPY_TO and stem in README_SHOTS:
        docs = ROOT / Path(COPY_TO)
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, docs / f"{stem}.png")


def fully_drawn(page, *, timeout_ms: int = 60_000) -> None:
    """Wait until no loading placeholder is left: every visible plotly chart has painted
    its SVG, every visible table its canvas, and no spinner or skeleton is showing."""
    page.wait_for_function(
        """() => {
          const main = document.querySelector('[data-testid="stMainBlockContainer"]');
          if (!main) return false;
          // what is on screen (a collapsed expander's table has nothing to draw yet)
          const all = (sel) => Array.from(main.querySelectorAll(sel))
            .filter((e) => e.checkVisibility());
          const charts = all('[data-testid="stPlotlyChart"]');
          const tables = all('[data-testid="stDataFrame"]');
          return charts.every((c) => c.querySelector('.main-svg'))
            && tables.every((t) => t.querySelector('canvas'))
            && all('[data-testid="stSpinner"], [data-testid="stSkeleton"]').length === 0;
        }""",
        timeout=timeout_ms,
    )


def test_language_toggle_translates_navigation_sidebar_and_titles(page, app_url):
    goto(page, f"{app_url}/")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("中文", exact=True).click()
    expect(page).to_have_url(re.compile(r"lang=zh"), timeout=120_000)
    expect(sidebar.get_by_text("趋势", exact=True)).to_be_visible(timeout=120_000)
    expect(sidebar.get_by_text("市场", exact=True)).to_be_visible(timeout=120_000)
    goto(page, f"{app_url}/trends?lang=zh")  # a shared link opens in the same language
    expect(sidebar.get_by_text("人群", exact=True)).to_be_visible(timeout=120_000)
    expect(page.locator('[data-testid="stMainBlockContainer"] h1')).to_have_text("趋势")
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0


def test_deep_link_as_a_fresh_servers_first_request(page, e2e_dataset, tmp_path):
    """A shared link opened before anyone loaded ``/`` still gets app.py's navigation and sidebar.

    (Streamlit would otherwise run ``pages/lexicon.py`` alone, listing raw file names.)
    """
    proc, url = start_server(e2e_dataset, tmp_path / "streamlit.log")
    try:
        goto(page, f"{url}/lexicon?lang=zh")
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav.get_by_text("元素词库", exact=True)).to_be_visible(timeout=120_000)
        expect(nav.get_by_text("app", exact=True)).to_have_count(0)
        expect(page.locator('[data-testid="stSidebar"]').get_by_text("数据集")).to_be_visible()
        expect(page.locator('[data-testid="stMainBlockContainer"] h1')).to_have_text("元素词库")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        stop_server(proc)
