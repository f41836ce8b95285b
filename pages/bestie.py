"""Bestie: the shopper's styling friend — outfits, the cheapest checkout, when to buy."""

import streamlit as st

from infimate.bestie.cart import EXACT_LIMIT
from infimate.bestie.profile import BODY_SHAPES, DEPTHS, HEIGHTS, UNDERTONES, Profile
from infimate.errors import InfimateError
from infimate.ui import cached, components, copy, shop
from infimate.ui.labels import t, tf
from infimate.ui.words import values

path = components.page_start("bestie")
st.caption(tf("be_intro", limit=EXACT_LIMIT))
opts, names = cached.segment_options(path), components.element_names(path)
side = st.sidebar
with side.form("bestie_profile"):
    side_cols = st.columns(2)
    shape = side_cols[0].selectbox(
        t("be_shape"), BODY_SHAPES, key="bestie_shape", format_func=values("body_shape")
    )
    height = side_cols[1].selectbox(
        t("be_height"), HEIGHTS, index=1, key="bestie_height", format_func=values("height")
    )
    tone = side_cols[0].selectbox(
        t("be_tone"), UNDERTONES, key="bestie_tone", format_func=values("undertone")
    )
    depth = side_cols[1].selectbox(
        t("be_depth"), DEPTHS, index=1, key="bestie_depth", format_func=values("depth")
    )
    item = st.number_input(t("be_item"), 0.0, step=10.0, key="bestie_item")
    total = st.number_input(t("be_total"), 0.0, step=10.0, key="bestie_total")
    market = st.selectbox(
        t("market"), opts.get("market", ["all"]), key="bestie_market", format_func=values("market")
    )
    crowd = st.selectbox(
        t("crowd"), opts.get("crowd", ["all"]), key="bestie_crowd", format_func=values("crowd")
    )
    scene = st.selectbox(
        t("scene"), opts.get("scene", ["all"]), key="bestie_scene", format_func=values("scene")
    )
    fmt = lambda e: names.get(e, e)  # noqa: E731
    likes = st.multiselect(t("be_love"), sorted(names), format_func=fmt, key="bestie_likes")
    dislikes = st.multiselect(t("be_never"), sorted(names), format_func=fmt, key="bestie_dislikes")
    st.form_submit_button(t("be_save"), key="bestie_save")
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
side.download_button(t("be_download"), profile.to_json(), "bestie-profile.json")

prods = cached.products(path)
if prods is None or prods.is_empty():
    st.warning(t("no_products"))
    st.stop()
try:
    the_shop = shop.shop(path)
except InfimateError as exc:
    components.show_error(exc)
    st.stop()

providers = ("offline", "openai") if copy.llm_configured() else ("offline",)
provider = st.radio(
    t("cs_provider"), providers, format_func=values("provider"), horizontal=True, key="be_provider"
)
messages = st.session_state.setdefault("bestie_messages", [])
for m in messages:
    with st.chat_message(m["role"]):
        if m["role"] == "assistant":
            shop.show_reply(m["reply"])
        else:
            st.markdown(copy.escape_markdown(m["content"]))
if prompt := st.chat_input(t("be_placeholder"), key="bestie_input"):
    messages.append({"role": "user", "content": prompt})
    with st.chat_message("user"):
        st.markdown(copy.escape_markdown(prompt))
    with st.chat_message("assistant"), st.spinner(t("be_thinking")):
        reply = shop.reply(prompt, the_shop, profile, provider=provider)
        shop.show_reply(reply)
    messages.append({"role": "assistant", "reply": reply})
