"""Candidate terms of posts: English n-grams, Latin hashtags and CJK substrings.

Known elements are masked out of the text first (:func:`mask_known`: every lexicon
name/alias, and every Chinese stop word, is replaced by a separator), then
:func:`en_terms` takes English 1–3-grams of words and Latin hashtags (a hashtag also
counts as a use of its bare word) and :func:`zh_terms` 2–4-character substrings of CJK
runs. N-grams may not start or end with a stop word (:data:`EN_STOP`, :data:`ZH_STOP`:
they include generic social words such as "obsessed", "outfit", "穿搭", "姐妹们"); CJK
n-grams may not start or end with a function character (:data:`ZH_EDGE_CHARS`).
:func:`lexicon_filter` drops terms that are part of a lexicon name/alias or contain one.
Ranking the candidates is :mod:`infimate.elements.discovery`.

Example
-------
>>> lf = pl.LazyFrame({"rid": [0], "masked": ["tomato girl summer #blokette"]})
>>> sorted(en_terms(lf).collect()["term"].to_list())
['#blokette', 'blokette', 'girl', 'girl summer', 'summer', 'tomato', 'tomato girl', 'tomato girl summer']
"""

from __future__ import annotations

import re

import polars as pl


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


def norm_text(expr: pl.Expr) -> pl.Expr:
    return expr.fill_null("").str.to_lowercase().str.replace_all("[’‘`]", "'")


def key_expr(expr: pl.Expr) -> pl.Expr:
    """Comparison key: lower case without '#', spaces, '-', '_' ("#TomatoGirl" ~ "tomato girl")."""
    return expr.str.to_lowercase().str.replace_all(r"[#\s_-]", "")


def lexicon_terms(lexicon: pl.DataFrame) -> list[str]:
    """All lexicon names and aliases, lower case, longest first (aliases: list or ';' str)."""
    al = pl.col("aliases")
    if lexicon.schema.get("aliases") == pl.String:
        al = al.str.split(";")
    names = lexicon.select(
        pl.concat_list(
            pl.col("name_en").cast(pl.String), pl.col("name_zh").cast(pl.String), al.fill_null([])
        ).alias("t")
    ).explode("t")
    terms = names.select(norm_text(pl.col("t")).str.strip_chars()).to_series()
    return sorted({t for t in terms.to_list() if t}, key=lambda t: (-len(t), t))


def mask_known(text: pl.Expr, terms: list[str]) -> pl.Expr:
    """Replace every lexicon name/alias (and ZH stop word) in lower-cased text by a separator."""
    zh = sorted({t for t in terms if _CJK.search(t)} | ZH_STOP, key=lambda t: (-len(t), t))
    en = [t for t in terms if not _CJK.search(t)]
    if en:
        alt = "|".join(re.escape(t) for t in en)
        text = text.str.replace_all(rf"(?:^|\b)(?:{alt})(?:\b|$)", " | ")
    if zh:
        text = text.str.replace_many(zh, ["|"] * len(zh))
    return text


def en_terms(lf: pl.LazyFrame) -> pl.LazyFrame:
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


def zh_terms(lf: pl.LazyFrame) -> pl.LazyFrame:
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


def lexicon_filter(cands: pl.DataFrame, terms: list[str]) -> pl.DataFrame:
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
    keys = sorted({term_key(t) for t in terms} - {""})
    long_keys = [k for k in keys if len(k) >= 4]
    padded = [f" {t} " for t in terms if not _CJK.search(t)]
    zh_terms = [t for t in terms if _CJK.search(t)]
    is_tag = pl.col("term").str.starts_with("#")
    key = key_expr(pl.col("term"))
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


def term_key(term: str) -> str:
    """Comparison key of a term: without '#', spaces, '-', '_' (case kept)."""
    return re.sub(r"[#\s_-]", "", term)
