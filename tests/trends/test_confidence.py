"""Alert kinds, the evidence that held and confidence (infimate.trends.confidence)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from infimate.trends.confidence import alert_context, confidence, confidence_note, usual_level
from infimate.trends.curves import Panel

WEEKS = tuple(date(2023, 1, 2) + timedelta(weeks=i) for i in range(200))


def _bumps(years: int, upto: int) -> np.ndarray:
    week = np.arange(52)
    bump = 10 + 20 * np.exp(-0.5 * ((week - 15) / 2.5) ** 2)
    return np.r_[np.tile(bump, years - 1), bump[: upto + 1]]


def test_a_return_at_the_same_weeks_names_the_years_and_a_new_rise_says_so():
    seasonal = _bumps(3, 14)
    new = np.r_[np.full(len(seasonal) - 6, 10.0), np.linspace(12, 30, 6)]
    short = np.r_[np.zeros(len(seasonal) - 20), np.full(14, 10.0), np.linspace(12, 30, 6)]
    keys = pl.DataFrame({"element": ["coat", "vest", "cape"], "market": ["US", "US", "GB"]})
    p = Panel(keys, WEEKS[: len(seasonal)], np.stack([seasonal, new, short]))
    ctx = alert_context(p, np.array([0, 1, 2]))
    assert ctx["kind"].to_list() == ["seasonal return", "new rise", "new rise"]
    assert ctx["seasonal_in"].to_list() == ["2023, 2024", None, None]
    assert ctx["history_weeks"].to_list() == [len(seasonal), len(seasonal), 20]
    assert ctx["vs_usual"][1] > 1.7 and ctx["held"][1]
    assert ctx["markets_other"].to_list() == [0, 0, 0]  # one market per element here


def test_breadth_counts_the_other_markets_rising():
    flat, up = np.full(60, 10.0), np.r_[np.full(56, 10.0), np.full(4, 20.0)]
    keys = pl.DataFrame({"element": ["hat"] * 4, "market": ["US", "GB", "FR", "DE"]})
    p = Panel(keys, WEEKS[:60], np.stack([up, up, up, flat]))
    ctx = alert_context(p, np.array([0]))
    assert (ctx["markets_rising"][0], ctx["markets_other"][0]) == (2, 3)
    assert usual_level(p.value)[0] == 10.0


def test_confidence_is_low_without_a_year_and_says_why():
    assert confidence(9.0, 51) == "low" and confidence(9.0, 52) == "high"
    assert confidence(6.0) == "medium" and confidence(3.0) == "low"
    # imported series: by the evidence's chance, or last year's level ahead
    assert confidence(0.0, 60, chance=0.75) == "high"
    assert confidence(9.0, 60, chance=0.45) == "medium"
    assert confidence(0.0, 60, chance=0.1, projected=True) == "high"
    assert confidence(0.0, 30, chance=0.9) == "low"
    note = confidence_note(
        {"kind": "new rise", "history_weeks": 20, "vs_usual": 1.8, "held": False}
    )
    assert note.startswith("Low confidence: only 20 weeks of history")
    assert "1.8x its usual level; first week up" in note
