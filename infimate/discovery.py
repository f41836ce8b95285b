"""Coined-term discovery: emerging n-grams, hashtags and CJK words not in the lexicon.

Definitions (also shown in the UI):

* **Candidates** come from the posts of the last ``recent_weeks + base_weeks`` weeks up to
  ``asof`` (bounded memory). Known elements are masked out of the text first (every
  lexicon name/alias is replaced by a separator), then we take English 1–3-grams of
  words, Latin hashtags, and 2–4-character substrings of CJK runs. N-grams may not start
  or end with a stop word (EN and ZH lists below; they include generic social words such
  as "obsessed", "outfit", "穿搭", "姐妹们"); CJK n-grams may not start or end with a
  function character (的, 了, 是, …). Terms that are part of a lexicon name/alias, or
  contain one, are never proposed.
* **Support** ``recent``/``base``: posts using the term in the recent / base window.
  A candidate needs ``recent >= min_support`` and ``>= min_authors`` distinct recent
  authors.
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

Example
-------
>>> terms = discover_terms(pl.scan_parquet("data/demo/posts.parquet"), lexicon)  # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from infimate.errors import InfimateError

if TYPE_CHECKING:
    from infimate.datasets import Dataset


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EN_STOP = _words(
    """a about above after again all also am an and any are as at be because been before
    being below between both but by can can't could did do does doing don't down during
    each few for from further get got had has have having he her here hers herself him
    himself his how i i'm i've if in into is it it's its itself just let's like me more
    most my myself no nor not now of off on once only or other our ours out over own
    same she should so some such than that that's the their theirs them themselves then
    there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself
    everyone anyone someone something everything lol omg ok okay yes yeah pls please
    honestly literally really actually finally new thing things way much many one two
    day days week today tonight tomorrow obsessed outfit outfits ootd look looks style
    wear wearing love loving cute haul review link bio vibe vibes era giving trend
    trending viral fyp fashion"""
)
ZH_STOP = _words(
    """今天 今日 昨天 明天 穿搭 搭配 姐妹 姐妹们 宝宝 大家 真的 好看 喜欢 分享 推荐 种草
    衣服 日常 博主 视频 直播 笔记 打卡 这个 那个 什么 怎么 怎么样 觉得 最近 一直 一件
    一套 这件 出门 周末 流行 趋势"""
)
ZH_EDGE_CHARS = (
    "的了是在我你他她它们也都就和与及或很太吗呢吧啊呀哦么着过把被给让这那个有没不还又再更最就才"
)

_WORD = r"[\p{Latin}\p{N}][\p{Latin}\p{N}'-]*"
_TOKEN = rf"#[\p{{Latin}}\p{{N}}_]+|{_WORD}|[^\s\p{{Latin}}\p{{N}}#]+"
_HAN_RUN = r"\p{Han}+"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_OUT_SCHEMA = {
    "term": pl.String,
    "lang": pl.String,
    "recent": pl.Int64,
    "base": pl.Int64,
    "growth": pl.Float64,
    "kol_first": pl.Boolean,
    "score": pl.Float64,
    "first_kol_post_id": pl.String,
    "first_kol_text": pl.String,
    "weekly_counts": pl.List(pl.Int64),
}
_RANK_SCHEMA = {"term": pl.String, "_rank": pl.Int64}


def _norm_text(expr: pl.Expr) -> pl.Expr:
    return expr.fill_null("").str.to_lowercase().str.replace_all("[’‘`]", "'")


def _key_expr(expr: pl.Expr) -> pl.Expr:
    """Comparison key: lower case without '#', spaces, '-', '_' ("#TomatoGirl" ~ "tomato girl")."""
    return expr.str.to_lowercase().str.replace_all(r"[#\s_-]", "")


def _lexicon_terms(lexicon: pl.DataFrame) -> list[str]:
    """All lexicon names and aliases, lower case, longest first (aliases: list or ';' str)."""
    al = pl.col("aliases")
    if lexicon.schema.get("aliases") == pl.String:
        al = al.str.split(";")
    names = lexicon.select(
        pl.concat_list(
            pl.col("name_en").cast(pl.String), pl.col("name_zh").cast(pl.String), al.fill_null([])
        ).alias("t")
    ).explode("t")
    terms = names.select(_norm_text(pl.col("t")).str.strip_chars()).to_series()
    terms = sorted({t for t in terms.to_list() if t}, key=lambda t: (-len(t), t))
    return terms


def _mask_known(text: pl.Expr, terms: list[str]) -> pl.Expr:
    """Replace every lexicon name/alias (and ZH stop word) in lower-cased text by a separator."""
    zh = sorted({t for t in terms if _CJK.search(t)} | ZH_STOP, key=lambda t: (-len(t), t))
    en = [t for t in terms if not _CJK.search(t)]
    if en:
        alt = "|".join(re.escape(t) for t in en)
        text = text.str.replace_all(rf"(?:^|\b)(?:{alt})(?:\b|$)", " | ")
    if zh:
        text = text.str.replace_many(zh, ["|"] * len(zh))
    return text


def _en_terms(lf: pl.LazyFrame) -> pl.LazyFrame:
    """(rid, term, lang) for English 1–3-grams and Latin hashtags."""
    tok = (
        lf.select("rid", pl.col("masked").str.extract_all(_TOKEN).alias("tok"))
        .explode("tok")
        .drop_nulls("tok")
    )
    tok = tok.with_columns(
        is_word=pl.col("tok").str.contains(r"^[\p{Latin}\p{N}]"),
        is_stop=pl.col("tok").is_in(list(EN_STOP)) | pl.col("tok").str.contains(r"^[\p{N}'-]+$"),
    )
    same1 = pl.col("rid").shift(-1) == pl.col("rid")
    same2 = pl.col("rid").shift(-2) == pl.col("rid")
    w0, w1, w2 = (pl.col("is_word").shift(-i).fill_null(False) for i in range(3))
    s0, s1, s2 = (pl.col("is_stop").shift(-i).fill_null(True) for i in range(3))
    t0, t1, t2 = (pl.col("tok").shift(-i) for i in range(3))
    ok0 = w0 & ~s0
    grams = tok.select(
        "rid",
        pl.when(ok0 & (pl.col("tok").str.len_chars() >= 3)).then(t0).alias("g1"),
        pl.when(ok0 & same1 & w1 & ~s1).then(pl.concat_str(t0, t1, separator=" ")).alias("g2"),
        pl.when(ok0 & same2 & w1 & w2 & ~s2)
        .then(pl.concat_str(t0, t1, t2, separator=" "))
        .alias("g3"),
        pl.when(pl.col("tok").str.starts_with("#") & (pl.col("tok").str.len_chars() >= 4))
        .then(pl.col("tok"))
        .alias("tag"),
        # a hashtag is also a use of the bare word ("#blokette" counts for "blokette")
        pl.when(
            pl.col("tok").str.contains(r"^#[\p{Latin}\p{N}]{3,}$")
            & ~pl.col("tok").str.slice(1).is_in(list(EN_STOP))
        )
        .then(pl.col("tok").str.slice(1))
        .alias("tagword"),
    )
    return (
        grams.unpivot(index="rid", value_name="term")
        .drop_nulls("term")
        .select("rid", "term", pl.lit("en").alias("lang"))
    )


def _zh_terms(lf: pl.LazyFrame) -> pl.LazyFrame:
    """(rid, term, lang) for 2–4-character substrings of CJK runs."""
    runs = (
        lf.select("rid", pl.col("masked").str.extract_all(_HAN_RUN).alias("run"))
        .explode("run")
        .filter(pl.col("run").str.len_chars() >= 2)
        .with_columns(n_run=pl.col("run").str.len_chars())
    )
    parts = []
    for n in (2, 3, 4):
        parts.append(
            runs.filter(pl.col("n_run") >= n)
            .with_columns(off=pl.int_ranges(0, pl.col("n_run") - n + 1))
            .explode("off")
            .select("rid", pl.col("run").str.slice(pl.col("off"), n).alias("term"))
        )
    edge = f"^[{ZH_EDGE_CHARS}]|[{ZH_EDGE_CHARS}]$"
    return (
        pl.concat(parts)
        .filter(
            ~pl.col("term").str.contains(edge) & ~pl.col("term").str.contains_any(list(ZH_STOP))
        )
        .with_columns(lang=pl.lit("zh"))
    )


def _lexicon_filter(cands: pl.DataFrame, terms: list[str]) -> pl.DataFrame:
    """Drop candidates that are part of a lexicon name/alias or contain one."""
    en_words = [t.split() for t in terms if not _CJK.search(t)]
    sub_en = {
        " ".join(w[i:j]) for w in en_words for i in range(len(w)) for j in range(i + 1, len(w) + 1)
    }
    sub_zh = {
        t[i:j]
        for t in terms
        if _CJK.search(t)
        for i in range(len(t))
        for j in range(i + 1, len(t) + 1)
    }
    keys = sorted({re.sub(r"[#\s_-]", "", t) for t in terms} - {""})
    long_keys = [k for k in keys if len(k) >= 4]
    padded = [f" {t} " for t in terms if not _CJK.search(t)]
    zh_terms = [t for t in terms if _CJK.search(t)]
    is_tag = pl.col("term").str.starts_with("#")
    key = _key_expr(pl.col("term"))
    bad = (
        pl.col("term").is_in(sorted(sub_en | sub_zh))
        | (
            pl.concat_str(pl.lit(" "), pl.col("term"), pl.lit(" ")).str.contains_any(
                padded or [" \x00 "]
            )
        )
        | pl.col("term").str.contains_any(zh_terms or ["\x00"])
        | (is_tag & key.is_in(keys))
        | (is_tag & key.str.contains_any(long_keys or ["\x00"]))
        | (is_tag & pl.lit("|".join(keys)).str.contains(key, literal=True))
    )
    return cands.filter(~bad)


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


def discover_terms(
    posts: pl.DataFrame | pl.LazyFrame,
    lexicon: pl.DataFrame,
    *,
    asof: date | datetime | str | None = None,
    recent_weeks: int = 4,
    base_weeks: int = 12,
    min_support: int = 12,
    min_authors: int = 3,
    smoothing: float = 0.5,
    min_growth: float = 2.0,
    kol_first_n: int = 5,
    kol_first_share: float = 0.6,
    kol_bonus: float = 0.5,
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
    >>> discover_terms(posts, lexicon, top=5).select("term", "growth")  # doctest: +SKIP
    """
    n_weeks = recent_weeks + base_weeks
    lf, end = _prepare(posts, asof)
    if end is None:
        return _empty()
    last_week = datetime(end.year, end.month, end.day) - timedelta(days=end.weekday())
    first_week = last_week - timedelta(weeks=n_weeks - 1)
    lex_terms = _lexicon_terms(lexicon)
    win = (
        lf.filter(pl.col("ts") >= first_week)
        .with_row_index("rid")
        .with_columns(
            wi=((pl.col("ts") - first_week).dt.total_days() // 7).cast(pl.Int32),
            masked=_mask_known(_norm_text(pl.col("text")), lex_terms),
        )
        .collect()
    )
    is_recent = pl.col("wi") >= base_weeks
    n_recent = max(win.filter(is_recent).height, 1)
    n_base = max(win.filter(~is_recent).height, 1)
    wl = win.lazy()
    uses = (
        pl.concat([_en_terms(wl), _zh_terms(wl)])
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
        .filter((pl.col("recent") >= min_support) & (pl.col("authors") >= min_authors))
    )

    def growth(n_r: int | pl.Expr, n_b: int | pl.Expr) -> float | pl.Expr:
        return (n_r * 1000 / n_recent + smoothing) / (n_b * 1000 / n_base + smoothing)

    support = (pl.col("recent") + 1).log() / math.log(1 + 4 * min_support)
    pool = (
        _lexicon_filter(cands, lex_terms)
        .with_columns(growth=growth(pl.col("recent"), pl.col("base")))
        .with_columns(score0=pl.col("growth").log() * pl.min_horizontal(support, 1.0))
        .filter(pl.col("growth") >= min_growth)
        .sort("score0", "term", descending=[True, False])
        .head(top * 6)
    )
    pool = (
        pool.join(_kol_first(lf, pool["term"].to_list(), kol_first_n), on="term", how="left")
        .with_columns(kol_first=pl.col("kol_frac").fill_null(0) >= kol_first_share)
        .with_columns(
            score=pl.col("score0") * pl.when("kol_first").then(1 + kol_bonus).otherwise(1)
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
    schema = {
        "term": pl.String,
        "kol_frac": pl.Float64,
        "first_kol_post_id": pl.String,
        "first_kol_text": pl.String,
    }
    if not terms:
        return pl.DataFrame(schema=schema)
    hits = (
        lf.with_columns(low=_norm_text(pl.col("text")))
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


def _key(term: str) -> str:
    return re.sub(r"[#\s_-]", "", term)


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
    key = {t: _key(t) for t in ranked}
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
    >>> add_to_lexicon(Dataset("data/demo"), "blokette", element_id="blokette",
    ...     type="aesthetic", name_en="blokette", name_zh="")  # doctest: +SKIP
    """
    from infimate.lexicon import add_terms

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


def _plain(text: str | None, width: int) -> str:
    """Untrusted text for a terminal: control characters removed, cut and padded to
    ``width`` display columns (CJK characters take two)."""
    out, used = [], 0
    for c in text or "":
        if unicodedata.category(c)[0] == "C":
            c = " "
        w = 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        if used + w > width:
            break
        out.append(c)
        used += w
    return "".join(out) + " " * (width - used)


def run_discover(args: Any) -> int:
    """CLI: ``python -m infimate discover --dataset DIR [--asof DATE] [--top N] [--json]``."""
    from infimate.cli import print_json
    from infimate.datasets import Dataset
    from infimate.errors import DataFileError
    from infimate.lexicon import load_lexicon

    ds = Dataset(args.dataset)
    posts = ds.scan("posts")
    if posts is None:
        raise DataFileError(ds.table_path("posts"), "no posts table in this dataset")
    res = discover_terms(posts, load_lexicon(ds), asof=args.asof, top=args.top)
    end = _prepare(posts, args.asof)[1]
    asof = end.date().isoformat() if end is not None else None
    if args.json:
        print_json({"dataset": str(ds.path), "asof": asof, "terms": res.to_dicts()})
        return 0
    print(
        f"coined-term candidates as of {asof} (recent = posts in the last 4 weeks, base = the 12 before)"
    )
    print(
        f"{'term':<22} {'lang':<4} {'recent':>6} {'base':>5} {'growth':>7} {'kol':>3} {'score':>6}  first KOL post"
    )
    for r in res.iter_rows(named=True):
        print(
            f"{_plain(r['term'], 22)} {r['lang']:<4} {r['recent']:>6} {r['base']:>5} {r['growth']:>7.2f}"
            f" {'yes' if r['kol_first'] else 'no':>3} {r['score']:>6.2f}  {_plain(r['first_kol_text'], 50)}"
        )
    return 0
