"""Trends: element curves with forecast bands, breakouts, calendar; segment heatmap; KOL lag."""

import streamlit as st

from infimate.errors import InfimateError
from infimate.ui import cached, components, figures, labels, tables, words

path = components.page_start("trends", signals=True)
seg = components.segment_picker(path)
summary = cached.summaries(path, seg)
if summary.is_empty():
    st.warning(labels.tf("tr_no_series", segment=words.segment_label(seg)))
    st.stop()
names = components.element_names(path)
people = components.display_names(path)
els = components.element_picker(
    summary["element"].to_list(),
    default=cached.top_rising(path, seg, n=3)["element"].to_list() or summary["element"][:3],
    format_func=lambda e: names.get(e, e),
)
if not els:
    st.info(labels.t("pick_up_to_5"))
    st.stop()
sel = tuple(els)
try:
    fig = figures.trend_chart(path, sel, seg)  # built once per dataset version × selection
except InfimateError as exc:
    components.show_error(exc)
    st.stop()
st.plotly_chart(fig, key="trend_chart")
shown = summary.filter(summary["element"].is_in(sel))
st.caption(f"{components.value_help(shown)} ★ = {words.breakout_rule()}{labels.t('tr_dotted')}")
tables.show(shown.drop("spark", "source", "metric", "asof", strict=False), names=people)

st.subheader(labels.t("forecast_models"))
st.caption(
    f"**{labels.t('tr_combination')}** {words.combination_rule()} "
    f"**{labels.t('tr_intervals')}** {words.interval_rule()}"
)
table = cached.forecast_table(path, sel, seg)
tables.show(table, names=people)
st.caption(labels.t("tr_leans_on") + words.forecast_leans(table, people))

focus = st.selectbox(labels.t("tr_focus"), els, format_func=lambda e: names.get(e, e), key="focus")
# Only the open tab is built and drawn (plotly painting is most of a warm page load).
heat_tab, kol_tab, split_tab = st.tabs(
    [
        labels.tf("tr_tab_heat", market=words.value("market", seg.market)),
        labels.t("tr_tab_kol"),
        labels.t("tr_tab_split"),
    ],
    key="detail",
    on_change="rerun",
    bind="query-params",
)
if heat_tab.open:
    heat = figures.growth_heatmap(path, focus, seg.market)
    if heat is not None:
        heat_tab.plotly_chart(heat, key="heatmap")
    else:
        heat_tab.caption(labels.t("tr_no_heat"))
if kol_tab.open:
    kol = figures.kol_lag(path, focus, seg)
    if kol is not None:
        kol_tab.plotly_chart(kol, key="kol_lag")
    else:
        kol_tab.caption(labels.t("tr_no_kol"))
if split_tab.open:
    for col, by in zip(split_tab.columns(2), ("platform", "market"), strict=True):
        bar = figures.split_bar(path, focus, by)
        if bar is not None:
            col.plotly_chart(bar, key=f"by_{by}")
