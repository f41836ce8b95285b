"""The briefing as a file: HTML or PDF bytes for a dataset and segment.

:func:`build_report` checks the brand (name, logo) first, collects the
:class:`~infimate.report.briefing.Briefing` once and renders it with
:mod:`infimate.report.html` or :mod:`infimate.report.pdf`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.report.brand import load_brand
from infimate.report.briefing import Format, collect_briefing

FORMATS: dict[str, Format] = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def build_report(
    dataset: Dataset | str | Path,
    *,
    fmt: Format = "html",
    market: str = "all",
    crowd: str = "all",
    scene: str = "all",
    top: int = 5,
    hit_model: Any = None,
    brand: str | None = None,
    logo: str | Path | bytes | None = None,
) -> bytes:
    """Render the brand-partner briefing as HTML or PDF bytes.

    ``brand`` names the brand the report is made for (cover, titles, footer) and ``logo``
    is an image file (path or bytes: PNG, JPEG, …) shown on the cover and atop the page.

    Example
    -------
    >>> import tempfile, polars as pl
    >>> from infimate.data import samples
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
    ...     build_report(tmp, fmt="html")[:15]
    b'<!DOCTYPE html>'
    >>> build_report("unused", fmt="docx")
    Traceback (most recent call last):
    infimate.errors.InfimateError: unknown report format 'docx'; use html or pdf
    """
    if fmt not in ("html", "pdf"):
        raise InfimateError(f"unknown report format {fmt!r}; use html or pdf")
    checked = load_brand(brand, logo)
    if fmt == "pdf":
        from infimate.report.fonts import find_fonts

        find_fonts()  # fail before the (slow) collection when no CJK font is installed
    b = collect_briefing(
        dataset, market=market, crowd=crowd, scene=scene, top=top, hit_model=hit_model
    )
    if fmt == "html":
        from infimate.report.html import render_html

        return render_html(b, brand=checked)
    from infimate.report.pdf import render_pdf

    return render_pdf(b, brand=checked)
