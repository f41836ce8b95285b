"""Compare: one element across markets (small multiples, world map), crowds and scenes;
two segments side by side."""

import streamlit as st

from infimate.ui import cached, compare, components, figures, labels

path = components.page_start("compare", signals=True)
seg = components.segment_picker(path)
summary = cached.summaries(path, seg)
if summary.is_empty():
    st.warning(labels.tf("compare_empty_segment", segment=compare.segment_words(seg)))
    st.stop()
people = components.display_names(path)
element = components.single_element_picker(
    summary["element"].to_list(),
    label=labels.t("compare_element"),
    format_func=lambda e: people.get(e, e),
)
if element is None:
    st.stop()
markets_tab, crowds_tab, segments_tab = st.tabs(
    [labels.t("compare_tab_markets"), labels.t("compare_tab_crowds"), labels.t("compare_tab_ab")],
    key="cmp_tab",
    on_change="rerun",
    bind="query-params",
)
if markets_tab.open:
    with markets_tab:
        st.caption(labels.tf("compare_markets_note", segment=compare.segment_words(seg)))
        compare.across_view(path, element, "market", seg)
if crowds_tab.open:
    with crowds_tab:
        by = st.radio(
            labels.t("compare_by"),
            ("crowd", "scene"),
            format_func=labels.t,
            horizontal=True,
            key="cmp_by",
        )
        compare.across_view(path, element, by, seg)
        heat = figures.growth_heatmap(path, element, seg.market)
        if heat is not None:
            st.subheader(labels.t("compare_heatmap"))
            st.plotly_chart(heat, key="cmp_heatmap")
if segments_tab.open:
    with segments_tab:
        b = compare.segment_b(path, seg)
        compare.element_in_both(path, element, seg, b)
        compare.two_segments(path, seg, b, people)
