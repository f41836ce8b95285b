"""Integer-keyed cells (signals.grid, signals.cells): codes, projections, group sums, roll-ups
and repeats against brute force on small hand-made keys."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from infimate.errors import InfimateError
from infimate.signals import cells
from infimate.signals.cells import group, repeats, rollup, runs
from infimate.signals.grid import build_grid, column_codes
from infimate.signals.share_of_voice import GROUPING_SETS

U64 = np.uint64


def test_column_codes_of_categorical_string_and_date():
    for s in (
        pl.Series(["b", "a", "b"]),
        pl.Series(["b", "a", "b"]).cast(pl.Categorical),
        pl.Series([dt.date(2026, 1, 5), dt.date(2025, 1, 6), dt.date(2026, 1, 5)]),
    ):
        c = column_codes(s)
        lookup = dict(zip(c.present.tolist(), c.values, strict=True))
        assert [lookup[int(r) - c.offset] for r in c.raw] == s.to_list()
    with pytest.raises(InfimateError, match="missing"):
        column_codes(pl.Series("market", ["US", None]))


@pytest.mark.parametrize(
    "days",
    [
        [dt.date(2026, 1, 5), dt.date(2025, 1, 6), dt.date(2026, 1, 5)],  # offset folded in
        [dt.date(1969, 12, 29), dt.date(1900, 1, 1), dt.date(1969, 12, 29)],  # before 1970
        [dt.date(9999, 12, 27), dt.date(9990, 1, 2)],  # offset past the folded range
    ],
)
def test_grid_codes_of_dates_and_segments_match_their_values(days):
    dates = pl.Series(days)
    markets = pl.Series(["US", "all", "GB"] * 3)[: len(days)].cast(pl.Categorical)
    g = build_grid(elements=[["x"]], dates=[days], segments=[markets, ["a"], ["b"], ["c"]])
    got = g.codes(1, column_codes(dates))
    assert [g.dates[int(c)] for c in got] == days
    assert g.codes(1, column_codes(dates), rows=np.array([1])).tolist() == [got[1]]
    codes = g.codes(2, column_codes(markets))
    assert codes.dtype == np.uint8  # narrow codes: no 64-bit temporaries per row
    # a real "all" value gets its own code, just before the rolled-up slot
    assert [g.values[0][int(c)] for c in codes] == markets.cast(pl.String).to_list()
    assert g.all_codes[0] not in codes.tolist()


def test_keys_sort_like_the_output_and_project_to_all():
    g = build_grid(
        elements=[["red", "blue"]],
        dates=[[dt.date(2026, 1, 5)]],
        segments=[["US", "GB"], ["moms", "gen_z"], ["office"], ["tiktok"]],
    )
    rows = [(e, 0, m, c, 1, 1) for e in (0, 1) for m in (0, 1, 2) for c in (0, 1, 2)]
    keys = np.concatenate([g.pack(list(r)) for r in rows])
    strings = [
        (g.elements[r[0]], g.values[0][r[2]], g.values[1][r[3]]) for r in rows
    ]  # elements, markets, crowds as strings sort like their keys
    assert [strings[i] for i in np.argsort(keys, kind="stable")] == sorted(strings)
    one = g.pack([1, 0, 2, 2, 1, 1])  # red, US, moms, office, tiktok
    market_only = g.project(one, ("market",))
    assert [g.digit(market_only, d)[0] for d in range(6)] == [1, 0, 2, 0, 0, 0]


def test_group_and_runs():
    k = np.array([5, 3, 5, 9, 3], dtype=U64)
    c = group(k, {"x": np.array([1, 2, 3, 4, 5])}, count="n")
    assert (c.keys.tolist(), c.sums["x"].tolist(), c.sums["n"].tolist()) == (
        [3, 5, 9],
        [7, 4, 4],
        [2, 2, 1],
    )
    assert [a.tolist() for a in runs(k)] == [[3, 5, 9], [2, 2, 1]]


@pytest.mark.parametrize("wide", [False, True])
def test_carried_sums_equal_group_and_refuse_what_does_not_fit(wide):
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 1 << 16, 5000).astype(U64)  # 16 + 40 + 1 + 4 bits fit in 64
    top = (1 << 40) if wide else 5000  # values past 32 bits take the 64-bit path
    values = {
        "eng": rng.integers(0, top, 5000),
        "kol": rng.random(5000) < 0.1,
        "small": rng.integers(0, 9, 5000).astype(np.int32),
    }
    want = group(keys, {c: v.astype(np.int64) for c, v in values.items()}, count="n")
    got = cells.carried(keys.copy(), values, count="n")
    assert got is not None
    assert got.keys.tolist() == want.keys.tolist()
    assert all(got.sums[c].tolist() == want.sums[c].tolist() for c in [*values, "n"])
    negative = {"eng": np.array([1, -1])}
    assert cells.carried(np.array([1, 2], dtype=U64), negative, count="n") is None
    too_wide = {"eng": np.array([1 << 40, 1])}
    assert cells.carried(np.array([1 << 30, 2], dtype=U64), too_wide, count="n") is None


@pytest.mark.parametrize("dense_bins", [1 << 22, 0])
def test_rollup_equals_brute_force(monkeypatch, dense_bins):
    monkeypatch.setattr(cells, "DENSE_BINS", dense_bins)
    rng = np.random.default_rng(1)
    g = build_grid(
        elements=[["a", "b", "c"]],
        dates=[[dt.date(2026, 1, 5), dt.date(2026, 1, 12)]],
        segments=[["US", "GB", "FR"], ["x", "y"], ["s1", "s2", "s3"], ["p1", "p2"]],
    )
    n = 400
    digits = [rng.integers(0, 3, n), rng.integers(0, 2, n)]
    digits += [
        rng.choice([i for i in range(len(v)) if i != a], n)
        for v, a in zip(g.values, g.all_codes, strict=True)
    ]
    fine = group(g.pack(digits), {"v": rng.integers(0, 9, n)}, count="n")
    got = rollup(g, fine, GROUPING_SETS, count="n")
    for gs, cells_gs in zip(GROUPING_SETS, got, strict=True):
        want = group(g.project(g.pack(digits), gs), {"v": np.zeros(n, dtype=np.int64)}, count="n")
        assert cells_gs.keys.tolist() == want.keys.tolist(), gs
        assert cells_gs.sums["n"].tolist() == want.sums["n"].tolist(), gs


def test_repeats_exact_and_as_a_change_over_old_rows():
    cell = np.array([1, 1, 1, 2, 2], dtype=U64)
    who = pl.Series(["u", "u", "v", "u", "w"])
    r = repeats([cell], who)
    assert (r.keys.tolist(), r.sums["repeats"].tolist()) == ([1], [1])  # u twice in cell 1
    old = np.array([True, False, False, False, False])
    r = repeats([cell], who, old=old)  # u was already counted in cell 1: one more repeat
    assert (r.keys.tolist(), r.sums["repeats"].tolist()) == ([1], [1])
    r = repeats([cell], who, old=np.array([True, True, False, False, False]))
    assert r.keys.tolist() == []  # both u rows were old: nothing changes
