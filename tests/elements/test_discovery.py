"""Tests for infimate.elements.discovery: coined-term candidates, ranking, filters, dedupe, demo."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.elements.discovery import DiscoveryRule, _dedupe, discover_terms
from tests.fixtures import DEMO

SMALL = DiscoveryRule(min_support=5, min_authors=2)  # the test posts are few
START = datetime(2026, 8, 10)  # a Monday; 16 weeks -> last week starts 2026-11-23

ZORB = (
    "Loving the ZORBCORE look",
    "zorbcore fit check",
    "my #zorbcore era",
    "is zorbcore the new thing?",
)
LEXICON = pl.DataFrame(
    {
        "element_id": ["tiffany_blue", "matcha_green"],
        "type": ["color", "color"],
        "name_en": ["Tiffany blue", "matcha green"],
        "name_zh": ["蒂芙尼蓝", "抹茶绿"],
        "aliases": [["tiffany", "robin egg blue"], ["matcha"]],
        "hex": ["#0ABAB5", "#88B04B"],
        "parent": ["blue", "green"],
    }
)


def _posts() -> pl.DataFrame:
    """16 weeks. 'sunset' stable; 'zorbcore' + 'tiffany blue' + '松弛感' grow in the last 4."""
    rows = []
    for w in range(16):
        ts = START + timedelta(weeks=w, days=2)
        for i in range(20):  # filler
            rows.append((f"f{w}_{i}", ts, f"c{i}", "consumer", "coffee run before a long day"))
        for i in range(4):  # stable common word
            rows.append((f"s{w}_{i}", ts, f"c{i + 30}", "consumer", "Sunset walk with my dog"))
        if w >= 12:
            for i in range(3 + 2 * (w - 12)):
                tier = "kol" if i < 2 else "consumer"
                rows.append(
                    (
                        f"z{w}_{i}",
                        ts + timedelta(hours=i),
                        f"a{i}",
                        tier,
                        ZORB[i % len(ZORB)],
                    )
                )
                rows.append((f"t{w}_{i}", ts, f"b{i}", "consumer", "Tiffany blue!!"))
                rows.append((f"h{w}_{i}", ts + timedelta(hours=i), f"k{i}", tier, "今天松弛感穿搭"))
    return pl.DataFrame(
        rows,
        schema={
            "post_id": pl.String,
            "ts": pl.Datetime("us", "UTC"),
            "author_id": pl.String,
            "author_tier": pl.String,
            "text": pl.String,
        },
        orient="row",
    )


@pytest.fixture(scope="module")
def found() -> pl.DataFrame:
    return discover_terms(_posts(), LEXICON, rule=SMALL)


def test_growing_kol_first_term_ranks_above_stable_word(found):
    terms = found["term"].to_list()
    assert "zorbcore" in terms
    assert "sunset" not in terms  # growth ~1: never a candidate
    row = found.row(terms.index("zorbcore"), named=True)
    assert row["lang"] == "en" and row["kol_first"] is True
    assert (row["recent"], row["base"]) == (3 + 5 + 7 + 9, 0)
    assert row["weekly_counts"] == [0] * 12 + [3, 5, 7, 9]
    assert row["first_kol_post_id"] == "z12_0"
    assert row["growth"] > 10


def test_lexicon_alias_never_proposed(found):
    for t in found["term"].to_list():
        assert "tiffany" not in t and "blue" not in t and t != "bag"


def test_cjk_run_found_without_fragments(found):
    zh = found.filter(pl.col("lang") == "zh")["term"].to_list()
    assert zh == ["松弛感"]  # not 松弛, 弛感, 天松弛 or 松弛感穿
    en = found.filter(pl.col("lang") == "en")["term"].to_list()
    assert en == ["zorbcore"]  # "loving the", "zorbcore look" are context/stop


def test_output_schema_and_order(found):
    assert found.columns == [
        "term",
        "lang",
        "recent",
        "base",
        "growth",
        "kol_first",
        "score",
        "first_kol_post_id",
        "first_kol_text",
        "weekly_counts",
    ]
    assert found["score"].to_list() == sorted(found["score"].to_list(), reverse=True)
    assert found["weekly_counts"].list.len().unique().to_list() == [16]


def test_asof_uses_only_past_data():
    early = discover_terms(_posts(), LEXICON, asof="2026-10-20", rule=SMALL)
    assert early.height == 0  # zorbcore starts on 2026-11-04
    same_lazy = discover_terms(_posts().lazy(), LEXICON, rule=SMALL)
    eager = discover_terms(_posts(), LEXICON, rule=SMALL)
    assert_frame_equal(same_lazy, eager)


def test_string_aliases_and_min_support():
    lex = LEXICON.with_columns(pl.col("aliases").list.join(";"))
    res = discover_terms(_posts(), lex, rule=DiscoveryRule(min_support=30, min_authors=2))
    assert res.height == 0  # zorbcore has 24 recent posts


def test_dedupe_longer_phrase_and_context():
    tomato = set(range(100))
    recent = {
        "tomato": tomato | {500, 501},
        "tomato girl": tomato,
        "girl summer": set(range(40)),  # only ever inside "tomato girl summer"
        "blokette": set(range(200, 260)),
    }
    base = {t: set() for t in recent}

    def growth(r: int, b: int) -> float:
        return (r + 1) / (b + 1)

    kept = _dedupe(
        ["tomato", "tomato girl", "girl summer", "blokette"], recent, base, growth=growth
    )
    assert kept == ["tomato girl", "blokette"]


def test_empty_posts():
    empty = _posts().head(0)
    assert discover_terms(empty, LEXICON).height == 0


def test_demo_world_planted_terms_rank_in_top_20():
    posts, truth = DEMO / "posts.parquet", DEMO / "truth.json"
    if not (posts.exists() and truth.exists()):
        pytest.skip(f"demo world absent: run `python -m infimate demo --out {DEMO}`")
    _need_lexicon()
    from infimate.data.datasets import Dataset
    from infimate.elements.lexicon import load_lexicon

    lex = load_lexicon(Dataset(DEMO))
    planted = {c["term"] for c in json.loads(truth.read_text(encoding="utf-8"))["coined_terms"]}
    res = discover_terms(pl.scan_parquet(posts), lex, top=20)
    hits = planted & set(res["term"].to_list())
    assert len(hits) >= 4, f"only {sorted(hits)} of {sorted(planted)} in {res['term'].to_list()}"


def _need_lexicon() -> None:
    lexicon = pytest.importorskip("infimate.elements.lexicon")
    if not hasattr(lexicon, "load_lexicon"):
        pytest.skip("infimate.elements.lexicon.load_lexicon not written yet")


def test_run_discover_cli_json_and_table(tmp_path, capsys):
    _need_lexicon()
    from infimate.cli.main import main
    from infimate.data.datasets import Dataset

    ds = Dataset(tmp_path / "ds")
    ds.write("posts", _posts(), source="test")
    assert main(["discover", "--dataset", str(ds.path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = discover_terms(_posts(), LEXICON)  # CLI defaults
    assert [t["term"] for t in out["terms"]] == expected["term"].to_list()
    assert {"zorbcore", "松弛感"} <= set(expected["term"].to_list())
    assert main(["discover", "--dataset", str(ds.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("coined-term candidates as of 2026-11-25") and lines[1].startswith(
        "term"
    )
    assert any(line.startswith("zorbcore ") for line in lines[2:])


def test_run_discover_missing_posts_is_a_clean_error(tmp_path, capsys):
    _need_lexicon()
    from infimate.cli.main import main

    assert main(["discover", "--dataset", str(tmp_path)]) == 2
    assert "posts" in capsys.readouterr().err


def test_add_to_lexicon_then_term_is_no_longer_proposed(tmp_path):
    _need_lexicon()
    from infimate.data.datasets import Dataset
    from infimate.elements.discovery import add_to_lexicon
    from infimate.elements.lexicon import load_lexicon

    ds = Dataset(tmp_path)
    before = discover_terms(_posts(), load_lexicon(ds), rule=SMALL)
    assert "zorbcore" in before["term"].to_list()
    added = add_to_lexicon(
        ds, "zorbcore", element_id="zorbcore", type="aesthetic", name_en="zorbcore", name_zh=""
    )
    assert added.filter(pl.col("element_id") == "zorbcore")["name_zh"].to_list() == ["zorbcore"]
    after = discover_terms(_posts(), load_lexicon(ds), rule=SMALL)
    assert "zorbcore" not in after["term"].to_list()
    assert "松弛感" in after["term"].to_list()
