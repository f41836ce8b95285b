"""The signal bank: every element curve on one weekly grid, and element-string matching.

Element strings (product elements, signal ``element`` values) are matched to lexicon
element ids through :func:`load_aliases` (ids, English/Chinese names, aliases, normalised:
lower case, ``_``/``-`` as spaces) by :func:`canonical`; unknown strings stay as their
normalised selves. :func:`signal_bank` then puts the best series of every element ×
segment on one weekly grid (:class:`SignalBank`) so hit features can index it with numpy.

Example
-------
>>> from datetime import date
>>> signals = pl.DataFrame({"date": [date(2026, 1, 5), date(2026, 1, 19), date(2026, 1, 5)],
...                         "element": ["Tweed", "tweed", "奶油黄"], "value": [1.0, 3.0, 2.0]})
>>> bank = signal_bank(signals)  # names matched to lexicon ids, one weekly grid
>>> bank.keys["element"].to_list(), len(bank.weeks), bank.value.shape
(['butter_yellow', 'tweed'], 3, (2, 3))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import load_lexicon
from infimate.trends.breakouts import FLOORS
from infimate.trends.curves import build_panel, normalise_signals

# ---- matching element strings ---------------------------------------------------


def _norm(e: pl.Expr) -> pl.Expr:
    return e.str.to_lowercase().str.replace_all(r"[_\-\s]+", " ").str.strip_chars()


def load_aliases(lexicon_csv: str | Path | None = None) -> pl.DataFrame:
    """Term → element id table (normalised ids, EN/ZH names, aliases) from the lexicon.

    The built-in lexicon (:func:`~infimate.elements.lexicon.load_lexicon`); a dataset's
    ``lexicon.csv`` adds to/overrides it.
    """
    frames = [load_lexicon()]
    if lexicon_csv is not None and Path(lexicon_csv).exists():
        frames.append(pl.read_csv(lexicon_csv, infer_schema_length=0))
    parts = []
    for lex in frames:
        aliases = pl.col("aliases") if "aliases" in lex.columns else pl.lit(None, pl.Utf8)
        if "aliases" in lex.columns and lex.schema["aliases"] == pl.Utf8:
            aliases = pl.col("aliases").str.split(";")
        cols = [c for c in ("element_id", "name_en", "name_zh") if c in lex.columns]
        terms = lex.select(
            "element_id",
            pl.concat_list([pl.col(c).cast(pl.Utf8) for c in cols] + [aliases.fill_null([])]).alias(
                "term"
            ),
        ).explode("term")
        parts.append(terms)
    out = pl.concat(parts).drop_nulls().with_columns(_norm(pl.col("term")).alias("term"))
    return out.filter(pl.col("term") != "").unique("term", keep="last", maintain_order=True)


def canonical(terms: pl.Expr, aliases: pl.DataFrame | None) -> pl.Expr:
    """Element id for each term via ``aliases`` (see :func:`load_aliases`), else the
    normalised term itself (lower case, ``_``/``-`` as spaces)."""
    n = _norm(terms)
    if aliases is None or aliases.is_empty():
        return n
    mapping = dict(zip(aliases["term"].to_list(), aliases["element_id"].to_list(), strict=True))
    return n.replace_strict(mapping, default=n, return_dtype=pl.Utf8)


# ---- the signal bank --------------------------------------------------------------


@dataclass(frozen=True)
class SignalBank:
    """All element curves on one weekly grid (platform ``all`` only), built once.

    ``keys`` has element (canonical), market, crowd, scene and ``sid`` (row index);
    ``rate`` is the 4-week rate (ratio of sums for post-derived series), ``mentions`` /
    ``posts`` are weekly counts (zeros for imported series, where ``counted`` is False).
    """

    keys: pl.DataFrame
    weeks: tuple[date, ...]
    value: np.ndarray
    mentions: np.ndarray
    posts: np.ndarray
    counted: np.ndarray
    floor: np.ndarray
    aliases: pl.DataFrame | None = None

    def week_index(self, d: pl.Expr) -> pl.Expr:
        """Index of the last week complete by date ``d`` (−1 when before the data)."""
        if not self.weeks:
            return pl.lit(-1)
        days = (d - pl.lit(self.weeks[0]) - pl.duration(days=6)).dt.total_days()
        return pl.when(days < 0).then(-1).otherwise(days // 7).clip(upper_bound=len(self.weeks) - 1)


def signal_bank(
    signals: pl.DataFrame,
    *,
    segments: pl.DataFrame | None = None,
    aliases: pl.DataFrame | None = None,
) -> SignalBank:
    """Build the :class:`SignalBank` from a long signals table (any sources).

    ``aliases`` defaults to the built-in lexicon (:func:`load_aliases`). Per element the
    best kind of series is kept: post-derived ``share`` first, then other
    post-derived metrics, then imported series (most rows first). Missing weekly post
    counts are filled from the other elements of the same segment-week and ``segments``.
    """
    aliases = load_aliases() if aliases is None else aliases
    sig = normalise_signals(signals).filter(pl.col("platform") == "all")
    sig = sig.with_columns(canonical(pl.col("element"), aliases).alias("element"))
    key_cols = ["element", "market", "crowd", "scene"]
    if sig.is_empty():
        z = np.zeros((0, 0))
        keys = pl.DataFrame(schema=dict.fromkeys(key_cols, pl.Utf8) | {"sid": pl.UInt32})
        return SignalBank(keys, (), z, z, z, np.zeros(0, bool), np.zeros(0), aliases)
    kinds = (
        sig.group_by("source", "metric")
        .agg(pl.len().alias("n"))
        .with_columns(
            ((pl.col("source") != "posts").cast(pl.Int32) * 2 + (pl.col("metric") != "share"))
            .cast(pl.Int32)
            .alias("prio")
        )
        .sort("prio", pl.col("n"), "source", "metric", descending=[False, True, False, False])
        .with_row_index("kind")
    )
    sig = sig.join(kinds.select("source", "metric", "kind"), on=["source", "metric"])
    best = sig.group_by("element").agg(pl.col("kind").min())
    sig = sig.join(best, on=["element", "kind"])
    has_counts = all(c in sig.columns for c in ("mentions", "posts"))
    aggs = [pl.col("value").max()]
    if has_counts:
        aggs += [pl.col("mentions").max(), pl.col("posts").max()]
    sig = sig.group_by([*key_cols, "platform", "source", "metric", "kind", "date"]).agg(aggs)
    start, end = sig["date"].min(), sig["date"].max()
    assert isinstance(start, date) and isinstance(end, date)  # a Date column, not empty
    T = (end - start).days // 7 + 1
    weeks = tuple(start + timedelta(weeks=i) for i in range(T))
    parts = []
    for kind in kinds["kind"].to_list():
        part = sig.filter(pl.col("kind") == kind)
        if part.is_empty():
            continue
        denom = None
        if part["source"][0] == "posts" and has_counts:
            denom = part.group_by([*SEGMENT_COLS, "date"]).agg(pl.col("posts").max())
            if segments is not None and {"date", "posts", *SEGMENT_COLS} <= set(segments.columns):
                extra = normalise_signals(segments.with_columns(pl.lit(0.0).alias("value")))
                denom = pl.concat(
                    [denom, extra.select(*SEGMENT_COLS, "date", pl.col("posts").cast(pl.Float64))],
                    how="vertical_relaxed",
                )
                denom = denom.group_by([*SEGMENT_COLS, "date"]).agg(pl.col("posts").max())
        p = build_panel(part.drop("kind"), segments=denom, end=end)
        off = (p.weeks[0] - start).days // 7
        pad = ((0, 0), (off, 0))
        n = p.keys.height
        parts.append(
            (
                p.keys.select(key_cols),
                np.pad(p.value, pad),
                np.pad(p.mentions, pad) if p.mentions is not None else np.zeros((n, T)),
                np.pad(p.posts, pad) if p.posts is not None else np.zeros((n, T)),
                np.full(n, p.counts),
                np.full(n, FLOORS.get(part["metric"][0], FLOORS["share"])),
            )
        )
    keys = pl.concat([q[0] for q in parts]).with_row_index("sid")
    value, mentions, posts, counted, floor = (
        np.concatenate([q[i] for q in parts]) for i in range(1, 6)
    )
    return SignalBank(keys, weeks, value, mentions, posts, counted, floor, aliases)
