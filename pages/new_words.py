"""New words: coined-term candidates with evidence, and adding one to the dataset's lexicon."""

import re

import streamlit as st

from infimate.data.datasets import Dataset
from infimate.elements.discovery import DISCOVERY_RULE, add_to_lexicon
from infimate.errors import InfimateError
from infimate.ui import cached, components, copy, figures, tables, words
from infimate.ui.labels import current_lang, t, tf

path = components.page_start("new_words")
terms = cached.new_terms(path)
st.caption(words.discovery_rule())
if terms.is_empty():
    st.info(t("nw_none"))
    st.stop()
shown = terms.drop("first_kol_text", "first_kol_post_id")
config = tables.column_config(shown.columns, current_lang())
config["weekly_counts"] = st.column_config.BarChartColumn(
    tf("col_weekly_counts", weeks=DISCOVERY_RULE.weeks)
)
st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
term = st.selectbox(t("nw_candidate"), terms["term"].to_list(), key="nw_term")
r = terms.row(terms["term"].to_list().index(term), named=True)
a, b = st.columns(2)
a.markdown(t("nw_weekly"))
a.plotly_chart(figures.counts_sparkline(r["weekly_counts"]), key="nw_counts")
b.markdown(t("nw_first_kol"))
b.text(r["first_kol_text"] or t("nw_none_post"))

lex = cached.lexicon(path)
with st.form("add_term"):
    st.markdown(tf("nw_add_title", term=copy.escape_markdown(term)))  # a term is post text
    c1, c2 = st.columns(2)
    slug = re.sub(r"[^0-9a-z]+", "_", term.lower()).strip("_")
    element_id = c1.text_input(t("col_element_id"), value=slug, key="nw_id")
    etype = c2.selectbox(
        t("col_type"),
        sorted(lex["type"].unique().to_list()),
        key="nw_type",
        format_func=words.values("type"),
    )
    name_en = c1.text_input(t("col_name_en"), value="" if r["lang"] == "zh" else term, key="nw_en")
    name_zh = c2.text_input(t("col_name_zh"), value=term if r["lang"] == "zh" else "", key="nw_zh")
    if st.form_submit_button(t("nw_add"), type="primary"):
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
            st.success(tf("nw_added", element_id=element_id, path=path))
