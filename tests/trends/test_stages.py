"""Lifecycle stages on hand-made curves: one rule, plain words (seasonal and spikes included)."""

from __future__ import annotations

import numpy as np
import pytest

from infimate.trends.stages import STAGE_RULE, STAGES, seasonal_years, stage_of, stages

RNG = np.random.default_rng(3)


def spring_bumps(years: int, *, upto_week: int, noise: float = 0.0) -> np.ndarray:
    """``years`` years of a flat curve (10) with a spring bump to 30 (weeks 10–20 of a year),
    cut at ``upto_week`` of the last year; optional multiplicative noise."""
    week = np.arange(52)
    bump = 10 + 20 * np.exp(-0.5 * ((week - 15) / 2.5) ** 2)
    y = np.r_[np.tile(bump, years - 1), bump[: upto_week + 1]]
    return y * (1 + noise * RNG.standard_normal(len(y))) if noise else y


@pytest.mark.parametrize(
    ("y", "stage"),
    [
        (np.r_[np.full(60, 1.0), np.linspace(1, 6, 10)], "rising"),
        (np.r_[np.full(60, 1.0), 1.0, 1.1, 1.2, 1.3, 1.45, 1.6, 1.75, 1.9], "emerging"),
        (np.r_[np.full(50, 1.0), np.full(20, 5.0)], "peaking"),
        (np.r_[np.full(40, 1.0), np.full(15, 6.0), np.linspace(6, 2, 8)], "declining"),
        (np.full(70, 3.0), "dormant"),
        (np.zeros(70), "dormant"),
        # a new element doubling over 8 weeks, with little history
        (np.r_[np.full(6, 1.0), 2 ** (np.arange(1, 9) / 8)], "emerging"),
        # a yearly spring bump over 3 years: rising again, at its peak, falling back
        (spring_bumps(3, upto_week=13), "seasonal"),
        (spring_bumps(3, upto_week=16), "seasonal"),
        (spring_bumps(3, upto_week=19, noise=0.05), "seasonal"),
        # a two-week news spike that falls back
        (np.r_[np.full(60, 10.0), 30.0, 32.0, 11.0, 10.0], "one-off spike"),
        (
            np.r_[np.full(60, 10.0) * (1 + 0.1 * RNG.standard_normal(60)), 26, 28, 18],
            "one-off spike",
        ),
    ],
)
def test_lifecycle_stages_on_known_curves(y, stage):
    assert stage_of(y) == stage


def test_real_search_curves_read_as_a_merchandiser_would():
    """Google Trends rows from the shared file (copied here): a spring rise that came the
    two years before is seasonal, not emerging; the March 2020 COVID jump is a spike."""
    shorts_at = [
        # 2 years ago, last year, this year: the same 20 weeks up to mid-April
        19, 6, 10, 3, 9, 23, 20, 20, 12, 18, 11, 28, 31, 14, 31, 20, 34, 35, 27, 43,
        12, 26, 30, 7, 9, 11, 8, 37, 22, 19, 27, 25, 19, 30, 24, 25, 39, 37, 48, 46,
        16, 16, 13, 15, 22, 15, 9, 17, 34, 14, 22, 15, 23, 23, 27, 28, 35, 48, 53, 86,
    ]  # fmt: skip
    filler = np.full(32, 12.0)  # the summer-to-winter weeks between the snippets
    y = np.r_[shorts_at[:20], filler, shorts_at[20:40], filler, shorts_at[40:]]
    assert stage_of(y) == "seasonal"
    head_covering_us = [
        35,
        26,
        37,
        36,
        46,
        51,
        33,
        45,
        28,
        34,
        32,
        39,
        40,
        37,
        31,
        37,
        34,
        86,
        93,
        62,
    ]
    assert stage_of(np.r_[np.full(60, 40.0), head_covering_us]) == "one-off spike"


def test_a_rise_with_no_year_of_history_is_not_seasonal():
    y = spring_bumps(1, upto_week=14)  # the first spring we ever saw
    assert stage_of(y) == "rising"
    assert seasonal_years(y[None, :])[0] == 0


def test_seasonal_years_counts_the_earlier_years_that_moved_alike():
    assert seasonal_years(spring_bumps(3, upto_week=13)[None, :])[0] == 2
    assert seasonal_years(spring_bumps(2, upto_week=13)[None, :])[0] == 1


def test_a_long_plateau_after_a_jump_is_not_a_spike():
    assert stage_of(np.r_[np.full(60, 10.0), np.full(6, 30.0), 20.0]) != "one-off spike"


def test_post_curves_need_mentions_to_move():
    y = np.r_[np.full(60, 0.01), np.linspace(0.01, 0.05, 8)][None, :]
    few = np.r_[np.zeros(64), np.ones(4)][None, :]  # 4 mentions in 4 weeks
    assert stages(y, few)[0] not in ("emerging", "rising")
    assert stages(y, few * 5)[0] in ("emerging", "rising")


def test_every_stage_is_described():
    text = STAGE_RULE.describe()
    assert all(s in text for s in STAGES)
