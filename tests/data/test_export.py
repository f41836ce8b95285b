"""Every export path neutralises spreadsheet formulas (OWASP CSV injection): the five
payloads come out as text in the quarantine CSV, tag-catalogue and score outputs, the
Hit predictor's downloads and the tables the grid offers for download."""

from __future__ import annotations

import io
import zipfile

import polars as pl
import pytest

from infimate.cli.main import main
from infimate.data.datasets import Dataset
from infimate.data.export import csv_bytes, neutralise, xlsx_bytes
from infimate.data.ingest import ingest

PAYLOADS = (
    '=HYPERLINK("http://evil.example","q")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
)


def assert_safe_csv(frame: pl.DataFrame, column: str) -> None:
    cells = frame[column].to_list()
    for p in PAYLOADS:
        assert "'" + p in cells, f"{p!r} not neutralised in {column}: {cells}"
        assert p not in cells


def test_csv_and_xlsx_helpers():
    df = pl.DataFrame({"text": [*PAYLOADS, "tweed"], "n": [-1, 0, 1, 2, 3, 4]})
    back = pl.read_csv(io.BytesIO(csv_bytes(df)))
    assert_safe_csv(back, "text")
    assert back["n"].to_list() == [-1, 0, 1, 2, 3, 4] and "tweed" in back["text"].to_list()
    assert neutralise(pl.DataFrame({"x": ["\tcalc", "\r=1", "ok - fine"]}))["x"].to_list() == [
        "'\tcalc",
        "'\r=1",
        "ok - fine",
    ]
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_bytes(df))).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and sheet.count('t="inlineStr"') == 2 + 6  # header + text column
    assert "<v>-1</v>" in sheet


def test_quarantine_csv(tmp_path):
    rows = [
        {"post_id": f"p{i}", "ts": "not a date", "platform": "tiktok", "market": "US",
         "author_id": "a", "text": p}
        for i, p in enumerate(PAYLOADS)
    ]  # fmt: skip
    f = tmp_path / "posts.csv"
    pl.DataFrame(rows).write_csv(f)
    report = ingest(Dataset(tmp_path / "ds"), "posts", f)
    assert report.quarantined == len(PAYLOADS)
    assert_safe_csv(pl.read_csv(report.quarantine_file, infer_schema=False), "text")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tag_catalogue_output(tmp_path, capsys, suffix):
    f = tmp_path / "titles.csv"
    pl.DataFrame({"id": list(PAYLOADS), "title": ["Navy blouse"] * 5}).write_csv(f)
    out = tmp_path / f"tags{suffix}"
    argv = ["tag-catalogue", "--input", str(f), "--id-col", "id", "--text-col", "title"]
    assert main([*argv, "--out", str(out)]) == 0
    if suffix == ".csv":
        assert_safe_csv(pl.read_csv(out, infer_schema=False), "id")
    else:
        sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet and "inlineStr" in sheet


def test_tables_and_posts_shown_in_the_grid_are_neutralised():
    from streamlit.testing.v1 import AppTest

    def page():
        import polars as pl

        from infimate.ui import components, tables
        from tests.data.test_export import PAYLOADS

        df = pl.DataFrame({"text": list(PAYLOADS)})
        tables.show(df)
        components.posts_table(df)

    at = AppTest.from_function(page).run()
    assert not at.exception
    for grid in at.dataframe:
        assert_safe_csv(pl.from_pandas(grid.value), grid.value.columns[0])
