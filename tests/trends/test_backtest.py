"""Alert backtest (infimate.trends.backtest): known answer, backtest CLI, demo-world acceptance."""

from __future__ import annotations

import json

import polars as pl
import pytest

from infimate.cli.main import main
from infimate.data.datasets import Dataset
from infimate.trends.backtest import backtest_panel
from infimate.trends.curves import build_panel, market_level
from infimate.trends.early_signal import panels_by_kind
from tests.fixtures import DEMO, FIXTURES
from tests.fixtures.weekly_posts import post_series

DESIGN_KEYS = {
    "series",
    "breakouts",
    "alerts",
    "precision",
    "recall",
    "median_lead_days",
    "false_alarms_per_series_year",
}


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


# ---- acceptance on the demo world -------------------------------------------------------


@pytest.fixture(scope="module")
def result():
    if not (DEMO / "truth.json").exists():
        pytest.skip("data/demo not generated (make demo)")
    ds = Dataset(DEMO)
    sig = market_level(ds.read("signals")).filter(pl.col("market") != "all")
    panel = panels_by_kind(sig, segments=ds.read("segments"))["posts"]
    truth = json.loads((DEMO / "truth.json").read_text())  # test-only: no feature reads it
    planted = pl.DataFrame(truth["breakouts"]).select(
        "element", "market", pl.col("date").str.to_date()
    )
    return backtest_panel(panel, breakouts=planted).as_dict()


def test_alerts_catch_planted_breakouts_early_and_precisely(result):
    assert result["recall"] >= 0.85
    assert result["precision"] >= 0.75
    assert result["median_lead_days"] >= 21


def test_longer_lead_than_the_naive_baseline_at_no_lower_precision(result):
    base = result["baseline"]
    assert result["median_lead_days"] > base["median_lead_days"]
    assert result["precision"] >= base["precision"]


def test_the_json_reads_for_a_merchandiser():
    kol = [0] * 38 + [6] * 32
    m = [a + b for a, b in zip([3] * 44 + [60] * 26, kol, strict=True)]
    d = backtest_panel(build_panel(post_series(m, kol=kol))).as_dict()
    assert set(d["by_kind"]) == {"seasonal return", "new rise"}
    assert d["by_kind"]["new rise"]["recall"] == 1.0
    assert len(d["sweep"]["model"]) == 5 and len(d["sweep"]["naive"]) == 9
    # the level threshold never fires before this jump at any threshold: nothing to match
    assert all(p["precision"] is None for p in d["sweep"]["naive"])
    assert d["baseline_at_matched_precision"] is None
    assert d["by_market"] == [] and d["by_half"] == {}  # one market: nothing to split
    assert d["missed_breakouts"] == [] and d["missed_breakouts_by_stage"] == {}
    assert isinstance(d["false_alarms_by_stage"], dict) and isinstance(d["false_alarms"], list)


def test_real_search_series_reach_the_issue_targets_on_both_halves(shared_trends, capsys):
    """The shared Google Trends file (1,070 series, 32 countries): the issue's targets
    (precision and recall >= 0.6 at a median lead >= 21 days) overall and on the held-out
    half of the markets (odd positions of the sorted codes; thresholds were chosen on the
    even half), and the naive threshold's lead at the score's precision is shorter."""
    assert main(["backtest", "--signals", str(shared_trends), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["series"] == 1070 and d["breakouts"] == 588
    for s in (d, d["by_half"]["odd"], d["by_half"]["even"]):
        assert s["precision"] >= 0.6 and s["recall"] >= 0.6 and s["median_lead_days"] >= 21
    assert d["by_half"]["odd"]["markets"][:3] == ["BE", "CA", "CN"]
    assert d["precision"] > d["baseline"]["precision"]
    matched = d["baseline_at_matched_precision"]
    assert matched["reaches"] and matched["median_lead_days"] < d["median_lead_days"]
    assert d["by_kind"]["seasonal return"]["recall"] >= 0.8
    assert len(d["by_market"]) == 32 and sum(d["false_alarms_by_stage"].values()) > 0
    missed = d["missed_breakouts"]
    assert sum(d["missed_breakouts_by_stage"].values()) == round(588 * (1 - d["recall"]))
    assert {"element", "market", "date", "stage", "kind"} <= set(missed[0])


def test_demo_alerts_against_the_breakout_rule_match_the_naive_precision():
    """What the Alerts page shows for the demo: the breakout rule as truth."""
    if not (DEMO / "truth.json").exists():
        pytest.skip("data/demo not generated (make demo)")
    from infimate.trends.backtest import backtest_signals

    ds = Dataset(DEMO)
    bt = backtest_signals(ds.read("signals"), segments=ds.read("segments"), sweep=False)
    assert bt.model.recall >= 0.85 and bt.model.median_lead_days >= 21
    assert bt.model.precision >= bt.baseline.precision
