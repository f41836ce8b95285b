"""Cached plotly figures: built once per (dataset version, element(s), segment), reused.

Building a plotly figure validates every trace, shape and annotation in Python (tens to
hundreds of ms for a trend chart with calendar lines); a page rerun would pay that on
every widget change. These wrappers build each figure with :mod:`infimate.charts` from
the cached frames of :mod:`infimate.ui.cached` and keep it as a ``st.cache_resource``
keyed on small arguments (the dataset path, its :func:`~infimate.ui.cached.cache_stamp`,
element ids and the :class:`~infimate.trends.curves.Segment`). Figures are shared between
sessions: callers hand them to ``st.plotly_chart`` (which copies) and never mutate them.

Example
-------
>>> from infimate.data.datasets import Dataset
>>> import tempfile
>>> from infimate.data import samples
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
...     fig = trend_chart(tmp, ("butter_yellow",), Segment())  # a page: st.plotly_chart(fig)
>>> [t.name for t in fig.data][:4]
['butter yellow', 'butter yellow 95%', 'butter yellow 80%', 'butter yellow forecast']
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from infimate import charts
from infimate.trends.curves import Segment, value_title
from infimate.ui import cached

_KEEP = 64  # figures per builder (a few KB each)


def _hexes(path: str) -> dict[str, str]:
    from infimate.ui.components import element_hex

    return element_hex(path)


def _names(path: str, lang: str) -> dict[str, str]:
    from infimate.ui.components import display_names

    return display_names(path, "zh" if lang == "zh" else "en")


def y_format(curves: pl.DataFrame) -> str | None:
    """Tick format of a value axis: percent for share of voice, plain numbers otherwise."""
    return ".1%" if value_title(curves) == "share of voice" else None


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _trend(
    path: str, stamp: str, elements: tuple[str, ...], segment: Segment, lang: str
) -> go.Figure:
    from infimate.data.calendar import events_between

    c = cached.curves(path, elements, segment)
    fc = cached.forecast_frames(path, elements, segment)
    if c.is_empty():
        return charts.trend_figure(c)
    start, end = c["date"].min(), fc["date"].max() if fc.height else c["date"].max()
    assert isinstance(start, date) and isinstance(end, date)
    return charts.trend_figure(
        c,
        forecasts=fc,
        breakouts=cached.breakouts(path, elements, segment),
        events=events_between(start, end, market=segment.market),
        colors=_hexes(path),
        y_title=value_title(c),
        names=_names(path, lang),
        y_format=y_format(c),
    )


def trend_chart(path: str, elements: tuple[str, ...], segment: Segment) -> go.Figure:
    """Curves, 12-week forecast bands, breakout stars and the segment's retail calendar,
    with the elements' names in the UI language.

    Raises InfimateError when a forecast cannot be made (as :func:`cached.forecast`).
    """
    from infimate.ui.labels import current_lang

    return _trend(path, cached.cache_stamp(path), tuple(elements), segment, current_lang())


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _alert(path: str, stamp: str, element: str, segment: Segment) -> go.Figure:
    fc = cached.forecast_frames(path, (element,), segment)
    c = cached.curves(path, (element,), segment)
    return charts.trend_figure(
        c,
        forecasts=fc,
        y_title=value_title(c),
        names=_names(path, "en"),
        y_format=y_format(c),
        colors=_hexes(path),
    )


def alert_chart(path: str, element: str, segment: Segment) -> go.Figure:
    """One alerted curve with its combined forecast (80 % and 95 % bands)."""
    return _alert(path, cached.cache_stamp(path), element, segment)


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _heatmap(path: str, stamp: str, element: str, market: str) -> go.Figure | None:
    cells = cached.growth_cells(path, element, market)
    return charts.growth_heatmap(cells) if cells.height else None


def growth_heatmap(path: str, element: str, market: str) -> go.Figure | None:
    """4-week growth per crowd × scene of one element in one market (None: no cells)."""
    return _heatmap(path, cached.cache_stamp(path), element, market)


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _kol(path: str, stamp: str, element: str, segment: Segment) -> go.Figure | None:
    one = cached.curves(path, (element,), segment)
    return charts.kol_lag_figure(one) if "kol_mentions" in one.columns else None


def kol_lag(path: str, element: str, segment: Segment) -> go.Figure | None:
    """KOL vs all mentions of one element (None for imported series without KOL counts)."""
    return _kol(path, cached.cache_stamp(path), element, segment)


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _split(path: str, stamp: str, element: str, by: str, weeks: int) -> go.Figure | None:
    part = cached.split(path, element, by, weeks=weeks)
    if not part.height:
        return None
    return charts.split_bar(part, by=by, title=f"Mentions by {by} ({weeks} weeks)")


def split_bar(path: str, element: str, by: str, *, weeks: int = 12) -> go.Figure | None:
    """Mentions of one element per ``by`` over the last ``weeks`` (None: no mentions)."""
    return _split(path, cached.cache_stamp(path), element, by, weeks)


@st.cache_resource(show_spinner=False, max_entries=8)
def _lead(path: str, stamp: str) -> go.Figure | None:
    from infimate.ui.alerts import backtest

    bt = backtest(path)
    if bt is None:
        return None
    return charts.lead_time_histogram(bt.model.lead_days, baseline=bt.baseline.lead_days)


def lead_time_histogram(path: str) -> go.Figure | None:
    """Backtest lead times, early-signal score vs naive baseline (None without signals)."""
    return _lead(path, cached.cache_stamp(path))


@st.cache_resource(show_spinner=False, max_entries=8)
def _calibration(path: str, stamp: str) -> go.Figure | None:
    from infimate.ui.hit import calibration

    cal: pl.DataFrame = calibration(path)
    return charts.calibration_figure(cal) if cal.height else None


def calibration(path: str) -> go.Figure | None:
    """Held-out reliability plot of the hit model (None without a model)."""
    return _calibration(path, cached.cache_stamp(path))


def clear() -> None:
    """Drop every cached figure (tests; a new dataset version changes the stamp anyway)."""
    for f in (_trend, _alert, _heatmap, _kol, _split, _lead, _calibration):
        f.clear()
