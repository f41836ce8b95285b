"""Coined-term discovery: emerging n-grams, hashtags and CJK words not in the lexicon.

Definitions (windows and thresholds are the fields of :class:`DiscoveryRule`, whose
:meth:`~DiscoveryRule.describe` is the text the UI shows):

* **Candidates** come from the posts of the last ``recent_weeks + base_weeks`` weeks up to ``asof``
  (bounded memory). Known elements are masked out of the text first (every lexicon name/alias is
  replaced by a separator), then we take English 1–3-grams of words, Latin hashtags, and
  2–4-character substrings of CJK runs. N-grams may not start or end with a stop word (EN and ZH
  lists below; they include generic social words such as "obsessed", "outfit", "穿搭", "姐妹们"); CJK
  n-grams may not start or end with a function character (的, 了, 是, …). Terms that are part of a
  lexicon name/alias, or contain one, are never proposed.
* **Support** ``recent``/``base``: posts using the term in the recent / base window. A
  candidate needs ``recent >= min_support`` and ``>= min_authors`` distinct recent authors.
* **Growth** = (rate_recent + s) / (rate_base + s), rates in posts per 1,000 posts of
  the window, ``s = smoothing`` (per 1k) so a term going from 0 to a handful of uses
  is not infinite growth. Candidates need ``growth >= min_growth`` (default 2: doubling).
* **KOL-first**: among the term's first ``kol_first_n`` uses in the whole history up to
  ``asof``, at least ``kol_first_share`` are by ``kol``-tier authors.
* **Score** = ln(growth) × (1 + ``kol_bonus`` if KOL-first) × min(1, ln(1+recent)/ln(1+4·min_support)).
* Near-duplicates and context (among the ``6 × top`` best candidates): a sub-string
  whose posts are nearly all (≥ 80 %) posts of a longer candidate gives way to it
  ("tomato" -> "tomato girl"); a longer variant with fewer posts that does not grow
  faster is dropped ("tomato girl era"); a term that stops growing once the posts of
  the other kept terms are removed is context, not a term ("girl summer", "试试").

``first_kol_text`` is untrusted user text: render it as plain text only.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, overload

import polars as pl

from infimate.elements.ngrams import (
    en_terms,
    lexicon_filter,
    lexicon_terms,
    mask_known,
    norm_text,
    term_key,
    zh_terms,
)
from infimate.errors import InfimateError

if TYPE_CHECKING:
    from infimate.data.datasets import Dataset


_OUT_SCHEMA = pl.Schema(
    {
        "term": pl.String(),
        "lang": pl.String(),
        "recent": pl.Int64(),
        "base": pl.Int64(),
        "growth": pl.Float64(),
        "kol_first": pl.Boolean(),
        "score": pl.Float64(),
        "first_kol_post_id": pl.String(),
        "first_kol_text": pl.String(),
        "weekly_counts": pl.List(pl.Int64),
    }
)
_RANK_SCHEMA = {"term": pl.String, "_rank": pl.Int64}


def _naive_utc(ts: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Timestamps as naive UTC datetimes (inputs may be tz-aware, naive, or dates)."""
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        ts = ts.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return ts.cast(pl.Datetime("us"))


def _to_datetime(asof: date | datetime | str | None) -> datetime | None:
    if asof is None or isinstance(asof, datetime):
        return asof
    if isinstance(asof, str):
        try:
            return datetime.fromisoformat(asof.strip())
        except ValueError:
            raise InfimateError(f"asof: {asof!r} is not a date (use YYYY-MM-DD)") from None
    return datetime(asof.year, asof.month, asof.day)


@dataclass(frozen=True)
class DiscoveryRule:
    """Windows and thresholds of coined-term discovery (module docstring)."""

    recent_weeks: int = 4
    base_weeks: int = 12
    min_support: int = 12
    min_authors: int = 3
    smoothing: float = 0.5
    min_growth: float = 2.0
    kol_first_n: int = 5
    kol_first_share: float = 0.6
    kol_bonus: float = 0.5

    @property
    def weeks(self) -> int:
        """Weeks of posts read: the recent window and the base window before it."""
        return self.recent_weeks + self.base_weeks

    def describe(self) -> str:
        """Which terms are proposed, in plain words, with this rule's numbers.

        >>> DISCOVERY_RULE.describe()[:44]
        'Terms (English n-grams, hashtags, Chinese wo'
        """
        return (
            "Terms (English n-grams, hashtags, Chinese words) not in the lexicon whose use "
            f"grew at least {self.min_growth:g}× in the last {self.recent_weeks} weeks vs the "
            f"{self.base_weeks} before, in ≥ {self.min_support} posts by ≥ {self.min_authors} "
            f"authors; KOL-first = at least {self.kol_first_share:.0%} of the first "
            f"{self.kol_first_n} uses came from KOLs."
        )


DISCOVERY_RULE = DiscoveryRule()


def discover_terms(
    posts: pl.DataFrame | pl.LazyFrame,
    lexicon: pl.DataFrame,
    *,
    asof: date | datetime | str | None = None,
    rule: DiscoveryRule = DISCOVERY_RULE,
    top: int = 20,
) -> pl.DataFrame:
    """Rank candidate coined terms (not in the lexicon) by recent growth.

    Parameters
    ----------
    posts
        Posts (DESIGN.md contract): post_id, ts, author_id, text, optional author_tier.
    lexicon
        element_id, name_en, name_zh, aliases (list[str] or ';'-separated str), ...
    asof
        Last day of data to use (default: the latest post). Only posts up to the end of
        that day are read; week boundaries are Mondays.

    Returns
    -------
    pl.DataFrame
        term, lang, recent, base, growth, kol_first, score, first_kol_post_id,
        first_kol_text (untrusted), weekly_counts (list of ``recent_weeks + base_weeks``
        ints, oldest first); best first, at most ``top`` rows.

    Example
    -------
    >>> from infimate.elements.lexicon import builtin_lexicon
    >>> posts = pl.DataFrame({"post_id": [f"p{i}" for i in range(112)], "author_id": list("abcd") * 28,
    ...     "ts": [datetime(2026, 3, 1) + timedelta(days=i) for i in range(112)],
    ...     "text": ["new shoes"] * 91 + ["so into blokette"] * 21})  # a new word, last 3 weeks
    >>> discover_terms(posts, builtin_lexicon()).select("term", "recent", "base").rows()
    [('blokette', 21, 0)]
    """
    base_weeks, n_weeks = rule.base_weeks, rule.weeks
    min_support, min_growth = rule.min_support, rule.min_growth
    lf, end = _prepare(posts, asof)
    if end is None:
        return _empty()
    last_week = datetime(end.year, end.month, end.day) - timedelta(days=end.weekday())
    first_week = last_week - timedelta(weeks=n_weeks - 1)
    lex_terms = lexicon_terms(lexicon)
    win = (
        lf.filter(pl.col("ts") >= first_week)
        .with_row_index("rid")
        .with_columns(
            wi=((pl.col("ts") - first_week).dt.total_days() // 7).cast(pl.Int32),
            masked=mask_known(norm_text(pl.col("text")), lex_terms),
        )
        .collect()
    )
    is_recent = pl.col("wi") >= base_weeks
    n_recent = max(win.filter(is_recent).height, 1)
    n_base = max(win.filter(~is_recent).height, 1)
    wl = win.lazy()
    uses = (
        pl.concat([en_terms(wl), zh_terms(wl)])
        .unique(["rid", "term"])
        .join(wl.select("rid", "wi", "author_id"), on="rid")
        .collect()
    )
    cands = (
        uses.group_by("term", "lang")
        .agg(
            recent=is_recent.sum().cast(pl.Int64),
            base=(~is_recent).sum().cast(pl.Int64),
            authors=pl.col("author_id").filter(is_recent).n_unique(),
        )
        .filter((pl.col("recent") >= min_support) & (pl.col("authors") >= rule.min_authors))
    )

    @overload
    def growth(n_r: int, n_b: int) -> float: ...
    @overload
    def growth(n_r: pl.Expr, n_b: pl.Expr) -> pl.Expr: ...
    def growth(n_r: int | pl.Expr, n_b: int | pl.Expr) -> float | pl.Expr:
        s = rule.smoothing
        return (n_r * 1000 / n_recent + s) / (n_b * 1000 / n_base + s)

    support = (pl.col("recent") + 1).log() / math.log(1 + 4 * min_support)
    pool = (
        lexicon_filter(cands, lex_terms)
        .with_columns(growth=growth(pl.col("recent"), pl.col("base")))
        .with_columns(score0=pl.col("growth").log() * pl.min_horizontal(support, 1.0))
        .filter(pl.col("growth") >= min_growth)
        .sort("score0", "term", descending=[True, False])
        .head(top * 6)
    )
    pool = (
        pool.join(_kol_first(lf, pool["term"].to_list(), rule.kol_first_n), on="term", how="left")
        .with_columns(kol_first=pl.col("kol_frac").fill_null(0) >= rule.kol_first_share)
        .with_columns(
            score=pl.col("score0") * pl.when("kol_first").then(1 + rule.kol_bonus).otherwise(1)
        )
        .sort("score", "recent", "term", descending=[True, True, False])
    )
    per_term = (
        uses.filter(pl.col("term").is_in(pool["term"].implode()))
        .group_by("term")
        .agg(
            r=pl.col("rid").filter(is_recent),
            b=pl.col("rid").filter(~is_recent),
            weekly_counts=pl.concat_list(
                [(pl.col("wi") == w).sum().cast(pl.Int64) for w in range(n_weeks)]
            ),
        )
    )
    recent_rids = {t: set(r) for t, r in per_term.select("term", "r").iter_rows()}
    base_rids = {t: set(b) for t, b in per_term.select("term", "b").iter_rows()}
    kept = _dedupe(pool["term"].to_list(), recent_rids, base_rids, growth=growth)[:top]
    order = pl.DataFrame({"term": kept, "_rank": range(len(kept))}, schema=_RANK_SCHEMA)
    return (
        pool.join(order, on="term")
        .join(per_term.select("term", "weekly_counts"), on="term")
        .sort("_rank")
        .with_columns(pl.col("growth").round(3), pl.col("score").round(4))
        .select(list(_OUT_SCHEMA))
        .cast(_OUT_SCHEMA)
    )


def last_day(posts: pl.DataFrame | pl.LazyFrame, asof: date | datetime | str | None) -> date | None:
    """The last day :func:`discover_terms` reads (``asof``, else the latest post's day)."""
    end = _prepare(posts, asof)[1]
    return end.date() if end is not None else None


def _prepare(
    posts: pl.DataFrame | pl.LazyFrame, asof: date | datetime | str | None
) -> tuple[pl.LazyFrame, datetime | None]:
    """Posts reduced to the columns we need, up to the end of the ``asof`` day."""
    lf = posts.lazy()
    schema = lf.collect_schema()
    tier = pl.col("author_tier") if "author_tier" in schema else pl.lit(None)
    lf = lf.select(
        pl.col("post_id").cast(pl.String),
        _naive_utc(pl.col("ts"), schema["ts"]),
        pl.col("author_id").cast(pl.String),
        tier.cast(pl.String).fill_null("consumer").alias("author_tier"),
        pl.col("text").cast(pl.String).fill_null(""),
    )
    end = _to_datetime(asof) or lf.select(pl.col("ts").max()).collect().item()
    if end is None:
        return lf, None
    cutoff = datetime(end.year, end.month, end.day) + timedelta(days=1)
    return lf.filter(pl.col("ts") < cutoff), end


def _kol_first(lf: pl.LazyFrame, terms: list[str], n: int) -> pl.DataFrame:
    """Per term: KOL share of its first ``n`` uses, and its earliest KOL post (full history)."""
    schema = pl.Schema(
        {
            "term": pl.String,
            "kol_frac": pl.Float64,
            "first_kol_post_id": pl.String,
            "first_kol_text": pl.String,
        }
    )
    if not terms:
        return pl.DataFrame(schema=schema)
    hits = (
        lf.with_columns(low=norm_text(pl.col("text")))
        .filter(pl.col("low").str.contains_any(terms))
        .with_columns(term=pl.col("low").str.extract_many(terms, overlapping=True))
        .explode("term")
        .unique(["post_id", "term"])
        .sort("ts", "post_id")
    )
    is_kol = pl.col("author_tier") == "kol"
    return (
        hits.group_by("term")
        .agg(
            kol_frac=is_kol.head(n).cast(pl.Float64).mean(),
            first_kol_post_id=pl.col("post_id").filter(is_kol).first(),
            first_kol_text=pl.col("text").filter(is_kol).first(),
        )
        .collect()
        .cast(schema)
    )


def _dedupe(
    ranked: list[str],
    recent: dict[str, set[int]],
    base: dict[str, set[int]],
    *,
    growth: Callable[[int, int], float],
    cover: float = 0.8,
) -> list[str]:
    """Remove near-duplicates and context words from a short ranked list (<= top * 6).

    1. Sub/super-strings (by key): if the longer term has >= ``cover`` of the shorter
       one's recent posts, the shorter is dropped ("tomato" -> "tomato girl"); otherwise
       the longer is a minority variant and dropped unless it grows >= 1.5× faster.
    2. Context: a term whose growth disappears once the posts of the other kept terms
       are removed (residual recent < 25 % of its posts, or residual growth below
       1 + (growth - 1) / 2) rides on them ("试试" in "试试松弛感"); the worst such
       term is dropped, repeatedly, until every kept term grows on its own.
    """
    key = {t: term_key(t) for t in ranked}
    g = {t: growth(len(recent[t]), len(base[t])) for t in ranked}
    drop: set[str] = set()
    for s in ranked:
        for t in ranked:
            if s == t or key[s] == key[t] or key[s] not in key[t]:
                continue  # below: s is a substring of t
            if len(recent[t]) >= cover * len(recent[s]):
                drop.add(s)
            elif g[t] < 1.5 * g[s]:
                drop.add(t)
    kept = [t for t in ranked if t not in drop]
    subs = {t: [s for s in kept if s != t and key[s] in key[t]] for t in kept}
    while True:
        cnt = Counter(r for t in kept for r in recent[t])
        cnt_b = Counter(r for t in kept for r in base[t])
        worst: tuple[float, int, str] | None = None
        for rank, t in enumerate(kept):
            own = [s for s in subs[t] if s in kept]
            res_r = sum(1 for r in recent[t] if cnt[r] - sum(r in recent[s] for s in own) == 1)
            res_b = sum(1 for r in base[t] if cnt_b[r] - sum(r in base[s] for s in own) == 1)
            share = res_r / max(len(recent[t]), 1)
            if share < 0.25 or growth(res_r, res_b) < 1 + (g[t] - 1) / 2:
                cand = (share, -rank, t)
                worst = cand if worst is None or cand < worst else worst
        if worst is None:
            return kept
        kept.remove(worst[2])


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=_OUT_SCHEMA)


def add_to_lexicon(
    dataset: Dataset, term: str, *, element_id: str, type: str, name_en: str, name_zh: str
) -> pl.DataFrame:
    """Add a discovered ``term`` to the dataset's ``lexicon.csv`` as a new element.

    The term becomes an alias of the new element (unless it is already one of its
    names), so the next ``tag`` run counts it. An empty ``name_en``/``name_zh`` falls back
    to the term itself (a coined word often has no translation yet). Invalid entries
    raise ``LexiconError`` (an ``InfimateError``) and nothing is written. Returns the
    dataset's lexicon additions.

    Example
    -------
    >>> import tempfile
    >>> from infimate.data.datasets import Dataset
    >>> with tempfile.TemporaryDirectory() as tmp:  # empty names fall back to the term
    ...     add_to_lexicon(Dataset(tmp), "blokette", element_id="blokette", type="aesthetic",
    ...                    name_en="", name_zh="").row(0)[:4]
    ('blokette', 'aesthetic', 'blokette', 'blokette')
    """
    from infimate.elements.lexicon import add_terms

    term = term.strip()
    name_en, name_zh = (name_en or "").strip() or term, (name_zh or "").strip() or term
    known = {name_en.casefold(), name_zh.casefold()}
    row = pl.DataFrame(
        {
            "element_id": [element_id],
            "type": [type],
            "name_en": [name_en],
            "name_zh": [name_zh],
            "aliases": [[] if term.casefold() in known else [term]],
            "hex": [None],
            "parent": [None],
        },
        schema_overrides={"aliases": pl.List(pl.String), "hex": pl.String, "parent": pl.String},
    )
    return add_terms(dataset, row, source=f"discover: {term}")
