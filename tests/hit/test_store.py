"""The hit model saved beside its dataset reads back identical, and never goes stale."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from polars.testing import assert_frame_equal

from infimate.data.datasets import Dataset
from infimate.hit import store as hit_store
from infimate.hit.evaluate import LEAD_DAYS
from infimate.hit.features import product_features
from infimate.ui import hit


@pytest.fixture
def saved(demo, tmp_path):
    """A copy of the demo dataset whose model was fitted (and saved) by the UI layer."""
    copy = tmp_path / "demo"
    shutil.copytree(demo, copy, ignore=shutil.ignore_patterns(".cache"))
    fitted = hit.hit_model(str(copy))  # background job: load, else fit and save
    return copy, fitted


def test_saved_model_reads_back_identical(saved):
    path, (res, ev) = saved
    assert hit_store.model_key(path) is not None
    got = hit_store.load(path)
    assert got is not None
    res2, ev2 = got
    for a in ("mean", "sd", "params"):
        np.testing.assert_array_equal(getattr(res2.fit, a), getattr(res.fit, a))
    for a in ("boot", "zrange"):
        np.testing.assert_array_equal(getattr(res2, a), getattr(res, a))
    assert res2.encoding == res.encoding and res2.names == res.names
    assert (res2.n_train, res2.base_rate, res2.tuning, res2.levels) == (
        res.n_train,
        res.base_rate,
        res.tuning,
        res.levels,
    )
    assert_frame_equal(res2.history, res.history)
    assert ev2.model == ev.model and ev2.baseline == ev.baseline
    assert (ev2.test_from, ev2.lead_days) == (ev.test_from, ev.lead_days)
    for f in hit_store.FRAMES:
        assert_frame_equal(getattr(ev2, f), getattr(ev, f))
    ds = Dataset(path)
    prods = ds.read("products").head(50)
    feats = product_features(prods, ds.read("signals"), lead_days=LEAD_DAYS)
    np.testing.assert_allclose(res2.predict(feats).to_numpy(), res.predict(feats).to_numpy())


def test_a_lexicon_edit_or_a_damaged_file_means_refit(saved):
    path, _ = saved
    key = hit_store.model_key(path)
    (path / "lexicon.csv").write_text("element_id,type,name_en\nblokette,aesthetic,blokette\n")
    assert hit_store.model_key(path) != key
    assert hit_store.load(path) is None  # another dataset version: not this model
    (path / "lexicon.csv").unlink()
    assert hit_store.model_key(path) == key
    (path / ".cache" / "hit_model" / key / "meta.json").write_text("{not json")
    assert hit_store.load(path) is None


def test_no_products_no_model(empty_dataset):
    assert hit_store.model_key(empty_dataset) is None
    assert hit_store.load(empty_dataset) is None
