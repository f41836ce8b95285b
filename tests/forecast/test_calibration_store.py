"""The forecast-interval calibration saved beside its dataset reads back identical,
is used instead of a recomputation, and never goes stale."""

from __future__ import annotations

import shutil

import pytest

from infimate.forecast import calibration_store
from infimate.forecast.evaluate import forecast_eval
from infimate.forecast.intervals import IntervalCalibration
from infimate.trends.curves import market_level
from infimate.ui import cached


@pytest.fixture
def copy(demo, tmp_path):
    out = tmp_path / "demo"
    shutil.copytree(demo, out, ignore=shutil.ignore_patterns(".cache"))
    return out


def test_first_use_saves_and_a_restart_reads_it_back(copy, monkeypatch):
    assert calibration_store.load(copy) is None
    cal = cached.forecast_calibration(str(copy))
    assert isinstance(cal, IntervalCalibration) and cal.n_errors > 0
    sig = cached.signals(str(copy))
    expect = forecast_eval(
        market_level(sig), horizon=calibration_store.HORIZON, origins=calibration_store.ORIGINS
    ).calibration
    assert cal == expect
    assert calibration_store.load(copy) == expect  # what a restarted server reads

    cached.clear()  # a "restart": the saved one is used, the backtest is not run

    def no_backtest(*a, **k):
        raise AssertionError("recomputed although saved")

    monkeypatch.setattr("infimate.forecast.evaluate.forecast_eval", no_backtest)
    assert cached.forecast_calibration(str(copy)) == expect


def test_new_data_a_lexicon_edit_or_a_damaged_file_means_recompute(copy):
    cal = IntervalCalibration((-1.0,), (1.0,), (-2.0,), (2.0,), n_errors=7)
    k = calibration_store.key(copy)
    assert calibration_store.save(copy, cal) is cal and calibration_store.load(copy) == cal
    (copy / "lexicon.csv").write_text("element_id,type,name_en\nblokette,aesthetic,blokette\n")
    assert calibration_store.key(copy) != k and calibration_store.load(copy) is None
    (copy / "lexicon.csv").unlink()
    assert calibration_store.load(copy) == cal
    f = copy / ".cache" / calibration_store.KIND / k / "calibration.json"
    f.write_text('{"lo80": [1.0]}')
    assert calibration_store.load(copy) is None


def test_a_read_only_dataset_still_gets_its_calibration(copy):
    cal = IntervalCalibration((-1.0,), (1.0,), (-2.0,), (2.0,), n_errors=7)
    (copy / ".cache").write_text("not a directory")  # nothing can be saved under it
    assert calibration_store.save(copy, cal) is cal
    assert calibration_store.load(copy) is None
