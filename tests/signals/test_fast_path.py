"""The integer-keyed aggregation (share_of_voice.signals_and_segments) equals the plain polars
reference (tests/signals/reference.py) exactly: rows, values, dtypes and order, on every
roll-up strategy and with authors that repeat."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.benchmarks.aggregation import synthetic_frames
from infimate.data.datasets import text_as_strings
from infimate.signals import cells, mention_codes, share_of_voice
from infimate.signals.share_of_voice import SIGNAL_COLUMNS, signals_and_segments
from tests.signals import reference


def _check(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    signals, segments = signals_and_segments(mentions, posts)
    text = ["market", "crowd", "scene", "platform"]
    assert all(segments.schema[c] == pl.Categorical for c in text)
    assert_frame_equal(text_as_strings(segments), text_as_strings(reference.segment_weeks(posts)))
    if signals.height:
        assert all(signals.schema[c] == pl.Categorical for c in ["element", *text])
    want = text_as_strings(reference.post_signals(mentions, posts))
    assert_frame_equal(text_as_strings(signals), want)
    return signals


@pytest.mark.parametrize("dense_bins", [1 << 22, 0])  # per-block bincounts, or sorts
@pytest.mark.parametrize(("parts", "piece_cells"), [(1, 1 << 40), (3, 1 << 40), (1, 5_000)])
def test_equals_reference_on_synthetic_frames(monkeypatch, dense_bins, parts, piece_cells):
    monkeypatch.setattr(cells, "DENSE_BINS", dense_bins)
    monkeypatch.setattr(share_of_voice, "PARTS", parts)
    monkeypatch.setattr(share_of_voice, "PIECE_CELLS", piece_cells)  # 5,000: many pieces
    m, p = synthetic_frames(30_000, seed=5)
    sig = _check(m, p)
    assert sig.height > 30_000 and sig["posts"].null_count() > 0  # posts drawn apart: some missing


def test_authors_exact_when_authors_repeat_a_lot():
    m, p = synthetic_frames(20_000, seed=7)
    few = (pl.col("engagement") % 7).cast(pl.String).alias("author_id")  # 7 authors in all
    sig = _check(m.with_columns(few), p)
    assert (sig["authors"] <= 7).all() and (sig["authors"] < sig["mentions"]).any()


def test_engagement_too_large_to_pair_with_kol_flags():
    """Engagement so large that it cannot share an int64 with the KOL counts: summed apart."""
    m, p = synthetic_frames(20_000, seed=8)
    big = pl.col("engagement") * (1 << 32)  # up to ~2**44 a row: a sum of 20,000 fits int64
    assert cells.paired(np.full(20_000, 1 << 44), np.ones(20_000, dtype=np.int64)) is None
    _check(m.with_columns(big), p.with_columns(big))


def test_mention_counts_rolled_up_apart_when_they_cannot_be_paired(monkeypatch):
    """Past 2**31 mentions the two counts no longer share an int64: summed apart, same rows."""
    m, p = synthetic_frames(20_000, seed=6)
    monkeypatch.setattr(share_of_voice, "paired", lambda high, low: None)
    _check(m, p)


def test_pairing_is_bounded_by_the_sum_not_by_max_times_rows():
    many = np.zeros(5_000_000, dtype=np.int64)
    many[:1000] = 1 << 20  # max × rows ≈ 2**42, but no sum exceeds 2**30
    assert cells.paired(many, np.ones(len(many), dtype=np.int64)) is not None


def test_every_row_compared_by_author_id_gives_the_same(monkeypatch):
    """The hash prefix only picks the rows to compare; comparing all of them changes nothing."""
    m, p = synthetic_frames(5_000, seed=3)
    m = m.with_columns((pl.col("engagement") % 50).cast(pl.String).alias("author_id"))
    want = signals_and_segments(m, p)[0]
    monkeypatch.setattr(
        mention_codes, "repeat_rows", lambda block, authors: np.arange(len(authors))
    )
    assert_frame_equal(signals_and_segments(m, p)[0], want)


def test_string_segments_nulls_and_one_mention():
    w = dt.date(2026, 11, 23)
    m = pl.DataFrame(
        {
            "week": [w, w],
            "element_id": ["red", "red"],
            "market": ["US", None],
            "crowd": [None, None],
            "scene": ["office", "office"],
            "platform": ["tiktok", "tiktok"],
            "author_id": ["u", "u"],
            "author_tier": ["kol", None],
            "engagement": [3, None],
        }
    )
    p = m.select("week", "market", "crowd", "scene", "platform", "engagement")
    sig = _check(m, p)
    top = sig.filter(market="all", crowd="all", scene="all", platform="all")
    assert top.select("mentions", "posts", "kol_mentions", "authors").row(0) == (2, 2, 1, 1)
    assert set(sig["market"]) == {"US", "unknown", "all"}


def test_no_mentions_gives_empty_signals_and_all_segments():
    m, p = synthetic_frames(100, seed=1)
    signals, segments = signals_and_segments(m.head(0), p)
    assert signals.is_empty() and tuple(signals.columns) == SIGNAL_COLUMNS
    assert_frame_equal(text_as_strings(segments), reference.segment_weeks(p))


def test_a_real_all_value_stays_apart_from_the_rolled_up_all():
    w = dt.date(2026, 11, 23)
    m = pl.DataFrame(
        {
            "week": [w] * 3,
            "element_id": ["red"] * 3,
            "market": ["all", "US", "US"],
            "crowd": ["x"] * 3,
            "scene": ["y"] * 3,
            "platform": ["z"] * 3,
            "author_id": ["a", "b", "c"],
            "author_tier": ["consumer"] * 3,
            "engagement": [1, 2, 3],
        }
    )
    p = m.select("week", "market", "crowd", "scene", "platform", "engagement")
    sig = signals_and_segments(m, p)[0]
    by_market = sig.filter(crowd="all", scene="all", platform="all")
    rows = sorted(by_market.select("market", "mentions", "posts").rows())
    assert rows == [("US", 2, 2), ("all", 1, 1), ("all", 3, 3)]  # real "all", then everything
    # (the join-based reference pairs every "all" row with both denominators instead)
