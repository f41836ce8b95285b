"""Google Trends exports and wide CSVs -> long signals contract."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.data.contract import validate
from infimate.data.gtrends import detect_layout, region_code, signals_from_frame, signals_from_text
from infimate.data.ingest import read_signals
from infimate.errors import DataFileError
from tests.fixtures import FIXTURES

FIXTURE = FIXTURES / "multiTimeline.csv"


def test_multitimeline_fixture_parses_to_long_signals():
    sig = read_signals(FIXTURE)
    assert sig.layout == "google_trends"
    v = validate("signals", sig.frame, row_numbers=sig.row_numbers)
    assert v.bad.height == 0
    good = v.good
    assert good.height == 4 * 26
    assert sorted(good["element"].unique().to_list()) == [
        "butter yellow",
        "puff sleeves",
        "tiffany blue",
        "tweed jacket",
    ]
    assert good["market"].unique().to_list() == ["US"]
    assert good["source"].unique().to_list() == ["google_trends"]
    assert good["metric"].unique().to_list() == ["index"]
    assert good["date"].min() == date(2025, 6, 1)
    assert good["date"].max() == date(2025, 11, 23)
    puff = good.filter(pl.col("element") == "puff sleeves").sort("date")
    # the export writes "<1" for the first two weeks
    assert puff["value"].to_list()[:4] == [0.5, 0.5, 1.0, 0.5]
    butter = good.filter(pl.col("element") == "butter yellow").sort("date")
    assert butter["value"].max() == 100.0
    assert butter.filter(pl.col("value") == 100.0)["date"].to_list() == [date(2025, 10, 5)]


def test_gt_export_with_bom_day_column_worldwide_and_bad_cell():
    text = (
        "\ufeffCategory: All categories\n\n"
        "Day,tweed: (Worldwide),linen: (United Kingdom)\n"
        "2026-01-01,3,<1\n"
        "2026-01-02,oops,4\n"
    )
    sig = signals_from_text(text)
    v = validate("signals", sig.frame, row_numbers=sig.row_numbers)
    expected = pl.DataFrame(
        {
            "date": [date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 2)],
            "element": ["tweed", "linen", "linen"],
            "value": [3.0, 0.5, 4.0],
            "market": ["all", "GB", "GB"],
        }
    )
    assert_frame_equal(
        v.good.select("date", "element", "value", "market").sort("element", "date"),
        expected.sort("element", "date"),
    )
    # the bad cell quarantines one (date, term) row and reports the file's data row
    assert v.bad.select("row", "reason").rows() == [(2, "unparsable value")]


def test_month_column_becomes_first_of_month():
    text = "Category: All categories\n\nMonth,coquette: (France)\n2024-01,12\n2024-02,<1\n"
    sig = signals_from_text(text)
    v = validate("signals", sig.frame, row_numbers=sig.row_numbers)
    assert v.good["date"].to_list() == [date(2024, 1, 1), date(2024, 2, 1)]
    assert v.good["market"].to_list() == ["FR", "FR"]


def test_unknown_region_is_quarantined_not_guessed():
    text = "Week,tweed: (Narnia)\n2026-01-04,3\n"
    sig = signals_from_text(text)
    assert sig.layout == "google_trends"
    v = validate("signals", sig.frame, row_numbers=sig.row_numbers)
    assert v.bad["reason"].to_list() == ["bad market 'Narnia'"]


def test_wide_csv():
    text = "date,butter yellow,tweed\n2026-01-05,3,10\n2026/01/12,,<1\n"
    sig = signals_from_text(text)
    assert sig.layout == "wide"
    v = validate("signals", sig.frame, row_numbers=sig.row_numbers)
    expected = pl.DataFrame(
        {
            "date": [date(2026, 1, 5), date(2026, 1, 5), date(2026, 1, 12)],
            "element": ["butter yellow", "tweed", "tweed"],
            "value": [3.0, 10.0, 0.5],
            "source": ["upload"] * 3,
            "metric": ["value"] * 3,
        }
    )
    assert_frame_equal(
        v.good.select(expected.columns).sort("date", "element"), expected.sort("date", "element")
    )
    assert v.bad.select("row", "reason").rows() == [(2, "missing value")]


def test_long_csv_passes_through():
    text = "date,element,value,market\n2026-01-05,tweed,3,us\n"
    sig = signals_from_text(text)
    assert sig.layout == "long"
    v = validate("signals", sig.frame)
    assert v.good.select("element", "market").rows() == [("tweed", "US")]


def test_wide_frame_from_ui_is_melted():
    df = pl.DataFrame({"Week": ["2026-01-04"], "a: (Japan)": ["1"], "b: (Japan)": ["2"]})
    sig = signals_from_frame(df)
    assert sig.layout == "google_trends"
    assert sig.frame.select("element", "market").rows() == [("a", "JP"), ("b", "JP")]


def test_detect_layout_and_region_codes():
    assert detect_layout(["date", "element", "value"]) == "long"
    assert detect_layout(["Week", "x: (United States)"]) == "google_trends"
    assert detect_layout(["date", "x", "y"]) == "wide"
    assert region_code(" united states ") == "US"
    assert region_code("Worldwide") == "all"


@pytest.mark.parametrize(
    "body",
    [
        "Region,butter yellow: (1/1/24 - 12/31/24)\nCalifornia,100\nTexas,76\n",
        "TOP\ncoquette aesthetic,100\n\nRISING\ncoquette bow,Breakout\n",
    ],
)
def test_google_trends_exports_that_are_not_time_series_say_so(body):
    with pytest.raises(DataFileError, match="not a time series: export 'Interest over time'"):
        signals_from_text("Category: All categories\n\n" + body, name="x.csv")


def test_header_only_file_is_an_error():
    with pytest.raises(DataFileError):
        signals_from_text("Category: All categories\n\n")


def test_real_shared_trends_file_loads(shared_trends):
    sig = read_signals(shared_trends)
    assert sig.layout == "long"
    v = validate("signals", sig.frame, row_numbers=sig.row_numbers)
    assert v.bad.height == 0
    assert v.good.height == sig.frame.height


def test_wide_csv_ragged_row_is_quarantined_per_term():
    sig = signals_from_text("date,tweed,linen\n2026-01-05,1,2\n2026-01-12,3,4,5\n")
    assert "__reject" not in sig.frame["element"].to_list()
    v = validate("signals", sig.frame, row_numbers=sig.row_numbers)
    assert v.good.height == 2
    assert v.bad.select("row", "reason").rows() == [(2, "too many fields (4, expected 3)")] * 2
