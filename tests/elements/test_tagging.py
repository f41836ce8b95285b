"""Tagger rules (infimate.elements.tagging), accuracy on hand-labelled posts, scene fill, dtypes.

Labelling conventions of ``fixtures/labelled_posts.jsonl`` (written by hand; they
define what a correct tag is): a post is labelled with every lexicon element a fashion
reader would say it mentions; words used in a non-fashion sense are not mentions
("feeling blue", "Black Friday", "red flag", "mint condition"); run-together hashtags
count (#puffsleeves); where one lexicon alias contains another, the longer one is the
mention ("baby blue" is not also "blue", "oversized blazer" is a blazer alias).
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.tagging import MENTION_COLUMNS, fill_scenes, tag_posts
from tests.fixtures import FIXTURES
from tests.fixtures.tiny_posts import posts_frame

LABELS = FIXTURES / "labelled_posts.jsonl"


def _tags(text: str) -> set[str]:
    return set(tag_posts(posts_frame([text]), builtin_lexicon())["element_id"])


def test_labelled_posts_precision_and_recall() -> None:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300
    ids = set(builtin_lexicon()["element_id"])
    expected = {(r["id"], e) for r in rows for e in r["elements"]}
    assert {e for _, e in expected} <= ids
    posts = posts_frame([r["text"] for r in rows]).with_columns(
        pl.Series("post_id", [r["id"] for r in rows])
    )
    m = tag_posts(posts, builtin_lexicon())
    got = set(zip(m["post_id"], m["element_id"], strict=True))
    tp = len(got & expected)
    precision, recall = tp / len(got), tp / len(expected)
    assert precision >= 0.97, sorted(got - expected)
    assert recall >= 0.95, sorted(expected - got)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("so tired and bored", set()),
        ("red dress", {"red"}),
        ("a teen in a tee", {"t_shirt"}),
        ("teenager", set()),
        ("#red", {"red"}),
        ("RED", {"red"}),
        ("tired of red", {"red"}),
        ("redred red", {"red"}),
        ("tailored suit in red", {"tailored_suit", "red"}),
    ],
)
def test_latin_whole_words(text: str, expected: set[str]) -> None:
    assert _tags(text) == expected


@pytest.mark.parametrize(
    "text",
    ["puff sleeves", "puff sleeve", "puff-sleeve", "Puff-Sleeves", "#puffsleeves", "PUFF SLEEVES"],
)
def test_plural_hyphen_hashtag_and_case_variants(text: str) -> None:
    assert _tags(text) == {"puff_sleeve"}


def test_unicode_case_and_accents() -> None:
    assert _tags("BOUCLÉ jacket") == {"tweed"}
    assert _tags("Bouclé") == {"tweed"}
    assert _tags("boucle") == {"tweed"}
    assert _tags("ombré") == {"ombre"}


def test_cjk_substrings() -> None:
    assert _tags("法式泡泡袖连衣裙太温柔了") == {"puff_sleeve"}
    assert _tags("今年流行牛油果绿") == {"avocado_green"}
    assert _tags("今年流行butter yellow和泡泡袖") == {"butter_yellow", "puff_sleeve"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("baby blue top", {"baby_blue"}),
        ("off-white coat", {"off_white"}),
        ("off white and white", {"off_white", "white"}),
        ("克莱因蓝色", {"klein_blue"}),
        ("barrel-leg jeans", {"barrel_jeans"}),
        ("just picked up a linen shirt", {"linen"}),
    ],
)
def test_longest_match_wins(text: str, expected: set[str]) -> None:
    assert _tags(text) == expected


def test_mentions_columns_and_week() -> None:
    posts = posts_frame(
        ["red", "nothing here"], ts=[dt.datetime(2026, 11, 29, 23), dt.datetime(2026, 11, 30)]
    )
    m = tag_posts(posts.lazy(), builtin_lexicon())
    assert tuple(m.columns) == MENTION_COLUMNS
    assert m["week"].to_list() == [dt.date(2026, 11, 23)]
    assert m["crowd"].item() == "unknown" and m["author_tier"].item() == "consumer"
    assert m["engagement"].item() == 0


def test_week_uses_utc() -> None:
    ts = pl.Series([dt.datetime(2026, 11, 30, 1)]).dt.replace_time_zone("Asia/Shanghai")
    m = tag_posts(posts_frame(["red"]).with_columns(ts.alias("ts")), builtin_lexicon())
    assert m["week"].item() == dt.date(2026, 11, 23)  # 2026-11-29 17:00 UTC, a Sunday


def test_scene_fill() -> None:
    posts = posts_frame(
        ["date night dress for the wedding", "通勤穿搭", "red dress", "gym fit", "x"],
        scene=[None, "", None, "party", None],
    )
    out = fill_scenes(posts)
    assert out["scene"].to_list() == ["wedding_guest", "office", "unknown", "party", "unknown"]


# ---- matcher edge cases, through the tagger ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rejected longer candidate must not hide a shorter valid match behind it
        ("vanilla girl aesthetics", {"vanilla_girl"}),
        ("peach pinks everywhere", {"peach"}),
        # the first occurrence of a hit string is not necessarily the hit
        ("faux leathers is so back faux leather", {"faux_leather"}),
        ("baby blue bluer", {"baby_blue"}),
        ("peach pinks everywhere rn pink", {"peach", "pink"}),
        # Latin letters next to CJK and emoji are at a boundary; CJK inside is a substring
        ("流行butter yellow😍", {"butter_yellow"}),
        ("white T恤 and 白色T恤", {"white", "t_shirt"}),
        # a hyphen reads as a space, also with more words than the generated variants
        ("wide-leg trousers", {"wide_leg_trousers"}),
        ("", set()),
    ],
)
def test_matcher_edge_cases(text: str, expected: set[str]) -> None:
    assert _tags(text) == expected


def test_mentions_from_halves_equal_one_pass() -> None:
    from infimate.elements.tagging import _mentions, _with_defaults

    posts = _with_defaults(posts_frame([f"t{i}" for i in range(9)], scene=["office"] * 9))
    hits = pl.DataFrame(
        {"id": [8, 0, 4, 4, 0, 5, 1, 8], "eidx": [1, 2, 0, 0, 2, 1, 1, 0]},
        schema={"id": pl.UInt32, "eidx": pl.UInt32},
    )
    ids = builtin_lexicon().select("element_id", "type").head(3)
    one = _mentions(posts, hits, ids)
    assert one.height == 6 and one["post_id"].to_list() == ["p0", "p1", "p4", "p5", "p8", "p8"]
    assert_frame_equal(_mentions(posts, hits, ids, split_from=1), one)


def test_empty_null_and_odd_texts() -> None:
    lex = builtin_lexicon()
    empty = posts_frame([]).with_columns(pl.col("ts").cast(pl.Datetime("us")))
    assert tuple(tag_posts(empty, lex).columns) == MENTION_COLUMNS
    assert tag_posts(posts_frame([None, None]), lex).height == 0
    got = tag_posts(posts_frame(["red\x00blue", "RED-HOT", ""]), lex)
    assert sorted(got.select("post_id", "element_id").rows()) == [
        ("p0", "blue"),
        ("p0", "red"),
        ("p1", "red"),
    ]


# ---- dtypes of the tagger's output (cheap to aggregate) -----------------------------


def test_tag_posts_emits_coded_columns_as_categorical_and_the_rest_unchanged():
    from infimate.elements.tagging import CODED_COLUMNS

    posts = posts_frame(["red dress", "blue top", "plain"], crowd=["gen_z", None, "moms"])
    m = tag_posts(posts, builtin_lexicon())
    assert {c: m.schema[c] for c in CODED_COLUMNS} == {c: pl.Categorical for c in CODED_COLUMNS}
    assert (m.schema["element_id"], m.schema["author_id"], m.schema["post_id"]) == (pl.String,) * 3
    got = m.select(pl.col(CODED_COLUMNS).cast(pl.String), "element_id").sort("element_id")
    assert got.rows() == [
        ("US", "unknown", "unknown", "tiktok", "consumer", "blue"),
        ("US", "gen_z", "unknown", "tiktok", "consumer", "red"),
    ]
    # categorical columns still compare with strings as before
    assert m.filter(pl.col("crowd") == "gen_z")["element_id"].to_list() == ["red"]


def test_tag_prepared_equals_prepare_then_tag():
    """``tag`` reads scenes and elements in one pass; the result is what preparing the posts
    and tagging them gives: posts without scene/market, blank scenes, given scenes."""
    from infimate.benchmarks.tagging import generate_posts
    from infimate.elements.tagging import prepare_posts, tag_prepared

    n = 3_000
    posts = generate_posts(n, seed=4).with_columns(
        pl.Series("scene", [None, "office", "", "party", None] * (n // 5)),
        pl.Series("crowd", [None, "gen_z", "moms"] * (n // 3)),
        pl.when(pl.int_range(pl.len()) % 7 == 0).then(None).otherwise("market").alias("market"),
    )
    for frame in (posts, posts.drop("scene"), posts.with_columns(pl.lit(" ").alias("scene"))):
        lex = builtin_lexicon()
        mentions, prepared = tag_prepared(frame, lex)
        want = prepare_posts(frame)
        assert_frame_equal(prepared, want)
        assert all(mentions.schema[c] == pl.Categorical for c in ("element_id", "type"))
        ids = pl.col("element_id", "type").cast(pl.String)
        assert_frame_equal(mentions.with_columns(ids), tag_posts(want, lex))
        assert mentions.height > 1_000 and (prepared["market"] == "unknown").sum() > 0
