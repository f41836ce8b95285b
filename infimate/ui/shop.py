"""The Bestie's shop at the edge: built once per dataset version, shared by every session.

The catalog, prices and coupons are read once per dataset version (``st.cache_resource``
keyed on the dataset path and :func:`~infimate.ui.cached.cache_stamp`); the shop's
``trends`` reads the cached trend summaries of the segment asked for. The shop is a
frozen dataclass of polars frames and tuples: callers never mutate it.
"""

from __future__ import annotations

import functools

import streamlit as st

from infimate.bestie.agent import AgentReply
from infimate.bestie.catalog import Shop, build_catalog, default_asof
from infimate.bestie.coupons import coupons_from_frame
from infimate.bestie.profile import Profile
from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.ui import cached
from infimate.ui.labels import t


@st.cache_resource(show_spinner="Opening the shop…", max_entries=4)
def _shop(path: str, stamp: str) -> Shop:
    ds = Dataset(path)
    prices = ds.read("prices")
    asof = default_asof(prices)

    return Shop(
        catalog=build_catalog(cached.products(path), prices, asof=asof),
        prices=prices,
        coupons=coupons_from_frame(ds.read("coupons"), asof=asof),
        lexicon=cached.lexicon(path),
        trends=functools.partial(cached.summaries, path),
        asof=asof,
    )


def shop(path: str) -> Shop:
    """The shop of this dataset version (raises InfimateError when it has no products)."""
    return _shop(path, cached.cache_stamp(path))


def reply(text: str, the_shop: Shop, profile: Profile, *, provider: str = "offline") -> AgentReply:
    """The bestie's answer to one message; the conversation (what "outfit 2" refers to)
    is kept in the session. ``openai`` uses the configured OpenAI-compatible endpoint and
    falls back to the offline answer (with a notice) on any fault or unchecked number."""
    from infimate.bestie import agent, llm

    state = st.session_state.get("bestie_state")
    if provider == "openai":
        settings = llm.LLMSettings.from_env()
        try:
            client = llm.client_from_env(settings)
        except InfimateError as exc:
            out = llm.ask(text, shop=the_shop, profile=profile, client=None, state=state,
                          unavailable=str(exc))  # fmt: skip
        else:
            out = llm.ask(
                text, shop=the_shop, profile=profile, client=client, model=settings.model,
                state=state,
            )  # fmt: skip
    else:
        out = agent.answer(text, shop=the_shop, profile=profile, state=state)
    st.session_state["bestie_state"] = out.state
    return out


def show_reply(out: AgentReply) -> None:
    """An answer: the text (names escaped by the agent), the fallback notice, the reasoning
    in one sentence and the numbers behind it in an expander."""
    if out.notice:
        st.caption(f"ℹ️ {out.notice}")
    st.markdown(out.text)
    if out.numbers:
        with st.expander(t("be_numbers")):
            if out.reasoning:
                st.caption(out.reasoning)
            st.code("\n".join(out.numbers), language=None)
