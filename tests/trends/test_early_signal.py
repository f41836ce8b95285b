import json
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from infimate.cli.main import main
from infimate.trends.backtest import backtest_panel
from infimate.trends.curves import build_panel
from infimate.trends.early_signal import replay, score_last_week
from tests.fixtures import DEMO, FIXTURES

W0 = date(2025, 1, 6)

DESIGN_KEYS = {
    "series",
    "breakouts",
    "alerts",
    "precision",
    "recall",
    "median_lead_days",
    "false_alarms_per_series_year",
}


def post_series(mentions, kol=None, posts=1000, element="x"):
    n = len(mentions)
    return pl.DataFrame(
        {
            "date": [W0 + timedelta(weeks=i) for i in range(n)],
            "element": [element] * n,
            "value": [m / posts for m in mentions],
            "market": ["US"] * n,
            "source": ["posts"] * n,
            "metric": ["share"] * n,
            "mentions": mentions,
            "posts": [posts] * n,
            "kol_mentions": kol if kol is not None else [0] * n,
        }
    )


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


def test_backtest_reports_model_and_baseline_on_the_same_series():
    kol = [0] * 38 + [6] * 32
    m = [3] * 44 + [60] * 26
    m = [a + b for a, b in zip(m, kol, strict=True)]
    bt = backtest_panel(build_panel(post_series(m, kol=kol)))
    d = bt.as_dict()
    assert set(d) >= DESIGN_KEYS and set(d["baseline"]) >= DESIGN_KEYS
    assert d["breakouts"] == 1 and d["recall"] == 1.0
    # KOLs moved 6 weeks before the level jumped: the score sees it, a level threshold cannot
    assert d["median_lead_days"] >= 21
    assert d["baseline"]["recall"] == 0.0


@pytest.mark.parametrize("fmt", ["gtrends", "long", "wide"])
def test_backtest_cli_on_imported_series_without_posts(fmt, tmp_path, capsys):
    src = FIXTURES / "trends_us_4terms.csv"
    if fmt == "gtrends":
        path = src
    else:
        lines = src.read_text().splitlines()[2:]
        wide = pl.read_csv("\n".join(lines).encode(), infer_schema=False)
        wide = wide.rename({c: c.split(":")[0] for c in wide.columns}).rename({"Week": "date"})
        if fmt == "wide":
            path = tmp_path / "wide.csv"
            wide.write_csv(path)
        else:
            long = wide.unpivot(
                index="date", variable_name="element", value_name="value"
            ).with_columns(pl.col("value").replace("<1", "0.5"), pl.lit("US").alias("market"))
            path = tmp_path / "long.csv"
            long.write_csv(path)
    assert main(["backtest", "--signals", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= DESIGN_KEYS and set(out["baseline"]) >= DESIGN_KEYS
    assert out["series"] == 4
    assert out["breakouts"] >= 2  # the barrel-jeans rise and the mob-wife spike


def test_backtest_cli_bad_file_is_one_line(tmp_path, capsys):
    p = tmp_path / "x.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["backtest", "--signals", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "x.csv" in err


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
