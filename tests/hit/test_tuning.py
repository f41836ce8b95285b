"""Tuning and calibration of the hit model (infimate.hit.tuning), known answers."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from infimate.hit.tuning import origins, platt, tune


def test_platt_recovers_a_known_slope_and_stays_identity_when_unsound():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 2, 20_000)
    y = (rng.random(z.size) < 1 / (1 + np.exp(-(0.3 + 0.5 * z)))).astype(float)
    shift, slope = platt(z, y)
    assert shift == pytest.approx(0.3, abs=0.06) and slope == pytest.approx(0.5, abs=0.03)
    assert platt(z[:299], y[:299]) == (0.0, 1.0)  # too few predictions
    assert platt(-z, y) == (0.0, 1.0)  # a negative slope is not a calibration


def test_origins_need_a_year_of_launches_before_them():
    d = [date(2024, 1, 1) + timedelta(days=i) for i in range(640)]
    p = pl.DataFrame({"launch_date": d, "hit": [i % 7 == 0 for i in range(640)]})
    got = origins(p, 3)
    starts = [p.filter(val)["launch_date"].min() for _, val in got]
    assert starts == [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)]
    for train, val in got:  # the model never sees the quarter it predicts
        assert p.filter(train)["launch_date"].max() < p.filter(val)["launch_date"].min()
    assert origins(p.head(300), 3) == []


def test_without_origins_the_default_prior_and_no_calibration():
    p = pl.DataFrame(
        {
            "launch_date": [date(2025, 1, 1) + timedelta(days=i) for i in range(100)],
            "category": "dress",
            "element_ids": [["red"]] * 100,
            "price": None,
            "hit": [i % 10 == 0 for i in range(100)],
        }
    )
    t = tune(p, p["hit"].cast(float).to_numpy(), (0.3, 1.0), default=3.0, folds=3)
    assert (t.precision, t.origins, t.shift, t.slope, t.n_out_of_time) == (3.0, 0, 0.0, 1.0, 0)
    assert "default" in t.sentence()
