"""Report axes (report.axes): round ticks from 0, labels in the unit that never repeat."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from infimate.report.axes import axis_title, date_ticks, nice_step, value_axis


def test_share_of_voice_ticks_are_percentages_that_differ():
    small = value_axis([0.0001, 0.00042], "share of voice")
    assert small.labels == ("0%", "0.01%", "0.02%", "0.03%", "0.04%", "0.05%")
    demo = value_axis([0.004, 0.021, 0.037], "share of voice")
    assert demo.labels == ("0%", "1%", "2%", "3%", "4%")
    assert demo.title == "share of voice (% of posts)"


def test_google_trends_index_ticks_run_from_zero_in_round_steps():
    ax = value_axis([12.0, 44.0, 77.0], "google_trends index")
    assert ax.labels == ("0", "20", "40", "60", "80")
    assert ax.title == "Google Trends index (0–100)"
    assert value_axis([96.0, 100.0], "google_trends index").labels[-1] == "100"


def test_flat_and_empty_curves_still_get_distinct_ticks():
    for values, title in (([0.0, 0.0], "share of voice"), ([], "google_trends index")):
        ax = value_axis(values, title)
        assert len(set(ax.labels)) == len(ax.labels) >= 2


def test_axis_titles_name_the_unit():
    assert axis_title("share of voice") == "share of voice (% of posts)"
    assert axis_title("value") == "value"
    assert axis_title("shop_sales units") == "shop sales units"


@given(
    lo=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    span=st.floats(min_value=1e-7, max_value=1e6, allow_nan=False),
    share=st.booleans(),
)
@example(lo=249901.0, span=99.0000001, share=False)  # top 1e-7 over a tick: float noise
def test_ticks_cover_the_data_and_read_differently(lo, span, share):
    ax = value_axis([lo, lo + span], "share of voice" if share else "google_trends index")
    # covers the data up to float noise: 1e-9 of the axis range (what value_axis tolerates)
    assert ax.lo <= 0 <= ax.hi and ax.hi >= (lo + span) - 1e-9 * (ax.hi - ax.lo)
    assert 2 <= len(ax.ticks) <= 11
    assert len(set(ax.labels)) == len(ax.labels)
    assert ax.labels[0] == ("0%" if share else "0")


def test_nice_steps_and_month_ticks():
    assert [nice_step(s) for s in (77, 0.0124, 3, 100)] == [20, 0.005, 1, 20]
    ticks = date_ticks(date(2024, 12, 2), date(2026, 2, 23))
    assert [t[1] for t in ticks][:2] == ["Jan 2025", "Apr 2025"]
    assert all(d.day == 1 for d, _ in ticks) and 4 <= len(ticks) <= 7
