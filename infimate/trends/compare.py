"""One element side by side: across markets, crowds or scenes, and two segments' elements.

:func:`across` cuts one element by one segment column (``by``: market, crowd, scene or
platform) with the other columns held at the chosen segment, using the series the dataset
stores for each cut (post-derived share of voice, or an imported series such as a Google
Trends index; nothing is re-aggregated). It returns the curves and, per cut, the stage,
current level and 4-week growth read by the same rules as everywhere else
(:func:`~infimate.trends.curves.summaries`).

:func:`side_by_side` joins two segments' element summaries on the element, so the table
shows where an element rises in one segment and not in the other.

Example
-------
>>> from infimate.data import samples
>>> sig = samples.rising_signals()
>>> sig = pl.concat([sig.with_columns(pl.lit(m).alias("market")) for m in ("US", "FR")])
>>> curves, table = across(sig, "butter_yellow", "market")
>>> table.select("market", "stage").sort("market").rows()
[('FR', 'rising'), ('US', 'rising')]
>>> curves.columns
['market', 'date', 'value', 'metric']
"""

from __future__ import annotations

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.trends.curves import Segment, curve, normalise_signals, summaries

SUMMARY_COLS = ("stage", "sov", "growth_4w", "metric")


def _with(segment: Segment, by: str, value: str) -> Segment:
    vals = {c: getattr(segment, c) for c in SEGMENT_COLS}
    vals[by] = value
    return Segment(**vals)


def across(
    signals: pl.DataFrame,
    element: str,
    by: str,
    segment: Segment | None = None,
    *,
    segments: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``element``'s curves and summary in every value of ``by`` (others as in ``segment``).

    Returns ``(curves, table)``: curves has ``by, date, value, metric``; table has ``by``,
    stage, sov (level of the last 4 weeks), growth_4w, metric, sorted by growth (highest
    first). Both are empty when the dataset stores no such cut.
    """
    segment = segment or Segment()
    if by not in SEGMENT_COLS:
        raise ValueError(f"by must be one of {SEGMENT_COLS}, got {by!r}")
    held = [pl.col(c) == getattr(segment, c) for c in SEGMENT_COLS if c != by]
    sig = normalise_signals(signals).filter(
        (pl.col("element") == element) & (pl.col(by) != "all") & pl.all_horizontal(held)
    )
    curve_frames, rows = [], []
    for value in sorted(sig[by].unique().to_list()):
        cut = _with(segment, by, value)
        c = curve(sig, element, cut, segments=segments)
        if c.is_empty():
            continue
        curve_frames.append(c.select(pl.lit(value).alias(by), "date", "value", "metric"))
        s = summaries(sig, cut, segments=segments)
        if s.height:
            rows.append(s.select(pl.lit(value).alias(by), *SUMMARY_COLS))
    if not curve_frames:
        empty_curves = {by: pl.Utf8, "date": pl.Date, "value": pl.Float64, "metric": pl.Utf8}
        empty_table = {by: pl.Utf8, "stage": pl.Utf8, "sov": pl.Float64}
        schema = {**empty_table, "growth_4w": pl.Float64, "metric": pl.Utf8}
        return pl.DataFrame(schema=empty_curves), pl.DataFrame(schema=schema)
    table = pl.concat(rows, how="diagonal_relaxed").sort(
        "growth_4w", descending=True, nulls_last=True
    )
    return pl.concat(curve_frames, how="diagonal_relaxed"), table


def side_by_side(a: pl.DataFrame, b: pl.DataFrame) -> pl.DataFrame:
    """Two segments' :func:`~infimate.trends.curves.summaries` joined on the element.

    Columns: element, stage_a, stage_b, sov_a, sov_b, growth_a, growth_b, gap (growth_a −
    growth_b); elements present in either segment, sorted by the absolute gap.

    >>> from infimate.data import samples
    >>> s = summaries(samples.rising_signals())
    >>> side_by_side(s, s.head(0)).select("element", "stage_a", "stage_b").rows()
    [('butter_yellow', 'rising', None)]
    """

    def part(df: pl.DataFrame, tag: str) -> pl.DataFrame:
        if df.is_empty():
            return pl.DataFrame(
                schema={
                    "element": pl.Utf8,
                    f"stage_{tag}": pl.Utf8,
                    f"sov_{tag}": pl.Float64,
                    f"growth_{tag}": pl.Float64,
                }
            )
        return df.select(
            "element",
            pl.col("stage").alias(f"stage_{tag}"),
            pl.col("sov").alias(f"sov_{tag}"),
            pl.col("growth_4w").alias(f"growth_{tag}"),
        )

    out = part(a, "a").join(part(b, "b"), on="element", how="full", coalesce=True)
    gap = pl.col("growth_a").fill_null(0.0) - pl.col("growth_b").fill_null(0.0)
    return (
        out.with_columns(gap.alias("gap"))
        .sort(pl.col("gap").abs(), descending=True, nulls_last=True)
        .select("element", "stage_a", "stage_b", "sov_a", "sov_b", "growth_a", "growth_b", "gap")
    )
