"""Out-of-core incremental tagging (infimate.signals.scale) and the scale-tag CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import load_lexicon
from infimate.elements.tagging import tag_posts
from infimate.errors import DataFileError
from infimate.signals.scale import tag_directory
from infimate.signals.share_of_voice import post_signals, segment_weeks

WEEK = dt.datetime(2026, 11, 23, 12)  # a Monday


def _posts(rows: list[tuple]) -> pl.DataFrame:
    cols = ["post_id", "author_id", "text", "market", "platform", "author_tier", "engagement"]
    df = pl.DataFrame(rows, schema=cols, orient="row")
    return df.with_columns(pl.lit(WEEK).alias("ts"), pl.lit("gen_z").alias("crowd"))


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, pl.DataFrame]:
    a = _posts(
        [
            ("p1", "u", "red dress", "US", "tiktok", "kol", 10),
            ("p2", "v", "blue top", "US", "instagram", "consumer", 5),
        ]
    )
    b = _posts(
        [
            ("p3", "u", "red skirt", "US", "tiktok", "consumer", 20),
            ("p4", "w", "plain", "GB", "tiktok", "consumer", 0),
        ]
    )
    src = tmp_path / "posts"
    src.mkdir()
    a.write_parquet(src / "a.parquet")
    b.write_parquet(src / "b.parquet")
    return src, pl.concat([a, b])


def _red(signals: pl.DataFrame, **seg: str) -> dict:
    want = {c: "all" for c in SEGMENT_COLS} | seg
    row = signals.filter(pl.col("element") == "red", *(pl.col(c) == v for c, v in want.items()))
    assert row.height == 1
    return row.row(0, named=True)


def test_known_answer_authors_distinct_across_files(two_files, tmp_path):
    src, _ = two_files
    report = tag_directory(src, tmp_path / "out", batch_rows=1)
    sig = pl.read_parquet(tmp_path / "out" / "signals.parquet")
    red = _red(sig)
    # author u mentions red in both files: one distinct author, not two
    assert (red["mentions"], red["posts"], red["authors"], red["kol_mentions"]) == (2, 4, 1, 1)
    assert red["value"] == 0.5
    assert red["eng_share"] == pytest.approx(30 / 35)
    tiktok = _red(sig, platform="tiktok")
    assert (tiktok["mentions"], tiktok["posts"], tiktok["authors"]) == (2, 3, 1)
    assert (report.files_tagged, report.posts_total, report.merged) == (2, 4, True)


def test_equals_in_memory_path(two_files, tmp_path):
    src, posts = two_files
    extra = _posts(
        [
            ("p5", "v", "泡泡袖 red", "CN", "xiaohongshu", "koc", 7),
            ("p6", "x", "butter yellow puff-sleeves date night", "US", "tiktok", "kol", 3),
        ]
    ).with_columns(pl.lit(WEEK + dt.timedelta(days=7)).alias("ts"))
    extra.write_parquet(src / "c.parquet")
    posts = pl.concat([posts, extra])
    tag_directory(src, tmp_path / "out", batch_rows=2, author_buckets=2)
    lex = load_lexicon()
    expected = post_signals(tag_posts(posts, lex), posts)
    assert_frame_equal(pl.read_parquet(tmp_path / "out" / "signals.parquet"), expected)
    assert_frame_equal(pl.read_parquet(tmp_path / "out" / "segments.parquet"), segment_weeks(posts))


def test_incremental_only_new_changed_and_removed_files(two_files, tmp_path):
    src, posts = two_files
    out = tmp_path / "out"
    tag_directory(src, out)
    again = tag_directory(src, out)
    assert (again.files_tagged, again.files_skipped, again.merged) == (0, 2, False)

    new = _posts([("p9", "z", "red coat", "US", "tiktok", "consumer", 1)])
    new.write_parquet(src / "c.parquet")
    added = tag_directory(src, out)
    assert (added.files_tagged, added.files_skipped, added.posts_tagged) == (1, 2, 1)
    assert _red(pl.read_parquet(out / "signals.parquet"))["authors"] == 2

    changed = _posts([("p9", "z", "blue coat", "US", "tiktok", "consumer", 1)])
    changed.write_parquet(src / "c.parquet")
    assert tag_directory(src, out).files_tagged == 1
    assert _red(pl.read_parquet(out / "signals.parquet"))["authors"] == 1

    (src / "a.parquet").unlink()
    gone = tag_directory(src, out)
    assert (gone.files_removed, gone.files_tagged, gone.posts_total) == (1, 0, 3)
    rest = pl.concat([posts.filter(pl.col("post_id").is_in(["p3", "p4"])), changed])
    expected = post_signals(tag_posts(rest, load_lexicon()), rest)
    assert_frame_equal(pl.read_parquet(out / "signals.parquet"), expected)
    state = json.loads((out / "state.json").read_text())
    assert sorted(state["files"]) == ["b.parquet", "c.parquet"]
    assert len(list((out / "parts").glob("*.parquet"))) == 6  # 3 partials x 2 files


def test_lexicon_change_retags_everything(two_files, tmp_path):
    src, _ = two_files
    out = tmp_path / "out"
    lex = load_lexicon()
    tag_directory(src, out, lexicon=lex)
    smaller = lex.filter(pl.col("element_id") != "red")
    report = tag_directory(src, out, lexicon=smaller)
    assert report.files_tagged == 2
    sig = pl.read_parquet(out / "signals.parquet")
    assert "red" not in sig["element"].to_list()


def test_bad_input_names_the_file(tmp_path):
    src = tmp_path / "posts"
    src.mkdir()
    (src / "broken.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(DataFileError, match=r"broken\.parquet"):
        tag_directory(src, tmp_path / "out")
    with pytest.raises(DataFileError, match="not a directory"):
        tag_directory(tmp_path / "missing", tmp_path / "out")


def test_cli_scale_tag(two_files, tmp_path, capsys):
    from infimate.cli.main import main

    src, _ = two_files
    assert main(["scale-tag", "--input", str(src), "--output", str(tmp_path / "o"), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert (body["files_tagged"], body["posts_total"]) == (2, 4)
