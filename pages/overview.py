"""Overview: what is rising in the chosen segment, newest alerts, hit-rate scorecard, freshness."""

import streamlit as st

from infimate.errors import InfimateError
from infimate.ui import alerts, cached, components, hit, labels, rising, tables, watch
from infimate.ui.words import segment_label, stage_rule

path = components.page_start("overview")
seg = components.segment_picker(path)
m = cached.manifest(path)
counts = cached.post_counts(path)
cols = st.columns(4)
for col, table in zip(cols, ("posts", "signals", "products", "mentions"), strict=True):
    rows = m.get("tables", {}).get(table, {}).get("rows")
    col.metric(labels.t(f"metric_{table}"), f"{rows:,}" if rows is not None else "—")
if not components.require_signals(path):
    st.stop()
with st.expander(labels.t("watch_title")):  # watch: starred elements and segments
    watched = watch.editor(path, seg, cached.summaries(path, seg)["element"].to_list())
watch.since_last_visit(path, seg, watched)  # watch: new alerts, stage changes, movers

st.subheader(f"{labels.t('top_rising')} · {segment_label(seg)}")
st.caption(stage_rule())
rising.show_rising(path, seg)
left, right = st.columns(2)
with left:
    st.subheader(labels.t("newest_alerts"))
    try:
        tables.show(alerts.newest_alerts(path), names=components.display_names(path))
    except InfimateError as exc:
        components.show_error(exc)
    if counts:
        with st.expander(labels.t("ov_posts_by")):
            tables.show(counts["platform"], width="content")
            tables.show(counts["market"], width="content")
with right:
    hit.hit_scorecard(path, wait=False)  # never blocks the page on the first fit
with st.expander(labels.t("ov_manifest")):
    st.json(m)
