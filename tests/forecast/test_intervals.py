"""Interval calibration from backtest errors: quantiles with a known answer."""

from __future__ import annotations

import numpy as np
import pytest

from infimate.forecast.intervals import IntervalCalibration


def test_calibration_quantiles_known_answer() -> None:
    errors = np.tile(np.arange(-50, 51, dtype=float)[:, None], (1, 2))  # 101 errors, 2 steps
    cal = IntervalCalibration.from_errors(errors)
    assert cal.lo80[0] == pytest.approx(-40.4, abs=0.5)
    assert cal.hi95[1] == pytest.approx(48.5, abs=0.6)
    b = cal.bounds(np.array([1.0, 1.0]), 0.1, nonnegative=True)
    assert b["lo95"].tolist() == [0.0, 0.0]
