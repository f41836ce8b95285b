"""The briefing at the edge: HTML or PDF bytes, both rendered from one cached briefing.

The :class:`~infimate.report.briefing.Briefing` is collected once per dataset path,
:func:`~infimate.ui.cached.cache_stamp` and segment (``st.cache_data``), so the HTML and
the PDF a user downloads show the same facts and the same "generated" time; each
rendering is cached on top of it with the optional brand name and logo bytes. The hit
model the other pages fitted is reused when ready. The brand is checked first
(:func:`check_brand`), so a bad logo fails in a second with one line, not after the work.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.report.brand import MAX_NAME, Brand, load_brand
from infimate.report.briefing import Briefing, collect_briefing
from infimate.trends.curves import Segment
from infimate.ui import cached, hit

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
MIME: dict[str, str] = {"html": "text/html", "pdf": "application/pdf"}
#: the logo uploader's limit (MB; the browser refuses larger files, :func:`logo_problem`
#: checks again on the server) and the image types it offers
MAX_LOGO_MB = 5
LOGO_TYPES = ("png", "jpg", "jpeg")
MAX_BRAND_CHARS = MAX_NAME


def logo_problem(data: bytes) -> Literal["too_big", "not_image"] | None:
    """Why these uploaded bytes cannot be the logo (a catalogue key suffix), or None.

    >>> logo_problem(b"not an image")
    'not_image'
    >>> logo_problem(b"x" * (MAX_LOGO_MB * 1_000_000 + 1))
    'too_big'
    """
    if len(data) > MAX_LOGO_MB * 1_000_000:
        return "too_big"
    try:
        load_brand(None, data)
    except InfimateError:
        return "not_image"
    return None


def check_brand(name: str | None, logo: bytes | None) -> Brand | None:
    """The checked brand (:func:`~infimate.report.brand.load_brand`); raises ``InfimateError``."""
    return load_brand(name, logo)


@st.cache_data(show_spinner=False, max_entries=8)
def _briefing(path: str, stamp: str, seg: Segment) -> Briefing:
    try:
        fitted = hit.hit_model(path)  # the hit model the other pages already fitted
    except InfimateError:
        fitted = None
    return collect_briefing(
        Dataset(path), market=seg.market, crowd=seg.crowd, scene=seg.scene, hit_model=fitted
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _report(
    path: str,
    stamp: str,
    fmt: Format,
    seg: Segment,
    brand: str | None = None,
    logo: bytes | None = None,
) -> bytes:
    if fmt not in FORMATS:
        raise InfimateError(f"unknown report format {fmt!r}; use html or pdf")
    checked = check_brand(brand, logo)
    if fmt == "pdf":
        from infimate.report.fonts import find_fonts

        find_fonts()  # fail before the (slow) collection when no CJK font is installed
    b = _briefing(path, stamp, seg)
    if fmt == "html":
        from infimate.report.html import render_html

        return render_html(b, brand=checked)
    from infimate.report.pdf import render_pdf

    return render_pdf(b, brand=checked)


def report_bytes(
    path: str, fmt: Format, seg: Segment, *, brand: str | None = None, logo: bytes | None = None
) -> bytes:
    """The briefing of this dataset version for ``seg`` as ``fmt`` bytes (``brand``: a name
    for the cover and titles; ``logo``: image bytes, e.g. from ``st.file_uploader``).
    Both formats of one segment come from the same cached briefing."""
    return _report(path, cached.cache_stamp(path), fmt, seg, brand or None, logo)
