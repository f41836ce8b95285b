"""Tiny synthetic tables with known answers, for the examples in docstrings.

Each builder returns a few rows in the data contract's columns; none is real data. The
demo world (:mod:`infimate.demo`) is the large synthetic dataset; these are small enough to
read at a glance.

Example
-------
>>> rising_signals()["value"].to_list()[18:23]
[1.0, 1.0, 2.0, 3.0, 4.0]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from infimate.data.datasets import Dataset


def weeks(n: int, *, start: dt.date = dt.date(2025, 1, 6)) -> list[dt.date]:
    """``n`` consecutive week starts (Mondays) from ``start``."""
    return [start + dt.timedelta(weeks=i) for i in range(n)]


def rising_signals(element: str = "butter_yellow") -> pl.DataFrame:
    """One all-market weekly series of ``element``: flat at 1 for 20 weeks, then 2, 3, … 11."""
    values = [1.0] * 20 + [float(v) for v in range(2, 12)]
    return pl.DataFrame({"date": weeks(30), "element": element, "value": values})


def launches() -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(products, signals)``: 32 dress launches in 2025, half tweed, half denim.

    Tweed's search curve grows 5 % a week, denim's is flat (110 weeks from 2024-01-01);
    every other tweed style was a hit (``hit`` given), no denim style was.
    """
    n = 110
    signals = pl.DataFrame(
        {
            "date": weeks(n, start=dt.date(2024, 1, 1)) * 2,
            "element": ["tweed"] * n + ["denim"] * n,
            "value": [1.05**i for i in range(n)] + [1.0] * n,
        }
    )
    products = pl.DataFrame(
        {
            "sku": [f"s{i}" for i in range(32)],
            "category": "dress",
            "launch_date": [dt.date(2025, 1, 15) + dt.timedelta(days=11 * i) for i in range(32)],
            "elements": [["tweed"] if i % 2 else ["denim"] for i in range(32)],
            "hit": [i % 4 == 1 for i in range(32)],
        }
    )
    return products, signals


def posts(
    texts: Sequence[str] = ("red dress", "baby blue top"),
    *,
    authors: Sequence[str] = ("u", "v"),
    ts: dt.datetime = dt.datetime(2026, 11, 25),
) -> pl.DataFrame:
    """Posts with the required contract columns, one per text, all on TikTok in the US."""
    n = len(texts)
    return pl.DataFrame(
        {
            "post_id": [str(i + 1) for i in range(n)],
            "text": list(texts),
            "ts": [ts] * n,
            "market": ["US"] * n,
            "platform": ["tiktok"] * n,
            "author_id": list(authors),
        }
    )


def dataset(path: str | Path, **tables: pl.DataFrame) -> Dataset:
    """A dataset at ``path`` holding ``tables`` (name -> frame), e.g. ``signals=...``."""
    ds = Dataset(path).create()
    for name, frame in tables.items():
        ds.write(name, frame, source="sample")
    return ds
