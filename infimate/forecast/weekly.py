"""Long signals → one regular weekly series per key (what the forecasts read).

Example
-------
>>> import datetime as dt, polars as pl
>>> s = pl.DataFrame({"date": [dt.date(2026, 1, 5), dt.date(2026, 1, 19)],
...     "element": ["red", "red"], "value": [1.0, 3.0]})
>>> keys, values = weekly_series(s)
>>> values[0].tolist()
[1.0, 2.0, 3.0]
"""

from __future__ import annotations

import numpy as np
import polars as pl

from infimate.data.schema import SCHEMAS
from infimate.errors import InfimateError

#: The columns that identify one series: the signals key without the date.
SERIES_KEYS: tuple[str, ...] = tuple(k for k in SCHEMAS["signals"].key if k != "date")


def weekly_series(signals: pl.DataFrame) -> tuple[pl.DataFrame, list[np.ndarray]]:
    """Split long signals into weekly series (week start Monday, mean per week, gaps
    linearly interpolated). Returns the key frame (one row per series) and the values."""
    missing = {"date", "element", "value"} - set(signals.columns)
    if missing:
        raise InfimateError(f"signals lack column(s): {', '.join(sorted(missing))}")
    keys = [k for k in SERIES_KEYS if k in signals.columns]
    weekly = (
        signals.lazy()
        .filter(pl.col("value").is_not_null() & pl.col("date").is_not_null())
        .with_columns(
            pl.col("date").cast(pl.Date).dt.truncate("1w"), pl.col("value").cast(pl.Float64)
        )
        .group_by([*keys, "date"])
        .agg(pl.col("value").mean())
        .sort([*keys, "date"])
        .collect()
    )
    if weekly.is_empty():
        return pl.DataFrame(schema=dict.fromkeys(keys, pl.String)), []
    full = (
        weekly.group_by(keys, maintain_order=True)
        .agg(pl.date_ranges(pl.col("date").min(), pl.col("date").max(), "1w").alias("date"))
        .explode("date")
        .join(weekly, on=[*keys, "date"], how="left", nulls_equal=True)
        .with_columns(pl.col("value").interpolate().over(keys))
    )
    parts = full.partition_by(keys, maintain_order=True, include_key=True)
    key_frame = pl.concat([p.select(keys).head(1) for p in parts]) if parts else full.select(keys)
    return key_frame, [p["value"].to_numpy() for p in parts]
