"""Overview: what is rising in the chosen segment, newest alerts, hit-rate scorecard, freshness."""

import streamlit as st

from infimate.errors import InfimateError
from infimate.trends.stages import STAGE_RULE
from infimate.ui import alerts, cached, components, hit, labels, rising

path = components.page_start("overview")
seg = components.segment_picker(path)
m = cached.manifest(path)
counts = cached.post_counts(path)
cols = st.columns(4)
for col, table in zip(cols, ("posts", "signals", "products", "mentions"), strict=True):
    rows = m.get("tables", {}).get(table, {}).get("rows")
    col.metric(table.capitalize(), f"{rows:,}" if rows is not None else "—")
if counts:
    r = counts["range"].row(0, named=True)
    st.caption(
        f"Data freshness: posts from {r['first']:%Y-%m-%d} to {r['last']:%Y-%m-%d} · "
        f"dataset updated {m.get('updated')}"
    )
if not components.require_signals(path):
    st.stop()

st.subheader(f"{labels.t('top_rising')} · {seg.label()}")
st.caption(STAGE_RULE.describe())
rising.show_rising(path, seg)
left, right = st.columns(2)
with left:
    st.subheader(labels.t("newest_alerts"))
    try:
        st.dataframe(alerts.newest_alerts(path), hide_index=True, width="stretch")
    except InfimateError as exc:
        components.show_error(exc)
    if counts:
        with st.expander("Posts by platform and market"):
            st.dataframe(counts["platform"], hide_index=True)
            st.dataframe(counts["market"], hide_index=True)
with right:
    hit.hit_scorecard(path, wait=False)  # never blocks the page on the first fit
with st.expander("Manifest"):
    st.json(m)
