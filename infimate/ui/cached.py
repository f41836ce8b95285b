"""Caching at the edge: st.cache_data / st.cache_resource wrappers keyed on small args.

Pages call these instead of the library directly, so nothing is recomputed on a rerun.
Every public function takes the dataset path (plus small hashable options) and adds a
*stamp* (:func:`cache_stamp`) — the mtimes of the dataset's manifest and lexicon.csv —
to the cache key, so an
ingest, a new lexicon term or a regenerated demo invalidates the cache by itself.
Results are polars frames or frozen dataclasses; st.cache_data hands every caller its
own copy, and callers must not mutate them anyway.

Example
-------
>>> import tempfile
>>> from infimate.data import samples
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
...     rows = summaries(tmp, Segment())  # a rerun with the same dataset version: cached
>>> rows.select("element", "stage", "asof").rows()
[('butter_yellow', 'rising', datetime.date(2025, 7, 28))]
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import polars as pl
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.schema import SEGMENT_COLS
from infimate.trends.curves import Segment

DEFAULT_DATASET = "data/demo"


def dataset_root() -> Path:
    """Directory holding datasets (the parent of the default dataset)."""
    return Path(os.environ.get("INFIMATE_DATA", DEFAULT_DATASET)).parent


def default_dataset() -> str:
    """``INFIMATE_DATA`` (read once at the edge) or ``data/demo``."""
    return os.environ.get("INFIMATE_DATA", DEFAULT_DATASET)


def cache_stamp(path: str) -> str:
    """A cache key part from the dataset's content (:meth:`Dataset.version`: the tables'
    hashes and rows, the lexicon's bytes), not file times: a table rewritten behind the
    manifest's back, or a manifest restored after a crash, still changes it."""
    return Dataset(path).version()


def clear() -> None:
    """Drop every cached result (after a write the stamp changes anyway; tests use this)."""
    st.cache_data.clear()
    _table.clear()


# ---- dataset basics -----------------------------------------------------------------
@st.cache_data(show_spinner=False)
def _manifest(path: str, stamp: str) -> dict:
    return Dataset(path).manifest()


def manifest(path: str) -> dict:
    """The dataset manifest (sources, row counts, hashes, times)."""
    return _manifest(path, cache_stamp(path))


@st.cache_data(show_spinner="Reading posts…")
def _counts(path: str, stamp: str) -> dict[str, pl.DataFrame]:
    lf = Dataset(path).scan("posts")
    if lf is None:
        return {}
    out = {}
    for col in ("platform", "market", "crowd", "scene"):
        out[col] = (
            lf.group_by(col).agg(pl.len().alias("posts")).sort("posts", descending=True).collect()
        )
    out["range"] = lf.select(
        pl.col("ts").min().alias("first"), pl.col("ts").max().alias("last"), pl.len().alias("posts")
    ).collect()
    return out


def post_counts(path: str) -> dict[str, pl.DataFrame]:
    """Post counts by platform / market / crowd / scene and the date range."""
    return _counts(path, cache_stamp(path))


@st.cache_resource(show_spinner="Reading the dataset…", max_entries=12)
def _table(path: str, stamp: str, table: str) -> pl.DataFrame | None:
    # a resource, not cache_data: cache_data would unpickle a copy of the whole table
    # (signals: ~130 MB on the 700k-post demo, 0.3-1 s) on every call of every rerun.
    # Shared frames are never mutated (polars operations return new frames).
    return Dataset(path).read(table)


def signals(path: str) -> pl.DataFrame | None:
    """The dataset's signals table (None when it has none)."""
    return _table(path, cache_stamp(path), "signals")


def segments_table(path: str) -> pl.DataFrame | None:
    """Weekly post counts per segment (the SoV denominators), None when absent."""
    return _table(path, cache_stamp(path), "segments")


def products(path: str) -> pl.DataFrame | None:
    """The products table, None when absent."""
    return _table(path, cache_stamp(path), "products")


@st.cache_data(show_spinner=False)
def _segment_options(path: str, stamp: str) -> dict[str, list[str]]:
    sig = Dataset(path).scan("signals")
    if sig is None:
        return {c: ["all"] for c in SEGMENT_COLS}
    names = sig.collect_schema().names()
    out = {}
    for c in SEGMENT_COLS:
        vals = (
            sig.select(pl.col(c).fill_null("all").unique()).collect()[c].to_list()
            if c in names
            else []
        )
        # "all" is offered when aggregated series exist (or nothing is stored for c);
        # without it the value with the most series comes first (the default view)
        rest = sorted(v for v in vals if v != "all")
        if "all" in vals or not rest:
            out[c] = ["all", *rest]
            continue
        counts = dict(sig.group_by(c).agg(pl.col("element").n_unique().alias("n")).collect().rows())
        out[c] = sorted(rest, key=lambda v: (-counts.get(v, 0), v))
    return out


def segment_options(path: str) -> dict[str, list[str]]:
    """Values of market / crowd / scene / platform present in the signals (``all`` first)."""
    return _segment_options(path, cache_stamp(path))


# ---- trends ---------------------------------------------------------------------------
@st.cache_data(show_spinner="Summarising trends…")
def _summaries(path: str, stamp: str, segment: Segment) -> pl.DataFrame:
    from infimate.trends.curves import summaries as _s

    sig = signals(path)
    if sig is None:
        return pl.DataFrame()
    return _s(sig, segment, segments=segments_table(path))


def summaries(path: str, segment: Segment) -> pl.DataFrame:
    """Stage, SoV, growth, KOL share and sparkline per element (see infimate.trends.curves)."""
    return _summaries(path, cache_stamp(path), segment)


def top_rising(path: str, segment: Segment, *, n: int = 8) -> pl.DataFrame:
    """The ``n`` fastest-growing emerging / rising elements of a segment."""
    s = summaries(path, segment)
    if s.is_empty():
        return s
    return s.filter(pl.col("stage").is_in(["emerging", "rising"])).head(n)


@st.cache_data(show_spinner="Building curves…")
def _curves(path: str, stamp: str, elements: tuple[str, ...], segment: Segment) -> pl.DataFrame:
    from infimate.trends.curves import curve

    sig = signals(path)
    frames = []
    for el in elements:
        if sig is None:
            break
        c = curve(sig, el, segment, segments=segments_table(path))
        if c.height:
            frames.append(c.with_columns(pl.lit(el).alias("element")))
    if not frames:
        return pl.DataFrame(schema={"element": pl.Utf8, "date": pl.Date, "value": pl.Float64})
    return pl.concat(frames, how="diagonal_relaxed")


def curves(path: str, elements: tuple[str, ...], segment: Segment) -> pl.DataFrame:
    """element, date, value (+ mentions, posts, kol_mentions, source, metric) per element."""
    return _curves(path, cache_stamp(path), tuple(elements), segment)


@st.cache_data(show_spinner="Calibrating forecast intervals on this dataset…")
def _forecast_calibration(path: str, stamp: str):
    from infimate.errors import InfimateError
    from infimate.forecast import calibration_store
    from infimate.forecast.evaluate import forecast_eval
    from infimate.forecast.series import HORIZON
    from infimate.trends.curves import market_level

    if (saved := calibration_store.load(path)) is not None:
        return saved
    sig = signals(path)
    if sig is None:
        return None
    try:  # pooled over the element × market series: honest intervals for any one curve
        ev = forecast_eval(market_level(sig), horizon=HORIZON, origins=calibration_store.ORIGINS)
    except InfimateError:
        return None  # too little history: each forecast calibrates on its own backtest
    return calibration_store.save(path, ev.calibration)


def forecast_calibration(path: str):
    """Interval quantiles pooled over the dataset's element × market series (or None);
    saved beside the dataset (:mod:`infimate.forecast.calibration_store`)."""
    return _forecast_calibration(path, cache_stamp(path))


@st.cache_data(show_spinner="Forecasting…")
def _forecast(path: str, stamp: str, element: str, segment: Segment):
    from infimate.forecast.series import HORIZON, forecast_series

    c = curves(path, (element,), segment)
    if c.height < 2:
        return None
    return forecast_series(
        c.select("date", "value"), horizon=HORIZON, calibration=forecast_calibration(path)
    )


def forecast(path: str, element: str, segment: Segment):
    """The combined :class:`~infimate.forecast.series.Forecast` of one curve (None if too short)."""
    return _forecast(path, cache_stamp(path), element, segment)


def forecast_frames(path: str, elements: tuple[str, ...], segment: Segment) -> pl.DataFrame:
    """element, date, point, lo80, hi80, lo95, hi95 of the combined forecast per element."""
    frames = []
    for el in elements:
        f = forecast(path, el, segment)
        if f is not None:
            frames.append(f.frame.with_columns(pl.lit(el).alias("element")))
    return pl.concat(frames) if frames else pl.DataFrame()


def forecast_table(path: str, elements: tuple[str, ...], segment: Segment) -> pl.DataFrame:
    """Per element and model: backtest MASE, MASE ÷ naive's, the recent-backtest MASE the
    weight comes from, weight in the combination, the model's fallback on a short history."""
    frames = []
    for el in elements:
        f = forecast(path, el, segment)
        if f is None:
            continue
        w = pl.DataFrame(list(f.weights), schema=["model", "weight"], orient="row")
        t = f.backtest.join(w, on="model", how="full", coalesce=True) if f.backtest.height else w
        for col, dtype in (
            ("mase", pl.Float64),
            ("recent_mase", pl.Float64),
            ("fallback", pl.String),
        ):
            if col not in t.columns:
                t = t.with_columns(pl.lit(None, dtype=dtype).alias(col))
        frames.append(
            t.with_columns(
                pl.lit(el).alias("element"),
                pl.lit(f.method).alias("method"),
                (pl.col("mase") / f.naive_mase if f.naive_mase else pl.lit(None))
                .cast(pl.Float64)
                .alias("vs_naive"),
            ).select(
                "element",
                "model",
                "mase",
                "vs_naive",
                "recent_mase",
                "weight",
                "fallback",
                "method",
            )
        )
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()


def forecast_leans(path: str, elements: tuple[str, ...], segment: Segment) -> list[str]:
    """Per element, the two models with the largest combination weight, e.g.
    ``"tweed: theta 46%, ets 31% (combined)"``."""
    out = []
    for el in elements:
        f = forecast(path, el, segment)
        if f is None:
            continue
        top = sorted(f.weights, key=lambda mw: -mw[1])[:2]
        out.append(f"{el}: " + ", ".join(f"{m} {w:.0%}" for m, w in top) + f" ({f.method})")
    return out


@st.cache_data(show_spinner=False)
def _breakouts(path: str, stamp: str, elements: tuple[str, ...], segment: Segment) -> pl.DataFrame:
    from infimate.trends.breakouts import series_breakouts

    c = curves(path, elements, segment)
    if c.is_empty():
        return pl.DataFrame(schema={"element": pl.Utf8, "date": pl.Date})
    keys = ["element", "metric"] if "metric" in c.columns else ["element"]
    out = series_breakouts(c.select(*keys, "date", "value"), keys=keys, rule=None)
    return out.select("element", "date") if out.height else out


def breakouts(path: str, elements: tuple[str, ...], segment: Segment) -> pl.DataFrame:
    """element, date of every breakout week of the curves (the documented breakout rule)."""
    return _breakouts(path, cache_stamp(path), tuple(elements), segment)


@st.cache_data(show_spinner="Growth by crowd × scene…")
def _growth_cells(path: str, stamp: str, element: str, market: str) -> pl.DataFrame:
    from infimate.trends.curves import build_panel, growth, normalise_signals

    sig = signals(path)
    empty = pl.DataFrame(schema={"crowd": pl.Utf8, "scene": pl.Utf8, "growth_4w": pl.Float64})
    if sig is None:
        return empty
    part = normalise_signals(sig).filter(
        (pl.col("element") == element)
        & (pl.col("market") == market)
        & (pl.col("platform") == "all")
        & (pl.col("crowd") != "all")
        & (pl.col("scene") != "all")
    )
    if part.is_empty():
        return empty
    source = "posts" if (part["source"] == "posts").any() else part["source"][0]
    part = part.filter(pl.col("source") == source)
    p = build_panel(part, segments=segments_table(path) if source == "posts" else None)
    return p.keys.select("crowd", "scene").with_columns(
        pl.Series("growth_4w", growth(p.value, 4)).fill_nan(None)
    )


def growth_cells(path: str, element: str, market: str = "all") -> pl.DataFrame:
    """crowd, scene, growth_4w of one element in one market (for the heatmap)."""
    return _growth_cells(path, cache_stamp(path), element, market)


@st.cache_data(show_spinner=False)
def _split(path: str, stamp: str, element: str, by: str, weeks: int) -> pl.DataFrame:
    m = Dataset(path).scan("mentions")
    if m is None:
        return pl.DataFrame(schema={by: pl.Utf8, "mentions": pl.UInt32})
    last = m.select(pl.col("week").max()).collect().item()
    if last is None:
        return pl.DataFrame(schema={by: pl.Utf8, "mentions": pl.UInt32})
    return (
        m.filter(
            (pl.col("element_id") == element) & (pl.col("week") > last - timedelta(weeks=weeks))
        )
        .group_by(by)
        .agg(pl.len().alias("mentions"))
        .sort("mentions", descending=True)
        .collect()
    )


def split(path: str, element: str, by: str, *, weeks: int = 12) -> pl.DataFrame:
    """Mentions of an element per ``by`` (platform, market, …) over the last ``weeks``."""
    return _split(path, cache_stamp(path), element, by, weeks)


# ---- lexicon, discovery -----------------------------------------------------------------
@st.cache_data(show_spinner=False)
def _lexicon(path: str, stamp: str) -> pl.DataFrame:
    from infimate.elements.lexicon import load_lexicon

    return load_lexicon(Dataset(path))


def lexicon(path: str) -> pl.DataFrame:
    """The effective lexicon (built-in + the dataset's lexicon.csv)."""
    return _lexicon(path, cache_stamp(path))


@st.cache_data(show_spinner="Looking for new words…")
def _new_terms(path: str, stamp: str, top: int) -> pl.DataFrame:
    from infimate.elements.discovery import discover_terms

    posts = Dataset(path).scan("posts")
    if posts is None:
        return pl.DataFrame()
    return discover_terms(posts, lexicon(path), top=top)


def new_terms(path: str, *, top: int = 20) -> pl.DataFrame:
    """Coined-term candidates (see infimate.elements.discovery for the definitions)."""
    return _new_terms(path, cache_stamp(path), top)
