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
from infimate.report.axes import axis_title
from infimate.trends.curves import Segment, value_title
from infimate.ui import cached
from infimate.ui.labels import LABELS, Lang, current_lang, label
from infimate.ui.words import value

_KEEP = 64  # figures per builder (a few KB each)


def _hexes(path: str) -> dict[str, str]:
    from infimate.ui.components import element_hex

    return element_hex(path)


def _names(path: str, lang: str) -> dict[str, str]:
    from infimate.ui.components import display_names

    return display_names(path, "zh" if lang == "zh" else "en")


#: English figure text of :mod:`infimate.charts` -> its catalogue key (``fig_*`` rows)
_FIG_TEXT = {en: key for key, en, _ in LABELS if key.startswith("fig_")}
_SUFFIXES = (" forecast",)


def translate(text: str | None, lang: str, *, column: str = "") -> str | None:
    """One text of a chart (trace name, axis title, annotation, category) in ``lang``.

    >>> translate("share of voice", "zh"), translate("tweed forecast", "zh")
    ('声量占比', 'tweed 预测')
    >>> translate("Black Friday", "zh", column="event"), translate("office", "zh", column="scene")
    ('黑色星期五', '通勤')
    """
    if lang == "en" or not text:
        return text
    if text in _FIG_TEXT:
        return label(_FIG_TEXT[text], "zh")
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)] + " " + label("fig_" + suffix.strip(), "zh")
    return value(column, text, "zh") if column else text


def localize(fig: go.Figure, lang: str, *, categories: dict[str, str] | None = None) -> go.Figure:
    """``fig`` (built by :mod:`infimate.charts` in English) with every text in ``lang``:
    axis and legend titles, trace names, annotations (retail events), dates as numbers,
    and the category values of the axes named in ``categories`` (axis -> column)."""
    if lang == "en":
        return fig
    lay = fig.layout
    for ax in ("xaxis", "yaxis"):
        title = lay[ax].title.text
        if title:
            fig.update_layout({f"{ax}_title_text": translate(title, lang)})
        if lay[ax].type == "date" or (ax == "xaxis" and _dates(fig)):
            fig.update_layout({f"{ax}_tickformat": "%Y-%m", f"{ax}_hoverformat": "%Y-%m-%d"})
    if lay.title.text:
        fig.update_layout(title_text=translate(lay.title.text, lang))
    fig.for_each_trace(lambda t: t.update(name=translate(t.name, lang)))
    if lay.annotations:
        fig.update_layout(
            annotations=[
                {**a.to_plotly_json(), "text": translate(a.text, lang, column="event")}
                for a in lay.annotations
            ]
        )
    for ax, column in (categories or {}).items():
        for tr in fig.data:
            vals = getattr(tr, ax[0], None)
            if vals is not None:
                tr.update({ax[0]: [value(column, v, "zh") for v in vals]})
    return fig


def _dates(fig: go.Figure) -> bool:
    for tr in fig.data:
        xs = getattr(tr, "x", None)
        if xs is not None and len(xs) and isinstance(xs[0], date):
            return True
    return False


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
    fig = charts.trend_figure(
        c,
        forecasts=fc,
        breakouts=cached.breakouts(path, elements, segment),
        events=events_between(start, end, market=segment.market),
        colors=_hexes(path),
        y_title=axis_title(value_title(c)),  # with its unit, no ids
        names=_names(path, lang),
        y_format=y_format(c),
    )
    return localize(fig, lang)


def trend_chart(path: str, elements: tuple[str, ...], segment: Segment) -> go.Figure:
    """Curves, 12-week forecast bands, breakout stars and the segment's retail calendar,
    with the elements' names in the UI language.

    Raises InfimateError when a forecast cannot be made (as :func:`cached.forecast`).
    """
    return _trend(path, cached.cache_stamp(path), tuple(elements), segment, current_lang())


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _alert(path: str, stamp: str, element: str, segment: Segment, lang: str) -> go.Figure:
    fc = cached.forecast_frames(path, (element,), segment)
    c = cached.curves(path, (element,), segment)
    fig = charts.trend_figure(
        c,
        forecasts=fc,
        y_title=axis_title(value_title(c)),  # with its unit, no ids
        names=_names(path, lang),
        y_format=y_format(c),
        colors=_hexes(path),
    )
    return localize(fig, lang)


def alert_chart(path: str, element: str, segment: Segment) -> go.Figure:
    """One alerted curve with its combined forecast (80 % and 95 % bands)."""
    return _alert(path, cached.cache_stamp(path), element, segment, current_lang())


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _heatmap(path: str, stamp: str, element: str, market: str, lang: str) -> go.Figure | None:
    cells = cached.growth_cells(path, element, market)
    if not cells.height:
        return None
    fig = charts.growth_heatmap(cells)
    if lang != "en":
        fig.update_traces(
            colorbar_title_text=label("col_growth_4w", "zh"),
            name=label("col_growth_4w", "zh"),
            hovertemplate=label("fig_heat_hover", "zh"),
        )
    return localize(fig, lang, categories={"xaxis": "scene", "yaxis": "crowd"})


def growth_heatmap(path: str, element: str, market: str) -> go.Figure | None:
    """4-week growth per crowd × scene of one element in one market (None: no cells)."""
    return _heatmap(path, cached.cache_stamp(path), element, market, current_lang())


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _kol(path: str, stamp: str, element: str, segment: Segment, lang: str) -> go.Figure | None:
    one = cached.curves(path, (element,), segment)
    if "kol_mentions" not in one.columns:
        return None
    fig = charts.kol_lag_figure(one)
    if lang != "en":
        fig.for_each_trace(
            lambda t: t.update(hovertemplate=label("fig_kol_hover", "zh") + t.name + "</extra>")
        )
    return localize(fig, lang)


def kol_lag(path: str, element: str, segment: Segment) -> go.Figure | None:
    """KOL vs all mentions of one element (None for imported series without KOL counts)."""
    return _kol(path, cached.cache_stamp(path), element, segment, current_lang())


@st.cache_resource(show_spinner=False, max_entries=_KEEP)
def _split(path: str, stamp: str, element: str, by: str, weeks: int, lang: str) -> go.Figure | None:
    part = cached.split(path, element, by, weeks=weeks)
    if not part.height:
        return None
    lg: Lang = "zh" if lang == "zh" else "en"
    title = label("fig_mentions_by", lg).format(by=label(by, lg), weeks=weeks)
    fig = charts.split_bar(part, by=by, title=title)
    return localize(fig, lang, categories={"yaxis": by})


def split_bar(path: str, element: str, by: str, *, weeks: int = 12) -> go.Figure | None:
    """Mentions of one element per ``by`` over the last ``weeks`` (None: no mentions)."""
    return _split(path, cached.cache_stamp(path), element, by, weeks, current_lang())


@st.cache_resource(show_spinner=False, max_entries=8)
def _lead(path: str, stamp: str, lang: str) -> go.Figure | None:
    from infimate.ui.alerts import backtest

    bt = backtest(path)
    if bt is None:
        return None
    fig = charts.lead_time_histogram(bt.model.lead_days, baseline=bt.baseline.lead_days)
    return localize(fig, lang)


def lead_time_histogram(path: str) -> go.Figure | None:
    """Backtest lead times, early-signal score vs naive baseline (None without signals)."""
    return _lead(path, cached.cache_stamp(path), current_lang())


@st.cache_resource(show_spinner=False, max_entries=8)
def _calibration(path: str, stamp: str, lang: str) -> go.Figure | None:
    from infimate.ui.hit import calibration

    cal: pl.DataFrame = calibration(path)
    return localize(charts.calibration_figure(cal), lang) if cal.height else None


def calibration(path: str) -> go.Figure | None:
    """Held-out reliability plot of the hit model (None without a model)."""
    return _calibration(path, cached.cache_stamp(path), current_lang())


def counts_sparkline(counts: list[int]) -> go.Figure:
    """Weekly use counts of a coined term as small bars, its hover name in the UI language."""
    return localize(charts.counts_sparkline(counts), current_lang())


def clear() -> None:
    """Drop every cached figure (tests; a new dataset version changes the stamp anyway)."""
    for f in (_trend, _alert, _heatmap, _kol, _split, _lead, _calibration):
        f.clear()
