"""forecast_series on hand-made series with known answers, and with a pooled calibration."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
from polars.testing import assert_frame_equal

from infimate.forecast.backtest import COMBINATION_RULE
from infimate.forecast.evaluate import forecast_eval
from infimate.forecast.models import MODELS, Naive, SeasonalNaive
from infimate.forecast.series import Forecast, forecast_series
from tests.fixtures.simulated_series import long_signals, simulated


def weekly(values: np.ndarray, start: dt.date = dt.date(2023, 1, 2)) -> pl.DataFrame:
    dates = [start + dt.timedelta(weeks=i) for i in range(len(values))]
    return pl.DataFrame({"date": dates, "value": np.asarray(values, dtype=float)})


def test_constant_series_gives_flat_forecast_equal_to_constant() -> None:
    f = forecast_series(weekly(np.full(80, 7.0)), horizon=6)
    expected = pl.DataFrame(
        {
            "date": [dt.date(2023, 1, 2) + dt.timedelta(weeks=80 + k) for k in range(6)],
            **{c: [7.0] * 6 for c in ("point", "lo80", "hi80", "lo95", "hi95")},
        }
    )
    assert_frame_equal(f.frame, expected)
    assert "flat" in f.method


def test_all_zero_series_is_labelled_fallback_at_zero() -> None:
    f = forecast_series(weekly(np.zeros(40)), horizon=3)
    assert f.point == (0.0, 0.0, 0.0)
    assert f.method == "naive (flat series fallback)"


def test_short_series_is_labelled_fallback() -> None:
    f = forecast_series(weekly(np.array([1.0, 3.0, 2.0, 4.0, 3.0, 5.0])), horizon=4)
    assert f.method == "naive (short series fallback)"
    assert f.point == (5.0,) * 4
    lo, hi = f.frame["lo80"].to_numpy(), f.frame["hi80"].to_numpy()
    assert (lo <= 5.0).all() and (hi >= 5.0).all() and (lo >= 0).all()
    assert np.all(np.diff(hi - lo) > 0)  # random-walk intervals widen


def test_linear_trend_continues() -> None:
    t = np.arange(120)
    f = forecast_series(weekly(10 + 0.5 * t), horizon=12)
    truth = 10 + 0.5 * np.arange(120, 132)
    assert f.method == "combined"
    np.testing.assert_allclose(np.array(f.point), truth, rtol=0.03)
    assert np.all(np.diff(f.point) > 0)
    w = dict(f.weights)
    assert w["ets"] > w["naive"]


def test_seasonal_wave_is_recovered_with_two_years() -> None:
    t = np.arange(156)
    y = 20 + 8 * np.sin(2 * np.pi * t / 52)
    f = forecast_series(weekly(y), horizon=12)
    truth = 20 + 8 * np.sin(2 * np.pi * np.arange(156, 168) / 52)
    np.testing.assert_allclose(np.array(f.point), truth, atol=0.2)
    bt = dict(f.backtest.select("model", "mase").iter_rows())
    assert bt["snaive"] < bt["naive"]  # exact once it has 2 years of history


def test_step_change_forecasts_the_new_level() -> None:
    y = np.r_[np.full(100, 5.0), np.full(30, 20.0)]
    y = y + 0.3 * np.sin(np.arange(130))  # not perfectly flat
    f = forecast_series(weekly(y), horizon=8)
    np.testing.assert_allclose(np.array(f.point), 20.0, atol=1.0)


def test_pandas_series_input_and_result_shape() -> None:
    rng = np.random.default_rng(1)
    idx = pd.date_range("2022-01-03", periods=130, freq="W-MON")
    s = pd.Series(50 + np.cumsum(rng.normal(0, 1, 130)), index=idx)
    f = forecast_series(s, horizon=12)
    assert isinstance(f, Forecast)
    assert f.frame.columns == ["date", "point", "lo80", "hi80", "lo95", "hi95"]
    assert f.frame["date"][0] == (idx[-1] + pd.Timedelta(weeks=1)).date()
    assert abs(sum(w for _, w in f.weights) - 1) < 1e-6
    fr = f.frame
    assert (fr["lo95"] <= fr["lo80"]).all() and (fr["lo80"] <= fr["hi80"]).all()
    assert (fr["hi80"] <= fr["hi95"]).all()
    assert f.origins == 5 and f.naive_mase is not None
    assert "MASE" in COMBINATION_RULE


def test_non_negative_intervals_are_clipped_at_zero() -> None:
    rng = np.random.default_rng(3)
    y = np.clip(rng.normal(1.0, 2.0, 120), 0, None)
    f = forecast_series(weekly(y), horizon=12)
    assert (f.frame["lo95"] >= 0).all()


def test_fallbacks_are_labelled_where_they_happen() -> None:
    # a label says a model does not run as itself: its forecast equals what it names
    rng = np.random.default_rng(3)
    for weeks in (50, 80, 104):
        x = 50 + rng.normal(0, 5, weeks)
        labels = {m.name: m.fallback(weeks) for m in MODELS}
        same_as_naive = np.allclose(
            SeasonalNaive().forecast_batch(x[None], 12), Naive().forecast_batch(x[None], 12)
        )
        assert labels["snaive"].startswith("= naive") == same_as_naive
        assert bool(labels["harmonic"]) == (weeks < 60)
        assert bool(labels["theta"]) == (weeks < 104)
        assert labels["naive"] == labels["ets"] == ""
    f = forecast_series(weekly(50 + rng.normal(0, 5, 80)), horizon=12)
    table = dict(zip(f.backtest["model"], f.backtest["fallback"], strict=True))
    assert table["snaive"] == "= naive (< 2 years of history)"
    # 80 weeks is enough for the harmonic models now, not at the first backtest origin
    assert table["harmonic_log"] == "in early backtests: = SES level (< 60 weeks of history)"
    assert table["combined"] == ""
    # 112 weeks: snaive runs as itself now, but not at the backtest origins its weight rests on
    f = forecast_series(weekly(50 + rng.normal(0, 5, 112)), horizon=12)
    table = dict(zip(f.backtest["model"], f.backtest["fallback"], strict=True))
    assert table["snaive"] == "in backtests: = naive (< 2 years of history)"
    assert table["harmonic"].startswith("in early backtests: = SES") and table["naive"] == ""


def test_pooled_calibration_is_used_by_forecast_series() -> None:
    from infimate.forecast.series import forecast_series

    vals = simulated(30, 120, seed=9)
    ev = forecast_eval(long_signals(vals), horizon=12, origins=5)
    y = long_signals(vals[:1]).select("date", "value")
    own = forecast_series(y, horizon=12)
    pooled = forecast_series(y, horizon=12, calibration=ev.calibration)
    assert own.point == pooled.point
    width = pooled.frame["hi80"] - pooled.frame["lo80"]
    expected = (np.array(ev.calibration.hi80) - np.array(ev.calibration.lo80)) * float(
        np.abs(np.diff(vals[0])).mean()
    )
    np.testing.assert_allclose(width.to_numpy(), expected, rtol=1e-9)


def test_a_random_walk_is_forecast_without_the_seasonal_models_and_says_so():
    from infimate.forecast.series import NO_CYCLE_METHOD

    idx = pd.date_range("2022-01-03", periods=156, freq="W-MON")
    walk = pd.Series(50 + np.cumsum(np.random.default_rng(4).normal(0, 2, 156)), index=idx)
    fc = forecast_series(walk)
    assert fc.method == NO_CYCLE_METHOD
    weights = dict(fc.weights)
    assert all(weights[m] == 0 for m in ("snaive", "harmonic", "harmonic_log", "harmonic_log5"))
    week = np.arange(156)
    noise = np.random.default_rng(1).normal(0, 2, 156)
    cycle = pd.Series(50 + 20 * np.sin(2 * np.pi * week / 52) + noise, index=idx)
    seasonal = forecast_series(cycle)
    assert seasonal.method == "combined" and dict(seasonal.weights)["harmonic"] > 0
