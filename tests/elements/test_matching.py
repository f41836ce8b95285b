"""Matcher (elements.matching, folding): fast path equals the exact matcher, marks, find_terms."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.benchmarks.tagging import generate_posts
from infimate.elements import folding, matching
from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.patterns import match_patterns


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


@pytest.mark.parametrize("split_wide", [False, True])
def test_hits_are_located_in_bytes_after_cjk_and_emoji(monkeypatch, split_wide) -> None:
    # polars 2.2's str.find counts characters, 2.1's bytes: the boundary check needs bytes
    if split_wide:  # the path for character offsets, whatever this polars does
        monkeypatch.setattr(matching, "_FIND_IN_BYTES", False)
    text = pl.Series(["姐妹们冲balaclavas", "🔥🔥 red", "red at start", "abc red", "é red red"])
    hit = pl.Series(["balaclavas", "red", "red", "red", "red"])
    assert matching._first_byte_offsets(text, hit).tolist() == [12, 9, 0, 4, 3]
    compiled = matching.compile_patterns(pl.DataFrame({"pattern": ["balaclava", "red"]}))
    texts = pl.DataFrame(
        {"id": [0, 1, 2], "text": ["姐妹们冲balaclava", "一周穿搭🔥red", "冲tired"]},
        schema={"id": pl.UInt32, "text": pl.String},
    )
    assert matching.match_texts(texts, compiled).rows() == [(0, 0), (1, 1)]


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


def test_a_pattern_at_a_separator_leaves_the_next_words_boundary() -> None:
    """ ". " before "men": in the marked text the marker after the space is also the start
    of "men", so a pattern that ends (or starts) with a separator must not consume it.
    Repeated words send a text to the exact rematch, which must read what the fast path
    reads (it lost "navy blue" after "! " and the first "men" after ". ")."""
    pats = [". ", "! ", ",", "\n", "men", "navy blue", "blue", "tshirts", "#ootd"]
    compiled = matching.compile_patterns(pl.DataFrame({"pattern": pats}))
    texts = pl.DataFrame(
        {
            "id": [0, 1, 2, 3],
            "text": [
                "Mr. Men HA! Navy Blue Tshirts",  # proven: the fast path alone
                "Mr. Men Men HA! Navy Blue Tshirts",  # "men" twice: the exact rematch
                "men,navy blue\nblue blue",
                "a#ootd #ootd",
            ],
        },
        schema={"id": pl.UInt32, "text": pl.String},
    )
    want = [
        [". ", "men", "! ", "navy blue", "tshirts"],
        [". ", "men", "men", "! ", "navy blue", "tshirts"],
        ["men", ",", "navy blue", "\n", "blue", "blue"],
        ["#ootd", "#ootd"],
    ]
    for got in (matching.match_texts(texts, compiled), _exact(texts, compiled)):
        read = got.group_by("id", maintain_order=True).agg(pl.col("pid")).sort("id")
        assert [[pats[p] for p in row] for row in read["pid"].to_list()] == want
