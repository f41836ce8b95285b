"""Tagging benchmark smoke test: generated posts, output keys, baseline (no timing asserts)."""

from __future__ import annotations

import argparse

import polars as pl

from infimate.benchmarks.tagging import baseline_tagger, bench_tagging, generate_posts
from infimate.elements.lexicon import builtin_lexicon, post_lexicon
from infimate.elements.tagging import tag_posts


def test_generated_posts_are_deterministic() -> None:
    a, b = generate_posts(200), generate_posts(200)
    assert a["text"].to_list() == b["text"].to_list()
    assert a["text"].str.contains(r"[\u4e00-\u9fff]").any()
    assert a["text"].str.contains(r"[A-Za-z]").any()


def test_bench_tagging_output_keys() -> None:
    r = bench_tagging(argparse.Namespace(posts=300, baseline_posts=100))
    for key in ("posts", "elements", "seconds", "baseline_seconds", "speedup", "agreement"):
        assert key in r, key
    assert r["posts"] == 300 and r["elements"] >= 300
    assert r["mentions"] > 0 and r["agreement"] == 1.0
    assert r["runs"] == len(r["seconds_runs"]) == len(r["cpu_seconds_runs"]) == 5
    assert r["seconds"] == min(r["seconds_runs"])


def test_baseline_implements_the_tagger_rules() -> None:
    """Like for like: the pandas + re baseline and the tagger agree pair for pair."""
    lex = post_lexicon(builtin_lexicon())  # what tag_posts reads (no catalogue-only words)
    traps = [
        "so tired of red",
        "今年流行butter yellow和泡泡袖",
        "vanilla girl aesthetics",
        "faux leathers is so back faux leather",
        "BOUCLÉ blazer",
        "克莱因蓝色",
    ]
    posts = generate_posts(800)
    posts = pl.concat(
        [
            posts,
            posts.head(len(traps)).with_columns(
                pl.Series("text", traps), pl.Series("post_id", [f"t{i}" for i in range(len(traps))])
            ),
        ]
    )
    tag = baseline_tagger(lex)
    base = {(p, e) for p, t in zip(posts["post_id"], posts["text"], strict=True) for e in tag(t)}
    m = tag_posts(posts, lex)
    fast = set(zip(m["post_id"], m["element_id"], strict=True))
    assert len(fast) > 800
    assert fast == base, (sorted(fast - base)[:5], sorted(base - fast)[:5])
    assert {e for p, e in base if p == "t1"} == {"butter_yellow", "puff_sleeve"}
    assert {e for p, e in base if p == "t2"} == {"vanilla_girl"}
