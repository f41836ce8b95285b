"""The forecast models on hand-made series: constants, seasons, trends, statsmodels agreement."""

from __future__ import annotations

import numpy as np
import pytest

from infimate.forecast.models import MODELS, DampedETS, Harmonic, Naive, SeasonalNaive, Theta


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_every_model_keeps_a_constant_constant(model: object) -> None:
    out = model.forecast_batch(np.full((2, 120), 3.0), 12)  # type: ignore[attr-defined]
    np.testing.assert_allclose(out, 3.0, atol=1e-9)


def test_seasonal_naive_needs_two_years() -> None:
    x = np.arange(100.0)[None, :]
    np.testing.assert_allclose(SeasonalNaive().forecast_batch(x, 3), [[99, 99, 99]])
    x = np.arange(104.0)[None, :]
    np.testing.assert_allclose(SeasonalNaive().forecast_batch(x, 3), [[52, 53, 54]])
    np.testing.assert_allclose(Naive().fit(np.array([1.0, 2.0])).forecast(2), [2.0, 2.0])


def test_numpy_theta_matches_statsmodels() -> None:
    rng = np.random.default_rng(0)
    t = np.arange(130)
    X = np.stack([30 + 10 * np.sin(2 * np.pi * t / 52) + rng.normal(0, 1, 130) for _ in range(3)])
    for T in (90, 130):  # without and with deseasonalisation
        ours = Theta().forecast_batch(X[:, :T], 12)
        ref = Theta(engine="statsmodels").forecast_batch(X[:, :T], 12)
        np.testing.assert_allclose(ours, ref, atol=0.15)


def test_numpy_ets_tracks_statsmodels_on_a_trend() -> None:
    rng = np.random.default_rng(0)
    x = (50 + 0.8 * np.arange(100) + rng.normal(0, 1, 100))[None, :]
    ours = DampedETS().forecast_batch(x, 12)
    ref = DampedETS(engine="statsmodels").forecast_batch(x, 12)
    # both continue the trend; within 5% of each other
    np.testing.assert_allclose(ours, ref, rtol=0.05)


def test_harmonic_log_recovers_a_multiplicative_season() -> None:
    t = np.arange(130)
    x = np.expm1(2 + np.cos(2 * np.pi * t / 52))[None, :]
    truth = np.expm1(2 + np.cos(2 * np.pi * np.arange(130, 142) / 52))
    out = Harmonic(log=True).forecast_batch(x, 12)[0]
    np.testing.assert_allclose(out, truth, rtol=0.02)
