"""Backtest engine, combination rule, interval calibration, forecast-eval CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.cli.main import main
from infimate.forecast.backtest import (
    backtest,
    combine,
    inner_positions,
    inverse_mase_weights,
    origin_positions,
    recent_mase,
    recent_weights,
)
from infimate.forecast.evaluate import forecast_eval
from infimate.forecast.intervals import IntervalCalibration
from infimate.forecast.models import MODELS

JSON_KEYS = {
    "series",
    "horizon",
    "origins",
    "mase",
    "beats_naive_share",
    "coverage_80",
    "coverage_95",
    "seconds",
}


def long_signals(values: np.ndarray, *, start: dt.date = dt.date(2022, 1, 3)) -> pl.DataFrame:
    """(S, T) array -> long signals frame, one element per row of ``values``."""
    S, T = values.shape
    dates = [start + dt.timedelta(weeks=i) for i in range(T)]
    return pl.DataFrame(
        {
            "date": dates * S,
            "element": [f"e{s}" for s in range(S) for _ in range(T)],
            "value": values.ravel(),
        }
    )


def test_inverse_mase_weights_known_answer() -> None:
    w = inverse_mase_weights(np.array([[1.0, 1.0], [2.0, 2.0]]))  # models x origins
    np.testing.assert_allclose(w, [16 / 17, 1 / 17])
    np.testing.assert_allclose(inverse_mase_weights(np.zeros((3, 0))), [1 / 3] * 3)


def test_origin_positions() -> None:
    assert origin_positions(156, horizon=12, origins=5) == [92, 105, 118, 131, 144]
    assert origin_positions(40, horizon=12, origins=5) == [28]


def test_no_look_ahead_in_backtest_weights_and_combination() -> None:
    rng = np.random.default_rng(5)
    y = 50 + np.cumsum(rng.normal(0, 1, 140))
    pos = origin_positions(140, horizon=12, origins=4)
    j = 2  # change everything from origin j on
    y2 = y.copy()
    y2[pos[j] :] += rng.normal(0, 20, 140 - pos[j])
    bt1 = backtest([y], horizon=12, origins=4)
    bt2 = backtest([y2], horizon=12, origins=4)
    np.testing.assert_array_equal(bt1.forecasts[:, :, : j + 1], bt2.forecasts[:, :, : j + 1])
    np.testing.assert_array_equal(bt1.recent[:, :, : j + 1], bt2.recent[:, :, : j + 1])
    c1 = combine(bt1, recent_weights(bt1.recent))
    c2 = combine(bt2, recent_weights(bt2.recent))
    np.testing.assert_array_equal(c1[:, : j + 1], c2[:, : j + 1])
    assert not np.array_equal(c1[:, j + 1], c2[:, j + 1])  # the change does reach later origins


def test_inner_positions_end_a_horizon_before_the_origin() -> None:
    assert inner_positions(156, 144, horizon=12) == [108, 111, 114, 117, 120, 123, 126, 129, 132]
    # origins of one series share the grid n - h - 3j
    assert inner_positions(156, 131, horizon=12) == [93, 96, 99, 102, 105, 108, 111, 114, 117]
    assert inner_positions(40, 40, horizon=12) == [16, 19, 22, 25, 28]
    assert inner_positions(30, 30, horizon=12) == [18]  # >= MIN_TRAIN (16) weeks of training
    assert inner_positions(27, 27, horizon=12) == []


def test_recent_mase_known_answer_and_weights() -> None:
    """A pure line: naive is off by the slope × steps, the trend models are exact."""
    y = np.arange(80, dtype=float)
    r = recent_mase([y], [[80]], horizon=4)[0, :, 0]
    names = [m.name for m in MODELS]
    # naive's MASE on a unit-slope line: mean(1..4) / 1 = 2.5 at every inner origin
    assert r[names.index("naive")] == pytest.approx(2.5)
    assert r.argmin() == names.index("ets")  # the damped trend follows the line
    assert r[names.index("ets")] < 0.3
    w = recent_weights(r[None, :, None])[0, :, 0]
    assert w.sum() == pytest.approx(1.0)
    assert w[names.index("ets")] > 0.9 and w[names.index("naive")] < 0.01
    # no inner backtest fits a short series: equal weights
    short = recent_mase([y[:25]], [[25]], horizon=12)
    assert np.isnan(short).all()
    np.testing.assert_allclose(recent_weights(short), 1 / len(MODELS))


def test_calibration_quantiles_known_answer() -> None:
    errors = np.tile(np.arange(-50, 51, dtype=float)[:, None], (1, 2))  # 101 errors, 2 steps
    cal = IntervalCalibration.from_errors(errors)
    assert cal.lo80[0] == pytest.approx(-40.4, abs=0.5)
    assert cal.hi95[1] == pytest.approx(48.5, abs=0.6)
    b = cal.bounds(np.array([1.0, 1.0]), 0.1, nonnegative=True)
    assert b["lo95"].tolist() == [0.0, 0.0]


def _simulated(n: int, T: int, seed: int) -> np.ndarray:
    """Local-level (ETS(A,N,N)) series with random noise/level variances, offset > 0."""
    rng = np.random.default_rng(seed)
    sig = rng.uniform(0.5, 3, (n, 1))
    level = 200 + np.cumsum(rng.normal(0, 1, (n, T)) * sig * rng.uniform(0.2, 1, (n, 1)), axis=1)
    return level + rng.normal(0, 1, (n, T)) * sig


def test_intervals_cover_at_about_the_stated_rate_on_simulated_series() -> None:
    ev = forecast_eval(long_signals(_simulated(200, 130, seed=11)), horizon=12, origins=5)
    assert ev.series == 200
    assert 0.70 <= ev.coverage_80 <= 0.90
    assert 0.88 <= ev.coverage_95 <= 0.99


def test_short_series_are_skipped_and_counted() -> None:
    vals = _simulated(3, 120, seed=2)
    df = pl.concat(
        [
            long_signals(vals),
            long_signals(np.full((1, 30), 4.0)).with_columns(element=pl.lit("short")),
        ]
    )
    ev = forecast_eval(df, horizon=12, origins=5)
    assert (ev.series, ev.skipped) == (3, 1)
    assert set(ev.scores["model"]) >= {"naive", "combined"}
    naive = ev.summary.filter(pl.col("model") == "naive")
    assert_frame_equal(
        naive.select("beats_naive_share"), pl.DataFrame({"beats_naive_share": [0.0]})
    )


def test_series_keys_split_markets(tmp_path: Path) -> None:
    vals = _simulated(2, 110, seed=4)
    df = long_signals(vals).with_columns(
        element=pl.lit("x"), market=pl.Series(["US"] * 110 + ["GB"] * 110)
    )
    ev = forecast_eval(df, horizon=12, origins=5)
    assert ev.series == 2
    assert sorted(ev.scores["market"].unique()) == ["GB", "US"]


def test_cli_json_keys_on_tiny_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "signals.csv"
    long_signals(_simulated(3, 110, seed=3)).write_csv(f)
    assert main(["forecast-eval", "--signals", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == JSON_KEYS
    assert out["series"] == 3 and out["horizon"] == 12 and out["origins"] == 5
    assert "combined" in out["mase"] and "combined" in out["beats_naive_share"]


def test_cli_reports_missing_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast-eval", "--dataset", str(tmp_path)]) == 2
    assert "signals.parquet" in capsys.readouterr().err


def test_combined_beats_naive_on_real_series(shared_trends: Path) -> None:
    df = pl.read_csv(shared_trends, try_parse_dates=True)
    keys = df.select("element", "market").unique().sort("element", "market")
    subset = keys.gather_every(18)  # 60 of 1,070 series, spread over words and countries
    ev = forecast_eval(df.join(subset, on=["element", "market"]), horizon=12, origins=5)
    assert ev.series == subset.height
    m = dict(ev.summary.select("model", "mase").iter_rows())
    share = dict(ev.summary.select("model", "beats_naive_share").iter_rows())
    assert m["combined"] < 0.85 * m["naive"]
    assert share["combined"] >= 0.8
    assert 0.7 <= ev.coverage_80 <= 0.9


def test_cli_dataset_dir_treats_each_key_as_a_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vals = _simulated(2, 110, seed=8)
    df = pl.concat(
        [
            long_signals(vals).with_columns(metric=pl.lit("mentions")),
            long_signals(vals / 1000).with_columns(metric=pl.lit("share")),
        ]
    )
    df.write_parquet(tmp_path / "signals.parquet")
    assert main(["forecast-eval", "--dataset", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["series"] == 4


def test_pooled_calibration_is_used_by_forecast_series() -> None:
    from infimate.forecast.series import forecast_series

    vals = _simulated(30, 120, seed=9)
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


def test_backtest_now_equals_recent_mase_at_the_end() -> None:
    rng = np.random.default_rng(3)
    y = 30 + np.cumsum(rng.normal(0, 1, 120))
    bt = backtest([y], horizon=12, origins=3, now=True)
    np.testing.assert_array_equal(bt.now, recent_mase([y], [[120]], horizon=12)[:, :, 0])
    np.testing.assert_array_equal(
        bt.recent, recent_mase([y], [origin_positions(120, horizon=12, origins=3)], horizon=12)
    )
    assert backtest([y], horizon=12, origins=3).now is None
    assert np.isnan(backtest([y], horizon=12, origins=3, recent=False).recent).all()
