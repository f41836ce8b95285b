"""The merchandiser journey in real Chromium, on the small demo world.

Segment (sidebar market) → a rising element (Trends, its default selection is the top
rising element of the segment) → that element's alert evidence (Alerts) → a candidate
style with it (Hit predictor) → predict → selling copy (Copy studio) → the brand-partner
report as PDF, downloaded and checked (starts with %PDF, has at least one page).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from infimate.benchmarks.live import goto, pick_option, settle
from infimate.data.datasets import Dataset

MARKET = "US"
T = 120_000


def _names(dataset) -> dict[str, str]:
    """element_id -> the label the pages show ("name_en · name_zh")."""
    from infimate.elements.lexicon import load_lexicon

    lex = load_lexicon(Dataset(dataset))
    return {
        r["element_id"]: " · ".join(x for x in (r["name_en"], r["name_zh"]) if x)
        for r in lex.select("element_id", "name_en", "name_zh").iter_rows(named=True)
    }


def _no_exception(page) -> None:
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, exc.first.inner_text()


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_merchandiser_journey(page, app_url, e2e_dataset, tmp_path):
    names = _names(e2e_dataset)
    main = page.locator('[data-testid="stMainBlockContainer"]')

    # 1. segment: the sidebar market, synced to the URL
    goto(page, f"{app_url}/")
    pick_option(page, "Market", MARKET)
    settle(page)
    expect(page).to_have_url(re.compile(rf"market={MARKET}"), timeout=T)
    expect(main.get_by_text(f"Top rising elements · Market: {MARKET}")).to_be_visible(timeout=T)
    _no_exception(page)

    # 2. a rising element: Trends opens on the segment's top rising elements
    goto(page, f"{app_url}/trends?market={MARKET}")
    expect(page).to_have_url(re.compile(r"element="), timeout=T)
    rising = _query(page)["element"]
    expect(main.locator('[data-testid="stPlotlyChart"]').first).to_be_visible(timeout=T)
    _no_exception(page)

    # 3. its alert evidence (the first alert of a rising element, else the strongest)
    goto(page, f"{app_url}/alerts?market={MARKET}")
    box = main.get_by_role("combobox", name="Evidence for", exact=True)
    expect(box).to_be_visible(timeout=T)
    box.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible(timeout=T)
    labels = options.all_inner_texts()
    assert labels, "no alerts in the demo world for the market"
    hit = next((i for i, t in enumerate(labels) for e in rising if t.startswith(names[e])), 0)
    element = next(
        (
            e
            for e in sorted(names, key=lambda e: -len(names[e]))
            if labels[hit].startswith(names[e])
        ),
        rising[0],
    )
    options.nth(hit).click()
    settle(page)
    expect(main.get_by_text("First KOL post (12 weeks)")).to_be_visible(timeout=T)
    confidence = main.get_by_test_id("stMetricLabel").get_by_text("Confidence", exact=True)
    expect(confidence).to_be_visible(timeout=T)
    _no_exception(page)

    # 4-5. a candidate style with the element, predicted
    goto(page, f"{app_url}/hit_predictor?market={MARKET}")
    ms = main.get_by_role("combobox", name="Elements", exact=True)
    expect(ms).to_be_visible(timeout=T)
    ms.fill(names[element].split(" · ")[0])
    page.get_by_role("option", name=names[element], exact=True).click()
    page.keyboard.press("Escape")
    # the form offers real markets only (scoring rejects "all") and starts on the URL's
    market_box = main.get_by_role("combobox", name="Market", exact=True)
    expect(market_box).to_have_value(MARKET, timeout=T)
    main.get_by_role("button", name="Score candidate").click()
    settle(page)
    verdict = main.get_by_text(re.compile(r"candidate: hit probability \d+%"))
    expect(verdict).to_be_visible(timeout=T)
    p = int(re.search(r"hit probability (\d+)%", verdict.inner_text()).group(1))
    assert 0 <= p <= 100
    _no_exception(page)

    # 6. selling copy for the element (offline writer)
    goto(page, f"{app_url}/copy_studio?element={element}&market={MARKET}")
    main.get_by_role("button", name="Write").click()
    settle(page)
    code = main.locator('[data-testid="stCode"]').first
    expect(code).to_be_visible(timeout=T)
    assert len(code.inner_text().strip()) > 20
    expect(main.get_by_text("Written by: offline")).to_be_visible(timeout=T)
    _no_exception(page)

    # 7. the brand-partner report, as a PDF that opens
    goto(page, f"{app_url}/report?market={MARKET}")
    main.get_by_role("button", name="Build PDF report").click()
    settle(page, timeout_ms=180_000)
    download = main.get_by_role("button", name=re.compile(r"Download PDF"))
    expect(download).to_be_visible(timeout=180_000)
    with page.expect_download(timeout=T) as info:
        download.click()
    pdf = tmp_path / "briefing.pdf"
    info.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 1
    _no_exception(page)
