"""Current alerts saved beside the dataset version: read back, never stale, never an error."""

from __future__ import annotations

import polars as pl

from infimate.data import samples
from infimate.data.datasets import Dataset
from infimate.trends import alerts_store

#: tweed climbs to twice its usual level over 4 weeks: one alert
JUMP = pl.DataFrame(
    {
        "date": samples.weeks(22),
        "element": "tweed",
        "value": [10.0, 11.0] * 9 + [15.0, 20.0, 25.0, 30.0],
    }
)


def test_saved_alerts_are_read_back_and_dropped_with_new_data(tmp_path):
    ds = samples.dataset(tmp_path, signals=JUMP)
    assert alerts_store.load(tmp_path) is None
    fired = alerts_store.ensure(tmp_path)
    assert fired.height and alerts_store.load(tmp_path).equals(fired)
    ds.write("signals", JUMP.head(18))  # a new version: no rise yet, no alert
    assert alerts_store.load(tmp_path) is None
    assert alerts_store.ensure(tmp_path).is_empty()


def test_an_unreadable_saved_file_means_score_again(tmp_path):
    samples.dataset(tmp_path, signals=JUMP)
    fired = alerts_store.ensure(tmp_path)
    key = alerts_store.key(tmp_path)
    assert key is not None
    f = tmp_path / ".cache" / alerts_store.KIND / key / alerts_store.FILE
    f.write_bytes(b"not parquet")
    assert alerts_store.load(tmp_path) is None
    assert alerts_store.ensure(Dataset(tmp_path).path).equals(fired)
