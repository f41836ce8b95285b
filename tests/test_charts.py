"""Figure builders on tiny hand-made frames: trace count, names and values."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from infimate import charts
from infimate.data.calendar import RetailEvent

W0 = date(2026, 1, 5)


def _weeks(n, start=W0):
    return [start + timedelta(weeks=i) for i in range(n)]


def _curves():
    return pl.DataFrame(
        {
            "element": ["tweed"] * 3 + ["butter_yellow"] * 3,
            "date": _weeks(3) * 2,
            "value": [0.01, 0.02, 0.04, 0.03, 0.02, 0.01],
        }
    )


def _forecast(el, last):
    return pl.DataFrame(
        {
            "element": [el] * 2,
            "date": _weeks(2, W0 + timedelta(weeks=3)),
            "point": [last, last],
            "lo80": [last - 0.005] * 2,
            "hi80": [last + 0.005] * 2,
            "lo95": [last - 0.01] * 2,
            "hi95": [last + 0.01] * 2,
        }
    )


def test_trend_figure_lines_bands_breakouts_and_events():
    fc = pl.concat([_forecast("tweed", 0.05)])
    bo = pl.DataFrame({"element": ["tweed"], "date": [W0 + timedelta(weeks=2)]})
    ev = [RetailEvent("Black Friday", date(2026, 1, 12), ("US",))]
    fig = charts.trend_figure(
        _curves(), forecasts=fc, breakouts=bo, events=ev, colors={"butter_yellow": "#F6E27F"}
    )
    names = [t.name for t in fig.data]
    assert names == [
        "tweed",
        "tweed 95%",
        "tweed 80%",
        "tweed forecast",
        "butter_yellow",
        "breakouts",
    ]
    assert list(fig.data[0].y) == [0.01, 0.02, 0.04]
    # band polygon: hi forward then lo backwards
    assert list(fig.data[1].y) == pytest.approx([0.06, 0.06, 0.04, 0.04])
    assert list(fig.data[2].y) == pytest.approx([0.055, 0.055, 0.045, 0.045])
    # the forecast line starts at the last observed point
    assert list(fig.data[3].y) == [0.04, 0.05, 0.05]
    assert fig.data[4].line.color == "#F6E27F"
    assert list(fig.data[5].y) == [0.04] and list(fig.data[5].text) == ["tweed"]
    assert len(fig.layout.shapes) == 1 and fig.layout.annotations[0].text == "Black Friday"


def test_trend_figure_without_extras_is_one_line_per_element():
    fig = charts.trend_figure(_curves())
    assert [t.name for t in fig.data] == ["tweed", "butter_yellow"]
    assert fig.layout.shapes == ()


def test_trend_figure_empty():
    fig = charts.trend_figure(
        pl.DataFrame(schema={"element": pl.Utf8, "date": pl.Date, "value": pl.Float64})
    )
    assert len(fig.data) == 0


def test_growth_heatmap_grid_and_missing_cells():
    cells = pl.DataFrame(
        {
            "crowd": ["gen_z", "gen_z", "moms"],
            "scene": ["office", "party", "office"],
            "growth_4w": [0.5, -0.2, 0.1],
        }
    )
    fig = charts.growth_heatmap(cells)
    h = fig.data[0]
    assert list(h.x) == ["office", "party"] and list(h.y) == ["gen_z", "moms"]
    assert [list(r) for r in h.z] == [[0.5, -0.2], [0.1, None]]


def test_kol_lag_scales_each_line_to_its_peak():
    c = pl.DataFrame(
        {"date": _weeks(3), "mentions": [2.0, 4.0, 8.0], "kol_mentions": [1.0, 2.0, 1.0]}
    )
    fig = charts.kol_lag_figure(c)
    assert [t.name for t in fig.data] == ["all mentions", "KOL mentions"]
    assert list(fig.data[0].y) == [0.25, 0.5, 1.0]
    assert list(fig.data[1].y) == [0.5, 1.0, 0.5]
    assert list(fig.data[1].customdata) == [1.0, 2.0, 1.0]


def test_split_bar_sorted_largest_on_top():
    f = pl.DataFrame({"market": ["US", "CN", "GB"], "mentions": [5, 9, 1]})
    bar = charts.split_bar(f, by="market").data[0]
    assert list(bar.y) == ["GB", "US", "CN"] and list(bar.x) == [1, 5, 9]


def test_lead_time_histogram_model_and_baseline():
    fig = charts.lead_time_histogram([7.0, 14.0, 28.0], baseline=[7.0])
    assert [t.name for t in fig.data] == ["early-signal score", "naive baseline"]
    assert list(fig.data[0].x) == [7.0, 14.0, 28.0]
    assert len(charts.lead_time_histogram([7.0]).data) == 1


def test_calibration_figure_has_diagonal_and_points():
    bins = pl.DataFrame({"predicted": [0.05, 0.3], "observed": [0.04, 0.35], "n": [100, 9]})
    fig = charts.calibration_figure(bins)
    assert list(fig.data[0].x) == [0, 0.35]
    assert list(fig.data[1].y) == [0.04, 0.35]


def test_contributions_sorted_by_magnitude_and_coloured_by_sign():
    c = pl.DataFrame({"feature": ["a", "b", "c"], "contribution": [0.1, -0.9, 0.5]})
    bar = charts.contributions_figure(c).data[0]
    assert list(bar.y) == ["a", "c", "b"]
    assert list(bar.marker.color) == ["#59A14F", "#59A14F", "#E15759"]


def test_counts_sparkline():
    assert list(charts.counts_sparkline([0, 3, 7]).data[0].y) == [0, 3, 7]
