"""Every page in app.py's navigation renders in real Chromium without an exception.

Pages are discovered from ``app.py`` (URL path = file stem); each must show its own
``st.title`` heading plus a page-specific text. A screenshot of each goes to
``tests/e2e/screenshots/<page>.png`` (gitignored); the README ones are copied to
``docs/screenshots/`` (committed, 1280×800).
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from infimate.benchmarks.render import ROOT, app_pages, goto

SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
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
    """The page's ``st.title`` text, read from its source."""
    src = (ROOT / "pages" / f"{stem}.py").read_text(encoding="utf-8")
    m = re.search(r"st\.title\(\s*[\"']([^\"']+)[\"']", src)
    if m is None:
        pytest.fail(f"pages/{stem}.py has no literal st.title(...) to check")
    return m.group(1)


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
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{stem}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if stem in README_SHOTS:
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS / f"{stem}.png")
