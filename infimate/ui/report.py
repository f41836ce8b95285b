"""The briefing at the edge: HTML or PDF bytes, built once per dataset version and segment.

Cached with ``st.cache_data`` on the dataset path, :func:`~infimate.ui.cached.cache_stamp`,
the format, the segment and the optional brand name and logo bytes; the hit model the
other pages fitted is reused when ready.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.report.build import build_report
from infimate.trends.curves import Segment
from infimate.ui import cached, hit

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
MIME: dict[str, str] = {"html": "text/html", "pdf": "application/pdf"}


@st.cache_data(show_spinner=False, max_entries=8)
def _report(
    path: str,
    stamp: str,
    fmt: Format,
    seg: Segment,
    brand: str | None = None,
    logo: bytes | None = None,
) -> bytes:
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
        brand=brand,
        logo=logo,
    )


def report_bytes(
    path: str, fmt: Format, seg: Segment, *, brand: str | None = None, logo: bytes | None = None
) -> bytes:
    """The briefing of this dataset version for ``seg`` as ``fmt`` bytes (``brand``: a name
    for the cover and titles; ``logo``: image bytes, e.g. from ``st.file_uploader``)."""
    return _report(path, cached.cache_stamp(path), fmt, seg, brand or None, logo)
