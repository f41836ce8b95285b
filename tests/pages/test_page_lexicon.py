"""Lexicon page: browse, search in EN/ZH/alias, filter by type, swatches, dataset additions."""

from __future__ import annotations

from urllib.parse import unquote

import polars as pl

from infimate.data.datasets import Dataset
from infimate.elements.lexicon import add_terms, load_lexicon
from infimate.ui.components import NO_SWATCH
from tests.pages.conftest import open_page


def _table(at) -> pl.DataFrame:
    return pl.from_pandas(at.dataframe[0].value)


def test_lexicon_page_lists_every_element_with_swatches(empty_dataset):
    at = open_page("pages/lexicon.py")
    assert at.title[0].value == "Lexicon"
    n = load_lexicon().height
    assert _table(at).height == n
    assert f"{n} of {n} elements" in at.caption[0].value
    # colour swatches: an SVG image cell for exactly the elements with a #RRGGBB hex
    t = _table(at)
    colours = t.filter(pl.col("hex").str.contains(r"^#[0-9A-Fa-f]{6}$").fill_null(False))
    assert colours.height > 0
    assert colours["swatch"].str.starts_with("data:image/svg+xml").all()
    assert (t.filter(pl.col("hex").is_null())["swatch"] == NO_SWATCH).all()
    tiffany = t.filter(pl.col("element_id") == "tiffany_blue").row(0, named=True)
    assert f"fill='{tiffany['hex']}'" in unquote(tiffany["swatch"])


def test_search_by_chinese_name_and_alias(empty_dataset):
    at = open_page("pages/lexicon.py")
    at.text_input(key="lex_q").set_value("奶油黄").run()
    assert "butter_yellow" in _table(at)["element_id"].to_list()
    at.text_input(key="lex_q").set_value("robin egg").run()
    assert _table(at)["element_id"].to_list() == ["tiffany_blue"]


def test_filter_by_type(empty_dataset):
    at = open_page("pages/lexicon.py")
    at.multiselect(key="lex_types").set_value(["fabric"]).run()
    t = _table(at)
    assert t.height > 0 and set(t["type"].to_list()) == {"fabric"}


def test_dataset_lexicon_additions_show_up(empty_dataset):
    row = pl.DataFrame(
        [
            {
                "element_id": "blokette",
                "type": "aesthetic",
                "name_en": "blokette",
                "name_zh": "运动少女风",
                "aliases": ["blokecore girl"],
                "hex": None,
                "parent": None,
            }
        ],
        schema_overrides={"aliases": pl.List(pl.String)},
    )
    add_terms(Dataset(empty_dataset), row)
    at = open_page("pages/lexicon.py")
    at.text_input(key="lex_q").set_value("运动少女").run()
    assert _table(at)["element_id"].to_list() == ["blokette"]
