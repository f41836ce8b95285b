"""Report: the brand-partner briefing (HTML or PDF) for the sidebar segment, to download."""

from pathlib import Path

import streamlit as st

from infimate.errors import InfimateError
from infimate.forecast.series import HORIZON
from infimate.ui import cached, components, report

path = components.page_start("report_title", signals=True)
seg = components.segment_picker(path)
stamp = cached.cache_stamp(path)
st.write(
    f"A briefing for segment **{seg.label()}** — top rising elements with swatches, curves with "
    f"{HORIZON}-week forecast bands, current alerts with evidence, hit-rate picks and sample copy "
    "(EN + 中文). Synthetic demo data is labelled as such in the report."
)
for fmt, col in zip(report.FORMATS, st.columns(2), strict=True):
    if col.button(f"Build {fmt.upper()} report", key=f"build_{fmt}"):
        st.session_state[f"report_{fmt}"] = (path, stamp, seg)
    if st.session_state.get(f"report_{fmt}") != (path, stamp, seg):
        continue
    try:
        with col, st.spinner(f"Building the {fmt.upper()} report…"):
            data = report.report_bytes(path, fmt, seg)
    except InfimateError as exc:
        components.show_error(exc)
        continue
    col.download_button(
        f"Download {fmt.upper()} ({len(data) / 1e6:.1f} MB)",
        data,
        file_name=f"infimate-briefing-{Path(path).name}-{seg.market}.{fmt}",
        mime=report.MIME[fmt],
        key=f"download_{fmt}",
    )
