"""New words page: a planted coined term is proposed with evidence and can be added."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest_frame
from infimate.elements.lexicon import load_lexicon
from tests.pages.conftest import open_page, plotly_specs

END = datetime(2026, 11, 23, 12)


def _posts() -> pl.DataFrame:
    """16 weeks of filler posts; "glazed donut nails" appears only in the last 4 weeks."""
    rows = []
    for w in range(16):
        for i in range(30):
            rows.append(
                {
                    "post_id": f"f{w}-{i}",
                    "ts": (END - timedelta(weeks=15 - w, hours=i)).isoformat() + "Z",
                    "platform": "tiktok",
                    "market": "US",
                    "author_id": f"u{i}",
                    "author_tier": "consumer",
                    "text": "a cosy sunday with coffee",
                }
            )
    for w in range(12, 16):
        for i in range(6):
            rows.append(
                {
                    "post_id": f"g{w}-{i}",
                    "ts": (END - timedelta(weeks=15 - w, hours=i)).isoformat() + "Z",
                    "platform": "tiktok",
                    "market": "US",
                    "author_id": f"k{i}",
                    "author_tier": "kol" if w == 12 else "consumer",
                    "text": f"<b>glazed donut nails</b> {w}{i}x",
                }
            )
    return pl.DataFrame(rows)


@pytest.fixture
def posts_dataset(empty_dataset):
    ingest_frame(Dataset(empty_dataset), "posts", _posts(), source="posts.csv")
    st.cache_data.clear()
    return empty_dataset


def test_coined_term_with_plain_text_evidence_and_add_to_lexicon(posts_dataset):
    at = open_page("pages/new_words.py")
    table = pl.from_pandas(at.dataframe[0].value)
    assert "glazed donut nails" in table["term"].to_list()
    at.selectbox(key="nw_term").set_value("glazed donut nails").run()
    # the first KOL post is plain text (st.text), tags and all
    assert any(t.value.startswith("<b>glazed donut nails</b>") for t in at.text)
    spec = next(s for s in plotly_specs(at) if s["data"][0]["name"] == "posts per week")
    assert spec["data"][0]["y"] == [0] * 12 + [6, 6, 6, 6]
    at.text_input(key="nw_id").set_value("glazed_donut_nails")
    at.selectbox(key="nw_type").set_value("detail")
    at.text_input(key="nw_zh").set_value("甜甜圈美甲")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert any("Added `glazed_donut_nails`" in s.value for s in at.success)
    lex = load_lexicon(Dataset(posts_dataset))
    row = lex.filter(pl.col("element_id") == "glazed_donut_nails").row(0, named=True)
    assert (row["type"], row["name_zh"]) == ("detail", "甜甜圈美甲")
    # the lexicon changed: the term is no longer a candidate
    at.run()
    table = pl.from_pandas(at.dataframe[0].value) if at.dataframe else pl.DataFrame({"term": []})
    assert "glazed donut nails" not in table["term"].to_list()


def test_bad_element_id_is_an_error_message(posts_dataset):
    at = open_page("pages/new_words.py")
    at.text_input(key="nw_id").set_value("Bad Id!")
    at.button[0].click().run()
    assert not at.exception
    assert at.error
