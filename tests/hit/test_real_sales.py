"""The hit model on real sales: the VISUELLE dev set (../shared/data), skipped when absent.

Train on launches before 2018-09-01, hold out the rest; hits = top decile of units within
launch quarter × category. The acceptance figures of the README come from this command.
"""

from __future__ import annotations

import json

import pytest

from infimate.cli.main import main
from tests.conftest import SHARED_DATA

PRODUCTS = SHARED_DATA / "visuelle-dev-products.csv"
SIGNALS = SHARED_DATA / "visuelle-dev-signals.csv"


@pytest.fixture(scope="module")
def dev():
    if not (PRODUCTS.exists() and SIGNALS.exists()):
        pytest.skip(f"real sales not present at {SHARED_DATA}")
    return PRODUCTS, SIGNALS


def test_beats_the_category_prior_and_is_calibrated(dev, capsys):
    products, signals = dev
    argv = ["hit-eval", "--products", str(products), "--signals", str(signals)]
    assert main([*argv, "--test-from", "2018-09-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    prior = out["baseline"]
    assert (out["n_train"], out["n_test"]) == (3030, 1214)
    assert out["auc"] >= 0.65 and out["auc"] >= prior["auc"] + 0.05
    assert out["picks_hit_rate"] >= prior["picks_hit_rate"]
    assert out["brier"] < prior["brier"]
    bins = [b for b in out["calibration"] if b["n"] >= 30]
    assert len(bins) == 10
    assert all(abs(b["observed_rate"] - b["mean_predicted"]) <= 0.08 for b in bins)
    assert out["tuning"]["origins"] == 3  # tuned inside the training launches
