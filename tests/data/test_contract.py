"""The data contract: one test per rule, tiny frames with known answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.data.contract import empty_table, reason_counts, validate
from infimate.data.schema import SCHEMAS
from infimate.errors import DataFileError


def posts(**over: list[str | None]) -> pl.DataFrame:
    n = len(next(iter(over.values()))) if over else 2
    base: dict[str, list[str | None]] = {
        "post_id": [f"p{i}" for i in range(1, n + 1)],
        "ts": ["2026-01-05T10:00:00Z"] * n,
        "platform": ["tiktok"] * n,
        "market": ["US"] * n,
        "author_id": ["u1"] * n,
        "text": ["butter yellow"] * n,
    }
    base.update(over)
    return pl.DataFrame(base, schema=dict.fromkeys(base, pl.String))


def reasons(v) -> list[str]:
    return v.bad["reason"].to_list()


# ---- schemas ----------------------------------------------------------------


def test_schemas_match_design():
    assert SCHEMAS["posts"].required == (
        "post_id",
        "ts",
        "platform",
        "market",
        "author_id",
        "text",
    )
    assert SCHEMAS["signals"].required == ("date", "element", "value")
    assert SCHEMAS["products"].required == ("sku", "launch_date", "category", "elements")
    assert SCHEMAS["signals"].key == (
        "date",
        "element",
        "market",
        "crowd",
        "scene",
        "platform",
        "source",
        "metric",
    )
    assert empty_table("posts").schema["ts"] == pl.Datetime("us", "UTC")
    assert empty_table("products").schema["elements"] == pl.List(pl.String)


def test_missing_required_column_is_a_file_error_naming_file_and_columns():
    df = posts().drop("ts", "author_id")
    with pytest.raises(DataFileError) as e:
        validate("posts", df, file="up.csv")
    assert "up.csv" in str(e.value)
    assert "ts" in str(e.value) and "author_id" in str(e.value)


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError):
        validate("orders", posts())


# ---- posts --------------------------------------------------------------------


def test_good_posts_are_coerced_and_defaults_added():
    v = validate("posts", posts(market=["us", "GB"], author_tier=["KOL", ""]))
    assert v.bad.height == 0
    expected = pl.DataFrame(
        {
            "post_id": ["p1", "p2"],
            "ts": [datetime(2026, 1, 5, 10, tzinfo=UTC)] * 2,
            "platform": ["tiktok"] * 2,
            "market": ["US", "GB"],
            "author_id": ["u1"] * 2,
            "author_tier": ["kol", "consumer"],
            "followers": [None, None],
            "text": ["butter yellow"] * 2,
            "engagement": [None, None],
            "crowd": ["unknown"] * 2,
            "scene": [None, None],
            "image_path": [None, None],
        },
        schema=SCHEMAS["posts"].polars_schema,
    )
    assert_frame_equal(v.good, expected)


def test_timestamp_formats_and_offsets_become_utc():
    ts = [
        "2026-01-05",
        "2026/01/05",
        "2026-01-05T10:00:00Z",
        "2026-01-05 18:00:00+08:00",
        "2026-01-05T05:00-0500",
        "2026-01-05T10:00:00.250",
        "1767607200",  # Unix epoch seconds
        "1767607200000",  # … and milliseconds
    ]
    v = validate("posts", posts(ts=ts))
    assert v.bad.height == 0
    assert v.good["ts"].to_list() == [
        datetime(2026, 1, 5, tzinfo=UTC),
        datetime(2026, 1, 5, tzinfo=UTC),
        datetime(2026, 1, 5, 10, tzinfo=UTC),
        datetime(2026, 1, 5, 10, tzinfo=UTC),
        datetime(2026, 1, 5, 10, tzinfo=UTC),
        datetime(2026, 1, 5, 10, 0, 0, 250000, tzinfo=UTC),
        datetime(2026, 1, 5, 10, tzinfo=UTC),
        datetime(2026, 1, 5, 10, tzinfo=UTC),
    ]
    # other digit strings are not guessed
    assert reasons(validate("posts", posts(ts=["176760720", "20260105"]))) == ["unparsable ts"] * 2


def test_unparsable_ts_is_quarantined_good_rows_load():
    v = validate("posts", posts(ts=["2026-01-05", "yesterday", "2026-13-01", "2026-01-05T25:00"]))
    assert v.good["post_id"].to_list() == ["p1"]
    assert reasons(v) == ["unparsable ts"] * 3
    assert v.bad["row"].to_list() == [2, 3, 4]
    assert v.bad["ts"].to_list() == ["yesterday", "2026-13-01", "2026-01-05T25:00"]


def test_missing_key_is_quarantined():
    v = validate("posts", posts(post_id=["p1", "", None]))
    assert reasons(v) == ["missing post_id", "missing post_id"]
    assert v.bad["row"].to_list() == [2, 3]
    assert v.good["post_id"].to_list() == ["p1"]


def test_negative_numbers_are_quarantined():
    v = validate(
        "posts",
        posts(followers=["10", "-1", "5", "x"], engagement=["3", "4", "-7", "1.5"]),
    )
    assert reasons(v) == ["negative followers", "negative engagement", "unparsable followers"]
    assert v.good["followers"].to_list() == [10]
    assert v.good.schema["followers"] == pl.Int64


def test_spreadsheet_numbers_load_where_unambiguous():
    prods = pl.DataFrame(
        {
            "sku": [f"s{i}" for i in range(6)],
            "launch_date": ["2025-03-01"] * 6,
            "category": ["top"] * 6,
            "elements": ["linen"] * 6,
            "price": ["$19.99", "1,299.00", "€ 5", "19,99 €", "1,299", "12"],
            "units": ["1,234.0", "7", "", "3", "4", "5"],
        }
    )
    v = validate("products", prods)
    # a decimal comma (19,99) or a bare 1,299 in a price could be either: quarantined
    assert reasons(v) == ["unparsable price", "unparsable price"]
    assert v.good["price"].to_list() == [19.99, 1299.0, 5.0, 12.0]
    assert v.good["units"].to_list() == [1234.0, 7.0, None, 5.0]
    # in a count a comma can only group thousands
    assert validate("posts", posts(engagement=["1,234", "5"])).good["engagement"].to_list() == [
        1234,
        5,
    ]


def test_non_integer_count_is_quarantined():
    v = validate("posts", posts(engagement=["3", "1.5"]))
    assert reasons(v) == ["non-integer engagement"]


def test_wrong_author_tier_is_quarantined_with_value():
    v = validate("posts", posts(author_tier=["koc", "vip"]))
    assert reasons(v) == ["bad author_tier 'vip'"]
    assert v.good["author_tier"].to_list() == ["koc"]


def test_market_lower_case_is_upper_cased_and_bad_market_rejected():
    v = validate("posts", posts(market=["fr", "USA", "", "all"]))
    assert v.good["market"].to_list() == ["FR"]
    assert reasons(v) == ["bad market 'USA'", "missing market", "bad market 'all'"]


def test_duplicate_post_id_names_the_first_row():
    v = validate("posts", posts(post_id=["a", "b", "a", "a"]))
    assert v.good["post_id"].to_list() == ["a", "b"]
    assert reasons(v) == ["duplicate post_id (first at row 1)"] * 2
    assert v.bad["row"].to_list() == [3, 4]


def test_duplicate_of_a_bad_row_is_not_a_duplicate():
    v = validate("posts", posts(post_id=["a", "a"], ts=["nope", "2026-01-05"]))
    assert v.good["post_id"].to_list() == ["a"]
    assert reasons(v) == ["unparsable ts"]


def test_text_may_be_empty_when_image_path_is_set():
    v = validate("posts", posts(text=["", "", "hi"], image_path=["img/1.jpg", None, None]))
    assert reasons(v) == ["missing text"]
    assert v.good["text"].to_list() == ["", "hi"]


def test_extra_columns_are_kept_and_headers_normalised():
    df = posts().rename({"post_id": "Post ID"}).with_columns(pl.lit("x").alias("campaign"))
    v = validate("posts", df)
    assert v.good.columns[-1] == "campaign"
    assert v.good["post_id"].to_list() == ["p1", "p2"]


def test_typed_input_frame_is_accepted():
    df = pl.DataFrame(
        {
            "post_id": ["a"],
            "ts": [datetime(2026, 1, 5, 10)],
            "platform": ["x"],
            "market": ["us"],
            "author_id": ["u"],
            "text": ["t"],
            "followers": [-3],
        }
    )
    v = validate("posts", df)
    assert reasons(v) == ["negative followers"]
    assert v.bad["followers"].to_list() == ["-3"]


# ---- signals ------------------------------------------------------------------


def test_signals_defaults_and_date_parsing():
    df = pl.DataFrame(
        {
            "date": ["2026-01-05", "2026/01/12", "2026-01-19T23:30:00+08:00"],
            "element": ["tweed"] * 3,
            "value": ["1", "2.5", "0"],
        }
    )
    v = validate("signals", df)
    expected = pl.DataFrame(
        {
            "date": [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)],
            "element": ["tweed"] * 3,
            "value": [1.0, 2.5, 0.0],
            "market": ["all"] * 3,
            "crowd": ["all"] * 3,
            "scene": ["all"] * 3,
            "platform": ["all"] * 3,
            "source": ["upload"] * 3,
            "metric": ["value"] * 3,
        },
        schema=SCHEMAS["signals"].polars_schema,
    )
    assert_frame_equal(v.good, expected)


def test_signals_bad_rows():
    df = pl.DataFrame(
        {
            "date": ["2026-01-05", "x", "2026-01-05", "2026-01-05", "2026-01-05", "2026-01-05"],
            "element": ["a", "a", "a", "a", "b", ""],
            "value": ["1", "1", "-2", "3", "nan", "1"],
            "market": ["us", "us", "us", "US", "us", "us"],
        }
    )
    v = validate("signals", df)
    assert reasons(v) == [
        "unparsable date",
        "negative value",
        "duplicate signals key (first at row 1)",
        "unparsable value",
        "missing element",
    ]
    assert v.good.height == 1


def test_signals_key_includes_segments():
    df = pl.DataFrame(
        {
            "date": ["2026-01-05"] * 2,
            "element": ["a"] * 2,
            "value": ["1", "2"],
            "crowd": ["gen_z", "moms"],
        }
    )
    assert validate("signals", df).good.height == 2


# ---- products -----------------------------------------------------------------


def products(elements: list[str | None], **over: list[str | None]) -> pl.DataFrame:
    n = len(elements)
    base: dict[str, list[str | None]] = {
        "sku": [f"s{i}" for i in range(1, n + 1)],
        "launch_date": ["2026-03-01"] * n,
        "category": ["dress"] * n,
        "elements": elements,
    }
    base.update(over)
    return pl.DataFrame(base, schema=dict.fromkeys(base, pl.String))


def test_elements_semicolon_and_json_lists_are_normalised():
    v = validate(
        "products",
        products(
            ["butter yellow; puff sleeve;linen", '["tweed", "小香风"]', "[]", '["a",'],
        ),
    )
    assert v.good["elements"].to_list() == [
        ["butter yellow", "puff sleeve", "linen"],
        ["tweed", "小香风"],
    ]
    assert reasons(v) == ["missing elements", "bad JSON list in elements"]


def test_json_list_of_numbers_is_bad():
    v = validate("products", products(["[1, 2]", '["ok"]']))
    assert reasons(v) == ["bad JSON list in elements"]


def test_elements_list_column_is_accepted():
    df = pl.DataFrame(
        {
            "sku": ["a", "b"],
            "launch_date": [date(2026, 3, 1)] * 2,
            "category": ["dress"] * 2,
            "elements": [[" tweed ", "suit"], []],
        }
    )
    v = validate("products", df)
    assert v.good["elements"].to_list() == [["tweed", "suit"]]
    assert reasons(v) == ["missing elements"]


def test_hit_booleans_price_and_units():
    v = validate(
        "products",
        products(
            ["a"] * 7,
            hit=["true", "0", "YES", "no", "", "maybe", "1"],
            price=["10", "9.5", "", "1", "2", "3", "0"],
            units=["1", "2", "3", "-1", "5", "6", "7"],
        ),
    )
    assert v.good["hit"].to_list() == [True, False, True, None]
    assert v.good["price"].to_list() == [10.0, 9.5, None, 2.0]
    assert reasons(v) == ["negative units", "bad hit 'maybe'", "non-positive price"]


def test_duplicate_sku():
    v = validate("products", products(["a", "b"], sku=["x", "x"]))
    assert reasons(v) == ["duplicate sku (first at row 1)"]


# ---- lexicon ------------------------------------------------------------------


def test_lexicon_type_enum_slug_and_duplicates():
    df = pl.DataFrame(
        {
            "element_id": ["butter_yellow", "Bad Slug", "tweed", "butter_yellow", "x"],
            "type": ["color", "fabric", "textile", "color", "COLOR"],
            "name_en": ["butter yellow", "b", "tweed", "again", "x"],
            "hex": ["#F6E27F", None, None, None, "red"],
        }
    )
    v = validate("lexicon", df)
    assert reasons(v) == [
        "bad element_id 'Bad Slug'",
        "bad type 'textile'",
        "duplicate element_id (first at row 1)",
        "bad hex 'red'",
    ]
    assert v.good["element_id"].to_list() == ["butter_yellow"]


def test_reason_counts_group_by_category():
    bad = pl.DataFrame(
        {
            "reason": [
                "bad author_tier 'vip'",
                "bad author_tier 'x'",
                "duplicate post_id (first at row 3)",
            ]
        }
    )
    out = reason_counts(bad)
    assert out.rows() == [("bad author_tier", 2), ("duplicate post_id", 1)]


def test_identifiers_are_trimmed_text_is_verbatim():
    v = validate("posts", posts(post_id=[" a ", "a"], text=["  hi  ", "x"]))
    assert v.good["post_id"].to_list() == ["a"]
    assert v.good["text"].to_list() == ["  hi  "]
    assert reasons(v) == ["duplicate post_id (first at row 1)"]
