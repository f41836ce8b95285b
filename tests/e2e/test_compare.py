"""Compare in real Chromium: one element across markets as small multiples named by country,
the world map view, two segments side by side; the Hit predictor's first visit does not fit
the model (it was fitted when the dataset was built)."""

from __future__ import annotations

from playwright.sync_api import expect

from infimate.benchmarks.live import goto, settle

T = 120_000
MAIN = '[data-testid="stMainBlockContainer"]'


def test_element_across_markets_map_and_two_segments(page, app_url):
    goto(page, f"{app_url}/compare?element=butter_yellow")
    main = page.locator(MAIN)
    titles = main.locator(".js-plotly-plot .annotation-text")
    expect(titles.first).to_be_visible(timeout=T)
    shown = set(titles.evaluate_all("els => els.map(e => e.textContent)"))
    assert {"United States", "United Kingdom", "China"} <= shown, shown
    assert not {"US", "GB", "CN"} & shown  # names, not codes
    page.route("**/*", lambda r: r.abort() if "cdn.plot.ly" in r.request.url else r.continue_())
    main.get_by_text("World map", exact=True).click()  # base map tiles blocked: no internet
    settle(page)
    expect(
        main.locator(".js-plotly-plot .choroplethlayer, .js-plotly-plot .geo")
    ).not_to_have_count(0)
    main.get_by_role("tab", name="Two segments").click()
    settle(page)
    expect(main.get_by_text("Market B", exact=True)).to_be_visible(timeout=T)
    expect(main.get_by_text("Biggest growth gap first", exact=False)).to_be_visible(timeout=T)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_hit_predictor_first_visit_does_not_fit(page, app_url):
    goto(page, f"{app_url}/hit_predictor")
    settle(page)
    assert page.get_by_text("Fitting the hit model", exact=False).count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
