"""The merchandiser's reading of a backtest: kinds, matched precision, false alarms by stage."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from infimate.trends.curves import Panel
from infimate.trends.scorecard import (
    Point,
    at_precision,
    breakout_kinds,
    by_half,
    by_kind,
    false_alarms,
    missed_breakouts,
    stage_counts,
)

W0 = date(2024, 1, 1)
WEEKS = tuple(W0 + timedelta(weeks=i) for i in range(160))


def _panel(rows: dict[str, np.ndarray]) -> Panel:
    keys = pl.DataFrame({"element": list(rows), "market": ["US"] * len(rows)})
    return Panel(keys, WEEKS[: len(next(iter(rows.values())))], np.stack(list(rows.values())))


def test_at_precision_takes_the_least_strict_threshold_that_reaches_it():
    pts = [Point(1.5, 0.3, 0.7, 21.0), Point(1.7, 0.46, 0.6, 14.0), Point(1.9, 0.62, 0.3, 7.0)]
    assert at_precision(pts, 0.45)["threshold"] == 1.7
    never = at_precision(pts, 0.9)
    assert never["threshold"] == 1.9 and never["reaches"] is False
    assert at_precision(pts, None) is None and at_precision([], 0.5) is None


def test_breakouts_that_came_at_the_same_weeks_before_are_seasonal_returns():
    week = np.arange(52)
    bump = 10 + 30 * np.exp(-0.5 * ((week - 20) / 2.0) ** 2)
    seasonal = np.tile(bump, 3)
    new = np.r_[np.full(120, 10.0), np.full(36, 40.0)]
    p = _panel({"coat": seasonal, "vest": new[:156]})
    b = pl.DataFrame(
        {
            "element": ["coat", "coat", "vest"],
            "market": "US",
            "date": [WEEKS[18], WEEKS[70], WEEKS[123]],
        }
    )
    kinds = breakout_kinds(p, b, ["element", "market"])["kind"].to_list()
    assert kinds == ["new rise", "seasonal return", "new rise"]  # the first spring is new


def test_by_kind_scores_each_kind_against_all_breakouts():
    keys = {"element": ["a", "b", "c"], "market": "US"}
    alerts = pl.DataFrame(
        keys
        | {
            "date": [WEEKS[10], WEEKS[10], WEEKS[10]],
            "kind": ["seasonal return", "new rise", "new rise"],
        }
    )
    breakouts = pl.DataFrame(
        {
            "element": ["a", "b", "d"],
            "market": "US",
            "date": [WEEKS[13], WEEKS[40], WEEKS[12]],
            "kind": ["seasonal return", "new rise", "new rise"],
        }
    )
    out = by_kind(
        alerts,
        breakouts,
        keys=["element", "market"],
        horizon_days=84,
        series_years=10.0,
        n_series=4,
    )
    assert out["seasonal return"] == {
        "alerts": 1,
        "precision": 1.0,
        "breakouts": 1,
        "recall": 1.0,
        "median_lead_days": 21.0,
    }
    assert out["new rise"]["precision"] == 0.0  # b broke out too late, c never
    assert out["new rise"]["breakouts"] == 2 and out["new rise"]["recall"] == 0.0


def test_false_alarms_carry_the_stage_the_curve_was_in():
    spike = np.r_[np.full(60, 10.0), 30.0, 32.0, 11.0, 10.0, np.full(40, 10.0)]
    p = _panel({"hat": spike})
    alerts = pl.DataFrame(
        {"element": ["hat"], "market": "US", "date": [WEEKS[63]], "kind": ["new rise"]}
    )
    none = pl.DataFrame(schema={"element": pl.String, "market": pl.String, "date": pl.Date})
    false = false_alarms(p, alerts, none, keys=["element", "market"], horizon_days=84)
    assert false.select("element", "stage").rows() == [("hat", "one-off spike")]
    assert stage_counts(false) == {"one-off spike": 1}


def test_an_alert_whose_horizon_has_not_passed_is_not_a_false_alarm():
    p = _panel({"hat": np.full(104, 10.0)})
    late = pl.DataFrame({"element": ["hat"], "market": "US", "date": [WEEKS[100]]})
    none = pl.DataFrame(schema={"element": pl.String, "market": pl.String, "date": pl.Date})
    assert false_alarms(p, late, none, keys=["element", "market"], horizon_days=84).is_empty()


def test_missed_breakouts_carry_the_stage_the_week_before():
    jump = np.r_[np.full(60, 10.0), np.full(20, 40.0)]  # from nowhere: no week to warn
    ramp = np.r_[np.full(60, 10.0), np.linspace(12, 40, 20)]
    p = _panel({"hat": jump, "cap": ramp})
    breakouts = pl.DataFrame(
        {"element": ["hat", "cap"], "market": "US", "date": [WEEKS[60], WEEKS[66]]}
    )
    seen = pl.DataFrame({"element": ["cap"], "market": "US", "date": [WEEKS[62]]})
    out = missed_breakouts(p, seen, breakouts, keys=["element", "market"], horizon_days=84)
    assert out.select("element", "date", "stage").rows() == [("hat", WEEKS[60], "dormant")]
    late = pl.DataFrame({"element": ["cap"], "market": "US", "date": [WEEKS[67]]})
    out = missed_breakouts(p, late, breakouts, keys=["element", "market"], horizon_days=84)
    assert out["element"].to_list() == ["hat", "cap"]  # an alert after it is no warning


def test_halves_split_the_sorted_markets_at_even_and_odd_positions():
    b = pl.DataFrame(
        {"element": "hat", "market": ["US", "GB", "DE", "FR"], "date": [WEEKS[70]] * 4}
    )
    a = pl.DataFrame({"element": "hat", "market": ["DE", "US"], "date": [WEEKS[65]] * 2})
    kw = {"keys": ["element", "market"], "horizon_days": 84, "series_years": 4.0}
    halves = by_half(a, b, n_series={"US": 1, "GB": 1, "DE": 1, "FR": 1}, **kw)
    assert halves["even"]["markets"] == ["DE", "GB"] and halves["odd"]["markets"] == ["FR", "US"]
    assert halves["even"]["recall"] == 0.5 and halves["odd"]["recall"] == 0.5
    assert halves["even"]["precision"] == 1.0 and halves["even"]["series"] == 2
    assert by_half(a, b, n_series={"US": 4}, **kw) == {}
