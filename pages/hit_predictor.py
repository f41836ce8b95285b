"""Hit predictor: score a candidate style or a lineup CSV; model scorecard and calibration."""

from datetime import date, timedelta

import streamlit as st

from infimate.ui import cached, components, figures, hit
from infimate.ui.labels import t
from infimate.ui.words import values

path = components.page_start("hit_predictor", signals=True)
prods = cached.products(path)
if prods is None:
    st.warning(t("no_products"))
    st.stop()
names = components.element_names(path)
opts = cached.segment_options(path)
build, upload = st.tabs([t("hp_tab_build"), t("hp_tab_upload")])
with build, st.form("candidate"):
    els = st.multiselect(
        t("pick_elements"),
        sorted(names, key=names.get),
        format_func=lambda e: names.get(e, e),
        max_selections=6,
        key="cand_elements",
    )
    c1, c2, c3 = st.columns(3)
    category = c1.selectbox(
        t("hp_category"),
        sorted(prods["category"].unique().to_list()),
        key="cand_cat",
        format_func=values("category"),
    )
    price = c2.number_input(t("hp_price"), min_value=1.0, value=49.0, step=1.0, key="cand_price")
    launch = c3.date_input(
        t("hp_launch"), value=date.today() + timedelta(days=45), key="cand_launch"
    )
    c4, c5, c6 = st.columns(3)
    # a style launches in a real market (scoring rejects "all"): the URL's market if any
    markets = [m for m in opts["market"] if m != "all"] or ["US"]
    wanted = st.query_params.get("market")
    market = c4.selectbox(
        t("market"),
        markets,
        index=markets.index(wanted) if wanted in markets else 0,
        key="cand_market",
        format_func=values("market"),
    )
    crowd = c5.selectbox(t("crowd"), opts["crowd"], key="cand_crowd", format_func=values("crowd"))
    scene = c6.selectbox(t("scene"), opts["scene"], key="cand_scene", format_func=values("scene"))
    if st.form_submit_button(t("hp_score_candidate"), type="primary", key="cand_go") and els:
        row = {
            "sku": "candidate",
            "launch_date": str(launch),
            "category": category,
            "elements": ";".join(els),
            "price": price,
            "market": market,
            "crowd": crowd,
            "scene": scene,
        }
        st.session_state["lineup"] = ("candidate.csv", hit.lineup_bytes([row]))
with upload:
    f = st.file_uploader(
        t("hp_lineup_file"),
        type=["csv", "parquet"],
        key="lineup_file",
    )
    if f is not None and st.button(t("hp_score_lineup"), key="lineup_go"):
        st.session_state["lineup"] = (f.name, f.getvalue())

if "lineup" in st.session_state:
    hit.lineup_result(path, *st.session_state["lineup"])

hit.hit_scorecard(path)
cal = figures.calibration(path)
if cal is not None:
    st.plotly_chart(cal, key="calibration")
    st.caption(t("hp_calibration"))
