"""Hit metrics (infimate.hit.metrics): AUC, picks hit rate, Brier and reliability, known answers."""

from __future__ import annotations

import numpy as np
import pytest

from infimate.hit.metrics import auc, brier, picks_hit_rate, reliability


def test_metrics_known_answers():
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 0], float)
    p = np.array([0.9, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert auc(p, y) == pytest.approx(1.0 - 1 / 16)  # one of 16 pairs misordered
    assert picks_hit_rate(p, y) == 1.0  # top 1 of 10
    assert picks_hit_rate(np.full(10, 0.5), y) == pytest.approx(0.2)  # all tied: the mean
    assert auc(p, np.zeros(10)) is None
    assert brier(np.full(10, 0.2), y) == pytest.approx((2 * 0.64 + 8 * 0.04) / 10)
    rel = reliability(p, y, bins=2)
    assert rel["n"].to_list() == [5, 5] and rel["observed_rate"].to_list() == [0.0, 0.4]
