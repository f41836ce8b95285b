"""Hit-rate features: what a style's elements looked like before it was produced.

A style is decided ``lead_days`` (default 45, the fast-fashion production cycle) before
launch. Every feature of a product uses only signal weeks that were *complete* by its
**feature date** = launch date − lead days (the last week used starts ≤ feature date − 6
days), so nothing after that date — and no units of any product — can leak in.

Per element of a product (its curve is chosen from the most specific stored segment with
evidence: market × crowd × scene, then market × crowd, then market, then all; a
post-derived segment needs ``min_mentions`` mentions in the last 12 weeks):

* ``momentum`` — log of the 4-week rate (mentions ÷ posts, or the imported value) over
  the median 4-week rate of the previous year (weeks t−55…t−4), with a pseudo-count of
  one mention (imported series: 1 % of the running maximum);
* ``momentum_launch`` — *forecast at launch*: a cheap damped extrapolation, the momentum
  plus half the current 4-week log growth carried forward to the launch date (no model
  fit: :func:`infimate.forecast.series.forecast_series` backtests every model per series,
  too slow for every product here);
* ``growth_4w`` / ``growth_8w`` / ``growth_12w`` — log growth of the 4-week rate;
  ``acceleration`` — this 4-week log growth minus the previous one;
* ``level`` — the 4-week rate ÷ its running maximum so far (0…1);
* ``rising`` — lifecycle stage (:func:`infimate.trends.stages.stages`) is emerging or rising;
* ``saturation`` — exp(−weeks since the last breakout / 13), 0 if it never broke out
  (breakout condition of :mod:`infimate.trends.breakouts` on the 4-week rate, 26-week refractory);
* ``crowd_fit`` — momentum in the chosen segment minus momentum in the whole market;
* ``scene_fit`` — log of the element's share of voice among posts of the product's scene
  over the last 52 weeks ÷ its share among all posts (how much the scene talks about it);
* ``unknown`` — 1 when no signal matches the element (all other features 0).

They are aggregated per product (:data:`AGGREGATES`: mean, max, count) and joined with
category, price, market/crowd/scene and launch quarter. Element strings are matched to
signal elements through the lexicon (ids, English/Chinese names, aliases), else by
case-insensitive equality (:mod:`infimate.hit.bank`, which also builds the weekly
:class:`~infimate.hit.bank.SignalBank` the features index).

Example
-------
>>> [name for name, _, _ in AGGREGATES][:3]  # per-product features (example: product_features)
['momentum_mean', 'momentum_max', 'momentum_launch_mean']
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from infimate.elements.products import elements_with_main_colour
from infimate.hit.bank import SignalBank, canonical, signal_bank
from infimate.trends.stages import stages, trailing_mean

LEAD_DAYS = 45
EL_FEATURES = (
    "momentum",
    "momentum_launch",
    "growth_4w",
    "growth_8w",
    "growth_12w",
    "acceleration",
    "level",
    "saturation",
    "crowd_fit",
    "scene_fit",
    "rising",
    "unknown",
)
#: (product feature, element feature, aggregation) — ``sum`` counts, ``mean`` is over all
#: of the product's elements (unknown ones count as 0), ``max`` over its elements.
AGGREGATES: tuple[tuple[str, str, str], ...] = (
    ("momentum_mean", "momentum", "mean"),
    ("momentum_max", "momentum", "max"),
    ("momentum_launch_mean", "momentum_launch", "mean"),
    ("momentum_launch_max", "momentum_launch", "max"),
    ("growth_4w_mean", "growth_4w", "mean"),
    ("growth_4w_max", "growth_4w", "max"),
    ("growth_8w_mean", "growth_8w", "mean"),
    ("growth_12w_mean", "growth_12w", "mean"),
    ("acceleration_mean", "acceleration", "mean"),
    ("level_mean", "level", "mean"),
    ("saturation_mean", "saturation", "mean"),
    ("crowd_fit_mean", "crowd_fit", "mean"),
    ("scene_fit_mean", "scene_fit", "mean"),
    ("scene_fit_max", "scene_fit", "max"),
    ("n_rising", "rising", "sum"),
    ("n_unknown_elements", "unknown", "sum"),
)
CHAIN = (("market", "crowd", "scene"), ("market", "crowd"), ("market",), ())
_CLIP = (-2.0, 4.0)


def label_hits(products: pl.DataFrame, *, top: float = 0.1) -> pl.DataFrame:
    """Add ``hit`` when absent: top decile of units within launch quarter × category.

    The number of hits in a group of n launched products is ``max(1, round(top × n))``
    (ties broken by sku); products without units get a null ``hit``. An existing ``hit``
    column (with any non-null value) is kept as given.

    Example
    -------
    >>> df = pl.DataFrame({"sku": list("abcdefghij"), "launch_date": [date(2026, 1, 5)] * 10,
    ...                    "category": ["dress"] * 10, "units": [float(u) for u in range(10)]})
    >>> label_hits(df).filter("hit")["sku"].to_list()
    ['j']
    """
    if "hit" in products.columns and products["hit"].null_count() < products.height:
        return products.with_columns(pl.col("hit").cast(pl.Boolean))
    products = products.drop("hit", strict=False)
    q = pl.col("launch_date").cast(pl.Date).dt.truncate("1q")
    launched = pl.col("units").is_not_null()
    grp = [q, pl.col("category"), launched]
    rank = pl.struct(-pl.col("units").fill_null(0), "sku").rank("ordinal").over(grp)
    n_hit = (pl.len().over(grp) * top + 0.5).floor().clip(lower_bound=1)
    return products.with_columns(pl.when(launched).then(rank <= n_hit).otherwise(None).alias("hit"))


def normalise_products(products: pl.DataFrame) -> pl.DataFrame:
    """Typed products: ``elements`` as a list (``;``-separated strings split), segment
    columns filled with ``"all"``, optional ``price``/``units`` present (null if absent)."""
    df = products
    if "hit" in df.columns and df["hit"].null_count() == df.height:
        df = df.drop("hit")  # an all-empty hit column (e.g. added by validation) is absent
    if df.schema["elements"] == pl.Utf8:
        df = df.with_columns(pl.col("elements").str.split(";"))
    df = df.with_columns(
        elements_with_main_colour(df)  # the product's main colour (text, else its photo)
        .list.eval(pl.element().cast(pl.Utf8).str.strip_chars())
        .list.eval(pl.element().filter(pl.element().str.len_chars() > 0)),
        pl.col("launch_date").cast(pl.Date),
        pl.col("sku").cast(pl.Utf8),
        pl.col("category").cast(pl.Utf8),
    )
    df = df.with_columns(
        (pl.col(c).cast(pl.Utf8).fill_null("all") if c in df.columns else pl.lit("all")).alias(c)
        for c in ("market", "crowd", "scene")
    )
    for c in ("price", "units"):
        if c not in df.columns:
            df = df.with_columns(pl.lit(None, pl.Float64).alias(c))
        df = df.with_columns(pl.col(c).cast(pl.Float64))
    return df


# ---- features ---------------------------------------------------------------------


@dataclass(frozen=True)
class HitFeatures:
    """Features of products: one row per product (``products``: the product columns,
    ``feature_date``, ``n_elements`` and :data:`AGGREGATES`) and one row per product ×
    element (``elements``: sku, position, element, element_id, segment, :data:`EL_FEATURES`)."""

    products: pl.DataFrame
    elements: pl.DataFrame
    lead_days: int


def _window_sum(a: np.ndarray, w: int) -> np.ndarray:
    """Sum of the last ``w`` weeks at every week (shorter at the start), along axis 1."""
    c = np.cumsum(np.pad(a, ((0, 0), (1, 0))), axis=1)
    t = np.arange(a.shape[1])
    total: np.ndarray = c[:, t + 1] - c[:, np.maximum(t + 1 - w, 0)]
    return total


def _trailing_median(
    a: np.ndarray, *, history: int = 52, gap: int = 4, min_periods: int = 8
) -> np.ndarray:
    """Median of ``a[:, t-gap-history+1 : t-gap+1]`` for every t (NaN with < min_periods)."""
    n, T = a.shape
    out = np.full((n, T), np.nan)
    pad = np.concatenate([np.full((n, history + gap), np.nan), a], axis=1)
    for lo in range(0, n, 512):
        win = np.lib.stride_tricks.sliding_window_view(pad[lo : lo + 512], history, axis=1)[:, :T]
        ok = np.sum(~np.isnan(win), axis=2) >= min_periods
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows at the start
            med = np.nanmedian(win, axis=2)
        out[lo : lo + 512] = np.where(ok, med, np.nan)
    return out


@dataclass(frozen=True)
class _Stats:
    """Causal per-week statistics of a subset of bank rows (every array is [rows, weeks])."""

    rate: np.ndarray
    eps: np.ndarray
    momentum: np.ndarray
    last_onset: np.ndarray
    running_max: np.ndarray
    m52: np.ndarray
    n52: np.ndarray


def _stats(bank: SignalBank, rows: np.ndarray) -> _Stats:
    counted = bank.counted[rows][:, None]
    m, n, v = bank.mentions[rows], bank.posts[rows], bank.value[rows]
    m4, n4 = _window_sum(m, 4), _window_sum(n, 4)
    rate_c = np.divide(m4, n4, out=np.zeros_like(m4), where=n4 > 0)
    rate = np.where(counted, rate_c, trailing_mean(v))
    running_max = np.maximum.accumulate(rate, axis=1)
    eps = np.where(counted, 1.0 / np.maximum(n4, 1.0), 0.01 * running_max + 1e-9)
    base = _trailing_median(rate)
    base = np.where(np.isnan(base), rate, base)
    momentum = np.clip(np.log((rate + eps) / (base + eps)), *_CLIP)
    cond = (rate > 2 * base) & (rate > bank.floor[rows][:, None])
    prior = _window_sum(cond.astype(float), 27) - cond  # condition held in the last 26 weeks
    onset = cond & (prior == 0)
    T = rate.shape[1]
    last_onset = np.maximum.accumulate(np.where(onset, np.arange(T), -1), axis=1)
    return _Stats(
        rate, eps, momentum, last_onset, running_max, _window_sum(m, 52), _window_sum(n, 52)
    )


def _dummy_bank() -> SignalBank:
    z = np.zeros((1, 1))
    keys = pl.DataFrame({"sid": [0], "element": [""], "market": [""], "crowd": [""], "scene": [""]})
    return SignalBank(keys, (date(2000, 1, 3),), z, z, z, np.zeros(1, bool), np.ones(1))


def _lookup(
    pairs: pl.DataFrame, keys: pl.DataFrame, level: tuple[str, ...], name: str
) -> pl.Series:
    on = {c: (pl.col(c) if c in level else pl.lit("all")) for c in ("market", "crowd", "scene")}
    k = pairs.select("pid", "element_id", **on)
    j = k.join(
        keys,
        left_on=["element_id", "market", "crowd", "scene"],
        right_on=["element", "market", "crowd", "scene"],
        how="left",
    )
    return j.sort("pid")["sid"].alias(name)


def product_features(
    products: pl.DataFrame,
    signals: pl.DataFrame | SignalBank,
    *,
    lead_days: int = LEAD_DAYS,
    min_mentions: int = 10,
    segments: pl.DataFrame | None = None,
    aliases: pl.DataFrame | None = None,
) -> HitFeatures:
    """Features of every product as its elements stood at launch − ``lead_days``.

    Parameters
    ----------
    products
        Products in the contract (launched or candidates; ``units`` are never read).
    signals
        The long signals table, or a :class:`SignalBank` already built from it.
    min_mentions
        Mentions in the last 12 weeks a post-derived segment needs to be used.
    segments, aliases
        Passed to :func:`signal_bank` when ``signals`` is a table; a bank's own aliases
        are used to match product elements, so both sides are matched alike.

    Example
    -------
    >>> s = pl.DataFrame({"date": pl.date_range(date(2025, 1, 6), date(2026, 2, 23), "1w", eager=True),
    ...     "element": "tweed", "value": [1.0] * 50 + [2.0**i for i in range(10)]})  # tweed takes off
    >>> p = pl.DataFrame({"sku": ["a", "b"], "launch_date": [date(2026, 4, 1)] * 2,
    ...     "category": "dress", "elements": [["tweed"], ["latte"]]})  # no signal for latte
    >>> product_features(p, s).products.select("sku", "n_rising", "n_unknown_elements").rows()
    [('a', 1.0, 0.0), ('b', 0.0, 1.0)]
    """
    bank = (
        signals
        if isinstance(signals, SignalBank)
        else signal_bank(signals, segments=segments, aliases=aliases)
    )
    aliases = bank.aliases  # products are matched exactly like the signals were
    prods = normalise_products(products).with_columns(
        (pl.col("launch_date") - pl.duration(days=lead_days)).alias("feature_date")
    )
    prods = prods.with_columns(
        bank.week_index(pl.col("feature_date")).cast(pl.Int64).alias("_t"),
        pl.col("elements").list.len().alias("n_elements"),
    )
    pairs = (
        prods.select("sku", "market", "crowd", "scene", "_t", pl.col("elements").alias("element"))
        .with_columns(pl.int_ranges(pl.col("element").list.len()).alias("position"))
        .explode("element", "position")
        .drop_nulls("element")
        .with_columns(canonical(pl.col("element"), aliases).alias("element_id"))
        .with_row_index("pid")
    )
    keys = bank.keys
    sids = [_lookup(pairs, keys, lvl, f"s{i}") for i, lvl in enumerate(CHAIN)]
    scene_sid = _lookup(
        pairs.with_columns(market=pl.lit("all"), crowd=pl.lit("all")), keys, ("scene",), "scene_sid"
    )
    t = pairs["_t"].to_numpy()
    P = pairs.height
    valid = t >= 0
    tt = np.maximum(t, 0)
    S = np.stack([s.fill_null(-1).to_numpy().astype(np.int64) for s in sids])  # [levels, P]
    chosen = np.full(P, -1)
    level = np.full(P, -1)
    if bank.keys.height:
        cm = _window_sum(bank.mentions, 12)
        cv = np.maximum.accumulate(bank.value, axis=1)
        for i in range(len(CHAIN)):
            s = S[i]
            ok = (s >= 0) & valid & (chosen < 0)
            si = np.where(s >= 0, s, 0)
            evid = np.where(bank.counted[si], cm[si, tt] >= min_mentions, cv[si, tt] > 0)
            take = ok & evid
            chosen[take], level[take] = s[take], i
        for i in (2, 3, 1, 0):  # no segment has evidence: market, then all
            take = (chosen < 0) & (S[i] >= 0) & valid
            chosen[take], level[take] = S[i][take], i
    known = chosen >= 0
    scs = scene_sid.fill_null(-1).to_numpy().astype(np.int64)
    need = np.unique(np.concatenate([chosen, S[2], S[3], scs]))
    need = need[need >= 0]
    if len(need) == 0:  # nothing matched: every element unknown (one all-zero dummy row)
        bank = _dummy_bank()
        need, chosen, S, scs = np.zeros(1, np.int64), chosen, np.full_like(S, -1), scs * 0 - 1
        tt = np.zeros_like(tt)
    pos = np.zeros(bank.keys.height, np.int64)
    pos[need] = np.arange(len(need))
    st = _stats(bank, need)
    r = pos[np.where(known, chosen, need[0])]

    def at(a: np.ndarray, lag: int = 0) -> np.ndarray:
        week: np.ndarray = a[r, np.maximum(tt - lag, 0)]
        return week

    rate, eps = at(st.rate), at(st.eps)

    def lg(lag: int) -> np.ndarray:
        return np.where(tt >= lag, np.log((rate + eps) / (at(st.rate, lag) + eps)), 0.0)

    g4, g8, g12 = lg(4), lg(8), lg(12)
    g4_prev = np.where(tt >= 8, np.log((at(st.rate, 4) + eps) / (at(st.rate, 8) + eps)), 0.0)
    mom = at(st.momentum)
    lead_weeks = lead_days / 7
    mom_launch = np.clip(mom + 0.5 * g4 * lead_weeks / 4, *_CLIP)
    ms = S[2]
    mom_m = np.where(ms >= 0, st.momentum[pos[np.maximum(ms, 0)], tt], mom)
    lo = at(st.last_onset)
    saturation = np.where(lo >= 0, np.exp(-(tt - lo) / 13.0), 0.0)
    top = at(st.running_max)
    level_rel = np.divide(rate, top, out=np.zeros(P), where=top > 0)
    # scene fit: share among the scene's posts vs share among all posts, last 52 weeks
    sa, ok_scene = S[3], (scs >= 0) & (S[3] >= 0)
    ps, pa = pos[np.maximum(scs, 0)], pos[np.maximum(sa, 0)]
    m_all, n_all = st.m52[pa, tt], st.n52[pa, tt]
    r_all = np.divide(m_all, n_all, out=np.zeros(P), where=n_all > 0)
    scene_fit = np.log((st.m52[ps, tt] + 1) / (st.n52[ps, tt] * r_all + 1))
    scene_fit = np.where(ok_scene & bank.counted[np.maximum(scs, 0)], scene_fit, 0.0)
    rising = np.zeros(P)
    for week in np.unique(tt[known]):
        idx = np.flatnonzero(known & (tt == week))
        for cnt in (True, False):
            sub = idx[bank.counted[chosen[idx]] == cnt]
            if len(sub):
                rows = chosen[sub]
                stg = stages(
                    bank.value[rows, : week + 1], bank.mentions[rows, : week + 1] if cnt else None
                )
                rising[sub] = np.isin(stg, ("emerging", "rising"))
    cols = {
        "momentum": mom,
        "momentum_launch": mom_launch,
        "growth_4w": g4,
        "growth_8w": g8,
        "growth_12w": g12,
        "acceleration": g4 - g4_prev,
        "level": level_rel,
        "saturation": saturation,
        "crowd_fit": mom - mom_m,
        "scene_fit": scene_fit,
        "rising": rising,
    }
    feats = {k: np.where(known, v, 0.0) for k, v in cols.items()}
    feats["unknown"] = (~known).astype(float)
    seg = [pl.when(pl.col(c) != "all").then(pl.format(f"{c}={{}}", c)) for c in CHAIN[0]]
    names = keys.select(pl.concat_str(seg, separator=", ", ignore_nulls=True)).to_series()
    labels = np.append(names.replace("", "all").to_numpy().astype(object), "none")
    elements = pairs.select("sku", "position", "element", "element_id").with_columns(
        pl.Series("segment", labels[np.where(known, chosen, -1)], dtype=pl.Utf8),
        *(pl.Series(k, feats[k]) for k in EL_FEATURES),
    )
    return HitFeatures(aggregate(prods.drop("_t"), elements), elements, lead_days)


def aggregate(prods: pl.DataFrame, elements: pl.DataFrame) -> pl.DataFrame:
    """Product rows + :data:`AGGREGATES` of their element features (0 for no elements)."""
    how = {"mean": pl.Expr.mean, "max": pl.Expr.max, "sum": pl.Expr.sum}
    agg = elements.group_by("sku").agg(how[h](pl.col(e)).alias(name) for name, e, h in AGGREGATES)
    out = prods.join(agg, on="sku", how="left")
    return out.with_columns(pl.col(name).fill_null(0.0) for name, _, _ in AGGREGATES)
