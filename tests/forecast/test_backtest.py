"""Rolling-origin backtest engine and combination rule: origins, weights, no look-ahead."""

from __future__ import annotations

import numpy as np
import pytest

from infimate.forecast.backtest import (
    backtest,
    combine,
    inner_positions,
    inverse_mase_weights,
    origin_positions,
    recent_mase,
    recent_weights,
)
from infimate.forecast.models import MODELS


def test_inverse_mase_weights_known_answer() -> None:
    w = inverse_mase_weights(np.array([[1.0, 1.0], [2.0, 2.0]]))  # models x origins
    np.testing.assert_allclose(w, [16 / 17, 1 / 17])
    np.testing.assert_allclose(inverse_mase_weights(np.zeros((3, 0))), [1 / 3] * 3)


def test_origin_positions() -> None:
    assert origin_positions(156, horizon=12, origins=5) == [92, 105, 118, 131, 144]
    assert origin_positions(40, horizon=12, origins=5) == [28]


def test_inner_positions_end_a_horizon_before_the_origin() -> None:
    assert inner_positions(156, 144, horizon=12) == [108, 111, 114, 117, 120, 123, 126, 129, 132]
    # origins of one series share the grid n - h - 3j
    assert inner_positions(156, 131, horizon=12) == [93, 96, 99, 102, 105, 108, 111, 114, 117]
    assert inner_positions(40, 40, horizon=12) == [16, 19, 22, 25, 28]
    assert inner_positions(30, 30, horizon=12) == [18]  # >= MIN_TRAIN (16) weeks of training
    assert inner_positions(27, 27, horizon=12) == []


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


def test_seasonal_models_leave_the_combination_where_none_beat_naive():
    from infimate.forecast.backtest import drop_cycle, no_cycle, recent_weights

    models = ["naive", "snaive", "ets", "harmonic"]
    recent = np.array([[[1.0], [1.2], [0.9], [1.1]], [[1.0], [1.2], [0.9], [0.8]]])  # (S, M, O)
    assert no_cycle(recent, models).tolist() == [[True], [False]]
    assert np.isinf(drop_cycle(recent, models)[0, [1, 3], 0]).all()
    w = recent_weights(recent, models=models)
    assert w[0, 1, 0] == 0 and w[0, 3, 0] == 0 and w[1, 3, 0] > w[1, 0, 0]
    assert np.allclose(w.sum(axis=1), 1.0)
