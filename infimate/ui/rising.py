"""The Overview's "top rising elements" as one small table: swatch, name, stage, growth, sparkline.

One ``st.dataframe`` (sparklines drawn by the grid itself) instead of a row of widgets and
a plotly chart per element: a rerun sends one small element, the browser draws one
canvas, and the numbers are never squeezed into narrow columns ("+1…").

Columns of :func:`rising_frame`: ``swatch`` (an SVG data URL: the colour of colour
elements, else an empty image), ``element`` (id), ``name`` ("name_en · name_zh"), ``stage`` ("🚀 rising"),
``growth_4w_pct`` (4-week growth of the smoothed curve, in %), ``level`` (the current
share of voice as "1.68%", or an imported series' value as "34.2 (index)"), ``kol_pct``
(KOL share of mentions, in %), ``spark`` (last 26 weekly values).

Example
-------
>>> from infimate.data.datasets import Dataset
>>> import tempfile
>>> from infimate.data import samples
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
...     rising_frame(tmp, Segment()).select("element", "name", "stage").rows()
[('butter_yellow', 'butter yellow · 奶油黄', '🚀 rising')]
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from infimate.trends.curves import Segment
from infimate.ui import cached, words
from infimate.ui.components import STAGE_BADGE, element_hex, element_names, swatch_url
from infimate.ui.labels import t

STAGE_ICON = {stage: icon for stage, (_, icon) in STAGE_BADGE.items()}
SCHEMA: dict[str, pl.DataType] = {
    "swatch": pl.String(),
    "element": pl.String(),
    "name": pl.String(),
    "stage": pl.String(),
    "growth_4w_pct": pl.Float64(),
    "level": pl.String(),
    "kol_pct": pl.Float64(),
    "spark": pl.List(pl.Float64),
}


def _level(v: float | None, metric: str | None) -> str:
    if v is None:
        return "—"
    if metric in (None, "share"):
        return f"{v:.2%}"
    return f"{v:.1f} ({words.value('metric', metric)})"


def rising_frame(path: str, segment: Segment, *, n: int = 8) -> pl.DataFrame:
    """The ``n`` fastest-growing emerging / rising elements of a segment, ready to show."""
    top = cached.top_rising(path, segment, n=n)
    if top.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    names, hexes = element_names(path), element_hex(path)
    els = top["element"].to_list()
    return pl.DataFrame(
        {
            "swatch": [swatch_url(hexes.get(e)) for e in els],
            "element": els,
            "name": [names.get(e, e) for e in els],
            "stage": [
                f"{STAGE_ICON.get(s, '•')} {words.value('stage', s)}"
                for s in top["stage"].to_list()
            ],
            "growth_4w_pct": (top["growth_4w"] * 100).to_list(),
            "level": [_level(v, m) for v, m in zip(top["sov"], top["metric"], strict=True)],
            "kol_pct": (top["kol_share"] * 100).to_list(),
            "spark": top["spark"].to_list(),
        },
        schema=SCHEMA,
    )


def show_rising(path: str, segment: Segment, *, n: int = 8) -> pl.DataFrame:
    """Draw the top-rising table (or a caption when nothing rises); returns the frame."""
    frame = rising_frame(path, segment, n=n)
    if frame.is_empty():
        st.caption(t("nothing_rising"))
        return frame
    cc = st.column_config
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_order=("swatch", "name", "stage", "growth_4w_pct", "level", "kol_pct", "spark"),
        column_config={
            "swatch": cc.ImageColumn("", width="small"),
            "name": cc.TextColumn(t("col_element"), width="medium"),
            "stage": cc.TextColumn(t("col_stage"), width="small"),
            "growth_4w_pct": cc.NumberColumn(
                t("col_growth_4w_pct"), format="%+.0f%%", help=t("col_growth_4w_pct_help")
            ),
            "level": cc.TextColumn(t("col_now"), help=t("col_now_help")),
            "kol_pct": cc.NumberColumn(t("col_kol_pct"), format="%.0f%%"),
            "spark": cc.AreaChartColumn(t("col_spark"), width="medium", y_min=0),
        },
        key="rising_table",
    )
    return frame
