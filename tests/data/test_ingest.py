"""Ingest: files -> contract -> dataset tables + quarantine + uploads + manifest; the CLI."""

from __future__ import annotations

import csv
import io
import json
import random
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from infimate.cli.main import main
from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest, ingest_frame, read_table
from infimate.data.schema import SCHEMAS
from infimate.errors import DataFileError
from tests.fixtures import FIXTURES

HEADER = "post_id,ts,platform,market,author_id,text,engagement,author_tier\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def expected_posts(rows: list[tuple]) -> pl.DataFrame:
    """Contract-typed posts frame from (post_id, ts, market, text, engagement, tier)."""
    return pl.DataFrame(
        {
            "post_id": [r[0] for r in rows],
            "ts": [r[1] for r in rows],
            "platform": ["tiktok"] * len(rows),
            "market": [r[2] for r in rows],
            "author_id": ["u1"] * len(rows),
            "author_tier": [r[5] for r in rows],
            "followers": [None] * len(rows),
            "text": [r[3] for r in rows],
            "engagement": [r[4] for r in rows],
            "crowd": ["unknown"] * len(rows),
            "scene": [None] * len(rows),
            "image_path": [None] * len(rows),
        },
        schema=SCHEMAS["posts"].polars_schema,
    )


def t(day: int) -> datetime:
    return datetime(2026, 1, day, tzinfo=UTC)


# ---- round trip -----------------------------------------------------------------


def test_ingest_round_trip_and_reingest_has_no_duplicates(tmp_path):
    ds = Dataset(tmp_path / "ds")
    f = write(
        tmp_path / "posts.csv",
        HEADER + "p1,2026-01-05,tiktok,us,u1,butter yellow 奶油黄,3,kol\n"
        "p2,2026-01-06,tiktok,GB,u1,tweed,,\n",
    )
    r = ingest(ds, "posts", f)
    assert (r.accepted, r.quarantined, r.total_rows) == (2, 0, 2)
    expected = expected_posts(
        [
            ("p1", t(5), "US", "butter yellow 奶油黄", 3, "kol"),
            ("p2", t(6), "GB", "tweed", None, "consumer"),
        ]
    )
    assert_frame_equal(ds.read("posts"), expected)

    r2 = ingest(ds, "posts", f)  # the same bytes again: a no-op that says so
    assert (r2.accepted, r2.total_rows) == (0, 2)
    assert "nothing changed" in r2.summary()
    assert_frame_equal(ds.read("posts"), expected)

    # new rows win on the key, new keys are appended
    f2 = write(
        tmp_path / "more.csv",
        HEADER
        + "p2,2026-01-06,tiktok,GB,u1,tweed jacket,9,koc\np3,2026-01-07,tiktok,FR,u1,linen,1,\n",
    )
    r3 = ingest(ds, "posts", f2)
    assert r3.total_rows == 3
    got = ds.read("posts").sort("post_id")
    assert got.filter(pl.col("post_id") == "p2")["text"].item() == "tweed jacket"
    assert got["post_id"].to_list() == ["p1", "p2", "p3"]

    m = ds.manifest()
    assert m["tables"]["posts"]["rows"] == 3
    assert len(m["sources"]) == 2
    assert len(list((ds.path / "uploads").iterdir())) == 2
    assert (ds.path / "uploads").joinpath(Path(r.upload_file).name).read_bytes() == f.read_bytes()


def test_every_kind_of_bad_row_is_quarantined_and_good_rows_load(tmp_path):
    ds = Dataset(tmp_path / "ds")
    f = write(
        tmp_path / "posts.csv",
        HEADER
        + "p1,2026-01-05,tiktok,US,u1,ok,1,\n"  # 1 good
        + ",2026-01-05,tiktok,US,u1,no key,1,\n"  # 2 missing key
        + "p3,last tuesday,tiktok,US,u1,bad date,1,\n"  # 3 unparsable
        + "p4,2026-01-05,tiktok,US,u1,neg,-5,\n"  # 4 negative
        + "p5,2026-01-05,tiktok,US,u1,enum,1,vip\n"  # 5 wrong enum
        + "p1,2026-01-08,tiktok,US,u1,dup,1,\n"  # 6 duplicate
        + "p7,2026-01-05,tiktok,US,u1,good too,2,koc\n",  # 7 good
    )
    r = ingest(ds, "posts", f)
    assert (r.accepted, r.quarantined) == (2, 5)
    assert ds.read("posts")["post_id"].to_list() == ["p1", "p7"]
    q = pl.read_csv(r.quarantine_file, infer_schema=False)
    assert q.columns[:2] == ["row", "reason"]
    assert q.select("row", "reason").rows() == [
        ("2", "missing post_id"),
        ("3", "unparsable ts"),
        ("4", "negative engagement"),
        ("5", "bad author_tier 'vip'"),
        ("6", "duplicate post_id (first at row 1)"),
    ]
    assert q["ts"].to_list()[1] == "last tuesday"
    assert Path(r.quarantine_file).parent == ds.quarantine_dir
    assert Path(r.quarantine_file).name.startswith("posts-") and r.quarantine_file.endswith(
        "-posts.csv"
    )
    assert dict(r.reasons) == {
        "missing post_id": 1,
        "unparsable ts": 1,
        "negative engagement": 1,
        "bad author_tier": 1,
        "duplicate post_id": 1,
    }


def test_products_bad_json_list_quarantined(tmp_path):
    ds = Dataset(tmp_path / "ds")
    f = write(
        tmp_path / "products.csv",
        "sku,launch_date,category,elements,price,hit\n"
        's1,2026-03-01,dress,"[""tweed"",""suit""]",59.9,yes\n'
        's2,2026-03-01,dress,"[""tweed"",",10,no\n'
        "s3,2026/03/08,top,butter yellow;puff sleeve,19,0\n",
    )
    r = ingest(ds, "products", f)
    assert (r.accepted, r.quarantined) == (2, 1)
    assert dict(r.reasons) == {"bad JSON list in elements": 1}
    got = ds.read("products")
    assert got["elements"].to_list() == [["tweed", "suit"], ["butter yellow", "puff sleeve"]]
    assert got["launch_date"].to_list() == [date(2026, 3, 1), date(2026, 3, 8)]
    assert got["hit"].to_list() == [True, False]


def test_ragged_row_is_quarantined_not_fatal(tmp_path):
    ds = Dataset(tmp_path / "ds")
    f = write(
        tmp_path / "p.csv",
        HEADER + "p1,2026-01-05,tiktok,US,u1,a,b,1,\np2,2026-01-05,tiktok,US,u1,ok,1,\n",
    )
    r = ingest(ds, "posts", f)
    assert (r.accepted, r.quarantined) == (1, 1)
    assert dict(r.reasons) == {"too many fields": 1}


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_or_tab_separated_exports_read_like_csv(tmp_path, sep):
    ds = Dataset(tmp_path / "ds")
    rows = [
        next(csv.reader([HEADER])),
        ["p1", "2026-01-05", "tiktok", "US", "u1", "so; cute", "1", ""],
    ]
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    r = ingest(ds, "posts", write(tmp_path / "p.csv", buf.getvalue()))
    assert (r.accepted, r.quarantined) == (1, 0)
    assert ds.read("posts")["text"].to_list() == ["so; cute"]


def test_parquet_input_works(tmp_path):
    ds = Dataset(tmp_path / "ds")
    src = pl.DataFrame(
        {
            "date": [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)],
            "element": ["tweed"] * 3,
            "value": [1.0, -1.0, 3.0],
            "market": ["us"] * 3,
        }
    )
    p = tmp_path / "signals.parquet"
    src.write_parquet(p)
    r = ingest(ds, "signals", p)
    assert (r.accepted, r.quarantined) == (2, 1)
    got = ds.read("signals")
    assert got["value"].to_list() == [1.0, 3.0]
    assert got["market"].to_list() == ["US", "US"]
    assert read_table(p).height == 3


def test_google_trends_export_ingests(tmp_path):
    ds = Dataset(tmp_path / "ds")
    r = ingest(ds, "signals", FIXTURES / "multiTimeline.csv")
    assert (r.accepted, r.quarantined, r.layout) == (104, 0, "google_trends")
    assert ds.read("signals")["source"].unique().to_list() == ["google_trends"]


def test_progress_callback_and_ingest_frame(tmp_path):
    ds = Dataset(tmp_path / "ds")
    seen: list[float] = []
    wide = pl.DataFrame({"date": ["2026-01-05", "2026-01-12"], "tweed": ["1", "x"]})
    r = ingest_frame(ds, "signals", wide, source="ui upload.csv", progress=seen.append)
    assert (r.accepted, r.quarantined) == (1, 1)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    assert Path(r.upload_file).exists() and r.upload_file.endswith(".parquet")
    assert ds.manifest()["sources"][0]["source"] == r.upload_file


def test_lexicon_ingest_merges_csv(tmp_path):
    ds = Dataset(tmp_path / "ds")
    f = write(
        tmp_path / "lex.csv",
        "element_id,type,name_en\nmaillard,aesthetic,Maillard style\nx,bogus,X\n",
    )
    r = ingest(ds, "lexicon", f)
    assert (r.accepted, r.quarantined) == (1, 1)
    f2 = write(tmp_path / "lex2.csv", "element_id,type,name_en\nmaillard,aesthetic,Maillard\n")
    assert ingest(ds, "lexicon", f2).total_rows == 1
    assert pl.read_csv(ds.lexicon_path)["name_en"].to_list() == ["Maillard"]


# ---- property: nothing silently disappears ----------------------------------------

cell = st.one_of(
    st.just(""),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=12,
    ),
    st.sampled_from(
        [
            "p1",
            "p2",
            "2026-01-05",
            "2026/01/05T10:00Z",
            "-3",
            "7",
            "kol",
            "vip",
            "us",
            "GB",
            "奶油黄",
        ]
    ),
)
good_row = st.tuples(
    st.sampled_from(["p1", "p2", "p3", "p4", "p5", "帖子6"]),
    st.sampled_from(["2026-01-05", "2026/02/01", "2026-01-05T10:00:00+08:00", "2026-01-05 10:00Z"]),
    st.sampled_from(["tiktok", "xiaohongshu"]),
    st.sampled_from(["us", "CN", "gb"]),
    st.just("u1"),
    st.text(
        max_size=20,
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    st.sampled_from(["", "0", "12"]),
    st.sampled_from(["", "kol", "KOC", "consumer"]),
)
bad_row = st.tuples(*([cell] * 8))
ragged_row = st.one_of(st.tuples(*([cell] * 3)), st.tuples(*([cell] * 10)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.one_of(good_row, good_row, bad_row, ragged_row), min_size=1, max_size=25))
def test_random_csv_files_never_lose_rows(rows):
    buf = io.StringIO()
    w = csv.writer(buf)  # "\r\n" terminator: cells holding a bare \r get quoted
    w.writerow(HEADER.strip().split(","))
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "random.csv"
        f.write_bytes(buf.getvalue().encode("utf-8"))
        r = ingest(Dataset(Path(d) / "ds"), "posts", f)
    assert r.accepted + r.quarantined == len(rows)
    assert sum(c for _, c in r.reasons) == r.quarantined


# ---- CLI ----------------------------------------------------------------------


def test_cli_ingest_prints_summary(tmp_path, capsys):
    f = write(
        tmp_path / "p.csv", HEADER + "p1,2026-01-05,tiktok,US,u1,ok,1,\np2,x,tiktok,US,u1,bad,1,\n"
    )
    assert main(["ingest", "--dataset", str(tmp_path / "ds"), "--posts", str(f)]) == 0
    out = capsys.readouterr().out
    assert "accepted 1, quarantined 1" in out
    assert "unparsable ts" in out


def test_cli_ingest_json(tmp_path, capsys):
    f = write(tmp_path / "p.csv", HEADER + "p1,2026-01-05,tiktok,US,u1,ok,1,\n")
    assert main(["ingest", "--dataset", str(tmp_path / "ds"), "--posts", str(f), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert (obj["accepted"], obj["quarantined"], obj["total_rows"]) == (1, 0, 1)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("missing.csv", None, "file not found"),
        ("empty.csv", b"", "file is empty"),
        ("blank.csv", b"\n \n", "file is empty"),
        ("image.csv", PNG, "PNG"),
        ("noise.csv", random.Random(0).randbytes(512), "binary"),
        (
            "latin1.csv",
            (HEADER + "p1,2026-01-05,tiktok,FR,u1,café crème,1,\n").encode("latin-1"),
            "UTF-8",
        ),
        ("nocols.csv", b"post_id,text\np1,hello\n", "missing required column(s) for posts: ts"),
        ("fake.parquet", b"not parquet at all", "Parquet"),
    ],
)
def test_cli_unreadable_files_exit_2_with_one_line(tmp_path, capsys, name, content, phrase):
    f = tmp_path / name
    if content is not None:
        f.write_bytes(content)
    code = main(["ingest", "--dataset", str(tmp_path / "ds"), "--posts", str(f)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(f) in err and phrase in err
    assert not (tmp_path / "ds" / "posts.parquet").exists()


def test_read_table_error_names_file(tmp_path):
    with pytest.raises(DataFileError) as e:
        read_table(tmp_path / "nope.csv")
    assert e.value.path.endswith("nope.csv")
