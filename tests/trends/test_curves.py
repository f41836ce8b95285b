"""Trend curves (infimate.trends.curves): lifecycle stages, panels, imported curves, summaries."""

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.trends.curves import Segment, build_panel, curve, summaries

W0 = date(2025, 1, 6)


def weeks(n):
    return [W0 + timedelta(weeks=i) for i in range(n)]


def _post_signals(counts, posts=100):
    n = len(counts)
    return pl.DataFrame(
        {
            "date": weeks(n),
            "element": ["tweed"] * n,
            "value": [c / posts for c in counts],
            "market": ["US"] * n,
            "crowd": ["all"] * n,
            "scene": ["all"] * n,
            "platform": ["all"] * n,
            "source": ["posts"] * n,
            "metric": ["share"] * n,
            "mentions": counts,
            "posts": [posts] * n,
            "kol_mentions": [0] * n,
        }
    ).filter(pl.col("mentions") > 0)  # zeros are implied, as the tagger stores them


def test_panel_fills_missing_weeks_with_zero_and_uses_segment_denominators():
    sig = _post_signals([2, 0, 0, 4])
    segs = pl.DataFrame(
        {
            "date": weeks(4),
            "market": ["US"] * 4,
            "crowd": ["all"] * 4,
            "scene": ["all"] * 4,
            "platform": ["all"] * 4,
            "posts": [100, 50, 80, 100],
        }
    )
    p = build_panel(sig, segments=segs)
    assert p.weeks == tuple(weeks(4))
    np.testing.assert_allclose(p.mentions[0], [2, 0, 0, 4])
    np.testing.assert_allclose(p.posts[0], [100, 50, 80, 100])
    np.testing.assert_allclose(p.value[0], [0.02, 0, 0, 0.04])


def test_curve_of_an_imported_series_has_no_counts():
    sig = pl.DataFrame(
        {
            "date": weeks(3),
            "element": ["linen"] * 3,
            "value": [10.0, 20.0, 0.5],
            "market": ["US"] * 3,
            "source": ["google_trends"] * 3,
            "metric": ["index"] * 3,
        }
    )
    c = curve(sig, "linen", Segment(market="US"))
    assert_frame_equal(
        c,
        pl.DataFrame(
            {
                "date": weeks(3),
                "value": [10.0, 20.0, 0.5],
                "source": ["google_trends"] * 3,
                "metric": ["index"] * 3,
            }
        ),
    )


def test_summaries_rank_rising_first_and_report_growth():
    rise = _post_signals([2] * 60 + [4, 6, 9, 12, 16, 20, 25, 30])
    flat = _post_signals([5] * 68).with_columns(pl.lit("black").alias("element"))
    s = summaries(pl.concat([flat, rise]), Segment(market="US"))
    assert s["element"].to_list() == ["tweed", "black"]
    assert s["stage"].to_list() == ["rising", "dormant"]
    row = s.row(0, named=True)
    assert row["growth_4w"] == pytest.approx((25 + 30 + 20 + 16) / 4 / ((4 + 6 + 9 + 12) / 4) - 1)
    assert len(row["spark"]) == 26
