"""Lexicon: search and browse elements by type, with swatches and EN / 中文 names."""

import polars as pl
import streamlit as st

from infimate.errors import InfimateError
from infimate.ui import cached, components

path = components.page_start("lexicon", dataset=False)
try:
    lex = cached.lexicon(path)
except (InfimateError, ImportError) as exc:
    components.show_error(exc)
    st.stop()

types = sorted(lex["type"].unique().to_list())
c1, c2 = st.columns([2, 1])
q = c1.text_input("Search (EN, 中文 or alias)", key="lex_q").strip().lower()
picked = c2.multiselect("Types", types, key="lex_types")
view = lex.with_columns(
    pl.col("aliases").list.join("; ")
    if lex.schema["aliases"] == pl.List(pl.Utf8)
    else pl.col("aliases")
)
if picked:
    view = view.filter(pl.col("type").is_in(picked))
if q:
    hay = pl.concat_str(
        ["element_id", "name_en", "name_zh", "aliases"], separator=" ", ignore_nulls=True
    )
    view = view.filter(hay.str.to_lowercase().str.contains(q, literal=True))
st.caption(f"{view.height} of {lex.height} elements")
# colour swatches as a column of tiny SVG data URLs: one table, no image requests
swatches = [components.swatch_url(h) for h in view["hex"].to_list()]
st.dataframe(
    view.with_columns(pl.Series("swatch", swatches, dtype=pl.Utf8)),
    hide_index=True,
    width="stretch",
    column_order=("swatch", *view.columns),
    column_config={"swatch": st.column_config.ImageColumn("", width="small")},
)
