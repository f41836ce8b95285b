"""Report: the brand-partner briefing (HTML or PDF) for the sidebar segment, to download."""

from pathlib import Path

import streamlit as st

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.report.build import build_report
from infimate.trends.curves import Segment
from infimate.ui import components, hit, labels

MIME = {"html": "text/html", "pdf": "application/pdf"}


@st.cache_data(show_spinner=False, max_entries=8)
def _report(path: str, stamp: int, fmt: str, seg: Segment) -> bytes:
    """Cached by dataset path + manifest mtime (``stamp``) + format + segment."""
    try:
        fitted = hit.hit_model(path)  # the hit model the other pages already fitted
    except InfimateError:
        fitted = None
    return build_report(
        Dataset(path),
        fmt=fmt,
        market=seg.market,
        crowd=seg.crowd,
        scene=seg.scene,
        hit_model=fitted,
    )


path = components.current_dataset()
st.title(labels.t("report_title"))
if not (components.require_dataset(path) and components.require_signals(path)):
    st.stop()
components.synthetic_banner(path)
seg = components.segment_picker(path)
stamp = (Path(path) / "manifest.json").stat().st_mtime_ns
st.write(
    f"A briefing for segment **{seg.label()}** — top rising elements with swatches, curves with "
    "12-week forecast bands, current alerts with evidence, hit-rate picks and sample copy "
    "(EN + 中文). Synthetic demo data is labelled as such in the report."
)
for fmt, col in zip(("html", "pdf"), st.columns(2), strict=True):
    if col.button(f"Build {fmt.upper()} report", key=f"build_{fmt}"):
        st.session_state[f"report_{fmt}"] = (path, stamp, seg)
    if st.session_state.get(f"report_{fmt}") != (path, stamp, seg):
        continue
    try:
        with col, st.spinner(f"Building the {fmt.upper()} report…"):
            data = _report(path, stamp, fmt, seg)
    except InfimateError as exc:
        components.show_error(exc)
        continue
    col.download_button(
        f"Download {fmt.upper()} ({len(data) / 1e6:.1f} MB)",
        data,
        file_name=f"infimate-briefing-{Path(path).name}-{seg.market}.{fmt}",
        mime=MIME[fmt],
        key=f"download_{fmt}",
    )
