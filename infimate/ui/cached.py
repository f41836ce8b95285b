"""Caching at the edge: st.cache_data / st.cache_resource wrappers keyed on small args.

Pages call these instead of the library directly, so nothing is recomputed on a rerun.
Cached frames are shared between sessions: callers must not mutate them (polars frames
are immutable, which is why results are polars frames or frozen dataclasses).
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import streamlit as st

from infimate.datasets import Dataset

DEFAULT_DATASET = "data/demo"


def dataset_root() -> Path:
    """Directory holding datasets (the parent of the default dataset)."""
    return Path(os.environ.get("INFIMATE_DATA", DEFAULT_DATASET)).parent


def default_dataset() -> str:
    """``INFIMATE_DATA`` (read once at the edge) or ``data/demo``."""
    return os.environ.get("INFIMATE_DATA", DEFAULT_DATASET)


def _stamp(path: str) -> str:
    """A cache key part that changes whenever the dataset's manifest changes."""
    p = Path(path) / "manifest.json"
    return str(p.stat().st_mtime_ns) if p.exists() else "missing"


@st.cache_data(show_spinner=False)
def _manifest(path: str, stamp: str) -> dict:
    return Dataset(path).manifest()


def manifest(path: str) -> dict:
    return _manifest(path, _stamp(path))


@st.cache_data(show_spinner="Reading posts…")
def _counts(path: str, stamp: str) -> dict[str, pl.DataFrame]:
    lf = Dataset(path).scan("posts")
    if lf is None:
        return {}
    out = {}
    for col in ("platform", "market", "crowd", "scene"):
        out[col] = lf.group_by(col).agg(pl.len().alias("posts")).sort("posts", descending=True).collect()
    out["range"] = lf.select(pl.col("ts").min().alias("first"), pl.col("ts").max().alias("last"), pl.len().alias("posts")).collect()
    return out


def post_counts(path: str) -> dict[str, pl.DataFrame]:
    """Post counts by platform / market / crowd / scene and the date range."""
    return _counts(path, _stamp(path))
