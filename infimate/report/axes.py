"""Chart axes of the report: round tick values, labels in the curve's unit, titles with units.

Both renderings use them — the PDF draws its charts with these ticks and the HTML sets
them on its plotly figures — so a chart reads the same in both. A value axis starts at 0
(shares and indices are never negative), steps in 1, 2 or 5 × 10ⁿ, and labels carry
as many decimals as it takes for every tick to read differently (``0.2%, 0.4%`` on small
shares, ``0, 20, 40`` on a 0–100 index).

Example
-------
>>> ax = value_axis([0.0021, 0.0124], "share of voice")
>>> ax.title, ax.labels
('share of voice (% of posts)', ('0%', '0.5%', '1%', '1.5%'))
>>> value_axis([12.0, 77.0], "google_trends index").labels
('0', '20', '40', '60', '80')
>>> import datetime as dt
>>> [t[1] for t in date_ticks(dt.date(2025, 12, 1), dt.date(2026, 11, 30))]
['Jan 2026', 'Mar 2026', 'May 2026', 'Jul 2026', 'Sep 2026', 'Nov 2026']
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SHARE = "share of voice"
_TITLES = {
    SHARE: "share of voice (% of posts)",
    "google_trends index": "Google Trends index (0–100)",
}


@dataclass(frozen=True)
class ValueAxis:
    """A value axis: its range, tick values, their labels and the title with the unit."""

    title: str
    lo: float
    hi: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]


def axis_title(y_title: str) -> str:
    """The axis title with its unit, from a curve's value title (see ``CurveView.y_title``).

    >>> axis_title("google_trends index")[:24], axis_title("shop_sales units")
    ('Google Trends index (0–1', 'shop sales units')
    """
    return _TITLES.get(y_title, y_title.replace("_", " "))


def nice_step(span: float, n: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving at most about ``n`` intervals over ``span``.

    >>> nice_step(77), nice_step(0.0124), nice_step(3)
    (20, 0.005, 1)
    """
    raw = span / n if span > 0 else 1.0
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * mag >= raw * (1 - 1e-9):
            step = m * mag
            return int(step) if step >= 1 and step == int(step) else round(step, 12)
    return 10 * mag  # pragma: no cover - the loop always returns


def _labels(ticks: list[float], step: float, percent: bool) -> tuple[str, ...]:
    """Shortest labels that show every tick exactly (so no two read the same)."""
    scale = 100.0 if percent else 1.0
    for d in range(0, 9):
        vals = [t * scale for t in ticks]
        if all(abs(round(v, d) - v) <= step * scale * 1e-6 for v in vals):
            break
    out = []
    for v in vals:
        s = f"{v:,.{d}f}"
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        out.append(("0" if s in ("-0", "") else s) + ("%" if percent else ""))
    return tuple(out)


def value_axis(values: Iterable[float | None], y_title: str, n: int = 5) -> ValueAxis:
    """The value axis for a curve with these values (history and forecast bands)."""
    finite = [float(v) for v in values if v is not None and math.isfinite(v)]
    percent = y_title == SHARE
    vmin = min([0.0, *finite])
    vmax = max(finite, default=0.0)
    if vmax <= vmin:
        vmax = vmin + (0.01 if percent else 1.0)
    step = nice_step(vmax - vmin, n)
    lo = math.floor(vmin / step + 1e-9) * step
    hi = math.ceil(vmax / step - 1e-9) * step
    ticks = [lo + i * step for i in range(round((hi - lo) / step) + 1)]
    return ValueAxis(axis_title(y_title), lo, hi, tuple(ticks), _labels(ticks, step, percent))


def date_ticks(first: date, last: date, n: int = 6) -> list[tuple[date, str]]:
    """About ``n`` month starts between ``first`` and ``last`` with ``Mon YYYY`` labels."""
    months = (last.year - first.year) * 12 + last.month - first.month
    every = max(1, math.ceil(months / n))
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        d = date(y, m, 1)
        if first <= d and (m - 1) % every == 0:
            out.append((d, d.strftime("%b %Y")))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
