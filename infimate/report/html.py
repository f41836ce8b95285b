"""HTML rendering of a :class:`~infimate.report.briefing.Briefing` (and helpers shared with the PDF).

The page is self-contained: plotly.js is inlined once (no network at view time), a brand
logo is an inline re-encoded PNG, colour swatches are CSS from validated ``#RRGGBB``
values only, and every text that comes from data or the user (element names, post text,
copy, notes, the brand name) goes through :func:`html.escape`. Charts use the same value
axes as the PDF (:mod:`infimate.report.axes`).

Example
-------
>>> from infimate.data.datasets import Dataset
>>> from infimate.report.briefing import collect_briefing
>>> import tempfile
>>> from infimate.data.samples import rising_signals
>>> ramp = rising_signals()  # butter_yellow: flat for 20 weeks, then rising
>>> evil = ramp.with_columns(element=pl.lit("<b>tweed</b>"))  # an untrusted free term
>>> with tempfile.TemporaryDirectory() as tmp:
...     Dataset(tmp).create().write("signals", evil)
...     page = render_html(collect_briefing(tmp))
>>> page[:15], b"&lt;b&gt;tweed" in page, b"<b>tweed" in page
(b'<!DOCTYPE html>', True, False)
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

import polars as pl

from infimate.report.axes import value_axis
from infimate.report.brand import Brand
from infimate.report.briefing import AlertView, Briefing, CurveView

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def swatch_hex(value: str | None) -> str | None:
    """``value`` if it is a ``#RRGGBB`` colour, else None (never trust data in CSS)."""
    return value if value and _HEX.fullmatch(value) else None


def level(x: float | None, metric: str) -> str:
    """The current level: a percentage for share of voice, the raw value for an index."""
    return pct(x) if metric == "share" else ("—" if x is None else f"{x:.1f} ({metric})")


def level_note(rising: pl.DataFrame) -> str:
    """What the level column means for the metrics shown (share of voice and/or imported).

    >>> level_note(pl.DataFrame({"metric": ["index"]}))[:29]
    'Level = the imported value (4'
    """
    metrics = set(rising["metric"].to_list()) if "metric" in rising.columns else {"share"}
    parts = []
    if "share" in metrics:
        parts.append(
            "Share of voice (SoV) = posts mentioning the element ÷ posts per week (4-week mean)"
        )
    if metrics - {"share"}:
        parts.append(
            "Level = the imported value (4-week mean; a Google Trends index runs 0–100, "
            "100 = the term's peak in the exported period)"
        )
    return "; ".join(parts) + "; growth compares the 4-week mean with 4 / 12 weeks earlier."


def pct(x: float | None, *, signed: bool = False) -> str:
    """Format a fraction as a percentage (``—`` when missing)."""
    if x is None:
        return "—"
    return f"{x:+.0%}" if signed else f"{x:.1%}"


def curve_figure(view: CurveView) -> Any:
    """The curve with its 80/95 % forecast bands (built by :func:`infimate.charts.trend_figure`)."""
    from infimate.charts import trend_figure

    name = html.escape(view.label, quote=False)
    hist = view.history.select(pl.lit(name).alias("element"), "date", "value")
    fc = view.forecast.with_columns(pl.lit(name).alias("element")) if view.forecast.height else None
    bands = [c for c in ("point", "lo80", "hi80", "lo95", "hi95") if c in view.forecast.columns]
    values = view.history["value"].to_list() + [
        v for c in bands for v in view.forecast[c].to_list()
    ]
    ax = value_axis(values, view.y_title)
    title = html.escape(ax.title, quote=False)
    fig = trend_figure(hist, forecasts=fc, y_title=title)
    fig.update_yaxes(range=[ax.lo, ax.hi], tickvals=list(ax.ticks), ticktext=list(ax.labels))
    method = html.escape(view.method, quote=False)
    fig.update_layout(title=f"{name} — {title}, 12-week forecast ({method})")
    return fig


_CSS = """body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;
max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.swatch{display:inline-block;width:1.4em;height:1.4em;border:1px solid #999;border-radius:3px}
.synthetic{background:#fff3cd;border:1px solid #e0b000;padding:.6em 1em;font-weight:600}
.post{white-space:pre-wrap;background:#f6f6f6;padding:.4em}.note{color:#666}
.brand{display:flex;align-items:center;gap:1em;font-size:1.3em;font-weight:600}
.brand img{max-height:60px;max-width:240px}"""


def _table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table; cells must already be escaped (or be trusted markup)."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _rising_rows(b: Briefing) -> list[list[str]]:
    rows = []
    for r in b.rising.iter_rows(named=True):
        hx = swatch_hex(r["hex"]) if r["type"] == "color" else None
        sw = f'<span class="swatch" style="background:{hx}" title="{hx}"></span>' if hx else ""
        rows.append(
            [
                sw,
                html.escape(r["label"]),
                html.escape(r["name_zh"]),
                html.escape(r["type"]),
                html.escape(r["stage"]),
                level(r["sov"], r["metric"]),
                pct(r["growth_4w"], signed=True),
                pct(r["growth_12w"], signed=True),
                pct(r["kol_share"]),
            ]
        )
    return rows


def _alert_html(a: AlertView) -> str:
    nums = ", ".join(f"{k} {v:g}" for k, v in a.numbers if v is not None)
    spread = ", ".join(f"{n} {k}" for k, n in a.spread)
    parts = [
        f"<h3>{html.escape(a.label)} · {html.escape(a.segment)} · week of {a.date}</h3>",
        f"<p>score {a.score:.1f} ({html.escape(a.confidence)} confidence) — {html.escape(nums)}</p>",
    ]
    if spread:
        parts.append(f"<p>spread in the last 4 weeks: {html.escape(spread)}</p>")
    for title, text in (("First KOL post", a.first_kol), ("Top post", a.top_post)):
        if text:
            parts.append(f'<p>{title}:</p><div class="post">{html.escape(text)}</div>')
    if a.events:
        parts.append(f"<p>Retail calendar ahead: {html.escape('; '.join(a.events))}</p>")
    return "\n".join(parts)


def _brand_html(brand: Brand | None) -> str:
    if brand is None:
        return ""
    img = ""
    if brand.logo_png:
        data = base64.b64encode(brand.logo_png).decode("ascii")
        img = f'<img alt="logo" src="data:image/png;base64,{data}">'
    name = f"<span>{html.escape(brand.name)}</span>" if brand.name else ""
    return f"<div class='brand'>{img}{name}</div>"


def render_html(b: Briefing, *, brand: Brand | None = None) -> bytes:
    """A self-contained HTML page (plotly.js inlined once; works offline)."""
    who = html.escape(brand.name) if brand and brand.name else "Infimate"
    title = f"{who} trend briefing — {html.escape(b.dataset)} ({html.escape(b.segment.label())})"
    out = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"]
    out.append(f"<style>{_CSS}</style></head><body>{_brand_html(brand)}<h1>{title}</h1>")
    since = f"{b.data_from} to " if b.data_from else "up to "
    out.append(f"<p class='note'>Data {since}{b.asof} (weekly) · generated {b.generated}</p>")
    if b.scope_note:
        out.append(f"<p class='note'>{html.escape(b.scope_note)}</p>")
    if b.synthetic:
        out.append(
            "<p class='synthetic'>SYNTHETIC DEMO DATA — every post, series and product in "
            "this report is generated by Infimate's demo, not real posts or sales.</p>"
        )
    out.append("<h2>Top rising elements</h2>")
    if b.rising.height:
        header = [
            "",
            "element",
            "中文",
            "type",
            "stage",
            "SoV / level",
            "4-week growth",
            "12-week",
            "KOL share",
        ]
        out.append(_table(header, _rising_rows(b)))
        out.append(f"<p class='note'>{html.escape(level_note(b.rising))}</p>")
    else:
        out.append(f"<p>{html.escape(b.rising_note)}</p>")
    if b.curves:
        out.append("<h2>Curves and 12-week forecasts (80 % and 95 % bands)</h2>")
        for i, v in enumerate(b.curves):
            fig = curve_figure(v)
            fig.update_layout(height=380)
            out.append(
                fig.to_html(
                    full_html=False, include_plotlyjs=(i == 0), config={"displayModeBar": False}
                )
            )
    out.append("<h2>Current alerts</h2>")
    out.extend(_alert_html(a) for a in b.alerts)
    if not b.alerts:
        out.append("<p>No alerts in the 4 weeks up to the last week of data.</p>")
    out.append("<h2>Hit-rate picks</h2>")
    out.append(f"<p>{html.escape(b.picks_note)}</p>")
    if b.picks is not None and b.picks.height:
        rows = [
            [
                html.escape(
                    "" if v is None else f"{v:.0%}" if k in ("p_hit", "lo", "hi") else str(v)
                )
                for k, v in r.items()
            ]
            for r in b.picks.iter_rows(named=True)
        ]
        out.append(_table([html.escape(c) for c in b.picks.columns], rows))
    out.append("<h2>Sample copy</h2>")
    for c in b.copy:
        out.append(f"<h3>{c.lang.upper()} · {html.escape(c.provider)} · {c.flags} flags</h3>")
        out.append(f'<div class="post">{html.escape(c.text)}</div>')
    out.append(f"<p class='note'>{html.escape(b.copy_note)}</p></body></html>")
    return "\n".join(out).encode("utf-8")
