"""PDF rendering of a :class:`~infimate.report.briefing.Briefing`, laid out with fpdf2.

An A4 document of real text: a cover (brand name and logo when given, dataset, segment,
data date range, generation time, the synthetic-data label), then the rising elements,
the curves with their forecast bands (vector charts, :mod:`infimate.report.pdf_charts`),
the current alerts and hit-rate picks (tables that wrap and continue across pages,
:mod:`infimate.report.pdf_tables`) and sample copy in English and 中文. Fonts are embedded
subsets of a CJK-capable font found on the machine (:mod:`infimate.report.fonts`), so the
text is selectable and searchable. Text from data is written as plain text, never
interpreted as markup; no browser is needed.

Example
-------
>>> import io, tempfile
>>> from pypdf import PdfReader
>>> from infimate.data import samples
>>> from infimate.report.briefing import collect_briefing
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
...     data = render_pdf(collect_briefing(tmp))
>>> data[:4], "butter yellow" in PdfReader(io.BytesIO(data)).pages[1].extract_text()
(b'%PDF', True)
"""

from __future__ import annotations

import io

from fpdf import FPDF

from infimate.forecast.series import HORIZON
from infimate.report.brand import Brand
from infimate.report.briefing import Briefing
from infimate.report.fonts import BODY, find_fonts, register, use_font
from infimate.report.html import level_note
from infimate.report.pdf_charts import curve_chart
from infimate.report.pdf_tables import alerts_table, clean, picks_table, rising_table

INK, MUTED, ACCENT = "#222222", "#666666", "#1F4E9A"
WARN_FILL, WARN_INK = "#FFF3CD", "#7A5200"
SECTIONS = (
    "Top rising elements",
    f"Curves and {HORIZON}-week forecasts",
    "Current alerts",
    "Hit-rate picks",
    "Sample copy",
)
SYNTHETIC = (
    "SYNTHETIC DEMO DATA — every post, series and product in this report is generated "
    "by Infimate's demo, not real posts or sales."
)


class ReportPDF(FPDF):
    """A4 portrait in mm, with a footer naming the report and the page on every page but
    the cover."""

    def __init__(self, footer: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer
        self.str_alias_nb_pages = ""  # never substitute "{nb}" inside data text
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(True, margin=16)

    def footer(self) -> None:
        if self.page <= 1:
            return
        self.set_y(-11)
        text = clean(self.footer_text, limit=140)
        use_font(self, text, "", 7)
        self.set_text_color(MUTED)
        self.cell(self.epw - 20, 4, text)
        self.set_font(BODY, "", 7)
        self.cell(20, 4, f"page {self.page}", align="R")


def _heading(pdf: FPDF, text: str) -> None:
    """A section title kept with at least the start of its content."""
    if pdf.will_page_break(45):
        pdf.add_page()
    pdf.ln(2)
    pdf.start_section(text)
    pdf.set_font(BODY, "B", 14)
    pdf.set_text_color(ACCENT)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(INK)
    pdf.ln(1)


def _para(pdf: FPDF, text: str, *, size: float = 8.5, color: str = MUTED) -> None:
    text = clean(text, limit=6000)
    use_font(pdf, text, "", size)
    pdf.set_text_color(color)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN")
    pdf.set_text_color(INK)
    pdf.ln(1.5)


def _banner(pdf: FPDF, text: str) -> None:
    pdf.set_font(BODY, "B", 9)
    pdf.set_fill_color(WARN_FILL)
    pdf.set_text_color(WARN_INK)
    pdf.multi_cell(0, 5, text, fill=True, align="L", new_x="LMARGIN", padding=2)
    pdf.set_text_color(INK)
    pdf.ln(3)


def segment_words(b: Briefing) -> str:
    """The segment spelled out for a reader: ``Market: US · Crowd: all crowds · …``."""
    seg = b.segment
    parts = []
    for name, value in (("market", seg.market), ("crowd", seg.crowd), ("scene", seg.scene)):
        parts.append(f"{name.capitalize()}: {f'all {name}s' if value == 'all' else value}")
    return " · ".join(parts)


def date_range(b: Briefing) -> str:
    """The data's weeks: ``2024-12-02 to 2026-11-23 (weekly, 104 weeks)``."""
    if b.asof is None:
        return "no dated rows"
    if b.data_from is None:
        return f"up to {b.asof} (weekly)"
    weeks = (b.asof - b.data_from).days // 7 + 1
    return f"{b.data_from} to {b.asof} (weekly, {weeks} weeks)"


def _logo(pdf: FPDF, brand: Brand, y: float) -> float:
    """Draw the logo (at most 70 × 28 mm) at ``y``; returns its height."""
    if not brand.logo_png or not all(brand.logo_size):
        return 0.0
    w_px, h_px = brand.logo_size
    scale = min(70 / w_px, 28 / h_px)
    w, h = w_px * scale, h_px * scale
    pdf.image(io.BytesIO(brand.logo_png), x=pdf.l_margin, y=y, w=w, h=h)
    return h


def _cover(pdf: FPDF, b: Briefing, brand: Brand | None) -> None:
    pdf.add_page()
    pdf.set_fill_color(ACCENT)
    pdf.rect(0, 0, pdf.w, 6, style="F")
    y = 22.0
    if brand is not None:
        y += _logo(pdf, brand, y) + 5
        if brand.name:
            pdf.set_xy(pdf.l_margin, y)
            use_font(pdf, brand.name, "B", 20)
            pdf.multi_cell(0, 9, brand.name, align="L", new_x="LMARGIN")
            y = pdf.y + 2
    pdf.set_xy(pdf.l_margin, max(y + 14, 75))
    pdf.set_font(BODY, "B", 30)
    pdf.set_text_color(ACCENT)
    pdf.cell(0, 14, "Trend briefing", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(BODY, "", 11)
    pdf.set_text_color(MUTED)
    pdf.cell(0, 7, "What is rising, what is about to, what to make and how to say it.")
    pdf.ln(16)
    facts: tuple[tuple[str, str], ...] = (
        ("Dataset", b.dataset),
        ("Segment", segment_words(b)),
        ("Data", date_range(b)),
        ("Generated", b.generated),
    )
    if b.scope_note:
        facts = (*facts, ("Scope", b.scope_note))
    for label, value in facts:
        pdf.set_font(BODY, "B", 9)
        pdf.set_text_color(MUTED)
        pdf.cell(30, 7, label.upper())
        value = clean(value, limit=200)
        use_font(pdf, value, "", 12)
        pdf.set_text_color(INK)
        pdf.multi_cell(0, 7, value, align="L", new_x="LMARGIN")
        pdf.ln(1.5)
    pdf.ln(6)
    if b.synthetic:
        _banner(pdf, SYNTHETIC)
    pdf.set_font(BODY, "B", 10)
    pdf.cell(0, 7, "In this briefing", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(BODY, "", 10)
    for i, name in enumerate(SECTIONS, 1):
        pdf.cell(0, 6, f"{i}.  {name}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, pdf.h - 24)
    pdf.set_font(BODY, "", 8)
    pdf.set_text_color(MUTED)
    pdf.cell(0, 5, "Prepared with Infimate — trend intelligence for fashion.")
    pdf.set_text_color(INK)


def _body(pdf: FPDF, b: Briefing) -> None:
    pdf.add_page()
    rising, curves, alerts, picks, copy = SECTIONS
    _heading(pdf, rising)
    if b.rising.height:
        rising_table(pdf, b)
        _para(pdf, level_note(b.rising))
    else:
        _para(pdf, b.rising_note, size=10, color=INK)
    if b.curves:
        _heading(pdf, curves)
        _para(pdf, "History of the last year, then the forecast with its 80 % and 95 % bands.")
        for v in b.curves:
            curve_chart(pdf, v)
    _heading(pdf, alerts)
    if b.alerts:
        alerts_table(pdf, b)
    else:
        _para(pdf, "No alerts in the 4 weeks up to the last week of data.", color=INK)
    _heading(pdf, picks)
    _para(pdf, b.picks_note, size=9, color=INK)
    picks_table(pdf, b)
    _heading(pdf, copy)
    for c in b.copy:
        head = clean(f"{c.lang.upper()} · {c.provider} · {c.flags} flags", limit=120)
        use_font(pdf, head, "B", 10)
        pdf.cell(0, 6, head, new_x="LMARGIN")
        pdf.ln(6)
        _para(pdf, c.text, size=10, color=INK)
    _para(pdf, b.copy_note)


def render_pdf(b: Briefing, *, brand: Brand | None = None) -> bytes:
    """The briefing as an A4 PDF with real text (raises InfimateError without a CJK font)."""
    fonts = find_fonts()
    who = brand.name if brand and brand.name else "Infimate"
    footer = f"{who} trend briefing · {b.dataset} · {b.segment.label()}"
    pdf = ReportPDF(footer + (" · synthetic demo data" if b.synthetic else ""))
    register(pdf, fonts)
    pdf.set_title(f"{who} trend briefing — {b.dataset} ({b.segment.label()})")
    pdf.set_author(who)
    pdf.set_creator("Infimate")
    pdf.set_lang("en")
    _cover(pdf, b, brand)
    _body(pdf, b)
    return bytes(pdf.output())
