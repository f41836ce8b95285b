"""Trend curves: weekly share of voice per element × segment, panels and summaries.

Definitions (also shown in the UI):

* **Share of voice (SoV)** — posts mentioning the element ÷ posts, per week and segment
  (market × crowd × scene × platform, each a value or ``"all"``). The
  engagement-weighted variant divides the engagement of mentioning posts by all
  engagement. For imported series (Google Trends, search, sales) the "share" is the
  imported value itself (e.g. an index of 0–100); there are no posts behind it.
* **KOL share** — the fraction of an element's mentions made by KOL-tier authors.
* **Lifecycle stage** — :mod:`infimate.trends.stages`.

Example
-------
>>> import datetime as dt
>>> Segment(market="US").label()
'market=US'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from infimate.data.datasets import Dataset
from infimate.data.schema import SEGMENT_COLS
from infimate.trends.stages import stages, trailing_mean

COUNT_COLS = ("mentions", "posts", "kol_mentions", "authors", "eng_share")


@dataclass(frozen=True)
class Segment:
    """A crowd × scene × market × platform cut; ``"all"`` means not filtered."""

    market: str = "all"
    crowd: str = "all"
    scene: str = "all"
    platform: str = "all"

    def filter(self) -> pl.Expr:
        """Rows *stored for* this segment (signals: roll-ups carry "all" in their columns)."""
        return pl.all_horizontal([pl.col(c) == getattr(self, c) for c in SEGMENT_COLS])

    def member_filter(self) -> pl.Expr:
        """Rows (posts, mentions) that *belong to* this segment: "all" matches any value."""
        conds = [pl.col(c) == getattr(self, c) for c in SEGMENT_COLS if getattr(self, c) != "all"]
        return pl.all_horizontal(conds) if conds else pl.lit(True)

    def label(self) -> str:
        parts = [f"{c}={getattr(self, c)}" for c in SEGMENT_COLS if getattr(self, c) != "all"]
        return ", ".join(parts) or "all"


@dataclass(frozen=True)
class Panel:
    """Dense weekly arrays for many series (rows of ``keys``) over one week grid.

    ``value`` is the curve (SoV or imported value). Count arrays are present for
    post-derived series (source ``posts``) and ``None`` for imported ones.
    """

    keys: pl.DataFrame
    weeks: tuple[date, ...]
    value: np.ndarray
    mentions: np.ndarray | None = None
    posts: np.ndarray | None = None
    kol_mentions: np.ndarray | None = None
    authors: np.ndarray | None = None

    @property
    def counts(self) -> bool:
        return self.mentions is not None

    def upto(self, t: int) -> Panel:
        """The panel as it stood at week index ``t`` (inclusive) — for walk-forward use."""
        cut = slice(0, t + 1)
        return Panel(
            self.keys,
            self.weeks[cut],
            self.value[:, cut],
            *(
                None if a is None else a[:, cut]
                for a in (self.mentions, self.posts, self.kol_mentions, self.authors)
            ),
        )


def normalise_signals(signals: pl.DataFrame) -> pl.DataFrame:
    """Fill optional signal columns (segment columns "all", source, metric) and week-align dates."""
    out = signals
    for c in SEGMENT_COLS:
        if c not in out.columns:
            out = out.with_columns(pl.lit("all").alias(c))
        else:
            out = out.with_columns(pl.col(c).fill_null("all"))
    if "source" not in out.columns:
        out = out.with_columns(pl.lit("upload").alias("source"))
    if "metric" not in out.columns:
        out = out.with_columns(pl.lit("value").alias("metric"))
    return out.with_columns(
        pl.col("date").cast(pl.Date).dt.truncate("1w"), pl.col("value").cast(pl.Float64)
    )


def build_panel(
    signals: pl.DataFrame,
    *,
    segments: pl.DataFrame | None = None,
    end: date | None = None,
) -> Panel:
    """Pivot long signals (one kind: post-derived *or* imported) into a dense panel.

    Series keys are element × segment × source × metric. Missing weeks are zeros; for
    post-derived series the denominator of a missing week comes from ``segments``
    (the dataset's weekly post counts per segment) when given.
    """
    sig = normalise_signals(signals)
    key_cols = ["element", *SEGMENT_COLS, "source", "metric"]
    if sig.is_empty():
        return Panel(pl.DataFrame(schema={k: pl.Utf8 for k in key_cols}), (), np.zeros((0, 0)))
    start, last = sig["date"].min(), end or sig["date"].max()
    assert isinstance(start, date) and isinstance(last, date)  # a Date column, not empty
    n_weeks = (last - start).days // 7 + 1
    weeks = tuple(start + timedelta(weeks=i) for i in range(n_weeks))
    sep = "\x1f"
    keyed = sig.filter(pl.col("date") <= last).with_columns(
        pl.concat_str(key_cols, separator=sep).alias("_k")
    )
    keyed = keyed.with_columns((pl.col("_k").rank("dense") - 1).cast(pl.Int64).alias("sid"))
    keys = keyed.unique("sid").sort("sid").select(key_cols)
    sid = keyed["sid"].to_numpy()
    wi = ((keyed["date"] - start).dt.total_days() // 7).to_numpy()
    shape = (keys.height, n_weeks)

    def dense(col: str) -> np.ndarray:
        a = np.zeros(shape)
        a[sid, wi] = keyed[col].fill_null(0).to_numpy()
        return a

    counted = all(c in sig.columns for c in ("mentions", "posts")) and (
        sig["mentions"].null_count() < sig.height
    )
    if not counted:
        return Panel(keys, weeks, dense("value"))
    mentions, posts = dense("mentions"), dense("posts")
    if segments is not None and not segments.is_empty():
        posts = np.maximum(posts, _denominators(keys, weeks, segments))
    value = np.divide(mentions, posts, out=np.zeros(shape), where=posts > 0)
    kol = dense("kol_mentions") if "kol_mentions" in sig.columns else np.zeros(shape)
    authors = dense("authors") if "authors" in sig.columns else mentions.copy()
    return Panel(keys, weeks, value, mentions, posts, kol, authors)


def _denominators(
    keys: pl.DataFrame, weeks: tuple[date, ...], segments: pl.DataFrame
) -> np.ndarray:
    """Weekly post counts of each key's segment, as a [series, week] array."""
    seg = normalise_signals(segments.with_columns(pl.lit(0.0).alias("value")))
    seg = seg.filter(pl.col("date").is_between(weeks[0], weeks[-1]))
    cols = list(SEGMENT_COLS)
    ids = seg.select(cols).unique().with_row_index("gid")
    seg = seg.join(ids, on=cols)
    table = np.zeros((ids.height + 1, len(weeks)))  # last row: segment without counts
    wi = ((seg["date"] - weeks[0]).dt.total_days() // 7).to_numpy()
    table[seg["gid"].to_numpy(), wi] = seg["posts"].to_numpy()
    gid = keys.select(cols).join(ids, on=cols, how="left", maintain_order="left")["gid"]
    rows: np.ndarray = table[gid.fill_null(ids.height).to_numpy()]
    return rows


def growth(value: np.ndarray, weeks: int) -> np.ndarray:
    """Growth of the trailing 4-week mean over ``weeks`` weeks (NaN when it started at 0)."""
    s = trailing_mean(value)
    T = s.shape[-1]
    if weeks >= T:
        return np.full(s.shape[0], np.nan)
    prev, cur = s[:, -1 - weeks], s[:, -1]
    g: np.ndarray = np.divide(cur, prev, out=np.full_like(cur, np.nan), where=prev > 0) - 1
    return g


@dataclass(frozen=True)
class ElementSummary:
    """Where one element stands in one segment (used by copy briefs and the Overview)."""

    element: str
    segment: Segment
    stage: str
    sov: float
    growth_4w: float | None
    growth_12w: float | None
    kol_share: float | None
    weeks: int


def summaries(
    signals: pl.DataFrame,
    segment: Segment = Segment(),
    *,
    segments: pl.DataFrame | None = None,
    asof: date | None = None,
) -> pl.DataFrame:
    """Stage, SoV, growth, KOL share and a 26-week sparkline for every element in a segment.

    Prefers post-derived series (source ``posts``) for an element; otherwise its imported
    series. Sorted by 4-week growth among emerging/rising elements first.
    """
    sig = normalise_signals(signals).filter(segment.filter())
    if asof is not None:
        sig = sig.filter(pl.col("date") <= asof)
    frames = []
    for (source,), part in sig.group_by(["source"]):
        p = build_panel(part, segments=segments if source == "posts" else None, end=asof)
        if p.keys.is_empty():
            continue
        kol = None
        if p.mentions is not None and p.kol_mentions is not None:  # i.e. p.counts
            m12 = p.mentions[:, -12:].sum(axis=1)
            kol = np.divide(
                p.kol_mentions[:, -12:].sum(axis=1),
                m12,
                out=np.full(len(m12), np.nan),
                where=m12 > 0,
            )
        frames.append(
            p.keys.with_columns(
                pl.Series("stage", stages(p.value, p.mentions), dtype=pl.Utf8),
                pl.Series("sov", trailing_mean(p.value)[:, -1]),
                pl.Series("growth_4w", growth(p.value, 4)).fill_nan(None),
                pl.Series("growth_12w", growth(p.value, 12)).fill_nan(None),
                pl.Series(
                    "kol_share", kol if kol is not None else np.full(p.keys.height, np.nan)
                ).fill_nan(None),
                pl.Series("spark", p.value[:, -26:].tolist(), dtype=pl.List(pl.Float64)),
                pl.lit(p.weeks[-1]).alias("asof"),
            )
        )
    if not frames:
        return pl.DataFrame()
    out = pl.concat(frames, how="diagonal_relaxed")
    out = (
        out.with_columns((pl.col("source") == "posts").alias("_posts"))
        .sort(["element", "_posts"], descending=[False, True])
        .unique("element", keep="first", maintain_order=True)
        .drop("_posts")
    )
    order = pl.col("stage").replace_strict(
        {
            "rising": 0,
            "emerging": 1,
            "seasonal": 2,
            "peaking": 3,
            "one-off spike": 4,
            "dormant": 5,
            "declining": 6,
        }
    )
    return out.sort([order, pl.col("growth_4w").fill_null(-1)], descending=[False, True])


def element_summary(
    dataset: Dataset,
    element: str,
    *,
    market: str = "all",
    crowd: str = "all",
    scene: str = "all",
    platform: str = "all",
) -> ElementSummary:
    """Stage and growth of one element in one segment, from the dataset's signals."""
    seg = Segment(market, crowd, scene, platform)
    signals = dataset.read("signals")
    empty = ElementSummary(element, seg, "dormant", 0.0, None, None, None, 0)
    if signals is None:
        return empty
    rows = summaries(
        signals.filter(pl.col("element") == element), seg, segments=dataset.read("segments")
    )
    if rows.is_empty():
        return empty
    r = rows.row(0, named=True)
    return ElementSummary(
        element,
        seg,
        r["stage"],
        float(r["sov"]),
        r["growth_4w"],
        r["growth_12w"],
        r["kol_share"],
        len(r["spark"]),
    )


def value_title(curves: pl.DataFrame) -> str:
    """Axis title for curves' values: "share of voice" for post-derived curves, the
    source and metric of imported ones (e.g. "google_trends index"), else "value".

    >>> value_title(pl.DataFrame({"source": ["google_trends"], "metric": ["index"]}))
    'google_trends index'
    """
    if "source" not in curves.columns or curves.is_empty():
        return "share of voice"
    metric_col = pl.col("metric") if "metric" in curves.columns else pl.lit("")
    pairs = curves.select("source", metric_col).unique().rows()
    if len(pairs) > 1:
        return "value"
    source, metric = pairs[0]
    return "share of voice" if source == "posts" else f"{source} {metric}".strip()


def curve(
    signals: pl.DataFrame,
    element: str,
    segment: Segment = Segment(),
    *,
    segments: pl.DataFrame | None = None,
    weighted: bool = False,
) -> pl.DataFrame:
    """One element's weekly curve in one segment: date, value (+ counts when post-derived).

    ``weighted=True`` returns the engagement-weighted share of voice instead of the raw one.
    Zero weeks are filled. Post-derived series win over imported ones for the same element.
    """
    sig = normalise_signals(signals).filter((pl.col("element") == element) & segment.filter())
    if sig.is_empty():
        return pl.DataFrame(schema={"date": pl.Date, "value": pl.Float64})
    source = "posts" if (sig["source"] == "posts").any() else sig["source"][0]
    sig = sig.filter(pl.col("source") == source)
    metric = sig["metric"][0]
    sig = sig.filter(pl.col("metric") == metric)
    p = build_panel(sig, segments=segments if source == "posts" else None)
    out = pl.DataFrame({"date": list(p.weeks), "value": p.value[0]})
    if p.mentions is not None and p.posts is not None and p.kol_mentions is not None:
        out = out.with_columns(
            pl.Series("mentions", p.mentions[0]),
            pl.Series("posts", p.posts[0]),
            pl.Series("kol_mentions", p.kol_mentions[0]),
        )
        if weighted and "eng_share" in sig.columns:
            eng = sig.select("date", "eng_share")
            out = (
                out.join(eng, on="date", how="left")
                .with_columns(pl.col("eng_share").fill_null(0.0).alias("value"))
                .drop("eng_share")
            )
    return out.with_columns(pl.lit(source).alias("source"), pl.lit(metric).alias("metric"))


def market_level(signals: pl.DataFrame) -> pl.DataFrame:
    """Series at the element × market level (crowd, scene, platform all) — the backtest default."""
    sig = normalise_signals(signals)
    return sig.filter(
        pl.all_horizontal([pl.col(c) == "all" for c in ("crowd", "scene", "platform")])
    )
