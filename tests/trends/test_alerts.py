"""Alert evidence (infimate.trends.alerts) on the demo world: top posts, spread, first KOL."""

from __future__ import annotations

import polars as pl
import pytest

from tests.fixtures import DEMO


def test_evidence_on_the_demo_has_posts_first_kol_and_calendar():
    from infimate.data.datasets import Dataset
    from infimate.trends.alerts import current_alerts, evidence

    demo = DEMO
    if not (demo / "manifest.json").exists():
        pytest.skip("data/demo not generated (make demo)")
    ds = Dataset(demo)
    alerts = current_alerts(ds)
    assert alerts.height > 0
    for row in alerts.head(5).iter_rows(named=True):
        ev = evidence(ds, row)
        assert ev.top_posts.height >= 1  # "all" segments match every post
        assert ev.top_posts["text"].dtype == pl.Utf8
        assert dict(ev.spread)["authors"] >= 1
        assert ev.number("score") == pytest.approx(row["score"], abs=1e-3)
    assert any(evidence(ds, r).first_kol.height for r in alerts.head(5).iter_rows(named=True))
