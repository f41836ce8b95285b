"""Bestie: the shopper's styling friend — outfits, the cheapest checkout, when to buy."""

import streamlit as st

from infimate.bestie.cart import EXACT_LIMIT
from infimate.bestie.chat import answer
from infimate.bestie.profile import BODY_SHAPES, DEPTHS, HEIGHTS, UNDERTONES, Profile
from infimate.errors import InfimateError
from infimate.ui import cached, components, copy, shop

path = components.page_start("bestie")
st.caption(
    "Ask what to wear, the cheapest way to buy it (coupons + order split, exact up to "
    f"{EXACT_LIMIT} items) and when to buy (next retail event vs sell-out risk). Answers are composed "
    "offline and cite the numbers the tools used. Your profile stays in this session."
)
opts, names = cached.segment_options(path), components.element_names(path)
side = st.sidebar
with side.form("bestie_profile"):
    side_cols = st.columns(2)
    shape = side_cols[0].selectbox("Body shape", BODY_SHAPES, key="bestie_shape")
    height = side_cols[1].selectbox("Height", HEIGHTS, index=1, key="bestie_height")
    tone = side_cols[0].selectbox("Undertone", UNDERTONES, key="bestie_tone")
    depth = side_cols[1].selectbox("Depth", DEPTHS, index=1, key="bestie_depth")
    item = st.number_input("Max per item (0 = any)", 0.0, step=10.0, key="bestie_item")
    total = st.number_input("Max per outfit (0 = any)", 0.0, step=10.0, key="bestie_total")
    market = st.selectbox("Market", opts.get("market", ["all"]), key="bestie_market")
    crowd = st.selectbox("Crowd", opts.get("crowd", ["all"]), key="bestie_crowd")
    scene = st.selectbox("Scene", opts.get("scene", ["all"]), key="bestie_scene")
    fmt = lambda e: names.get(e, e)  # noqa: E731
    likes = st.multiselect("Love", sorted(names), format_func=fmt, key="bestie_likes")
    dislikes = st.multiselect("Never", sorted(names), format_func=fmt, key="bestie_dislikes")
    st.form_submit_button("Save profile", key="bestie_save")
profile = Profile(
    body_shape=shape,
    undertone=tone,
    depth=depth,
    height=height,
    budget_item=item or None,
    budget_total=total or None,
    market=market,
    crowd=crowd,
    scene=scene,
    likes=tuple(likes),
    dislikes=tuple(dislikes),
)
side.download_button("Download profile (JSON)", profile.to_json(), "bestie-profile.json")

prods = cached.products(path)
if prods is None or prods.is_empty():
    st.warning("No products in this dataset: upload launched styles on the Data page.")
    st.stop()
try:
    the_shop = shop.shop(path)
except InfimateError as exc:
    components.show_error(exc)
    st.stop()

messages = st.session_state.setdefault("bestie_messages", [])
for m in messages:
    with st.chat_message(m["role"]):
        st.markdown(
            m["content"] if m["role"] == "assistant" else copy.escape_markdown(m["content"])
        )
if prompt := st.chat_input("What should I wear to the office?", key="bestie_input"):
    messages.append({"role": "user", "content": prompt})
    with st.chat_message("user"):
        st.markdown(copy.escape_markdown(prompt))
    reply = answer(prompt, shop=the_shop, profile=profile)
    messages.append({"role": "assistant", "content": reply.text})
    with st.chat_message("assistant"):
        st.markdown(reply.text)
