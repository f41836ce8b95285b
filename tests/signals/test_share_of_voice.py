"""Post signals and segment weeks (signals.share_of_voice): known answers, raw or prepared posts."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.tagging import tag_posts
from infimate.signals.share_of_voice import SIGNAL_COLUMNS, post_signals, segment_weeks
from tests.fixtures.tiny_posts import posts_frame


def test_post_signals_known_share_of_voice() -> None:
    posts = posts_frame(
        ["red dress", "red and blue", "blue", "nothing", "red"],
        market=["US", "US", "US", "GB", "GB"],
        crowd=["gen_z"] * 5,
        scene=["office"] * 5,
        author_tier=["kol", "consumer", "consumer", "consumer", "kol"],
        engagement=[10, 30, 60, 0, 0],
        author_id=["a", "b", "c", "d", "a"],
    )
    sig = post_signals(tag_posts(posts, builtin_lexicon()), posts)
    assert tuple(sig.columns) == SIGNAL_COLUMNS
    top = sig.filter(
        pl.col("market") == "all",
        pl.col("crowd") == "all",
        pl.col("scene") == "all",
        pl.col("platform") == "all",
    ).select("element", "value", "mentions", "posts", "kol_mentions", "eng_share", "authors")
    expected = pl.DataFrame(
        {
            "element": ["blue", "red"],
            "value": [2 / 5, 3 / 5],
            "mentions": [2, 3],
            "posts": [5, 5],
            "kol_mentions": [0, 2],
            "eng_share": [90 / 100, 40 / 100],
            "authors": [2, 2],
        },
        schema_overrides={
            "mentions": pl.Int64,
            "posts": pl.Int64,
            "kol_mentions": pl.Int64,
            "authors": pl.Int64,
        },
    )
    assert_frame_equal(top.sort("element"), expected, check_dtypes=False)
    gb = sig.filter(pl.col("market") == "GB", pl.col("crowd") == "all", pl.col("scene") == "all")
    assert gb.select("element", "value", "eng_share").rows() == [("red", 0.5, 0.0)]
    assert (sig["mentions"] > 0).all()
    assert set(sig["source"]) == {"posts"} and set(sig["metric"]) == {"share"}


def test_segment_weeks_grouping_sets() -> None:
    posts = posts_frame(
        ["a", "b", "c"],
        market=["US", "US", "GB"],
        crowd=["x", "y", "x"],
        scene=["office"] * 3,
        engagement=[1, 2, 3],
    )
    seg = segment_weeks(posts)

    def pick(**kw):
        f = seg
        for c in ("market", "crowd", "scene", "platform"):
            f = f.filter(pl.col(c) == kw.get(c, "all"))
        return f.select("posts", "engagement").row(0)

    assert pick() == (3, 6)
    assert pick(market="US") == (2, 3)
    assert pick(market="US", crowd="y") == (1, 2)
    assert pick(platform="tiktok") == (3, 6)
    assert seg.filter(pl.col("platform") != "all", pl.col("market") != "all").is_empty()


def test_prepare_posts_fills_and_codes_and_feeds_post_signals_identically():
    from infimate.elements.tagging import prepare_posts

    posts = posts_frame(
        ["office red dress", "red", "blue at the beach"],
        market=["US", None, "GB"],
        scene=[None, "party", ""],
    )
    prepared = prepare_posts(posts)
    assert prepared.schema["market"] == pl.Categorical
    assert prepared["market"].cast(pl.String).to_list() == ["US", "unknown", "GB"]
    assert prepared["scene"].cast(pl.String).to_list() == ["office", "party", "vacation"]
    lex = builtin_lexicon()
    from_raw = post_signals(tag_posts(posts, lex), posts)
    from_prepared = post_signals(tag_posts(prepared, lex), prepared)
    # String segments in (old stored mentions) give the same signals as Categorical ones
    as_strings = tag_posts(posts, lex).with_columns(pl.col(SEGMENT_COLS).cast(pl.String))
    assert_frame_equal(from_raw, from_prepared)
    assert_frame_equal(post_signals(as_strings, posts), from_raw)
    assert from_raw.schema["market"] == pl.String and from_raw.schema["element"] == pl.String
    assert segment_weeks(prepared).schema["scene"] == pl.String
