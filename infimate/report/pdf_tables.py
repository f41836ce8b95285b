"""Tables of the PDF report: rising elements, current alerts, hit-rate picks.

Drawn with fpdf2's table layout: long cells wrap inside their column, a row is never cut
across pages (it moves to the next page whole) and the header row repeats on top of every
page a table continues on. Cell text is plain text — never markdown or HTML — and is
shortened to :data:`MAX_CELL` characters, so one row always fits on one page.

Example
-------
>>> from fpdf import FPDF
>>> from infimate.report.fonts import register
>>> pdf = FPDF(); register(pdf); pdf.add_page()
>>> table(pdf, ["sku", "why"], [["C1", "**not bold** <b>nor this</b>"]] * 80, widths=[1, 3])
>>> pdf.page  # 80 rows continue on a second page, header repeated
2
>>> clean("a\\x00b\\tc " + "x" * 500, limit=12)
'a b c xxxxx…'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.fonts import FontFace

from infimate.report.briefing import AlertView, Briefing
from infimate.report.fonts import BODY, family_for
from infimate.report.html import level, pct, swatch_hex

MAX_CELL = 420
HEAD_FILL = "#EEF0F3"
RULE = "#C9CED6"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PICK_HEADERS = {"p_hit": "hit prob.", "lo": "80% low", "hi": "80% high"}
_PICK_WIDTHS = {"sku": 1.7, "name": 1.7, "category": 1.2, "elements": 1.8, "caveat": 2.2}


def clean(text: object, *, limit: int = MAX_CELL) -> str:
    """Plain one-cell text: control characters as spaces, at most ``limit`` characters."""
    s = _CONTROL.sub(" ", "" if text is None else str(text)).replace("\t", " ").strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def table(
    pdf: FPDF,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float],
    fills: Sequence[str | None] | None = None,
    size: float = 8.0,
) -> None:
    """A full-width table; ``fills`` colours each row's first cell (a swatch), if given."""
    pdf.set_font(BODY, "", size)
    pdf.set_fill_color("#FFFFFF")
    pdf.set_draw_color(RULE)
    pdf.set_line_width(0.2)
    head = FontFace(emphasis="B", fill_color=HEAD_FILL)
    with pdf.table(
        col_widths=tuple(widths),
        width=pdf.epw,
        text_align="LEFT",
        v_align="TOP",
        line_height=size * 0.48,
        headings_style=head,
        repeat_headings=1,
        borders_layout="HORIZONTAL_LINES",
        padding=(1.0, 1.2),
        markdown=False,
    ) as t:
        h = t.row()
        for c in header:
            text = clean(c)
            h.cell(text, style=FontFace(family=family_for(pdf, text)))
        for i, r in enumerate(rows):
            row = t.row()
            for j, c in enumerate(r):
                text = clean(c)
                fill = fills[i] if fills and j == 0 else None
                row.cell(text, style=FontFace(family=family_for(pdf, text), fill_color=fill))
    pdf.set_draw_color("#000000")
    pdf.ln(2)


def rising_table(pdf: FPDF, b: Briefing) -> None:
    header = ["", "element", "中文", "type", "stage", "SoV / level", "4-wk growth", "12-wk"]
    header.append("KOL share")
    rows, fills = [], []
    for r in b.rising.iter_rows(named=True):
        fills.append(swatch_hex(r["hex"]) if r["type"] == "color" else None)
        rows.append(
            [
                "",
                r["label"],
                r["name_zh"],
                r["type"],
                r["stage"],
                level(r["sov"], r["metric"]),
                pct(r["growth_4w"], signed=True),
                pct(r["growth_12w"], signed=True),
                pct(r["kol_share"]),
            ]
        )
    table(pdf, header, rows, widths=[0.5, 2.2, 1.4, 1.3, 1.1, 1.6, 1.2, 1.0, 1.1], fills=fills)


def evidence(a: AlertView) -> str:
    """The alert's evidence in words: volumes against what was expected, spread, calendar.

    >>> import datetime as dt
    >>> a = AlertView("x", "x", "all", dt.date(2026, 1, 5), 9.5, "high",
    ...     (("mentions", 66.0), ("expected", 23.01), ("kol_mentions", 7.0), ("kol_expected", 2.19)),
    ...     (("authors", 61), ("markets", 1)), None, None, ("Black Friday (2026-11-27)",))
    >>> evidence(a)
    '66 mentions vs 23 expected; KOL posts 7 vs 2.2 expected; 61 authors, 1 markets; ahead: Black Friday (2026-11-27)'
    """
    n = dict(a.numbers)
    parts = []
    if n.get("mentions") is not None:
        exp = n.get("expected")
        parts.append(
            f"{n['mentions']:.0f} mentions" + ("" if exp is None else f" vs {exp:.0f} expected")
        )
        if n.get("kol_mentions") is not None:
            kexp = n.get("kol_expected")
            parts.append(
                f"KOL posts {n['kol_mentions']:.0f}"
                + ("" if kexp is None else f" vs {kexp:.1f} expected")
            )
    elif n.get("level") is not None:
        parts.append(f"level {n['level']:.1f}")
    if n.get("z_all") is not None and n.get("mentions") is None:
        parts.append(f"{n['z_all']:.1f} standard deviations above its usual level")
    if a.spread:
        parts.append(", ".join(f"{v} {k}" for k, v in a.spread))
    if a.events:
        parts.append("ahead: " + "; ".join(a.events[:2]))
    return "; ".join(parts)


def alerts_table(pdf: FPDF, b: Briefing) -> None:
    header = ["element", "segment", "week", "score", "evidence", "first KOL post (or top post)"]
    rows = [
        [
            a.label,
            a.segment,
            str(a.date),
            f"{a.score:.1f} ({a.confidence})",
            evidence(a),
            clean(a.first_kol or a.top_post or "—", limit=300),
        ]
        for a in b.alerts
    ]
    table(pdf, header, rows, widths=[1.3, 1.5, 1.1, 1.0, 2.4, 2.9])


def _pick_cell(col: str, v: object) -> str:
    if v is None:
        return ""
    if col in _PICK_HEADERS and isinstance(v, int | float):
        return f"{v:.0%}"
    if col == "price" and isinstance(v, int | float):
        return f"{v:,.2f}"
    return str(v).replace(";", "; ").replace(";  ", "; ")


def picks_table(pdf: FPDF, b: Briefing) -> None:
    """Every pick the briefing holds (``Top N`` shows N rows)."""
    if b.picks is None or not b.picks.height:
        return
    cols = b.picks.columns
    rows = [[_pick_cell(c, r[c]) for c in cols] for r in b.picks.iter_rows(named=True)]
    header = [_PICK_HEADERS.get(c, c) for c in cols]
    table(pdf, header, rows, widths=[_PICK_WIDTHS.get(c, 1.0) for c in cols], size=7.5)
