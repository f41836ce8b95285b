"""Copy studio: offline copy streams for the element in the URL; flags are shown escaped."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from infimate.copywriting.compliance import check
from infimate.copywriting.writer import CopyResult
from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest
from tests.fixtures.imported_world import write_per_market
from tests.pages.conftest import open_page

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "trends_us_4terms.csv"


def test_offline_copy_for_deep_linked_element_in_chinese(empty_dataset):
    at = open_page("pages/copy_studio.py", query={"element": "butter_yellow"})
    assert at.selectbox(key="copy_element").value == "butter_yellow"
    assert at.selectbox(key="copy_provider").options == ["offline"]  # no key configured
    at.selectbox(key="copy_lang").set_value("zh")
    at.selectbox(key="copy_fmt").set_value("hook")
    at.button(key="copy_go").click().run()
    assert not at.exception and not at.error
    text = at.code[0].value
    assert "奶油黄" in text and len(text.splitlines()) <= 3
    assert at.get("download_button")
    assert "offline" in at.caption[0].value or any("offline" in c.value for c in at.caption)


def test_english_live_script_mentions_the_element(empty_dataset):
    at = open_page("pages/copy_studio.py", query={"element": "tweed"})
    at.selectbox(key="copy_lang").set_value("en")
    at.button(key="copy_go").click().run()
    assert "tweed" in at.code[0].value.lower()
    # changing the widget updates the deep link
    at.selectbox(key="copy_element").set_value("butter_yellow").run()
    assert at.query_params["element"] in ("butter_yellow", ["butter_yellow"])


def test_flagged_copy_is_highlighted_escaped_and_tabulated(empty_dataset):
    text = "全网最低价！<img src=x onerror=alert(1)> 100%纯棉"
    flags = check(text, "zh")
    assert flags  # the compliance checker flags the absolute claims
    at = open_page("pages/copy_studio.py")
    at.session_state["copy_result"] = CopyResult(text, flags, "openai", False, "")
    at.session_state["copy_stem"] = "x"
    at.run()
    assert not at.exception
    html = at.get("html")[0].proto.body
    assert "<img" not in html and "&lt;img" in html and "<mark" in html
    assert "compliance flag" in at.error[0].value
    assert at.code[0].value == text


def test_demo_copy_for_a_style_is_grounded_in_its_elements(demo):
    import polars as pl

    from infimate.data.datasets import Dataset
    from infimate.elements.lexicon import load_lexicon

    prod = Dataset(demo).read("products").row(0, named=True)
    lex = load_lexicon(Dataset(demo)).filter(pl.col("element_id").is_in(prod["elements"]))
    names = [n.lower() for n in lex["name_en"].to_list()]
    at = open_page("pages/copy_studio.py")
    assert any("Synthetic demo data" in i.value for i in at.info)
    at.radio(key="copy_kind").set_value("style (sku)").run()
    at.selectbox(key="copy_sku").set_value(prod["sku"])
    at.selectbox(key="copy_lang").set_value("en")
    at.button(key="copy_go").click().run()
    assert not at.exception and not at.error
    text = at.code[0].value.lower()
    assert any(n in text for n in names), (names, text[:200])


def test_elements_with_data_come_first_and_their_copy_quotes_trend_facts(empty_dataset):
    ingest(Dataset(empty_dataset), "signals", FIXTURE)  # 4 imported Google Trends terms
    st.cache_data.clear()
    at = open_page("pages/copy_studio.py")
    picker = at.selectbox(key="copy_element")
    first = [o.split(" · ")[0] for o in picker.options[:4]]
    assert set(first) == {"linen", "barrel jeans", "blazer", "mob wife"}  # then the lexicon
    assert picker.value == "linen"  # the fastest riser of the four
    at.button(key="copy_go").click().run()
    assert not at.exception and not at.error
    facts = next(e for e in at.expander if "Facts" in e.label).text[0].value
    assert facts != "(no numbers)" and "%" in facts


def test_element_order_follows_new_data(empty_dataset):
    from infimate.trends.curves import Segment
    from infimate.ui import copy

    ds = Dataset(empty_dataset)
    ingest(ds, "signals", FIXTURE)  # US: linen, barrel jeans, blazer, mob wife
    names = {"linen": "linen", "coat": "coat"}
    us = Segment(market="US")
    assert "coat" not in copy.element_order(str(empty_dataset), us, names)[:4]
    write_per_market(ds)  # a new upload: signals now hold US coat rising, and scarf
    assert copy.element_order(str(empty_dataset), us, names)[0] == "coat"
