"""Element and scene tagging of post text, vectorised with polars: posts → mentions.

Holds the posts columns the tagger reads (:data:`REQUIRED_POST_COLUMNS`,
:data:`POST_INPUT_COLUMNS`, the segments :data:`SEGMENT_COLS`), post preparation
(:func:`prepare_posts`: defaults, scenes tagged from text by :func:`fill_scenes`),
:func:`tag_posts` (one row per post × element mentioned) and the dataset ``tag``
command (:func:`tag_dataset`, :func:`run_tag`), which also writes the weekly share of
voice computed by :mod:`infimate.signals.share_of_voice`.

Matching rules (exact, no fuzzy matching):

* **Latin script matches whole words.** "red" is found in "red dress" and "#red", not
  in "tired" or "bored"; "tee" is not found in "teen". A Latin letter or digit (ASCII
  or accented) next to a match disqualifies it; punctuation, spaces, emoji and CJK
  characters are boundaries, so "今年流行butter yellow" finds butter yellow.
* **Variants.** Every name/alias also matches with spaces or hyphens between its words
  ("puff sleeve", "puff-sleeve"), run together as a hashtag when every word has 3+
  letters ("#puffsleeves"), and in plural/singular for garment-like types (items,
  details, fabrics, prints, patterns, silhouettes, accessories; not colours or
  aesthetics, where "blues" is not a colour mention).
* **Case.** ASCII case is ignored; for aliases with accented letters both lower- and
  upper-case accents match ("bouclé", "BOUCLÉ") and the accent-free spelling too.
* **Chinese (CJK) aliases match as substrings**: "泡泡袖" inside "法式泡泡袖连衣裙".
* **Longest match wins** where aliases overlap: "baby blue" is not also "blue",
  "off-white" is not also "white", "克莱因蓝色" is Klein blue, not also blue. Scanning
  left to right, the first position where a valid (whole-word) match starts wins, and
  there the longest valid one: "vanilla girl aesthetics" is vanilla girl, since
  "vanilla girl aesthetic" ends inside a word.

The matcher lives in :mod:`infimate.elements.matching`: one Aho-Corasick pass
(``str.extract_many``) finds candidate matches, a byte-level check of the characters
around each Latin candidate enforces word boundaries, and the few texts where that does
not settle the answer are matched again exactly on a boundary-marked copy. There is no
Python loop over posts.

Example
-------
>>> import datetime as dt
>>> from infimate.elements.lexicon import load_lexicon
>>> posts = pl.DataFrame({"post_id": ["p1"], "text": ["Baby blue puff-sleeves, so tired"],
...     "ts": [dt.datetime(2026, 11, 25)], "market": ["US"], "platform": ["tiktok"],
...     "author_id": ["a1"]})
>>> sorted(tag_posts(posts, load_lexicon())["element_id"])
['baby_blue', 'puff_sleeve']
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import post_lexicon
from infimate.elements.matching import compile_patterns, match_many, match_texts, unique_pairs
from infimate.elements.patterns import finish_patterns, match_patterns
from infimate.elements.scenes import UNKNOWN_SCENE, scene_keywords
from infimate.errors import DataFileError

MENTION_COLUMNS = (
    "post_id",
    "element_id",
    "type",
    "week",
    "ts",
    "market",
    "crowd",
    "scene",
    "platform",
    "author_id",
    "author_tier",
    "engagement",
)
# Low-cardinality post columns the tagger emits as ``pl.Categorical`` (dictionary codes):
# gathering them into one row per mention copies 4-byte codes instead of strings, and
# aggregations can use the physical codes directly. They compare with strings as usual
# (``pl.col("market") == "US"``, ``is_in``); joins against String columns need a cast.
# element_id, type, post_id and author_id stay String (element ids are joined to String
# frames across the code base: lexicon, planted truth, products).
CODED_COLUMNS = ("market", "crowd", "scene", "platform", "author_tier")
#: Posts columns the tagger needs, and every posts column it reads (the rest are ignored).
REQUIRED_POST_COLUMNS = ("post_id", "text", "ts", "market", "platform", "author_id")
POST_INPUT_COLUMNS = (*REQUIRED_POST_COLUMNS, "author_tier", "engagement", "crowd", "scene")


def _scene_patterns() -> pl.DataFrame:
    kw = scene_keywords()
    return finish_patterns(
        kw.select(
            pl.col("keyword").alias("pattern"),
            pl.col("scene").alias("element_id"),
            pl.lit("scene").alias("type"),
            pl.lit(True).alias("explicit"),
        )
    ).join(kw.select(pl.col("keyword").alias("pattern"), "priority", "scene"), on="pattern")


def _scene_slots(posts: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """(scene with "unknown" where missing, row numbers of the posts missing one)."""
    n = posts.height
    if "scene" not in posts.columns:  # every post needs a scene: no gathers
        missing = pl.int_range(n, dtype=pl.UInt32, eager=True)
        return pl.repeat(UNKNOWN_SCENE, n, dtype=pl.String, eager=True), missing
    scene = posts["scene"]
    if scene.dtype == pl.Categorical:  # prepared posts: already stripped, nothing to fill
        missing = (scene.is_null() | (scene == "")).arg_true().cast(pl.UInt32)
        if not missing.len():
            return scene, missing
    given = scene.cast(pl.String).str.strip_chars()
    missing = (given.is_null() | (given == "")).arg_true().cast(pl.UInt32)
    return given.fill_null("").scatter(missing, UNKNOWN_SCENE), missing


def _scenes(scene: pl.Series, hits: pl.DataFrame, pats: pl.DataFrame) -> pl.Series:
    """Scatter the most specific scene found (lowest priority) into ``scene``.

    ``hits`` (id = row number, pid = row of ``pats``) only for rows missing a scene.
    """
    best = (
        pl.DataFrame({"id": hits["id"], "pid": hits["pid"]})
        .with_columns(pats["priority"].gather(hits["pid"]).alias("priority"))
        .sort("id", "priority")
        .unique("id", keep="first")
    )
    return scene.scatter(best["id"], pats["scene"].gather(best["pid"])).alias("scene")


def fill_scenes(posts: pl.DataFrame) -> pl.DataFrame:
    """Fill null/empty ``scene`` from the text (most specific keyword) or ``"unknown"``.

    Example
    -------
    >>> fill_scenes(pl.DataFrame({"post_id": ["a"], "text": ["date night look"]}))["scene"].item()
    'date_night'
    """
    scene, missing = _scene_slots(posts)
    if missing.len():
        pats = _scene_patterns()
        text = posts["text"] if missing.len() == posts.height else posts["text"].gather(missing)
        texts = pl.DataFrame(
            {"id": pl.int_range(missing.len(), dtype=pl.UInt32, eager=True), "text": text}
        )
        hits = match_texts(texts, compile_patterns(pats))
        scene = _scenes(scene, hits.with_columns(missing.gather(hits["id"]).alias("id")), pats)
    return posts.with_columns(scene.alias("scene"))


def _with_defaults(posts: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in REQUIRED_POST_COLUMNS if c not in posts.columns]
    if missing:
        raise DataFileError("posts", f"missing column(s) {', '.join(missing)}")
    defaults = {"crowd": "unknown", "author_tier": "consumer"}
    posts = posts.with_columns(
        (
            pl.col(c).fill_null(d)
            if posts.schema[c] == pl.Categorical
            else pl.col(c).cast(pl.String).fill_null(d)
        )
        if c in posts.columns
        else pl.lit(d).alias(c)
        for c, d in defaults.items()
    ).with_columns(
        pl.col("engagement").cast(pl.Int64).fill_null(0)
        if "engagement" in posts.columns
        else pl.lit(0, dtype=pl.Int64).alias("engagement")
    )
    ts = pl.col("ts")
    if isinstance(posts.schema["ts"], pl.Datetime) and posts.schema["ts"].time_zone:
        ts = ts.dt.convert_time_zone("UTC")
    return posts.with_columns(ts.dt.truncate("1w").dt.date().alias("week"))


def tag_posts(posts: pl.DataFrame | pl.LazyFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    """Mentions: one row per (post, element) found in the post text.

    Columns: post_id, element_id, type, week (Monday of the post's UTC week), ts,
    market, crowd, scene, platform, author_id, author_tier, engagement. Missing
    scenes are tagged from the text (:func:`fill_scenes`). The columns of
    :data:`CODED_COLUMNS` are ``pl.Categorical``; the others String/Date/Int64.

    Example
    -------
    >>> import datetime as dt
    >>> from infimate.elements.lexicon import load_lexicon
    >>> p = pl.DataFrame({"post_id": ["1"], "text": ["老钱风 off-white 泡泡袖"],
    ...     "ts": [dt.datetime(2026, 11, 29)], "market": ["CN"], "platform": ["xiaohongshu"],
    ...     "author_id": ["u"]})
    >>> sorted(tag_posts(p, load_lexicon())["element_id"])
    ['off_white', 'old_money', 'puff_sleeve']
    """
    return _tagged(posts, lexicon, prepare=False)[0]


def tag_prepared(
    posts: pl.DataFrame | pl.LazyFrame, lexicon: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(mentions, prepared posts)`` in one pass over the text: the mentions of
    ``tag_posts(prepare_posts(posts), lexicon)`` and the posts of ``prepare_posts(posts)``,
    with scenes and elements matched together (what ``tag`` needs, without tagging the
    scenes in a pass of their own). ``element_id`` and ``type`` are ``pl.Categorical``,
    as the segment columns (``tag`` writes them as Parquet dictionaries; a dataset reads
    them back as String).

    Example
    -------
    >>> import datetime as dt
    >>> from infimate.elements.lexicon import load_lexicon
    >>> p = pl.DataFrame({"post_id": ["1"], "text": ["red dress for the office"],
    ...     "ts": [dt.datetime(2026, 11, 29)], "market": [None], "platform": ["tiktok"],
    ...     "author_id": ["u"]})
    >>> mentions, prepared = tag_prepared(p, load_lexicon())
    >>> prepared.select("market", "scene").row(0), sorted(mentions["element_id"])
    (('unknown', 'office'), ['red'])
    """
    return _tagged(posts, lexicon, prepare=True)


def _tagged(
    posts: pl.DataFrame | pl.LazyFrame, lexicon: pl.DataFrame, *, prepare: bool
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mentions and the posts they were read from (``prepare``: as :func:`prepare_posts`
    makes them, the mentions taken from those). Lazy ``posts`` are read while the
    patterns are compiled."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        read = pool.submit(lambda: posts.collect() if isinstance(posts, pl.LazyFrame) else posts)
        lexicon = post_lexicon(lexicon)  # catalogue-only words mean other things in posts
        ids = lexicon.select("element_id", "type")
        if prepare:  # for ``tag``: one code per mention row, not a copied string
            ids = ids.cast(pl.Categorical)
        pats = match_patterns(lexicon).join(
            lexicon.select("element_id").with_row_index("eidx"), on="element_id"
        )
        elements = compile_patterns(pats)
        df = read.result()
    df = _with_defaults(df.with_columns(pl.col("post_id").cast(pl.String)))
    scene, missing = _scene_slots(df)
    scene_pats = _scene_patterns()
    sets = [elements] + ([compile_patterns(scene_pats)] if missing.len() else [])
    rows = df.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("id"), "text")
    found = match_many(rows, sets)  # elements and scenes in one parallel pass
    if missing.len():
        hits = found[1]
        if missing.len() < df.height:  # only posts without a scene take one from the text
            need = pl.repeat(False, df.height, eager=True).scatter(missing, True)
            hits = hits.filter(need.gather(hits["id"]))
        scene = _scenes(scene, hits, scene_pats)
    df = df.with_columns(scene.alias("scene"))
    df = (
        _segments_filled(df)
        if prepare
        else df.with_columns(pl.col(c).cast(pl.Categorical) for c in CODED_COLUMNS)
    )
    eidx = pats["eidx"].cast(pl.UInt32)[found[0]["pid"]]
    return _mentions(df, pl.DataFrame({"id": found[0]["id"], "eidx": eidx}), ids), df


def _mentions(
    df: pl.DataFrame, hits: pl.DataFrame, ids: pl.DataFrame, *, split_from: int = 200_000
) -> pl.DataFrame:
    """One row per distinct (post, element) of ``hits`` (id = row of ``df``, eidx = row of
    ``ids``) with the post's columns; the two halves of the posts run in parallel."""
    meta = df.select(c for c in MENTION_COLUMNS if c not in ("element_id", "type"))

    def rows(part: pl.DataFrame) -> pl.DataFrame:
        pairs = unique_pairs(part, "eidx")
        return pl.concat([meta[pairs["id"]], ids[pairs["eidx"]]], how="horizontal")

    if hits.height < split_from:
        return rows(hits).select(MENTION_COLUMNS)
    cut = df.height // 2
    halves = [hits.filter(pl.col("id") < cut), hits.filter(pl.col("id") >= cut)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return pl.concat(list(pool.map(rows, halves))).select(MENTION_COLUMNS)


# ---- posts prepared for tagging and aggregation ------------------------------


def prepare_posts(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts with defaults, scenes and segments filled, as tagging and aggregation use them.

    Adds ``week`` (Monday of the UTC week), fills crowd/author_tier/engagement defaults,
    tags missing scenes from the text (:func:`fill_scenes`), fills null segment values
    with "unknown" and makes :data:`CODED_COLUMNS` ``pl.Categorical``. Feeding the result
    to :func:`tag_posts` and to :func:`infimate.signals.share_of_voice.segment_weeks` /
    :func:`~infimate.signals.share_of_voice.post_signals` skips redoing this work in each.

    Example
    -------
    >>> import datetime as dt
    >>> p = pl.DataFrame({"post_id": [1], "text": ["office look"], "market": [None],
    ...     "ts": [dt.datetime(2026, 11, 25)], "platform": ["tiktok"], "author_id": ["u"]})
    >>> prepare_posts(p).select("week", "market", "crowd", "scene").row(0)
    (datetime.date(2026, 11, 23), 'unknown', 'unknown', 'office')
    """
    df = _with_defaults(posts.with_columns(pl.col("post_id").cast(pl.String)))
    return _segments_filled(fill_scenes(df))


def _segments_filled(df: pl.DataFrame) -> pl.DataFrame:
    """Null segment values read "unknown"; the :data:`CODED_COLUMNS` are Categorical."""
    return df.with_columns(
        pl.col(c).cast(pl.String).fill_null("unknown").cast(pl.Categorical)
        if df.schema[c] != pl.Categorical
        else pl.col(c).fill_null("unknown")
        for c in SEGMENT_COLS
    ).with_columns(pl.col("author_tier").cast(pl.Categorical))
