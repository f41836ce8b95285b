"""The Bestie's shop at the edge: built once per dataset version, shared by every session.

The catalog, prices and coupons are read once per dataset version (``st.cache_resource``
keyed on the dataset path and :func:`~infimate.ui.cached.cache_stamp`); the shop's
``trends`` reads the cached trend summaries of the segment asked for. The shop is a
frozen dataclass of polars frames and tuples: callers never mutate it.
"""

from __future__ import annotations

import functools

import streamlit as st

from infimate.bestie.catalog import Shop, build_catalog, default_asof
from infimate.bestie.coupons import coupons_from_frame
from infimate.data.datasets import Dataset
from infimate.ui import cached


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
