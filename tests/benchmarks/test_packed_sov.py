"""Sort-based finest-grain SoV (infimate.benchmarks.packed_sov) on synthetic and tagger frames.

Every test compares :func:`finest_sov` with a plain polars ``group_by`` on the String
versions of the keys (``as_strings``), exactly; no test measures time.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from infimate.benchmarks import packed_keys
from infimate.benchmarks import packed_sov as agg
from infimate.benchmarks.aggregation import KEYS, as_strings, finest_sov, synthetic_frames
from infimate.benchmarks.packed_sov import finest_sov_groupby
from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.tagging import CODED_COLUMNS, prepare_posts, tag_posts

W = dt.date(2026, 11, 23)


def _reference(m: pl.DataFrame, p: pl.DataFrame) -> pl.DataFrame:
    return finest_sov_groupby(as_strings(m), as_strings(p)).sort(KEYS)


def _check(m: pl.DataFrame, p: pl.DataFrame) -> pl.DataFrame:
    got = finest_sov(m, p)
    assert got.schema == finest_sov_groupby(m, p).schema  # same dtypes as group_by gives
    assert_frame_equal(as_strings(got).sort(KEYS), _reference(m, p))
    return got


def _frames(rows: list[tuple], posts: list[tuple]) -> tuple[pl.DataFrame, pl.DataFrame]:
    cols = [*KEYS, "author_id", "author_tier", "engagement"]
    m = pl.DataFrame(rows, schema=cols, orient="row")
    p = pl.DataFrame(posts, schema=["week", *KEYS[2:], "engagement"], orient="row")
    return m, p


def test_synthetic_frames_have_the_tagger_dtypes_and_equal_group_by():
    m, p = synthetic_frames(20_000, seed=3)
    tagged = tag_posts(prepare_posts(_raw_posts()), builtin_lexicon())
    assert {c: m.schema[c] for c in m.columns} == {c: tagged.schema[c] for c in m.columns}
    assert all(m.schema[c] == pl.Categorical for c in CODED_COLUMNS)
    got = _check(m, p)
    assert got.height > 15_000 and got["authors"].sum() > 0


def _raw_posts() -> pl.DataFrame:
    texts = ["red dress", "red", "blue top", "red and blue", "butter yellow", "plain", "red"]
    n = len(texts)
    return pl.DataFrame(
        {
            "post_id": [str(i) for i in range(n)],
            "text": texts,
            "ts": [dt.datetime(2026, 11, 25)] * 3 + [dt.datetime(2026, 12, 2)] * (n - 3),
            "market": ["US", "US", "GB", "US", None, "US", "US"],
            "platform": ["tiktok"] * n,
            "author_id": ["u", "u", "v", "w", "u", "x", "w"],
            "author_tier": ["kol", "kol", None, "consumer", "kol", "consumer", "consumer"],
            "engagement": [5, 0, 3, None, 7, 2, 1],
        }
    )


def test_on_the_real_tagger_output():
    posts = prepare_posts(_raw_posts())
    mentions = tag_posts(posts, builtin_lexicon())
    got = _check(mentions, posts).filter(pl.col("element_id") == "red").sort("week")
    # week 1, US: posts 0 and 1 (author u twice, kol) -> 2 mentions, 1 author of 2 posts;
    # week 2, US: posts 3 and 6 (author w twice) of the 3 US posts (3, 5, 6)
    assert got.select("mentions", "authors", "kol_mentions", "posts", "value").rows() == [
        (2, 1, 2, 2, 1.0),
        (2, 1, 0, 3, 2 / 3),
    ]


def test_known_answer_and_exact_authors_when_every_hash_collides(monkeypatch):
    base = (W, "red", "US", "c", "s", "tiktok")
    m, p = _frames(
        [(*base, "u", "kol", 1), (*base, "u", "consumer", 2), (*base, "v", "consumer", 3)],
        [(W, "US", "c", "s", "tiktok", e) for e in (1, 2, 3, 4)],
    )
    got = _check(m, p).row(0, named=True)
    assert (got["mentions"], got["authors"], got["kol_mentions"], got["eng"]) == (3, 2, 1, 6)
    assert (got["posts"], got["engagement"], got["value"], got["eng_share"]) == (4, 10, 0.75, 0.6)
    monkeypatch.setattr(
        pl.Series, "hash", lambda self, seed=0: pl.Series([7] * len(self), dtype=pl.UInt64)
    )
    assert finest_sov(m, p)["authors"].to_list() == [2]
    m2, p2 = synthetic_frames(3_000, seed=5)  # many groups, every author on one hash
    _check(m2, p2)


def test_segments_without_posts_and_posts_outside_the_mentions():
    m, p = _frames(
        [
            (W, "red", "US", "c", "s", "tiktok", "u", "consumer", 1),
            (W, "red", "GB", "c", "s", "tiktok", "u", "consumer", 0),
        ],
        [
            (W, "US", "c", "s", "tiktok", 0),
            (W, "FR", "c", "s", "tiktok", 9),  # a market no mention has
            (W, "US", None, "s", "tiktok", 9),  # a null segment value
            (W + dt.timedelta(weeks=60), "US", "c", "s", "tiktok", 9),  # a later week
        ],
    )
    got = _check(m, p).sort("market")
    assert got.select("market", "posts", "engagement", "value", "eng_share").rows() == [
        ("GB", None, None, None, 0.0),
        ("US", 1, 0, 1.0, 0.0),
    ]


def test_categorical_posts_against_string_mentions_and_null_keys_fall_back():
    m, p = synthetic_frames(2_000, seed=1)
    _check(as_strings(m), p)  # String mentions (e.g. an old mentions.parquet)
    _check(m, as_strings(p))
    with_null = m.with_columns(
        pl.when(pl.int_range(pl.len()) == 5).then(None).otherwise(pl.col("crowd")).alias("crowd")
    )
    _check(with_null, p)


def test_wide_code_ranges_are_compacted_and_old_dates_work(monkeypatch):
    m, p = synthetic_frames(3_000, seed=2)
    far = {0: dt.date(1901, 1, 7), 1: dt.date(2199, 12, 30)}  # span of ~110k days
    weeks = pl.Series([far.get(i % 7, d) for i, d in enumerate(m["week"])], dtype=pl.Date)
    m = m.with_columns(weeks.alias("week"))
    p = p.with_columns(
        p["week"]
        .head(2)
        .extend(pl.Series([far[0], far[1]]))
        .append(p["week"].slice(4))
        .alias("week")
    )
    _check(m, p)  # raw code ranges fit: ~110k days + the rest < MAX_KEY_BITS
    # a narrower budget: raw ranges no longer fit, dense codes (lookup arrays) do
    monkeypatch.setattr(packed_keys, "MAX_KEY_BITS", 30)
    monkeypatch.setattr(agg, "finest_sov_groupby", _no_fallback)
    got = finest_sov(m, p)
    assert_frame_equal(as_strings(got).sort(KEYS), _reference(m, p))


def _no_fallback(*args):
    raise AssertionError("fell back to group_by")


def test_keys_wider_than_64_bits_fall_back_to_group_by(monkeypatch):
    n = 1_700  # 1700**6 > 2**64: six all-distinct columns cannot be packed
    m = pl.DataFrame(
        {
            "week": pl.date_range(
                dt.date(2000, 1, 3),
                dt.date(2000, 1, 3) + dt.timedelta(weeks=n - 1),
                interval="1w",
                eager=True,
            ),
            **{c: pl.Series([f"{c}{i}" for i in range(n)]).cast(pl.Categorical) for c in KEYS[2:]},
            "element_id": [f"e{i}" for i in range(n)],
            "author_id": ["a"] * n,
            "author_tier": pl.Series(["kol"] * n).cast(pl.Categorical),
            "engagement": list(range(n)),
        }
    ).select(*KEYS, "author_id", "author_tier", "engagement")
    p = m.select("week", *KEYS[2:], "engagement")
    calls = []
    monkeypatch.setattr(
        agg, "finest_sov_groupby", lambda *a: calls.append(1) or finest_sov_groupby(*a)
    )
    got = finest_sov(m, p)
    assert calls == [1]
    assert_frame_equal(as_strings(got).sort(KEYS), _reference(m, p))
    assert got["posts"].to_list() == [1] * n
