"""Report: the brand-partner briefing (HTML or PDF) for the sidebar segment, to download.

An optional brand name and logo go on the cover of both files; a logo that is too large
or not a readable image gets one clear line and the build buttons wait until it is fixed.
"""

import hashlib
from pathlib import Path

import streamlit as st

from infimate.errors import InfimateError
from infimate.forecast.series import HORIZON
from infimate.ui import cached, components, report, words
from infimate.ui.labels import t, tf

path = components.page_start("report_title", signals=True)
seg = components.segment_picker(path)
stamp = cached.cache_stamp(path)
st.write(tf("report_intro", segment=words.segment_label(seg), horizon=HORIZON))

name_col, logo_col = st.columns(2)
brand = name_col.text_input(
    t("report_brand"),
    max_chars=report.MAX_BRAND_CHARS,
    key="report_brand",
    help=tf("report_brand_help", n=report.MAX_BRAND_CHARS),
).strip()
upload = logo_col.file_uploader(
    t("report_logo"),
    type=list(report.LOGO_TYPES),
    key="report_logo",
    max_upload_size=report.MAX_LOGO_MB,
    help=tf("report_logo_help", mb=report.MAX_LOGO_MB),
)
logo = upload.getvalue() if upload is not None else None
problem = report.logo_problem(logo) if logo is not None else None
if problem is not None and upload is not None:
    st.error(tf(f"report_logo_{problem}", name=upload.name, mb=report.MAX_LOGO_MB), icon="⚠️")
    st.caption(t("report_logo_fix_first"))
logo_key = hashlib.sha256(logo).hexdigest() if logo is not None else None
wanted = (path, stamp, seg, brand, logo_key)

st.caption(t("report_same_briefing"))
for fmt, col in zip(report.FORMATS, st.columns(2), strict=True):
    name = fmt.upper()
    if col.button(tf("report_build", fmt=name), key=f"build_{fmt}", disabled=problem is not None):
        st.session_state[f"report_{fmt}"] = wanted
    if problem is not None or st.session_state.get(f"report_{fmt}") != wanted:
        continue
    try:
        with col, st.spinner(tf("report_building", fmt=name)):
            data = report.report_bytes(path, fmt, seg, brand=brand or None, logo=logo)
    except InfimateError as exc:
        components.show_error(exc)
        continue
    col.download_button(
        tf("report_download", fmt=name, mb=f"{len(data) / 1e6:.1f}"),
        data,
        file_name=f"infimate-briefing-{Path(path).name}-{seg.market}.{fmt}",
        mime=report.MIME[fmt],
        key=f"download_{fmt}",
    )
