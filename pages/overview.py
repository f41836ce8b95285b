"""Overview: what is rising in the chosen segment, newest alerts, hit-rate scorecard, freshness."""

import streamlit as st

from infimate import charts
from infimate.errors import InfimateError
from infimate.ui import alerts, cached, components, hit

path = components.current_dataset()
st.title("Overview")
if not components.require_dataset(path):
    st.stop()
components.synthetic_banner(path)
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

names, hexes = components.element_names(path), components.element_hex(path)
left, right = st.columns([3, 2])
with left:
    st.subheader(f"Top rising elements · {seg.label()}")
    st.caption(components.STAGE_HELP)
    top = cached.top_rising(path, seg)
    if top.is_empty():
        st.caption("Nothing emerging or rising in this segment.")
    for row in top.iter_rows(named=True):
        c1, c2, c3, c4 = st.columns([1, 4, 2, 4], vertical_alignment="center")
        with c1:
            components.swatch(hexes.get(row["element"]))
        with c2:
            st.markdown(f"**{names.get(row['element'], row['element'])}**")
            components.stage_badge(row["stage"])
        c3.metric("4-week growth", components.pct(row["growth_4w"]), label_visibility="collapsed")
        c4.plotly_chart(charts.sparkline(row["spark"]), key=f"spark_{row['element']}")
with right:
    st.subheader("Newest alerts")
    try:
        st.dataframe(alerts.newest_alerts(path), hide_index=True, width="stretch")
    except InfimateError as exc:
        components.show_error(exc)
    hit.hit_scorecard(path)
    if counts:
        with st.expander("Posts by platform and market"):
            st.dataframe(counts["platform"], hide_index=True)
            st.dataframe(counts["market"], hide_index=True)
with st.expander("Manifest"):
    st.json(m)
