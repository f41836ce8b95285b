"""The Compare page's parts: one element across markets / crowds / scenes, two segments.

Frames come from :mod:`infimate.trends.compare` (cached per dataset version, element, cut
and segment); figures from :mod:`infimate.compare_charts`. Market codes read as country
names (:mod:`infimate.data.countries`), other segment values as words, in the UI language.

Example (not run: needs a running Streamlit session)
----------------------------------------------------
>>> across_view(path, "tweed", "market", Segment())  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from infimate import compare_charts
from infimate.data import countries
from infimate.data.schema import SEGMENT_COLS
from infimate.trends.curves import Segment, value_title
from infimate.ui import cached, labels, words
from infimate.ui.figures import localize, y_format


@st.cache_data(show_spinner=False, max_entries=64)
def _across(
    path: str, stamp: str, element: str, by: str, segment: Segment
) -> tuple[pl.DataFrame, pl.DataFrame]:
    from infimate.trends.compare import across

    sig = cached.signals(path)
    if sig is None:
        return pl.DataFrame(), pl.DataFrame()
    return across(sig, element, by, segment, segments=cached.segments_table(path))


def across_frames(
    path: str, element: str, by: str, segment: Segment
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(curves, table) of ``element`` in every value of ``by`` (see trends.compare.across)."""
    return _across(path, cached.cache_stamp(path), element, by, segment)


def value_names(values: list[str], by: str) -> dict[str, str]:
    """Segment values as people read them: country names for markets, words otherwise."""
    lang = labels.current_lang()
    if by == "market":
        return {
            v: countries.market_name(v, lang) if v != "all" else words.value(by, v) for v in values
        }
    return {v: words.value(by, v, lang) for v in values}


def _dated(fig: go.Figure) -> go.Figure:
    """Chart texts in the UI language; date ticks as numbers in 中文 (no month names)."""
    lang = labels.current_lang()
    fig = localize(fig, lang)
    if lang == "zh":
        fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d")
    return fig


def _stage(stage: str) -> str:
    return words.value("stage", stage)


def _table(table: pl.DataFrame, by: str, names: dict[str, str]) -> None:
    cc = st.column_config
    shown = table.with_columns(
        pl.col(by).replace(names), pl.col("stage").map_elements(_stage, return_dtype=pl.Utf8)
    ).select(by, "stage", "sov", "growth_4w")
    share = value_title(table) == "share of voice"
    config: dict[str, Any] = {
        by: cc.TextColumn(labels.t(by)),
        "stage": cc.TextColumn(labels.t("compare_stage")),
        "sov": cc.NumberColumn(labels.t("compare_level"), format="percent" if share else "%.1f"),
        "growth_4w": cc.NumberColumn(labels.t("compare_growth"), format="percent"),
    }
    st.dataframe(shown, hide_index=True, column_config=config, key=f"cmp_table_{by}")


def across_view(path: str, element: str, by: str, segment: Segment) -> None:
    """Small multiples (fastest growth first), the summary table and, for markets that are
    countries, an optional world map of 4-week growth."""
    curves, table = across_frames(path, element, by, segment)
    if curves.is_empty():
        st.info(labels.tf("compare_no_cut", by=labels.t(by)))
        return
    names = value_names(curves[by].unique().to_list(), by)
    mapped = {m: c for m in names if by == "market" and (c := countries.iso3(m))}
    view = "multiples"
    if mapped:
        view = st.radio(
            labels.t("compare_view"),
            ("multiples", "map"),
            format_func=lambda v: labels.t(f"compare_view_{v}"),
            horizontal=True,
            key="cmp_view",
        )
    if view == "map":
        st.plotly_chart(
            compare_charts.world_map(
                table, iso3=mapped, names=names, title=labels.t("compare_growth")
            ),
            key="cmp_map",
        )
        st.caption(labels.t("compare_map_note"))
    else:
        fig = compare_charts.small_multiples(
            curves, by, names=names, order=table[by].to_list(), y_format=y_format(curves)
        )
        st.plotly_chart(_dated(fig), key=f"cmp_multiples_{by}")
        st.caption(labels.t("compare_multiples_note"))
    _table(table, by, names)


def segment_b(path: str, a: Segment) -> Segment:
    """Pickers for the second segment (on the page), defaulting to another market than A's."""
    opts = cached.segment_options(path)
    chosen: dict[str, str] = {}
    cols = st.columns(3)
    for col, c in zip(cols, ("market", "crowd", "scene"), strict=True):
        options = opts.get(c) or ["all"]
        default = getattr(a, c)
        if c == "market":
            default = next((m for m in options if m != a.market), a.market)
        index = options.index(default) if default in options else 0
        names = value_names(options, c)

        def shown(v: str, names: dict[str, str] = names) -> str:
            return names.get(v, v)

        chosen[c] = col.selectbox(
            f"{labels.t(c)} B", options, index=index, key=f"cmp_b_{c}", format_func=shown
        )
    return Segment(**chosen, platform=a.platform)


def segment_words(segment: Segment) -> str:
    """A segment as words in the UI language ("United States · Gen z"; "all" when none)."""
    parts = [
        value_names([getattr(segment, c)], c)[getattr(segment, c)]
        for c in SEGMENT_COLS
        if getattr(segment, c) != "all"
    ]
    return " · ".join(parts) or words.value("market", "all")


def element_in_both(path: str, element: str, a: Segment, b: Segment) -> None:
    """One element's curve in segment A and in segment B on one chart."""
    from infimate.charts import trend_figure

    frames = [
        cached.curves(path, (element,), s).with_columns(pl.lit(tag).alias("element"))
        for tag, s in (("A", a), ("B", b))
    ]
    curves = (
        pl.concat([f for f in frames if f.height], how="diagonal_relaxed")
        if any(f.height for f in frames)
        else pl.DataFrame()
    )
    if curves.is_empty():
        st.info(labels.t("compare_no_series"))
        return
    names = {"A": f"A · {segment_words(a)}", "B": f"B · {segment_words(b)}"}
    fig = trend_figure(
        curves.select("element", "date", "value", "metric"),
        names=names,
        y_title=labels.t("compare_level"),
        y_format=y_format(curves),
    )
    st.plotly_chart(_dated(fig), key="cmp_ab_chart")


def two_segments(path: str, a: Segment, b: Segment, people: dict[str, str]) -> None:
    """Elements of segments A and B side by side: stage, level and growth, biggest gap first."""
    from infimate.trends.compare import side_by_side

    table = side_by_side(cached.summaries(path, a), cached.summaries(path, b))
    if table.is_empty():
        st.info(labels.t("compare_no_series"))
        return
    cc = st.column_config
    wa, wb = segment_words(a), segment_words(b)
    config: dict[str, Any] = {
        "element": cc.TextColumn(labels.t("compare_element")),
        "stage_a": cc.TextColumn(f"{labels.t('compare_stage')} · A"),
        "stage_b": cc.TextColumn(f"{labels.t('compare_stage')} · B"),
        "sov_a": cc.NumberColumn(f"{labels.t('compare_level')} · A", format="%.4f"),
        "sov_b": cc.NumberColumn(f"{labels.t('compare_level')} · B", format="%.4f"),
        "growth_a": cc.NumberColumn(f"{labels.t('compare_growth')} · A", format="percent"),
        "growth_b": cc.NumberColumn(f"{labels.t('compare_growth')} · B", format="percent"),
        "gap": cc.NumberColumn(labels.t("compare_gap"), format="percent"),
    }
    st.caption(labels.tf("compare_ab", a=wa, b=wb))
    shown = table.with_columns(
        pl.col("element").replace(people),
        pl.col("stage_a", "stage_b").map_elements(_stage, return_dtype=pl.Utf8).fill_null("—"),
    )
    st.dataframe(shown, hide_index=True, column_config=config, key="cmp_ab")
