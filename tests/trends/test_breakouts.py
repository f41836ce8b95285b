"""Breakout rule (trends.breakouts) on hand-made series, and matching alerts to breakouts."""

from datetime import date, timedelta

import numpy as np
import polars as pl

from infimate.trends.breakouts import BreakoutRule, breakout_condition, breakout_weeks, match_alerts

RULE = BreakoutRule(floor=0.5)


def test_step_breaks_out_once_when_the_4_week_mean_doubles():
    y = np.r_[np.full(40, 1.0), np.full(30, 5.0)]
    # mean of weeks 38..41 = (1+1+5+5)/4 = 3 > 2 × median(1); week 40's mean is exactly 2
    assert breakout_weeks(y, RULE) == [41]


def test_needs_half_a_year_of_history():
    y = np.r_[np.full(10, 1.0), np.full(30, 5.0)]
    assert breakout_weeks(y, RULE) == []


def test_floor_blocks_tiny_series():
    y = np.r_[np.full(40, 0.01), np.full(10, 0.1)]
    assert breakout_weeks(y, RULE) == []


def test_ramp_breaks_out_where_it_crosses_double_the_median():
    y = np.r_[np.full(52, 1.0), np.linspace(1, 4, 30)]
    (t,) = breakout_weeks(y, RULE)
    m4 = y[t - 3 : t + 1].mean()
    assert m4 > 2.0 and y[t - 4 : t].mean() <= 2.0


def test_refractory_gives_one_breakout_per_rise_and_a_new_one_after_a_quiet_spell():
    y = np.r_[np.full(40, 1.0), np.full(12, 5.0), np.full(40, 1.0), np.full(10, 5.0)]
    assert breakout_weeks(y, RULE) == [41, 93]


def test_seasonal_wave_below_k_is_not_a_breakout():
    t = np.arange(156)
    y = 10 + 3 * np.cos(2 * np.pi * t / 52)
    assert breakout_weeks(y, BreakoutRule(floor=1)) == []


def test_condition_uses_only_the_past():
    y = np.r_[np.full(40, 1.0), np.full(12, 5.0)]
    full = breakout_condition(y, RULE)
    for t in range(len(y)):
        assert breakout_condition(y[: t + 1], RULE)[t] == full[t]


def _d(i):
    return date(2025, 1, 6) + timedelta(weeks=i)


def test_match_alerts_precision_recall_lead_and_pending():
    keys = ["element"]
    breakouts = pl.DataFrame({"element": ["a", "b"], "date": [_d(10), _d(20)]})
    alerts = pl.DataFrame(
        {"element": ["a", "a", "b", "c", "c"], "date": [_d(6), _d(9), _d(1), _d(5), _d(29)]}
    )
    s = match_alerts(
        alerts, breakouts, keys=keys, horizon_days=84, series_years=3.0, n_series=3, end=_d(30)
    )
    # a@6, a@9 true; b@1 too early (19 weeks); c@5 false; c@29 pending (< horizon before end)
    assert (s.alerts, s.true_alerts, s.pending) == (4, 2, 1)
    assert s.precision == 0.5
    assert s.recall == 0.5  # a detected, b not
    assert s.lead_days == (28,)
    assert s.false_alarms_per_series_year == round(2 / 3, 4)
