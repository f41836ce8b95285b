"""Out-of-core incremental tagging (infimate.signals.scale) and the scale-tag CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from PIL import Image
from polars.testing import assert_frame_equal

from infimate.data.datasets import text_as_strings
from infimate.data.schema import SEGMENT_COLS
from infimate.elements.lexicon import load_lexicon
from infimate.elements.photo_mentions import with_photo_colours
from infimate.elements.tagging import prepare_posts, tag_posts
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
    tag_directory(src, tmp_path / "out", batch_rows=2)
    lex = load_lexicon()
    expected = post_signals(tag_posts(posts, lex), posts)
    assert_frame_equal(pl.read_parquet(tmp_path / "out" / "signals.parquet"), expected)
    assert_frame_equal(pl.read_parquet(tmp_path / "out" / "segments.parquet"), segment_weeks(posts))
    # text is written from dictionaries, read back as plain strings by any Parquet reader
    arrow = pq.read_schema(tmp_path / "out" / "signals.parquet")
    assert str(arrow.field("element").type) == "string", arrow


def test_post_photos_add_their_colours_as_tag_does(tmp_path):
    src, out = tmp_path / "posts", tmp_path / "out"
    (src / "images").mkdir(parents=True)
    img = Image.new("RGB", (60, 80), "white")
    img.paste(Image.new("RGB", (30, 40), "#002FA7"), (15, 20))  # a Klein blue product
    img.save(src / "images" / "b.png")
    posts = _posts(
        [
            ("p1", "u", "red dress", "US", "tiktok", "kol", 10),
            ("p2", "v", "", "US", "tiktok", "consumer", 5),  # only the photo says what it is
            ("p3", "w", "blue top", "GB", "tiktok", "consumer", 1),
            ("p4", "x", "red top", "GB", "tiktok", "consumer", 1),
        ]
    ).with_columns(
        pl.Series("image_path", [None, "images/b.png", "images/missing.png", "../outside.png"])
    )
    posts.write_parquet(src / "a.parquet")
    with pytest.warns(UserWarning, match="post images skipped"):
        report = tag_directory(src, out, batch_rows=2)
    lex = load_lexicon()
    prepared = prepare_posts(posts)
    with pytest.warns(UserWarning, match="post images skipped"):
        mentions = with_photo_colours(tag_posts(prepared, lex), prepared, src, lex)
    assert ("p2", "klein_blue", "image") in mentions.select(
        "post_id", "element_id", "source"
    ).rows()
    signals = pl.read_parquet(out / "signals.parquet")
    assert_frame_equal(signals, post_signals(mentions, posts))
    assert report.mentions_tagged == mentions.height
    blue = signals.filter(element="klein_blue", market="US", crowd="all", scene="all")
    assert blue.filter(platform="all")["mentions"].to_list() == [1]


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


def _generated(tmp_path: Path, files: int, rows: int) -> tuple[Path, list[Path]]:
    from infimate.benchmarks.scale import write_post_files

    paths = write_post_files(tmp_path / "all", files=files, file_rows=rows)
    src = tmp_path / "posts"
    src.mkdir()
    return src, paths


def _expected(paths: list[Path]) -> tuple[pl.DataFrame, pl.DataFrame]:
    from infimate.signals.share_of_voice import signals_and_segments

    posts = pl.concat([pl.read_parquet(p) for p in paths])
    signals, segments = signals_and_segments(tag_posts(posts, load_lexicon()), posts)
    return text_as_strings(signals), text_as_strings(segments)  # scale-tag writes String


def _assert_out(out: Path, paths: list[Path]) -> None:
    signals, segments = _expected(paths)
    assert_frame_equal(pl.read_parquet(out / "signals.parquet"), signals)
    assert_frame_equal(pl.read_parquet(out / "segments.parquet"), segments)


def test_generated_files_added_one_by_one_and_in_author_ranges(tmp_path, monkeypatch):
    """Authors recur across files; the totals are updated file by file, the distinct authors
    a range of authors at a time, and always equal one in-memory pass over all posts."""
    from infimate.signals import totals

    monkeypatch.setattr(totals, "RANGE_ROWS", 3_000)  # several element and author ranges
    src, paths = _generated(tmp_path, 4, 4_000)
    out = tmp_path / "out"
    for i, p in enumerate(paths):
        (src / p.name).symlink_to(p)
        r = tag_directory(src, out, batch_rows=1_500)
        assert (r.files_tagged, r.files_skipped) == (1, i)
        _assert_out(out, paths[: i + 1])
    fresh = tag_directory(src, tmp_path / "fresh")
    assert fresh.signals_rows == r.signals_rows
    assert pl.read_parquet(tmp_path / "fresh" / "signals.parquet").equals(
        pl.read_parquet(out / "signals.parquet")
    )


def test_changed_file_and_an_interrupted_merge_rebuild_the_totals(tmp_path):
    src, paths = _generated(tmp_path, 3, 2_000)
    out = tmp_path / "out"
    for p in paths[:2]:
        (src / p.name).symlink_to(p)
    tag_directory(src, out)
    # a file changes: its partials are replaced and the totals rebuilt without re-tagging others
    (src / paths[1].name).unlink()
    pl.read_parquet(paths[2]).write_parquet(src / paths[1].name)
    r = tag_directory(src, out)
    assert (r.files_tagged, r.files_skipped) == (1, 1)
    _assert_out(out, [paths[0], paths[2]])
    # killed while the totals were swapped in: no totals, so they are rebuilt from the partials
    import shutil

    shutil.rmtree(out / "totals")
    r = tag_directory(src, out)
    assert (r.files_tagged, r.merged) == (0, True)
    _assert_out(out, [paths[0], paths[2]])


def test_a_merge_killed_after_tagging_is_finished_next_time(tmp_path, monkeypatch):
    from infimate.signals import scale

    src, paths = _generated(tmp_path, 2, 2_000)
    out = tmp_path / "out"
    (src / paths[0].name).symlink_to(paths[0])
    tag_directory(src, out)
    (src / paths[1].name).symlink_to(paths[1])

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(scale, "merge_files", killed)
    with pytest.raises(KeyboardInterrupt):
        tag_directory(src, out)  # the new file is tagged, its partials saved, no totals yet
    monkeypatch.undo()
    r = tag_directory(src, out)
    assert (r.files_tagged, r.files_skipped, r.merged) == (0, 2, True)
    _assert_out(out, paths)


def test_unreadable_state_names_the_file(two_files, tmp_path):
    src, _ = two_files
    out = tmp_path / "out"
    tag_directory(src, out)
    (out / "state.json").write_text("{not json")
    with pytest.raises(DataFileError, match=r"state\.json"):
        tag_directory(src, out)


def test_cli_scale_tag_reports_progress_on_stderr(two_files, tmp_path, capsys):
    from infimate.cli.main import main

    src, _ = two_files
    assert main(["scale-tag", "--input", str(src), "--output", str(tmp_path / "o")]) == 0
    captured = capsys.readouterr()
    assert "tagging a.parquet (1 of 2)" in captured.err and "100% done" in captured.err
    assert "2 file(s) tagged" in captured.out
