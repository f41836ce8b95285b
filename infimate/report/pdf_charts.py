"""Vector charts for the PDF report, drawn with fpdf2's own lines, shapes and text.

A curve chart is the element's recent history (solid), its forecast (dashed) and the 80 %
and 95 % bands (translucent), on a value axis from :mod:`infimate.report.axes` — round
ticks in the curve's unit and a title that names it — with month ticks below. Every
label is PDF text in the embedded font (selectable, searchable, no browser needed), and
the chart never splits across pages.

Example
-------
>>> import datetime as dt, polars as pl
>>> from fpdf import FPDF
>>> from infimate.report.briefing import CurveView
>>> from infimate.report.fonts import register
>>> weeks = [dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(30)]
>>> v = CurveView("tweed", "tweed", pl.DataFrame({"date": weeks, "value": [i / 2000 for i in range(30)]}),
...               pl.DataFrame(), "naive")
>>> pdf = FPDF(); register(pdf); pdf.add_page()
>>> curve_chart(pdf, v).labels
('0%', '0.5%', '1%', '1.5%')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl
from fpdf import FPDF

from infimate.report.axes import ValueAxis, date_ticks, value_axis
from infimate.report.briefing import CurveView
from infimate.report.fonts import BODY, use_font

LINE = "#1F4E9A"
GRID = "#E3E6EB"
AXIS = "#8A8F98"
INK = "#333333"
MUTED = "#666666"
HEIGHT = 80.0  # mm, title to caption


def _dates(frame: pl.DataFrame) -> list[date]:
    return [d for d in frame["date"].cast(pl.Date).to_list() if d is not None]


def _column(frame: pl.DataFrame, col: str) -> list[float | None]:
    return frame[col].cast(pl.Float64).to_list() if col in frame.columns else []


def _text(pdf: FPDF, x: float, y: float, text: str, *, align: str = "L") -> None:
    """Text with its baseline at ``y``, left/centre/right aligned on ``x``."""
    w = pdf.get_string_width(text)
    dx = {"L": 0.0, "C": w / 2, "R": w}[align]
    pdf.text(x - dx, y, text)


def _band(
    pdf: FPDF,
    pts: Sequence[tuple[float, float]],
    opacity: float,
) -> None:
    if len(pts) >= 3:
        with pdf.local_context(fill_color=LINE, fill_opacity=opacity):
            pdf.polygon(pts, style="F")


def _legend(pdf: FPDF, x: float, y: float, method: str, has_forecast: bool) -> None:
    x0 = x
    pdf.set_font(BODY, "", 7)
    pdf.set_text_color(MUTED)
    pdf.set_line_width(0.5)
    pdf.line(x, y - 1, x + 6, y - 1)
    _text(pdf, x + 7.5, y, "weekly value")
    if not has_forecast:
        return
    x += 30
    pdf.set_dash_pattern(dash=1.2, gap=0.8)
    pdf.line(x, y - 1, x + 6, y - 1)
    pdf.set_dash_pattern()
    _text(pdf, x + 7.5, y, "forecast")
    x += 24
    for label, opacity in (("80% band", 0.3), ("95% band", 0.14)):
        with pdf.local_context(fill_color=LINE, fill_opacity=opacity):
            pdf.rect(x, y - 2.4, 6, 2.8, style="F")
        _text(pdf, x + 7.5, y, label)
        x += 24
    note = f"Forecast method: {method}"
    note = note if len(note) <= 150 else note[:149] + "…"
    use_font(pdf, note, "", 6.5)
    _text(pdf, x0, y + 4, note)


def curve_chart(pdf: FPDF, view: CurveView, *, height: float = HEIGHT) -> ValueAxis:
    """Draw ``view`` across the page width at the current position; returns its value axis.

    Starts a new page first when the whole chart does not fit on this one.
    """
    if pdf.will_page_break(height):
        pdf.add_page()
    x0, y0, width = pdf.l_margin, pdf.y, pdf.epw
    hist_d, hist_v = _dates(view.history), _column(view.history, "value")
    fc = view.forecast
    fc_d = _dates(fc) if fc.height else []
    bands = [_column(fc, c) for c in ("point", "lo80", "hi80", "lo95", "hi95")] if fc_d else []
    ax = value_axis([*hist_v, *(v for b in bands for v in b)], view.y_title)
    title = f"{view.label} — {ax.title}"
    title = title if len(title) <= 110 else title[:109] + "…"
    use_font(pdf, title, "B", 10)
    pdf.set_text_color(INK)
    pdf.set_xy(x0, y0)
    pdf.cell(width, 5, title)
    pdf.set_font(BODY, "", 7)
    px, py = x0 + 21, y0 + 8
    pw, ph = width - 23, height - 8 - 17
    first, last = hist_d[0], (fc_d or hist_d)[-1]
    span = max((last - first).days, 1)

    def fx(d: date) -> float:
        return px + (d - first).days / span * pw

    def fy(v: float) -> float:
        return py + ph - (v - ax.lo) / ((ax.hi - ax.lo) or 1.0) * ph

    pdf.set_line_width(0.2)
    pdf.set_draw_color(GRID)
    pdf.set_text_color(MUTED)
    for t, label in zip(ax.ticks, ax.labels, strict=True):
        pdf.line(px, fy(t), px + pw, fy(t))
        _text(pdf, px - 1.5, fy(t) + 1.0, label, align="R")
    for d, label in date_ticks(first, last):
        pdf.line(fx(d), py, fx(d), py + ph)
        _text(pdf, fx(d), py + ph + 4, label, align="C")
    pdf.set_draw_color(AXIS)
    pdf.line(px, py, px, py + ph)
    pdf.line(px, py + ph, px + pw, py + ph)
    size = 7.0
    while pdf.get_string_width(ax.title) > ph and size > 4.5:  # the axis title fits the axis
        size -= 0.5
        pdf.set_font(BODY, "", size)
    with pdf.rotation(90, x0 + 3, py + ph / 2):
        _text(pdf, x0 + 3, py + ph / 2 + 1, ax.title, align="C")
    pdf.set_font(BODY, "", 7)
    hist = [(fx(d), fy(v)) for d, v in zip(hist_d, hist_v, strict=True) if v is not None]
    if bands:
        point, lo80, hi80, lo95, hi95 = bands
        xs = [fx(d) for d in fc_d]
        for lo, hi, opacity in ((lo95, hi95, 0.14), (lo80, hi80, 0.3)):
            upper = [(x, fy(v)) for x, v in zip(xs, hi, strict=True) if v is not None]
            lower = [(x, fy(v)) for x, v in zip(xs, lo, strict=True) if v is not None]
            _band(pdf, upper + lower[::-1], opacity)
        pdf.set_draw_color(AXIS)
        pdf.set_dash_pattern(dash=0.6, gap=0.8)
        pdf.line(fx(hist_d[-1]), py, fx(hist_d[-1]), py + ph)
        pdf.set_dash_pattern()
        _text(pdf, fx(hist_d[-1]) + 1, py + 3, "forecast →")
        pdf.set_draw_color(LINE)
        pdf.set_line_width(0.45)
        pdf.set_dash_pattern(dash=1.2, gap=0.8)
        path = hist[-1:] + [(x, fy(v)) for x, v in zip(xs, point, strict=True) if v is not None]
        if len(path) >= 2:
            pdf.polyline(path)
        pdf.set_dash_pattern()
    pdf.set_draw_color(LINE)
    pdf.set_line_width(0.5)
    if len(hist) >= 2:
        pdf.polyline(hist)
    _legend(pdf, px, py + ph + 10, view.method, bool(bands))
    pdf.set_line_width(0.2)
    pdf.set_draw_color("#000000")
    pdf.set_text_color(INK)
    pdf.set_xy(x0, y0 + height + 2)
    return ax
