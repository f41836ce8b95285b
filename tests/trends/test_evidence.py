"""Weighted evidence of a coming breakout on imported series (infimate.trends.evidence),
on hand-made panels: breadth, the common shock, last year's level ahead, the surprise."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from infimate.trends.breakouts import BreakoutRule
from infimate.trends.curves import Panel
from infimate.trends.early_signal import replay, score_last_week
from infimate.trends.evidence import EVIDENCE_RULE, evidence, fires

INDEX = BreakoutRule(floor=10.0)  # a 0–100 index, as Google Trends


def panel(values: np.ndarray, elements: list[str], markets: list[str]) -> Panel:
    weeks = tuple(dt.date(2019, 1, 7) + dt.timedelta(weeks=i) for i in range(values.shape[1]))
    keys = pl.DataFrame({"element": elements, "market": markets}).with_columns(
        source=pl.lit("google_trends"), metric=pl.lit("index")
    )
    return Panel(keys, weeks, np.asarray(values, dtype=float))


def flat(
    n: int, weeks: int = 60, level: float = 20.0, noise: float = 0.05, seed: int = 7
) -> np.ndarray:
    """``n`` flat series around ``level`` with multiplicative noise (seeded: same every run)."""
    return level * (1 + noise * np.random.default_rng(seed).standard_normal((n, weeks)))


def ramp(y: np.ndarray, top: float) -> np.ndarray:
    """``y`` (one flat series) whose last 6 weeks climb from 1.2× to ``top``× its level."""
    out = y.copy()
    out[-6:] = np.linspace(1.2, top, 6) * np.median(y)
    return out


def judged(p: Panel) -> object:
    return evidence(p, breakout=INDEX, surprise=score_last_week(p).z_all)


def test_a_rise_in_several_markets_weighs_more_than_the_same_rise_alone():
    markets = ["AT", "BE", "CH", "DE", "FR", "GB"]
    base = flat(6)
    everywhere = np.vstack([ramp(y, 1.9) for y in base])
    alone = np.vstack([ramp(base[0], 1.9), base[1:]])
    wide = judged(panel(everywhere, ["coat"] * 6, markets))
    lone = judged(panel(alone, ["coat"] * 6, markets))
    assert wide.breadth[0] == 1.0 and lone.breadth[0] == 0.0
    assert wide.breadth_known.all()
    assert wide.chance[0] > EVIDENCE_RULE.threshold > lone.chance[0]


def test_when_every_series_rises_at_once_one_rise_says_less():
    """12 terms in one market: the same rise of term 0 counts for less when all 12 rise
    together (a holiday, a pandemic, a change in how the source counts)."""
    base = flat(12)
    names, one = [f"t{i}" for i in range(12)], ["US"] * 12
    alone = judged(panel(np.vstack([ramp(base[0], 1.8), base[1:]]), names, one))
    shock = judged(panel(np.vstack([ramp(y, 1.8) for y in base]), names, one))
    assert shock.shock[0] == 1.0 and alone.shock[0] == 1 / 12
    assert not alone.breadth_known.any()  # one market: breadth is not measured
    assert shock.chance[0] < alone.chance[0]


def test_last_years_level_ahead_calls_a_seasonal_return_before_it_breaks_out():
    """A spring bump (to 3× the usual level) every year: at the first weeks of this
    spring's rise, last year's level in the coming weeks says a breakout is on its way."""
    week = np.arange(52)
    bump = 10 + 20 * np.exp(-0.5 * ((week - 15) / 2.5) ** 2)
    y = np.r_[bump, bump, bump[:13]][None, :]
    ev = judged(panel(y, ["shorts"], ["AT"]))
    assert ev.ratio[0] >= EVIDENCE_RULE.min_ratio and ev.ratio[0] < 2
    assert ev.projection[0] >= EVIDENCE_RULE.projection_k and ev.seasonal[0]
    assert ev.chance[0] < EVIDENCE_RULE.threshold and fires(ev)[0]  # by last year's level
    flat_year = np.r_[bump, np.full(52, 10.0), bump[:13]][None, :]  # none last year
    assert judged(panel(flat_year, ["shorts"], ["AT"])).projection[0] < 1.2


def test_a_clean_steady_rise_alerts_on_its_surprise_and_a_noisy_one_does_not():
    clean = ramp(flat(1, noise=0.03)[0], 2.0)[None, :]
    noisy = ramp(flat(1, noise=0.35)[0], 2.0)[None, :]
    ev_clean, ev_noisy = judged(panel(clean, ["x"], ["US"])), judged(panel(noisy, ["x"], ["US"]))
    assert ev_clean.surprise[0] >= EVIDENCE_RULE.surprise_z > ev_noisy.surprise[0]
    assert ev_clean.chance[0] < EVIDENCE_RULE.threshold_alone  # the weighing alone: no
    assert fires(ev_clean)[0] and not fires(ev_noisy)[0]


def test_flat_noisy_series_never_alert():
    p = panel(
        flat(30, weeks=120, noise=0.2), [f"e{i % 10}" for i in range(30)], ["A", "B", "C"] * 10
    )
    assert replay(p).is_empty()


def test_the_evidence_at_a_week_uses_nothing_after_it():
    base = flat(6, weeks=80)
    later = base.copy()
    later[:, 60:] *= 3  # the future changes
    keys = (["coat"] * 6, ["AT", "BE", "CH", "DE", "FR", "GB"])
    for t in (40, 55, 59):
        a, b = judged(panel(base, *keys).upto(t)), judged(panel(later, *keys).upto(t))
        for f in ("ratio", "ratio_prev", "breadth", "shock", "projection", "chance", "surprise"):
            np.testing.assert_array_equal(getattr(a, f), getattr(b, f))


def test_an_imported_alert_carries_its_evidence():
    """A clean rise on an imported series: one alert, with the chance and last year's level
    ahead beside the score."""
    y = ramp(flat(1, weeks=70, noise=0.03)[0], 2.0)[None, :]
    p = panel(y, ["coat"], ["US"])
    alerts = replay(p)
    assert alerts.height == 1 and alerts["date"][0] == p.weeks[-1]
    assert {"chance", "projection", "score", "kind"} <= set(alerts.columns)
