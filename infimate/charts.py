"""Plotly figure builders: pure functions, data in, ``go.Figure`` out (no streamlit).

Every builder takes polars frames (or plain sequences) with documented columns and
returns a new figure; nothing is cached or mutated. Post text never reaches a chart.

Example
-------
>>> import polars as pl, datetime as dt
>>> c = pl.DataFrame({"element": ["tweed"] * 2, "date": [dt.date(2026, 1, 5),
...     dt.date(2026, 1, 12)], "value": [0.01, 0.02]})
>>> [t.name for t in trend_figure(c).data]
['tweed']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
import polars as pl
from plotly.colors import qualitative

from infimate.data.calendar import RetailEvent
from infimate.elements.colorspace import distinct_colors, rgba

PALETTE: tuple[str, ...] = tuple(qualitative.Plotly)


def trend_figure(
    curves: pl.DataFrame,
    *,
    forecasts: pl.DataFrame | None = None,
    breakouts: pl.DataFrame | None = None,
    events: Sequence[RetailEvent] = (),
    colors: Mapping[str, str] | None = None,
    y_title: str = "share of voice",
    names: Mapping[str, str] | None = None,
    y_format: str | None = None,
) -> go.Figure:
    """Element curves with forecast bands (80/95 %), breakout markers and calendar lines.

    Parameters
    ----------
    curves
        element, date, value (one row per element-week).
    forecasts
        element, date, point, lo80, hi80, lo95, hi95 (future weeks).
    breakouts
        element, date (breakout weeks; marked on the curve).
    events
        Retail calendar events, drawn as dotted vertical lines with a label.
    colors
        element -> hex colour (e.g. the lexicon hex of colour elements); the other
        elements get distinct palette colours
        (:func:`~infimate.elements.colorspace.distinct_colors`).
    names
        element -> the name people read (legend, hover); the id when missing.
    y_format
        plotly tick format of the value axis (e.g. ``".1%"`` for share of voice).

    Traces, per element in order of first appearance: ``<name>`` (line), and when
    forecast: ``<name> 95%``, ``<name> 80%`` (bands) and ``<name> forecast``; then one
    ``breakouts`` marker trace. Every trace of an element has ``legendgroup`` = its id.

    Example
    -------
    >>> import datetime as dt
    >>> c = pl.DataFrame({"element": "tweed", "date": [dt.date(2026, 1, 5)], "value": [0.01]})
    >>> fc = c.with_columns(date=dt.date(2026, 1, 12), point=0.02, lo80=0.01, hi80=0.03, lo95=0, hi95=0.04)
    >>> [t.name for t in trend_figure(c, forecasts=fc, breakouts=c).data]
    ['tweed', 'tweed 95%', 'tweed 80%', 'tweed forecast', 'breakouts']
    """
    fig = go.Figure()
    elements = curves["element"].unique(maintain_order=True).to_list() if curves.height else []
    palette = distinct_colors(elements, colors, PALETTE)
    shown = {e: (names or {}).get(e) or e for e in elements}
    for el in elements:
        c = palette[el]
        part = curves.filter(pl.col("element") == el).sort("date")
        fig.add_trace(
            go.Scatter(
                x=part["date"].to_list(),
                y=part["value"].to_list(),
                mode="lines",
                name=shown[el],
                legendgroup=el,
                line={"color": c, "width": 2},
            )
        )
        if forecasts is None or forecasts.is_empty():
            continue
        f = forecasts.filter(pl.col("element") == el).sort("date")
        if f.is_empty():
            continue
        x = f["date"].to_list()
        for lvl, alpha in (("95", 0.12), ("80", 0.25)):
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=f[f"hi{lvl}"].to_list() + f[f"lo{lvl}"].to_list()[::-1],
                    fill="toself",
                    fillcolor=rgba(c, alpha),
                    line={"width": 0},
                    hoverinfo="skip",
                    name=f"{shown[el]} {lvl}%",
                    legendgroup=el,
                    showlegend=False,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=[part["date"][-1], *x] if part.height else x,
                y=[part["value"][-1], *f["point"].to_list()]
                if part.height
                else f["point"].to_list(),
                mode="lines",
                line={"color": c, "dash": "dash"},
                name=f"{shown[el]} forecast",
                legendgroup=el,
                showlegend=False,
            )
        )
    if breakouts is not None and breakouts.height:
        b = breakouts.join(curves.select("element", "date", "value"), on=["element", "date"])
        fig.add_trace(
            go.Scatter(
                x=b["date"].to_list(),
                y=b["value"].to_list(),
                mode="markers",
                marker={"symbol": "star", "size": 14, "color": "#222", "line": {"width": 1}},
                text=[shown.get(e, e) for e in b["element"].to_list()],
                hovertemplate="breakout: %{text}<br>%{x}<extra></extra>",
                name="breakouts",
            )
        )
    _add_events(fig, events)
    if y_format:
        fig.update_yaxes(tickformat=y_format)
    fig.update_layout(
        hovermode="x unified",
        yaxis_title=y_title,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def _add_events(fig: go.Figure, events: Sequence[RetailEvent]) -> None:
    # one layout update with every line and label: add_shape / add_annotation per event
    # re-validate the whole growing list each time (quadratic; ~0.5 s for 16 events)
    days = [e.day.isoformat() for e in events]
    if not days:
        return
    line = {"dash": "dot", "color": "#888", "width": 1}
    fig.update_layout(
        shapes=[*fig.layout.shapes]
        + [
            {"type": "line", "x0": d, "x1": d, "y0": 0, "y1": 1, "yref": "paper", "line": line}
            for d in days
        ],
        annotations=[*fig.layout.annotations]
        + [
            {
                "x": d,
                "y": 1,
                "yref": "paper",
                "text": e.name,
                "showarrow": False,
                "textangle": -90,
                "xanchor": "right",
                "yanchor": "top",
                "font": {"size": 10, "color": "#666"},
            }
            for d, e in zip(days, events, strict=True)
        ],
    )


def growth_heatmap(
    cells: pl.DataFrame, *, x: str = "scene", y: str = "crowd", value: str = "growth_4w"
) -> go.Figure:
    """Heatmap of growth per crowd × scene (``cells``: x, y, value; missing cells blank).

    Example
    -------
    >>> growth_heatmap(pl.DataFrame({"scene": ["office"], "crowd": ["gen_z"],
    ...     "growth_4w": [0.5]})).data[0].z[0][0]
    0.5
    """
    xs = sorted(cells[x].unique().to_list()) if cells.height else []
    ys = sorted(cells[y].unique().to_list()) if cells.height else []
    lookup = {(r[x], r[y]): r[value] for r in cells.iter_rows(named=True)}
    z = [[lookup.get((xv, yv)) for xv in xs] for yv in ys]
    fig = go.Figure(
        go.Heatmap(
            x=xs,
            y=ys,
            z=z,
            colorscale="RdBu",
            reversescale=True,
            zmid=0,
            colorbar={"title": value, "tickformat": ".0%"},
            hovertemplate=f"{y}=%{{y}}<br>{x}=%{{x}}<br>{value}=%{{z:.0%}}<extra></extra>",
            name=value,
        )
    )
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def kol_lag_figure(curve: pl.DataFrame, *, title: str = "") -> go.Figure:
    """KOL mentions vs all mentions over time, each scaled to its own peak (= 1).

    ``curve``: date, mentions, kol_mentions (from :func:`infimate.trends.curves.curve`). When
    KOLs lead, the KOL line rises weeks before the all-mentions line.

    Example
    -------
    >>> import datetime as dt
    >>> [t.name for t in kol_lag_figure(pl.DataFrame({"date": [dt.date(2026, 1, 5)],
    ...     "mentions": [4.0], "kol_mentions": [1.0]})).data]
    ['all mentions', 'KOL mentions']
    """
    fig = go.Figure()
    for col, name, color in (
        ("mentions", "all mentions", "#4E79A7"),
        ("kol_mentions", "KOL mentions", "#E15759"),
    ):
        if col not in curve.columns:
            continue
        peak = curve[col].max() or 1.0
        fig.add_trace(
            go.Scatter(
                x=curve["date"].to_list(),
                y=(curve[col] / peak).to_list(),
                customdata=curve[col].to_list(),
                mode="lines",
                name=name,
                line={"color": color},
                hovertemplate="%{x}<br>%{customdata:.0f} mentions<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        title=title or None,
        yaxis_title="share of own peak",
        margin={"l": 10, "r": 10, "t": 30 if title else 10, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def split_bar(
    frame: pl.DataFrame, *, by: str, value: str = "mentions", title: str = ""
) -> go.Figure:
    """Horizontal bars of ``value`` per ``by`` (e.g. mentions per platform), largest on top.

    Example
    -------
    >>> split_bar(pl.DataFrame({"platform": ["a", "b"], "mentions": [1, 3]}), by="platform").data[0].y
    ('a', 'b')
    """
    f = frame.sort(value)
    fig = go.Figure(go.Bar(x=f[value].to_list(), y=f[by].to_list(), orientation="h", name=value))
    fig.update_layout(
        title=title or None,
        xaxis_title=value,
        margin={"l": 10, "r": 10, "t": 30 if title else 10, "b": 10},
        height=max(160, 28 * f.height + 60),
    )
    return fig


def lead_time_histogram(
    lead_days: Sequence[float], *, baseline: Sequence[float] = (), bin_days: int = 7
) -> go.Figure:
    """Histogram of alert lead times (days before the breakout), model vs naive baseline.

    Example
    -------
    >>> [t.name for t in lead_time_histogram([7, 14, 14], baseline=[7]).data]
    ['early-signal score', 'naive baseline']
    """
    fig = go.Figure()
    for vals, name, color in (
        (lead_days, "early-signal score", "#E15759"),
        (baseline, "naive baseline", "#9C9C9C"),
    ):
        if len(vals) == 0 and name == "naive baseline":
            continue
        fig.add_trace(
            go.Histogram(
                x=list(vals),
                name=name,
                xbins={"size": bin_days},
                marker_color=color,
                opacity=0.75,
            )
        )
    fig.update_layout(
        barmode="overlay",
        xaxis_title="lead time (days before breakout)",
        yaxis_title="breakouts",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def calibration_figure(bins: pl.DataFrame) -> go.Figure:
    """Reliability plot: mean predicted probability vs observed hit rate per bin.

    ``bins``: predicted, observed, n (one row per bin). Includes the diagonal.

    Example
    -------
    >>> [t.name for t in calibration_figure(pl.DataFrame({"predicted": [0.1],
    ...     "observed": [0.12], "n": [50]})).data]
    ['perfect calibration', 'model']
    """
    top = max(
        0.05, float(bins.select(pl.max_horizontal("predicted", "observed")).max().item() or 0)
    )
    fig = go.Figure(
        [
            go.Scatter(
                x=[0, top],
                y=[0, top],
                mode="lines",
                line={"dash": "dot", "color": "#888"},
                name="perfect calibration",
            ),
            go.Scatter(
                x=bins["predicted"].to_list(),
                y=bins["observed"].to_list(),
                mode="lines+markers",
                marker={"size": [6 + min(14, n**0.5) for n in bins["n"].to_list()]},
                customdata=bins["n"].to_list(),
                hovertemplate="predicted %{x:.1%}<br>observed %{y:.1%}<br>n=%{customdata}<extra></extra>",
                name="model",
            ),
        ]
    )
    fig.update_layout(
        xaxis_title="predicted hit probability",
        yaxis_title="observed hit rate",
        xaxis_tickformat=".0%",
        yaxis_tickformat=".0%",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    return fig


def contributions_figure(contrib: pl.DataFrame, *, label: str = "feature") -> go.Figure:
    """Signed horizontal bars of per-feature contributions (log-odds), largest |effect| on top.

    ``contrib``: ``label`` column and ``contribution``.

    Example
    -------
    >>> contributions_figure(pl.DataFrame({"feature": ["tweed", "price"],
    ...     "contribution": [0.8, -0.3]})).data[0].x
    (-0.3, 0.8)
    """
    f = contrib.sort(pl.col("contribution").abs())
    vals = f["contribution"].to_list()
    fig = go.Figure(
        go.Bar(
            x=vals,
            y=f[label].to_list(),
            orientation="h",
            marker_color=["#59A14F" if v >= 0 else "#E15759" for v in vals],
            name="contribution",
        )
    )
    fig.update_layout(
        xaxis_title="contribution to log-odds of a hit",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=max(160, 26 * f.height + 60),
    )
    return fig


def counts_sparkline(counts: Sequence[int]) -> go.Figure:
    """Weekly use counts of a coined term as small bars (oldest first).

    Example
    -------
    >>> counts_sparkline([0, 1, 5]).data[0].y
    (0, 1, 5)
    """
    fig = go.Figure(go.Bar(y=list(counts), marker_color="#F28E2B", name="posts per week"))
    fig.update_layout(
        height=70,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False},
        yaxis={"visible": False},
        showlegend=False,
        bargap=0.1,
    )
    return fig
