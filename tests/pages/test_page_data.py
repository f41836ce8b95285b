"""Data page: renders, malformed uploads give an error (not an exception), good ones a report."""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from infimate.data.datasets import Dataset
from infimate.errors import DataFileError, InfimateError
from infimate.ui import components, copy, upload
from tests.pages.conftest import open_page

GOOD_AND_BAD = (
    b"post_id,ts,platform,market,author_id,text\n"
    b"p1,2026-11-02T10:00:00Z,tiktok,US,a1,tweed blazer season\n"
    b"p2,not a date,tiktok,US,a2,butter yellow\n"
)


def _upload_app(path: str, name: str, data: bytes, kind: str = "posts") -> AppTest:
    def script(path, kind, name, data):
        from infimate.ui import upload

        upload.handle_upload(path, kind, name, data)

    at = AppTest.from_function(script, args=(path, kind, name, data), default_timeout=60)
    at.run()
    return at


def test_data_page_renders_manifest_and_tabs(empty_dataset):
    at = open_page("pages/data.py")
    assert at.title[0].value == "Data"
    assert [t.label for t in at.tabs] == ["Upload", "Quarantine", "Datasets", "Manifest"]
    assert at.json[0].value and '"tables": {}' in at.json[0].value
    assert at.radio[0].options == ["posts", "signals", "products"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("posts.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        ("posts.csv", b"", "empty"),
        ("posts.csv", "a;b\n\xe9t\xe9\n".encode("latin-1"), "not UTF-8"),
        ("posts.parquet", b"PAR1 this is not parquet", "Parquet"),
        ("posts.csv", b"foo,bar\n1,2\n", "post_id"),
    ],
)
def test_malformed_upload_shows_error_not_exception(empty_dataset, name, data, words):
    at = _upload_app(str(empty_dataset), name, data)
    assert not at.exception
    assert len(at.error) == 1
    assert words in at.error[0].value and name in at.error[0].value
    assert not (empty_dataset / "posts.parquet").exists()


def test_upload_report_counts_accepted_and_quarantined(empty_dataset):
    at = _upload_app(str(empty_dataset), "posts.csv", GOOD_AND_BAD)
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Accepted rows"] == "1" and metrics["Quarantined rows"] == "1"
    assert at.get("download_button")  # the quarantined rows can be downloaded
    assert Dataset(empty_dataset).read("posts")["post_id"].to_list() == ["p1"]


def test_ingest_upload_raises_data_file_error_naming_the_file(empty_dataset):
    with pytest.raises(DataFileError, match=r"posts\.csv"):
        upload.ingest_upload(str(empty_dataset), "posts", "posts.csv", b"\x00\x01binary")


def test_signals_upload_accepts_wide_csv(empty_dataset):
    wide = b"date,tweed,butter yellow\n2026-01-05,1,2\n2026-01-12,3,4\n"
    r = upload.ingest_upload(str(empty_dataset), "signals", "wide.csv", wide)
    assert (r.accepted, r.quarantined) == (4, 0)
    sig = Dataset(empty_dataset).read("signals")
    assert sig.filter(pl.col("date") == pl.date(2026, 1, 12)).height == 2


def test_create_dataset(tmp_path):
    p = components.create_dataset("spring_drop", root=tmp_path)
    assert Dataset(p).manifest()["created"]
    with pytest.raises(InfimateError, match="already exists"):
        components.create_dataset("spring_drop", root=tmp_path)
    with pytest.raises(InfimateError, match="dataset name"):
        components.create_dataset("../evil", root=tmp_path)


def test_highlight_html_escapes_untrusted_copy():
    from types import SimpleNamespace as F

    text = "<script>x</script> the best\nok"
    out = copy.highlight_html(text, [F(start=23, end=27, rule='a"b')])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<mark title="a&quot;b">best</mark>' in out and "<br>" in out


def test_demo_manifest_is_synthetic(demo):
    at = open_page("pages/data.py")
    assert '"synthetic": true' in at.json[0].value
    assert f"`{demo}`" in at.markdown[0].value  # listed under Datasets
