"""New words: coined-term candidates with evidence, and adding one to the dataset's lexicon."""

import re

import streamlit as st

from infimate import charts
from infimate.data.datasets import Dataset
from infimate.elements.discovery import DISCOVERY_RULE, add_to_lexicon
from infimate.errors import InfimateError
from infimate.ui import cached, components

path = components.page_start("new_words")
terms = cached.new_terms(path)
st.caption(DISCOVERY_RULE.describe())
if terms.is_empty():
    st.info("No coined-term candidates (or no posts) in this dataset.")
    st.stop()
st.dataframe(
    terms.drop("first_kol_text", "first_kol_post_id"),
    hide_index=True,
    width="stretch",
    column_config={
        "weekly_counts": st.column_config.BarChartColumn(
            f"posts per week ({DISCOVERY_RULE.weeks} weeks)"
        )
    },
)
term = st.selectbox("Candidate", terms["term"].to_list(), key="nw_term")
r = terms.row(terms["term"].to_list().index(term), named=True)
a, b = st.columns(2)
a.markdown("**Weekly posts using it**")
a.plotly_chart(charts.counts_sparkline(r["weekly_counts"]), key="nw_counts")
b.markdown("**First KOL post**")
b.text(r["first_kol_text"] or "(none)")

lex = cached.lexicon(path)
with st.form("add_term"):
    st.markdown(f"**Add “{term}” to this dataset's lexicon**")
    c1, c2 = st.columns(2)
    slug = re.sub(r"[^0-9a-z]+", "_", term.lower()).strip("_")
    element_id = c1.text_input("element_id", value=slug, key="nw_id")
    etype = c2.selectbox("type", sorted(lex["type"].unique().to_list()), key="nw_type")
    name_en = c1.text_input("English name", value="" if r["lang"] == "zh" else term, key="nw_en")
    name_zh = c2.text_input("中文名", value=term if r["lang"] == "zh" else "", key="nw_zh")
    if st.form_submit_button("Add to lexicon", type="primary"):
        try:
            add_to_lexicon(
                Dataset(path),
                term,
                element_id=element_id,
                type=etype,
                name_en=name_en,
                name_zh=name_zh,
            )
        except InfimateError as exc:
            components.show_error(exc)
        else:
            st.success(f"Added {element_id} to {path}/lexicon.csv — re-tag posts to count it.")
