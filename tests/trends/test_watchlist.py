"""Watchlist beside the dataset: atomic JSON, bad files set aside, changes between visits."""

from __future__ import annotations

import json

import polars as pl

from infimate.data import samples
from infimate.trends import watchlist as wl
from infimate.trends.curves import Segment, summaries


def test_round_trip_and_no_temporary_files_left(tmp_path):
    w = wl.Watchlist().star("tweed").star("tweed").star("coquette").watch(Segment(market="US"))
    w = wl.replace(
        w,
        last_visit=wl.Snapshot(
            "2026-12-07T06:00:00Z", "2026-11-30", {"a|all|all|all|all": "rising"}
        ),
    )
    wl.save(tmp_path, w)
    assert wl.load(tmp_path).watchlist == w
    assert [p.name for p in tmp_path.iterdir()] == ["watchlist.json"]
    raw = json.loads((tmp_path / "watchlist.json").read_text())
    assert raw["elements"] == ["tweed", "coquette"] and raw["segments"] == ["US|all|all|all"]
    assert wl.load(tmp_path).watchlist.unstar("tweed").unwatch(Segment(market="US")).elements == (
        "coquette",
    )


def test_unreadable_file_is_set_aside_not_lost(tmp_path):
    (tmp_path / "watchlist.json").write_text("{not json")
    loaded = wl.load(tmp_path)
    assert loaded.watchlist == wl.Watchlist() and "moved to watchlist.json.bad" in (
        loaded.note or ""
    )
    assert (tmp_path / "watchlist.json.bad").read_text() == "{not json"
    (tmp_path / "watchlist.json").write_text(json.dumps({"version": 99}))
    assert "unknown watchlist version" in (wl.load(tmp_path).note or "")


def test_changes_between_two_visits_on_real_summaries():
    sig = samples.rising_signals()  # flat 20 weeks, then rising
    before_sig = sig.head(22)
    seg = Segment()
    fired = pl.DataFrame({"element": ["butter_yellow"], "date": [sig["date"][-1]]})
    before = wl.snapshot({seg: summaries(before_sig, seg)}, pl.DataFrame(), at="t0")
    now = wl.snapshot({seg: summaries(sig, seg)}, fired, at="t1")
    assert before.data_to == str(before_sig["date"][-1]) and now.data_to == str(sig["date"][-1])
    ch = wl.changes(before, now)
    key = "butter_yellow|all|all|all|all"
    assert ch.new_alerts == (f"{key}|{sig['date'][-1]}",)
    assert ch.stage_changes and ch.stage_changes[0][0] == key and ch.stage_changes[0][2] == "rising"
    assert ch.movers[0][0] == key and ch.movers[0][2] > ch.movers[0][1]
    assert wl.changes(before, now, elements=("tweed",)) == wl.Changes((), (), ())
    assert wl.changes(now, now) == wl.Changes((), (), ())
