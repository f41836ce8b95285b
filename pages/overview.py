"""Overview: what the dataset holds and what is rising."""

import streamlit as st

from infimate.ui import cached, components

path = st.session_state.get("dataset_path") or cached.default_dataset()
st.title("Overview")
if components.require_dataset(path):
    components.synthetic_banner(path)
    m = cached.manifest(path)
    counts = cached.post_counts(path)
    cols = st.columns(4)
    for col, table in zip(cols, ("posts", "signals", "products", "mentions"), strict=True):
        rows = m.get("tables", {}).get(table, {}).get("rows")
        col.metric(table.capitalize(), f"{rows:,}" if rows is not None else "—")
    if counts:
        r = counts["range"].row(0, named=True)
        st.caption(f"Posts from {r['first']:%Y-%m-%d} to {r['last']:%Y-%m-%d} · updated {m.get('updated')}")
        c1, c2 = st.columns(2)
        c1.subheader("Posts by platform")
        c1.dataframe(counts["platform"], hide_index=True, width="stretch")
        c2.subheader("Posts by market")
        c2.dataframe(counts["market"], hide_index=True, width="stretch")
    with st.expander("Manifest"):
        st.json(m)
