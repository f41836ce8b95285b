"""Hit-rate evaluation (hit.evaluate): known answers, vs baseline, no leakage, lineups, the CLI."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.cli.main import main
from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.hit.evaluate import (
    default_test_from,
    evaluate,
    evaluate_dataset,
    fit_dataset_model,
    score_lineup,
)
from infimate.hit.features import product_features
from tests.fixtures.hit_world import write_external

KEYS = ["n_train", "n_test", "base_rate", "picks_hit_rate", "lift", "auc", "brier"]
START = date(2024, 1, 1)


@pytest.fixture(scope="module")
def world_eval(world):
    signals, products = world
    return evaluate(products, signals)


@pytest.fixture(scope="module")
def world_dataset(tmp_path_factory, world) -> Path:
    signals, products = world
    ds = Dataset(tmp_path_factory.mktemp("hitworld"))
    ds.write("signals", signals, source="test")
    ds.write("products", products, source="test")
    return ds.path


def _star_world():
    """'star' rises steadily all the time; every product with it is a hit, no other is."""
    weeks = 120
    rng = np.random.default_rng(4)
    rows = []
    for e, curve in {
        "star": 20 * 1.03 ** np.arange(weeks),
        "plain": np.full(weeks, 30.0),
        "other": np.full(weeks, 25.0),
        "dull": 40 - 0.1 * np.arange(weeks),
    }.items():
        m = rng.poisson(curve).astype(float)
        rows.append(
            pl.DataFrame(
                {
                    "date": [START + timedelta(weeks=i) for i in range(weeks)],
                    "element": e,
                    "value": m / 1000,
                    "mentions": m,
                    "posts": 1000.0,
                    "source": "posts",
                    "metric": "share",
                }
            )
        )
    prods = []
    for i in range(400):
        star = i % 10 == 0
        els = ["star", "plain"] if star else list(rng.choice(["plain", "other", "dull"], 2, False))
        prods.append(
            {
                "sku": f"S{i:03d}",
                "launch_date": START + timedelta(weeks=40 + int(rng.integers(0, 78))),
                "category": ("dress", "top")[i % 2],
                "elements": els,
                "price": float(rng.uniform(20, 60)),
                "hit": star,
            }
        )
    return pl.concat(rows), pl.DataFrame(prods)


def test_element_that_always_makes_hits_ranks_its_products_first():
    signals, products = _star_world()
    ev = evaluate(products, signals)
    p = ev.predictions.sort("probability", descending=True)
    n_star = int(p["hit"].sum())
    assert n_star > 0 and p["hit"].head(n_star).all()
    assert ev.model.auc == 1.0
    assert ev.model.picks_hit_rate == pytest.approx(min(1.0, n_star / round(0.1 * p.height)))
    assert ev.baseline.auc < 0.8  # category × price band knows nothing about 'star'


def test_model_beats_baseline_on_the_post_world(world, world_eval):
    _, products = world
    ev = world_eval
    assert ev.test_from == default_test_from(products) == date(2026, 1, 1)
    assert ev.model.n_train + ev.model.n_test == products.height
    assert ev.model.picks_hit_rate > max(0.3, ev.baseline.picks_hit_rate)
    assert ev.model.auc > ev.baseline.auc and ev.model.brier < ev.baseline.brier
    rel = ev.calibration
    assert rel["n"].sum() == ev.model.n_test and rel.columns == [
        "bin",
        "mean_predicted",
        "observed_rate",
        "n",
    ]


def test_no_leakage_from_late_signals_or_held_out_units(world, world_eval):
    signals, products = world
    ev = world_eval
    test = ev.predictions.join(products.select("sku", "launch_date"), on="sku")
    fdate = test.select("sku", (pl.col("launch_date") - timedelta(days=45)).alias("fd"))
    cutoff = fdate["fd"].sort()[fdate.height // 2]  # half the held-out styles were decided
    late = pl.col("date") > cutoff
    rng = np.random.default_rng(9)
    noisy = signals.with_columns(
        pl.when(late).then(pl.col(c) * pl.Series(rng.uniform(0, 4, signals.height))).otherwise(c)
        for c in ("mentions", "value")
    )
    shuffled = products.with_columns(
        pl.when(pl.col("launch_date") >= ev.test_from)
        .then(pl.Series(rng.uniform(0, 1e4, products.height)))
        .otherwise(pl.col("units"))
        .alias("units")
    )
    ev2 = evaluate(shuffled, noisy, test_from=ev.test_from)
    cols = ["sku", "probability", "baseline"]
    decided = fdate.filter(pl.col("fd") <= cutoff).select("sku")
    assert decided.height >= 40
    a, b = (e.predictions.join(decided, on="sku").select(cols) for e in (ev, ev2))
    assert_frame_equal(a, b)
    # styles decided after the cutoff did see the changed signals (the check can fail)
    later = fdate.filter(pl.col("fd") > cutoff + timedelta(days=7)).select("sku")
    a, b = (e.predictions.join(later, on="sku")["probability"] for e in (ev, ev2))
    assert not np.allclose(a.to_numpy(), b.to_numpy())
    # ... and changing training units does change the model
    bumped = products.with_columns(
        pl.when(pl.col("launch_date") < ev.test_from)
        .then(pl.col("units").reverse())
        .otherwise(pl.col("units"))
    )
    ev3 = evaluate(bumped, signals, test_from=ev.test_from)
    assert not np.allclose(ev.predictions["probability"], ev3.predictions["probability"])


def test_the_baseline_learns_from_training_launches_only(world, world_eval):
    signals, products = world
    ev = world_eval
    held_out = pl.col("launch_date") >= ev.test_from
    flipped = products.with_columns(
        pl.when(held_out).then(pl.col("units").reverse()).otherwise(pl.col("units"))
    )
    ev2 = evaluate(flipped, signals, test_from=ev.test_from)
    assert_frame_equal(
        ev.predictions.select("sku", "baseline"), ev2.predictions.select("sku", "baseline")
    )
    assert not ev.predictions["hit"].equals(ev2.predictions["hit"])  # the labels did change


def test_what_the_model_needs_is_said_plainly(tmp_path, capsys):
    signals, products = _star_world()
    with pytest.raises(InfimateError, match="needs products with `units`"):
        evaluate(products.drop("hit"), signals)
    ds = Dataset(tmp_path / "d").create()
    ds.write("products", products, source="test")
    assert main(["hit-eval", "--dataset", str(ds.path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no signals: the hit model reads how each style" in err
    empty = tmp_path / "signals.csv"
    empty.write_text("date,element,value\n")
    prods = tmp_path / "products.csv"
    products.with_columns(pl.col("elements").list.join(";")).write_csv(prods)
    assert main(["hit-eval", "--products", str(prods), "--signals", str(empty)]) == 2
    assert "no signals" in capsys.readouterr().err


def test_needs_three_quarters_and_both_classes():
    signals, products = _star_world()
    few = products.filter(pl.col("launch_date") < date(2024, 12, 1))
    with pytest.raises(InfimateError, match="3 quarters"):
        evaluate(few.filter(pl.col("launch_date") >= date(2024, 7, 1)), signals)
    with pytest.raises(InfimateError, match="both hits and non-hits"):
        evaluate(products.with_columns(hit=pl.lit(False)), signals)


def test_hit_eval_and_score_cli_on_a_dataset(world_dataset, tmp_path, capsys):
    assert main(["hit-eval", "--dataset", str(world_dataset), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out)[:8] == [*KEYS, "baseline"] and list(out["baseline"])[: len(KEYS)] == KEYS
    assert out["picks_hit_rate"] > out["baseline"]["picks_hit_rate"]
    lineup = tmp_path / "lineup.csv"
    lineup.write_text(
        "sku,launch_date,category,elements,price,market,crowd,scene\n"
        "C1,2026-07-10,dress,el_0;el_1;unknown thing,40,US,gen_z,office\n"
        "C2,2026-07-12,top,el_5;el_6,35,GB,moms,party\n"
        "C3,not a date,top,el_5,35,GB,moms,party\n",
        encoding="utf-8",
    )
    dest = tmp_path / "scored.csv"
    rc = main(
        ["score", "--dataset", str(world_dataset), "--lineup", str(lineup), "--out", str(dest)]
    )
    assert rc == 0
    text = capsys.readouterr().out
    assert "1 lineup rows rejected" in text
    scored = pl.read_csv(dest)
    assert scored["sku"].sort().to_list() == ["C1", "C2"]
    assert scored["rank"].sort().to_list() == [1, 2]
    assert {"probability", "lo", "hi", "top_elements"} <= set(scored.columns)
    c1 = scored.filter(pl.col("sku") == "C1").row(0, named=True)
    assert c1["n_unknown_elements"] == 1.0 and len(c1["top_elements"].split("; ")) == 3
    # spreadsheet formulas in the lineup come out as text (infimate.data.export)
    from tests.data.test_export import PAYLOADS, assert_safe_csv

    hostile = tmp_path / "hostile.csv"
    pl.DataFrame(
        {"sku": list(PAYLOADS), "launch_date": "2026-07-10", "category": "top",
         "elements": "el_5", "price": 35, "market": "GB", "crowd": "moms", "scene": "party"}
    ).write_csv(hostile)  # fmt: skip
    for out in (tmp_path / "hostile-scored.csv", tmp_path / "hostile-scored.xlsx"):
        argv = ["score", "--dataset", str(world_dataset), "--lineup", str(hostile)]
        assert main([*argv, "--out", str(out)]) == 0
    assert_safe_csv(pl.read_csv(tmp_path / "hostile-scored.csv", infer_schema=False), "sku")
    import zipfile

    sheet = zipfile.ZipFile(tmp_path / "hostile-scored.xlsx").read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b'<t xml:space="preserve">=1+1</t>' in sheet


def test_score_lineup_and_fit_dataset_model_are_consistent(world_dataset):
    results, ev = fit_dataset_model(world_dataset)
    assert results.n_train == ev.model.n_train + ev.model.n_test
    lineup = pl.DataFrame(
        {
            "sku": ["A", "B"],
            "launch_date": [date(2026, 6, 1)] * 2,
            "category": ["dress", "dress"],
            "elements": ["el_0; el_9", "el_3"],
            "price": [40.0, 40.0],
        }
    )
    out = score_lineup(world_dataset, lineup, results=results)
    feats = product_features(lineup, pl.read_parquet(world_dataset / "signals.parquet"))
    expect = results.predict(feats).round(4).to_list()
    assert out.sort("sku")["probability"].to_list() == expect
    assert out["rank"].to_list() == [1, 2]


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["hit-eval", "--products", str(tmp_path / "x.csv")]) == 2
    assert "needs --dataset" in capsys.readouterr().err
    assert main(["hit-eval", "--dataset", str(tmp_path)]) == 2
    assert "no products table" in capsys.readouterr().err
    assert main(["hit-eval", "--dataset", str(tmp_path / "nope")]) == 2
    assert "not found" in capsys.readouterr().err


def test_external_products_and_google_trends_csvs_end_to_end(tmp_path, capsys):
    products_csv, signals_csv = write_external(tmp_path)
    again = write_external(tmp_path / "again")
    assert products_csv.read_bytes() == again[0].read_bytes()  # deterministic
    argv = ["hit-eval", "--products", str(products_csv), "--signals", str(signals_csv), "--json"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n_train"] + out["n_test"] == 200 and list(out["baseline"])[: len(KEYS)] == KEYS
    assert out["auc"] > 0.7 and out["picks_hit_rate"] > out["base_rate"]
    assert main([*argv[:-1], "--test-from", "2024-04-01"]) == 0
    assert "train on launches before 2024-04-01" in capsys.readouterr().out
    assert main([*argv[:-1], "--test-from", "April"]) == 2


DEMO = Path(os.environ.get("INFIMATE_HIT_DEMO", "data/demo"))


@pytest.mark.slow
def test_demo_world_acceptance():
    if not (DEMO / "manifest.json").exists() or not (DEMO / "signals.parquet").exists():
        pytest.skip(f"no demo dataset at {DEMO}")
    ev = evaluate_dataset(DEMO)
    assert ev.model.picks_hit_rate >= 0.18
    assert ev.model.picks_hit_rate > ev.baseline.picks_hit_rate
