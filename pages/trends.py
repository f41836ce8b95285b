"""Trends: element curves with forecast bands, breakouts, calendar; segment heatmap; KOL lag."""

import streamlit as st

from infimate.errors import InfimateError
from infimate.forecast.backtest import COMBINATION_RULE
from infimate.forecast.intervals import INTERVAL_RULE
from infimate.trends.breakouts import BreakoutRule
from infimate.ui import cached, components, figures, labels, tables

path = components.page_start("trends", signals=True)
seg = components.segment_picker(path)
summary = cached.summaries(path, seg)
if summary.is_empty():
    st.warning(f"No series in segment {seg.label()}.")
    st.stop()
names = components.element_names(path)
people = components.display_names(path)
els = components.element_picker(
    summary["element"].to_list(),
    default=cached.top_rising(path, seg, n=3)["element"].to_list() or summary["element"][:3],
    format_func=lambda e: names.get(e, e),
)
if not els:
    st.info("Pick up to 5 elements.")
    st.stop()
sel = tuple(els)
try:
    fig = figures.trend_chart(path, sel, seg)  # built once per dataset version × selection
except InfimateError as exc:
    components.show_error(exc)
    st.stop()
st.plotly_chart(fig, key="trend_chart")
shown = summary.filter(summary["element"].is_in(sel))
st.caption(
    f"{components.value_help(shown)} ★ = {BreakoutRule().describe()}. "
    "Dotted lines: retail calendar."
)
tables.show(shown.drop("spark", "source", "metric", "asof", strict=False), names=people)

st.subheader(labels.t("forecast_models"))
st.caption(f"**Combination rule.** {COMBINATION_RULE} **Intervals.** {INTERVAL_RULE}")
tables.show(cached.forecast_table(path, sel, seg), names=people)
st.caption("Leans on: " + "; ".join(cached.forecast_leans(path, sel, seg)))

focus = st.selectbox("Element in detail", els, format_func=lambda e: names.get(e, e), key="focus")
# Only the open tab is built and drawn (plotly painting is most of a warm page load).
heat_tab, kol_tab, split_tab = st.tabs(
    [f"Crowd × scene growth ({seg.market})", "KOL vs all mentions", "Platform and market"],
    key="detail",
    on_change="rerun",
    bind="query-params",
)
if heat_tab.open:
    heat = figures.growth_heatmap(path, focus, seg.market)
    if heat is not None:
        heat_tab.plotly_chart(heat, key="heatmap")
    else:
        heat_tab.caption("No crowd × scene series for this element.")
if kol_tab.open:
    kol = figures.kol_lag(path, focus, seg)
    if kol is not None:
        kol_tab.plotly_chart(kol, key="kol_lag")
    else:
        kol_tab.caption("Imported series: no KOL counts.")
if split_tab.open:
    for col, by in zip(split_tab.columns(2), ("platform", "market"), strict=True):
        bar = figures.split_bar(path, focus, by)
        if bar is not None:
            col.plotly_chart(bar, key=f"by_{by}")
