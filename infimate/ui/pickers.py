"""Sidebar and page pickers that follow the user across pages, and the freshness line.

The segment (market / crowd / scene / platform) and the selected elements live in the URL
(``?market=US&element=tweed``) so a shared link reproduces the view, and in the session
(per dataset), because a page switch drops both the widgets' state and the query string.

Example (not run: needs a running Streamlit session)
----------------------------------------------------
>>> seg = segment_picker("data/demo")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.trends.curves import Segment
from infimate.ui import cached, labels
from infimate.ui.words import values


def _sync_query(name: str, value: str, default: str = "all") -> None:
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def _remembered(name: str) -> dict[str, object]:
    """Choices kept across pages in this session (widget state is dropped on a page switch,
    and so is the URL's query string): ``segment`` and ``elements``."""
    kept = st.session_state.setdefault(f"kept_{name}", {})
    assert isinstance(kept, dict)
    return kept


def segment_picker(path: str, *, with_platform: bool = False) -> Segment:
    """Sidebar market / crowd / scene (and platform) pickers, synced with the URL.

    The choice follows the user to the next page (kept per dataset in the session and
    written back to the URL, so a shared link reproduces the view). A dataset stored per
    market only (no all-market series, e.g. a Google Trends export of several countries)
    opens on its largest market (most series) and says so.
    """
    opts = cached.segment_options(path)
    kept = _remembered("segment")
    cols = ["market", "crowd", "scene"] + (["platform"] if with_platform else [])
    chosen: dict[str, str] = {}
    for c in cols:
        options = opts.get(c) or ["all"]
        wanted = st.query_params.get(c) or kept.get(f"{path}|{c}") or options[0]
        index = options.index(wanted) if wanted in options else 0
        chosen[c] = st.sidebar.selectbox(
            labels.t(c), options, index=index, key=f"seg_{c}", format_func=values(c)
        )
        kept[f"{path}|{c}"] = chosen[c]
        _sync_query(c, chosen[c], options[0])
    if opts.get("market", ["all"])[0] != "all" and chosen["market"] == opts["market"][0]:
        st.sidebar.caption(labels.t("largest_market_note"))
    return Segment(**chosen)


def element_picker(
    options: Sequence[str],
    *,
    default: Sequence[str],
    label: str | None = None,
    max_selections: int = 5,
    key: str = "elements",
    format_func: Callable[[str], str] = str,
) -> list[str]:
    """Multiselect of elements; the selection lives in the ``element`` query parameter."""
    kept = _remembered("elements")
    remembered = kept.get("picked")
    wanted = [e for e in st.query_params.get_all("element") if e in options]
    if not wanted and isinstance(remembered, list):
        wanted = [e for e in remembered if e in options]
    start = wanted or [d for d in default if d in options]
    picked = st.multiselect(
        label or labels.t("pick_elements"),
        list(options),
        default=start[:max_selections],
        max_selections=max_selections,
        key=key,
        format_func=format_func,
    )
    if picked != st.query_params.get_all("element"):
        st.query_params["element"] = picked
    kept["picked"] = list(picked)
    return picked


def single_element_picker(
    options: Sequence[str],
    *,
    label: str | None = None,
    key: str = "element_one",
    format_func: Callable[[str], str] = str,
) -> str | None:
    """One element (first ``element`` query parameter), synced back to the URL."""
    if not options:
        return None
    kept = _remembered("elements")
    remembered = kept.get("picked")
    wanted = st.query_params.get("element") or (
        remembered[0] if isinstance(remembered, list) and remembered else None
    )
    index = list(options).index(wanted) if wanted is not None and wanted in options else 0
    picked = st.selectbox(
        label or labels.t("pick_element"),
        list(options),
        index=index,
        key=key,
        format_func=format_func,
    )
    if st.query_params.get_all("element") != [picked]:
        st.query_params["element"] = picked
    if not (isinstance(remembered, list) and picked in remembered):
        kept["picked"] = [picked]
    return picked


@st.cache_data(show_spinner=False)
def _span(path: str, stamp: str) -> tuple[str, str] | None:
    sig = Dataset(path).scan("signals")
    if sig is None:
        return None
    r = sig.select(pl.col("date").min().alias("a"), pl.col("date").max().alias("b")).collect()
    a, b = r.row(0)
    return (str(a), str(b)) if a is not None else None


def data_span(path: str) -> tuple[str, str] | None:
    """First and last week of the dataset's signals (None without signals)."""
    return _span(path, cached.cache_stamp(path))


def freshness(path: str) -> None:
    """One line on every page: the weeks the data covers and when the dataset changed."""
    from infimate.ui.tables import when

    span = data_span(path)
    updated = when(cached.manifest(path).get("updated"))
    if span:
        st.caption(labels.t("freshness").format(first=span[0], last=span[1], updated=updated))
    else:
        st.caption(labels.t("freshness_no_signals").format(updated=updated))
