"""Early-signal score and alert replay (infimate.trends.early_signal) on hand-made weekly series."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl

from infimate.trends.curves import build_panel
from infimate.trends.early_signal import replay, score_last_week
from tests.fixtures.weekly_posts import W0, post_series


def first_alert(sig):
    a = replay(build_panel(sig))
    return None if a.is_empty() else (a["date"].min() - W0).days // 7


def test_step_alerts_right_after_the_step():
    m = [3] * 40 + [40] * 20
    assert first_alert(post_series(m)) == 40


def test_kol_led_ramp_alerts_before_the_level_doubles():
    n = 70
    kol = [0] * 40 + [min(12, 2 * i) for i in range(1, 31)]  # KOLs start at week 40
    cons = [3] * 46 + [3 + 3 * i for i in range(1, 25)]  # everyone else 6 weeks later
    m = [a + b for a, b in zip(kol, cons, strict=True)]
    t = first_alert(post_series(m, kol=kol))
    level_doubles = next(i for i in range(30, n) if np.mean(m[i - 3 : i + 1]) > 2 * 3 + 2 * 1)
    assert t is not None and t < level_doubles


def test_spike_fad_alerts_once_not_every_week():
    m = [3] * 50 + [8, 30, 60, 30, 8] + [3] * 20
    a = replay(build_panel(post_series(m)))
    assert a.height == 1


def test_flat_noise_and_a_gentle_seasonal_wave_do_not_alert():
    rng = np.random.default_rng(0)
    t = np.arange(156)
    flat = rng.poisson(20, 156).tolist()
    wave = rng.poisson(20 * (1 + 0.3 * np.cos(2 * np.pi * t / 52))).tolist()
    sig = pl.concat([post_series(flat, element="flat"), post_series(wave, element="wave")])
    assert replay(build_panel(sig)).is_empty()


def test_no_look_ahead_changing_the_future_leaves_past_scores_unchanged():
    rng = np.random.default_rng(1)
    m = rng.poisson(5, 80).tolist()
    kol = rng.poisson(1, 80).tolist()
    base = build_panel(post_series(m, kol=kol))
    changed = list(m)
    changed[60:] = [500] * 20
    other = build_panel(post_series(changed, kol=kol))
    for t in range(12, 60):
        a, b = score_last_week(base.upto(t)), score_last_week(other.upto(t))
        np.testing.assert_array_equal(a.score, b.score)
        np.testing.assert_array_equal(a.z_slow, b.z_slow)
    assert not np.array_equal(
        score_last_week(base.upto(65)).score, score_last_week(other.upto(65)).score
    )
    # alerts fired before week 60 are the same
    cut = W0 + timedelta(weeks=60)
    ra, rb = replay(base), replay(other)
    assert ra.filter(pl.col("date") < cut).equals(rb.filter(pl.col("date") < cut))


def test_breakout_now_matches_the_rule_written_out():
    """The floor-first shortcut gives the rule's plain reading on every series and week."""
    from infimate.trends.breakouts import BreakoutRule
    from infimate.trends.early_signal import _breakout_now

    rng = np.random.default_rng(3)
    frames = []
    for j in range(40):  # flat, stepped and spiky series around the 1.5 % SoV floor
        base = rng.uniform(5, 40)
        m = rng.poisson(base, 90) + (np.arange(90) > rng.integers(30, 90)) * rng.integers(0, 60)
        frames.append(post_series(m.tolist(), posts=1000, element=f"e{j}"))
    panel = build_panel(pl.concat(frames))
    checked = fired = 0
    for rule in (BreakoutRule(), BreakoutRule(floor=0.0), BreakoutRule(floor=0.05, k=1.5)):
        for t in range(rule.window + rule.min_history, len(panel.weeks) + 1):
            y = panel.upto(t - 1).value
            mean_w = y[:, -rule.window :].mean(axis=1)
            med = np.median(y[:, max(0, y.shape[1] - rule.window - rule.history) : -rule.window], 1)
            want = (mean_w > rule.k * med) & (mean_w > rule.floor)
            got = _breakout_now(panel.upto(t - 1), rule)
            np.testing.assert_array_equal(got, want)
            checked += 1
            fired += int(want.sum())
    assert checked > 100 and fired > 0
