"""Tagger rules, accuracy on hand-labelled posts, scenes, post signals and tag_dataset.

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
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.benchmarks.tagging import generate_posts
from infimate.data.datasets import Dataset
from infimate.data.schema import SEGMENT_COLS
from infimate.elements import folding, matching
from infimate.elements.lexicon import builtin_lexicon, load_lexicon
from infimate.elements.patterns import match_patterns
from infimate.elements.tagging import MENTION_COLUMNS, fill_scenes, tag_posts
from infimate.signals.build import tag_dataset
from infimate.signals.share_of_voice import SIGNAL_COLUMNS, post_signals, segment_weeks
from tests.fixtures import FIXTURES

LABELS = FIXTURES / "labelled_posts.jsonl"


def _posts(texts: list[str], **cols) -> pl.DataFrame:
    n = len(texts)
    base = {
        "post_id": [f"p{i}" for i in range(n)],
        "text": texts,
        "ts": [dt.datetime(2026, 11, 25, 12)] * n,
        "market": ["US"] * n,
        "platform": ["tiktok"] * n,
        "author_id": [f"a{i}" for i in range(n)],
    }
    return pl.DataFrame(base | cols)


def _tags(text: str) -> set[str]:
    return set(tag_posts(_posts([text]), builtin_lexicon())["element_id"])


def test_labelled_posts_precision_and_recall() -> None:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300
    ids = set(builtin_lexicon()["element_id"])
    expected = {(r["id"], e) for r in rows for e in r["elements"]}
    assert {e for _, e in expected} <= ids
    posts = _posts([r["text"] for r in rows]).with_columns(
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
    posts = _posts(
        ["red", "nothing here"], ts=[dt.datetime(2026, 11, 29, 23), dt.datetime(2026, 11, 30)]
    )
    m = tag_posts(posts.lazy(), builtin_lexicon())
    assert tuple(m.columns) == MENTION_COLUMNS
    assert m["week"].to_list() == [dt.date(2026, 11, 23)]
    assert m["crowd"].item() == "unknown" and m["author_tier"].item() == "consumer"
    assert m["engagement"].item() == 0


def test_week_uses_utc() -> None:
    ts = pl.Series([dt.datetime(2026, 11, 30, 1)]).dt.replace_time_zone("Asia/Shanghai")
    m = tag_posts(_posts(["red"]).with_columns(ts.alias("ts")), builtin_lexicon())
    assert m["week"].item() == dt.date(2026, 11, 23)  # 2026-11-29 17:00 UTC, a Sunday


def test_scene_fill() -> None:
    posts = _posts(
        ["date night dress for the wedding", "通勤穿搭", "red dress", "gym fit", "x"],
        scene=[None, "", None, "party", None],
    )
    out = fill_scenes(posts)
    assert out["scene"].to_list() == ["wedding_guest", "office", "unknown", "party", "unknown"]


def test_post_signals_known_share_of_voice() -> None:
    posts = _posts(
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
    posts = _posts(
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


def test_tag_dataset_writes_tables_and_keeps_imported_signals(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    ds.write("posts", _posts(["red dress", "泡泡袖", "hello"]))
    imported = pl.DataFrame(
        {
            "date": [dt.date(2026, 1, 5)],
            "element": ["red"],
            "value": [40.0],
            "source": ["google_trends"],
            "metric": ["index"],
        }
    )
    stale = imported.with_columns(pl.lit("posts").alias("source"), pl.lit("zzz").alias("element"))
    ds.write("signals", pl.concat([imported, stale]))
    report = tag_dataset(ds)
    assert (report.posts, report.mentions, report.elements_seen) == (3, 2, 2)
    sig = ds.read("signals")
    assert report.signals_rows == sig.height
    assert "zzz" not in set(sig["element"])
    assert sig.filter(pl.col("source") == "google_trends").height == 1
    assert ds.read("mentions").height == 2
    assert ds.read("segments")["posts"].max() == 3
    assert {"mentions", "segments", "signals"} <= set(ds.manifest()["tables"])


def test_tag_dataset_uses_dataset_lexicon(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    ds.write("posts", _posts(["latte beige coat"]))
    ds.lexicon_path.write_text(
        "element_id,type,name_en,name_zh,aliases,hex,parent\n"
        "latte_brown,color,latte brown,拿铁棕,latte beige,#B38B6D,brown\n",
        encoding="utf-8",
    )
    assert "latte_brown" in set(load_lexicon(ds)["element_id"])
    tag_dataset(ds)
    assert ds.read("mentions")["element_id"].to_list() == ["latte_brown"]


# ---- the matcher (infimate.elements.matching) --------------------------------------------------


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


def _exact(texts: pl.DataFrame, compiled: matching.CompiledPatterns) -> pl.DataFrame:
    """The reference matcher: every text on its boundary-marked form (no shortcuts)."""
    marked = folding.mark_texts(texts.with_columns(folding.fold(texts["text"]).text))
    return matching._run(marked, compiled.marked, compiled.marked_keys).select("id", "pid")


def test_fast_path_equals_the_exact_marked_matcher() -> None:
    traps = [
        "so tired of red, bored of teal",
        "teen in a tee",
        "redred red RED",
        "oversized blazer for fall blazer",
        "monogram no notes monogram",
        "克莱因蓝色 and 蓝色",
        "T恤T恤 t恤",
        "vanilla-girl aesthetics, vanilla girl",
        "BOUCLÉ, bouclé, Bouclé, boucle",
        "#puffsleeves #puff-sleeves puffsleevesy",
    ]
    texts = pl.concat([generate_posts(3000).select("text"), pl.DataFrame({"text": traps})]).select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("id"), "text"
    )
    compiled = matching.compile_patterns(match_patterns(builtin_lexicon()))
    got = matching.match_texts(texts, compiled).sort("id", "pid")
    want = _exact(texts, compiled).sort("id", "pid")
    assert got.height > 3000
    assert_frame_equal(got, want)


def test_mark_and_compile_agree() -> None:
    out = folding.mark_texts(pl.DataFrame({"id": [0, 1], "text": ["#red!", "流行red😍"]}))
    assert out.sort("id")["text"].to_list() == [
        "\x00\x00#\x00red\x00!\x00\x00",
        "\x00流行\x00red\x00😍\x00",
    ]
    c = matching.compile_patterns(pl.DataFrame({"pattern": ["red", "t恤", "泡泡袖", "a-line"]}))
    assert set(c.marked) == {"\x00red\x00", "\x00t\x00恤", "泡泡袖", "\x00a\x00 \x00line\x00"}
    assert c.flags.select("left", "right", "mixed", "simple").rows() == [
        (True, True, False, True),
        (True, False, True, False),
        (False, False, False, False),
        (True, True, False, False),
    ]


def test_find_terms_and_unique_pairs() -> None:
    texts = pl.DataFrame({"doc": ["a", "b", "c"], "body": ["tired of red", "Red, red", None]})
    pats = pl.DataFrame({"pattern": ["red", "blue"], "label": ["R", "B"]})
    got = matching.find_terms(texts, pats)
    assert_frame_equal(
        got, pl.DataFrame({"doc": ["a", "b"], "pattern": ["red", "red"], "label": ["R", "R"]})
    )
    pairs = pl.DataFrame(
        {"id": [3, 1, 3, 1], "x": [2, 9, 2, 0]}, schema={"id": pl.UInt32, "x": pl.UInt32}
    )
    assert matching.unique_pairs(pairs, "x").rows() == [(1, 0), (1, 9), (3, 2)]


def test_mentions_from_halves_equal_one_pass() -> None:
    from infimate.elements.tagging import _mentions, _with_defaults

    posts = _with_defaults(_posts([f"t{i}" for i in range(9)], scene=["office"] * 9))
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
    empty = _posts([]).with_columns(pl.col("ts").cast(pl.Datetime("us")))
    assert tuple(tag_posts(empty, lex).columns) == MENTION_COLUMNS
    assert tag_posts(_posts([None, None]), lex).height == 0
    got = tag_posts(_posts(["red\x00blue", "RED-HOT", ""]), lex)
    assert sorted(got.select("post_id", "element_id").rows()) == [
        ("p0", "blue"),
        ("p0", "red"),
        ("p1", "red"),
    ]


# ---- dtypes of the tagger's output (cheap to aggregate) -----------------------------


def test_tag_posts_emits_coded_columns_as_categorical_and_the_rest_unchanged():
    from infimate.elements.tagging import CODED_COLUMNS

    posts = _posts(["red dress", "blue top", "plain"], crowd=["gen_z", None, "moms"])
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


def test_prepare_posts_fills_and_codes_and_feeds_post_signals_identically():
    from infimate.elements.tagging import prepare_posts

    posts = _posts(
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
