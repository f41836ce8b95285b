"""The dashboard a merchandiser opens every Monday (issue #22), in real Chromium.

* The segment and the picked elements follow the user across pages and live in the URL:
  a link opened in a fresh browser (a new session) shows the same view.
* Charts and tables speak to people: no snake_case ids, ISO timestamps or "None" in the
  Plotly legends or the table headers of Trends and Alerts (nor in their visible cells,
  free text aside).
* The toolbar is the viewer's: no Deploy button, no developer entries in the main menu.
* Every page that has a dataset says how fresh its data is.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from infimate.benchmarks.live import ROOT, app_pages, goto, pick_option, settle
from infimate.ui.labels import label
from tests.e2e.test_pages import fully_drawn

T = 120_000
MARKET = "US"
MAIN = '[data-testid="stMainBlockContainer"]'
SIDEBAR = '[data-testid="stSidebar"]'
#: what a person should never read in a legend or a header: an id, a machine time, "None"
RAW = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b|\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z?|\bNone\b")
#: Streamlit 1.67's developer entries in the main menu (``stMainMenuItem-<key>``), shown
#: only in development mode — toolbarMode "developer", or "auto" on localhost
DEVELOPER_MENU = {"rerun": "Rerun", "autoRerun": "Auto rerun", "clearCache": "Clear cache"}


def _no_exception(page) -> None:
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, exc.first.inner_text()


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _open_from_sidebar(page, stem: str) -> None:
    """Click the page's link in the sidebar navigation, as a user does; wait until drawn."""
    title = label(stem)
    link = page.locator('[data-testid="stSidebarNav"] a').filter(
        has_text=re.compile(rf"{re.escape(title)}$")
    )
    link.first.click(timeout=T)
    expect(page.locator(f"{MAIN} h1").first).to_have_text(
        re.compile(rf"^{re.escape(title)}$"), timeout=T
    )
    settle(page)


def _segment_shows(page, market: str, crowd: str) -> None:
    sidebar = page.locator(SIDEBAR)
    expect(sidebar.get_by_role("combobox", name="Market", exact=True)).to_have_value(
        market, timeout=T
    )
    expect(sidebar.get_by_role("combobox", name="Crowd", exact=True)).to_have_value(
        crowd, timeout=T
    )


def _second_option(page, name: str) -> str:
    """Pick the first option after "all" in the sidebar selectbox ``name``; its text."""
    box = page.locator(SIDEBAR).get_by_role("combobox", name=name, exact=True)
    box.scroll_into_view_if_needed(timeout=T)  # at the viewport's edge the list does not open
    box.click(timeout=T)
    options = page.get_by_role("option")
    expect(options.nth(1)).to_be_visible(timeout=T)
    texts = options.all_inner_texts()
    choice = next(t for t in texts if t != "all")
    page.get_by_role("option", name=choice, exact=True).click(timeout=T)
    settle(page)
    return choice


def _picked_elements(page) -> list[str]:
    """The labels of the chips in the Trends "Elements" multiselect."""
    box = page.locator(MAIN).locator('[data-testid="stMultiSelect"]').first
    return box.locator("[data-tag]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )


def test_segment_and_elements_follow_the_user_and_the_url(page, app_url, browser):
    goto(page, f"{app_url}/")
    pick_option(page, "Market", MARKET)
    settle(page)
    crowd = _second_option(page, "Crowd")  # as the picker shows it ("Gen Z")
    _segment_shows(page, MARKET, crowd)
    crowd_id = _query(page)["crowd"][0]  # as the URL stores it ("gen_z")

    for stem in ("trends", "alerts"):
        _open_from_sidebar(page, stem)
        _no_exception(page)
        _segment_shows(page, MARKET, crowd)
        q = _query(page)
        assert q.get("market") == [MARKET] and q.get("crowd") == [crowd_id], page.url
        assert re.search(rf"market={MARKET}&crowd={re.escape(crowd_id)}", page.url), page.url

    # the Alerts link in a fresh browser: a new session, the same view
    fresh = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = fresh.new_page()
        goto(other, page.url)
        _no_exception(other)
        expect(other.locator(f"{MAIN} h1").first).to_have_text(label("alerts"))
        _segment_shows(other, MARKET, crowd)
    finally:
        fresh.close()

    # two more elements on Trends stay picked after a visit to Alerts and back
    _open_from_sidebar(page, "trends")
    before = _picked_elements(page)
    ms = page.locator(MAIN).get_by_role("combobox", name="Elements", exact=True)
    for _ in range(2):
        ms.click(timeout=T)
        option = page.get_by_role("option").first
        expect(option).to_be_visible(timeout=T)
        option.click(timeout=T)
        settle(page)
        page.keyboard.press("Escape")
    picked = _picked_elements(page)
    assert len(picked) == len(before) + 2 and picked[: len(before)] == before, (before, picked)
    ids = _query(page)["element"]
    assert len(ids) == len(picked)
    trends_url = page.url

    _open_from_sidebar(page, "alerts")
    _segment_shows(page, MARKET, crowd)
    _open_from_sidebar(page, "trends")
    chips = page.locator(MAIN).locator("[data-testid=stMultiSelect] [data-tag]")
    expect(chips).to_have_count(len(picked), timeout=T)
    assert _picked_elements(page) == picked
    assert _query(page)["element"] == ids
    _segment_shows(page, MARKET, crowd)

    # and the Trends link opens the same five elements for someone else
    fresh = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = fresh.new_page()
        goto(other, trends_url)
        _no_exception(other)
        expect(other.locator(MAIN).locator("[data-testid=stMultiSelect] [data-tag]")).to_have_count(
            len(picked), timeout=T
        )
        assert _picked_elements(other) == picked
        _segment_shows(other, MARKET, crowd)
    finally:
        fresh.close()


def raw_ids(texts: list[str]) -> list[str]:
    """The texts (legend entries, headers) that show an id, a machine time or "None"."""
    return [t for t in texts if RAW.search(t)]


def test_raw_id_check_catches_bad_samples():
    bad = ["butter_yellow", "women_35_plus", "2026-11-23T00:00:00Z", "None", "tweed · None"]
    assert raw_ids(bad) == bad
    good = ["Butter yellow · 奶油黄", "Women 35+", "Week", "4-week growth", "2026-11-23", "Nonet"]
    assert raw_ids(good) == []


def _legend_texts(page) -> list[str]:
    return page.locator(f"{MAIN} .legendtext").evaluate_all(
        "els => els.map(e => e.textContent.trim()).filter(Boolean)"
    )


def _header_texts(page) -> list[str]:
    """Column headers of every table on the page: the grid is drawn on a canvas, so they
    are read from glide data grid's accessible table (``th[role=columnheader]``), which
    it adds just after the first paint."""
    heads = page.locator(f'{MAIN} [data-testid="stDataFrame"] [role="columnheader"]')
    expect(heads.first).to_be_attached(timeout=T)
    page.wait_for_function(  # every grid, not just the first one painted, has its headers
        """sel => Array.from(document.querySelectorAll(sel)).every(
             g => g.querySelector('[role="columnheader"]'))""",
        arg=f'{MAIN} [data-testid="stDataFrame"]',
        timeout=T,
    )
    return heads.evaluate_all("els => els.map(e => e.textContent.trim()).filter(Boolean)")


@pytest.mark.parametrize("stem", ["trends", "alerts"])
def test_legends_and_table_headers_show_names_not_ids(page, app_url, stem):
    goto(page, f"{app_url}/{stem}?market={MARKET}")
    fully_drawn(page)
    _no_exception(page)
    expect(page.locator(f"{MAIN} .legendtext").first).to_be_attached(timeout=T)
    legends, headers = _legend_texts(page), _header_texts(page)
    assert legends and headers, (legends, headers)
    assert "Element" in headers
    assert raw_ids(legends) == [], legends
    assert raw_ids(headers) == [], headers


#: cells written by people (post text may carry ``#snake_case`` tags): not checked
FREE_TEXT = {"Text"}


def _cell_texts(page) -> list[str]:
    """The visible cells of every table on the page, but for free-text columns."""
    heads = page.locator(f'{MAIN} [data-testid="stDataFrame"] [role="columnheader"]')
    expect(heads.first).to_be_attached(timeout=T)
    return page.locator(f'{MAIN} [data-testid="stDataFrame"] [role="grid"]').evaluate_all(
        """(grids, skip) => grids.flatMap(g => {
          const head = {};
          g.querySelectorAll('[role="columnheader"]').forEach(
            h => { head[h.getAttribute('aria-colindex')] = h.textContent.trim(); });
          return Array.from(g.querySelectorAll('[role="gridcell"]'))
            .filter(c => !skip.includes(head[c.getAttribute('aria-colindex')]))
            .map(c => c.textContent.trim()).filter(Boolean);
        })""",
        sorted(FREE_TEXT),
    )


@pytest.mark.parametrize(
    "stem",
    [
        "trends",
        "alerts",
    ],
)
def test_table_cells_show_names_not_ids(page, app_url, stem):
    goto(page, f"{app_url}/{stem}?market={MARKET}")
    fully_drawn(page)
    cells = _cell_texts(page)
    assert cells
    assert raw_ids(cells) == [], raw_ids(cells)


def test_toolbar_is_the_viewers(page, app_url):
    """toolbarMode "viewer": no Deploy button; the menu has the viewer's entries only."""
    goto(page, f"{app_url}/")
    expect(page.locator('[data-testid="stAppDeployButton"]')).to_have_count(0)
    page.locator('[data-testid="stMainMenu"] button').first.click(timeout=T)
    popover = page.locator('[data-testid="stMainMenuPopover"]')
    expect(popover).to_be_visible(timeout=T)
    # the menu did open on its items (the check below is not vacuous)
    expect(popover.locator('[data-testid="stMainMenuItem-print"]')).to_have_count(1)
    keys = popover.locator('[data-testid^="stMainMenuItem-"]').evaluate_all(
        "els => els.map(e => e.dataset.testid.slice('stMainMenuItem-'.length))"
    )
    labels = [t.strip() for t in popover.get_by_role("menuitem").all_inner_texts()]
    assert not set(keys) & set(DEVELOPER_MENU), keys
    assert not set(labels) & set(DEVELOPER_MENU.values()), labels
    page.keyboard.press("Escape")


def _has_dataset(stem: str) -> bool:
    """The page opens with ``components.page_start(KEY)`` without ``dataset=False``."""
    src = (ROOT / "pages" / f"{stem}.py").read_text(encoding="utf-8")
    m = re.search(r"components\.page_start\(([^)]*)\)", src)
    return m is not None and "dataset=False" not in m.group(1)


@pytest.mark.parametrize("stem", [s for s in app_pages() if _has_dataset(s)])
def test_every_page_with_a_dataset_says_how_fresh_it_is(page, app_url, stem):
    goto(page, f"{app_url}/{'' if stem == 'overview' else stem}")
    caption = page.locator(MAIN).get_by_text(
        re.compile(r"^Data from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d · dataset updated \d{4}-")
    )
    expect(caption.first).to_be_visible(timeout=T)
    _no_exception(page)
