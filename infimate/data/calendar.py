"""Retail calendars (China and overseas): context for alerts and charts, never triggers.

Example
-------
>>> [e.name for e in events_between(date(2026, 11, 1), date(2026, 11, 30))]
['Double 11 (双11)', 'Black Friday']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# Chinese New Year (first day of the lunar year), 2017–2030
_CNY = {
    2017: date(2017, 1, 28), 2018: date(2018, 2, 16), 2019: date(2019, 2, 5),
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
    2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
    2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
}  # fmt: skip


@dataclass(frozen=True)
class RetailEvent:
    """A retail moment: name, date, the markets it matters in (``"*"`` = everywhere)."""

    name: str
    day: date
    markets: tuple[str, ...]

    def applies_to(self, market: str) -> bool:
        return market == "all" or "*" in self.markets or market in self.markets


def _black_friday(year: int) -> date:
    nov1 = date(year, 11, 1)
    first_thu = nov1 + timedelta(days=(3 - nov1.weekday()) % 7)
    return first_thu + timedelta(days=22)


def events_for_year(year: int) -> list[RetailEvent]:
    """All calendar events of one year."""
    west = ("US", "GB", "FR", "DE", "ES", "IT", "CA", "AU")
    out = [
        RetailEvent("618 (年中大促)", date(year, 6, 18), ("CN",)),
        RetailEvent(
            "Double 11 (双11)", date(year, 11, 11), ("CN", "ID", "MY", "SG", "TH", "VN", "PH")
        ),
        RetailEvent("Black Friday", _black_friday(year), west),
        RetailEvent("Back to school", date(year, 8, 15), west),
        RetailEvent("Christmas", date(year, 12, 25), (*west, "*")),
    ]
    if year in _CNY:
        out.append(RetailEvent("Chinese New Year (春节)", _CNY[year], ("CN", "SG", "MY", "ID")))
    return sorted(out, key=lambda e: e.day)


def events_between(start: date, end: date, *, market: str = "all") -> list[RetailEvent]:
    """Events whose day falls in [start, end], for a market (``"all"``: every event)."""
    out = []
    for y in range(start.year, end.year + 1):
        out += [e for e in events_for_year(y) if start <= e.day <= end and e.applies_to(market)]
    return out
