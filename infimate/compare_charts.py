"""Figures of the Compare page: small multiples of one element's curves, and a world map.

Kept apart from :mod:`infimate.charts` (the trend, alert and hit figures) so each stays
small. Titles, names and axis labels come in from the caller already in the user's
language; nothing here chooses words.

Example
-------
>>> import datetime as dt
>>> d = [dt.date(2026, 1, 5), dt.date(2026, 1, 12)]
>>> c = pl.DataFrame({"market": ["US", "US", "FR", "FR"], "date": d + d,
...     "value": [1.0, 2.0, 3.0, 4.0]})
>>> fig = small_multiples(c, "market", names={"US": "United States"})
>>> [a.text for a in fig.layout.annotations]
['United States', 'FR']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

LINE = "#4c6ef5"


def small_multiples(
    curves: pl.DataFrame,
    by: str,
    *,
    names: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    y_format: str | None = None,
    columns: int = 4,
) -> go.Figure:
    """One small panel per value of ``by`` (curves: by, date, value), same y scale on all.

    ``order`` sets the panels' order (e.g. fastest growth first); the default is the order
    values first appear in ``curves``.
    """
    names = names or {}
    values = list(order) if order else list(dict.fromkeys(curves[by].to_list()))
    values = [v for v in values if v in set(curves[by].to_list())]
    n = max(len(values), 1)
    cols = min(columns, n)
    rows = -(-n // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes=True,
        shared_yaxes=True,
        subplot_titles=[names.get(v, v) for v in values],
        vertical_spacing=0.12 / max(rows - 1, 1) if rows > 1 else 0.0,
        horizontal_spacing=0.03,
    )
    for i, v in enumerate(values):
        part = curves.filter(pl.col(by) == v).sort("date")
        fig.add_trace(
            go.Scatter(
                x=part["date"].to_list(),
                y=part["value"].to_list(),
                mode="lines",
                line={"color": LINE, "width": 1.5},
                name=names.get(v, v),
                showlegend=False,
                hovertemplate="%{x|%Y-%m-%d}: %{y}<extra>" + names.get(v, v) + "</extra>",
            ),
            row=i // cols + 1,
            col=i % cols + 1,
        )
    if y_format:
        fig.update_yaxes(tickformat=y_format)
    fig.update_layout(height=max(220, 170 * rows + 40), margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def world_map(
    table: pl.DataFrame,
    *,
    iso3: Mapping[str, str],
    value: str = "growth_4w",
    names: Mapping[str, str] | None = None,
    title: str = "",
    tick_format: str = ".0%",
) -> go.Figure:
    """Choropleth of ``value`` per market (table: market, value); markets without an ISO-3
    code in ``iso3`` are left off. Diverging colours centred on 0 (growth).

    >>> t = pl.DataFrame({"market": ["US", "XX"], "growth_4w": [0.2, 0.1]})
    >>> list(world_map(t, iso3={"US": "USA"}).data[0].locations)
    ['USA']
    """
    names = names or {}
    rows = [r for r in table.iter_rows(named=True) if r["market"] in iso3]
    fig = go.Figure(
        go.Choropleth(
            locations=[iso3[r["market"]] for r in rows],
            z=[r[value] for r in rows],
            text=[names.get(r["market"], r["market"]) for r in rows],
            locationmode="ISO-3",
            colorscale="RdBu",
            reversescale=True,
            zmid=0,
            colorbar={"title": title, "tickformat": tick_format},
            hovertemplate="%{text}: %{z:" + tick_format + "}<extra></extra>",
        )
    )
    fig.update_geos(showframe=False, showcoastlines=False, projection_type="natural earth")
    fig.update_layout(height=420, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return fig
