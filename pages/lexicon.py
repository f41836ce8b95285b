"""Lexicon: search and browse elements by type, with swatches and EN / 中文 names; colour
families and the colours read from the dataset's photos."""

import polars as pl
import streamlit as st

from infimate.errors import InfimateError
from infimate.ui import cached, colours, components, tables
from infimate.ui.labels import current_lang, t, tf
from infimate.ui.words import values

path = components.page_start("lexicon", dataset=False)
try:
    lex = cached.lexicon(path)
except (InfimateError, ImportError) as exc:
    components.show_error(exc)
    st.stop()

types = sorted(lex["type"].unique().to_list())
c1, c2 = st.columns([2, 1])
q = c1.text_input(t("lx_search"), key="lex_q").strip().lower()
picked = c2.multiselect(t("lx_types"), types, key="lex_types", format_func=values("type"))
lex = lex.join(colours.family_of(lex), on="element_id", how="left")  # colours: their family
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
st.caption(tf("lx_count", n=view.height, total=lex.height))
# colour swatches as a column of tiny SVG data URLs: one table, no image requests
swatches = [components.swatch_url(h) for h in view["hex"].to_list()]
lang = current_lang()
config = tables.column_config(view.columns, lang)
config["swatch"] = st.column_config.ImageColumn("", width="small")
st.dataframe(
    tables.people(view, {}, lang).with_columns(pl.Series("swatch", swatches, dtype=pl.Utf8)),
    hide_index=True,
    width="stretch",
    column_order=("swatch", *view.columns),
    column_config=config,
)

st.subheader(t("lx_families"))
st.caption(t("lx_families_caption"))
fam = colours.families(path, lang)
config = tables.column_config(fam.columns, lang)
config["hex"] = st.column_config.ImageColumn("", width="small")
swatched = fam.with_columns(pl.Series("hex", [components.swatch_url(h) for h in fam["hex"]]))
st.dataframe(swatched, hide_index=True, width="stretch", column_config=config)

st.subheader(t("lx_photos"))
shot = colours.photo_rows(path)
if shot.is_empty():
    st.caption(t("lx_no_photos"))
else:
    names = components.element_names(path)
    shot = shot.with_columns(
        pl.col("photo_of").replace({"post": t("lx_post"), "product": t("lx_product")}),
        pl.col("element_id").replace(names).alias("photo_colour"),
    ).drop("element_id")
    st.dataframe(
        shot,
        hide_index=True,
        width="stretch",
        column_config=tables.column_config(shot.columns, lang),
    )
