"""Hit-rate verbs: ``hit-eval`` (time-split evaluation) and ``score`` (a lineup)."""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from infimate.cli.output import option_date, print_json
from infimate.data.contract import validate
from infimate.data.datasets import atomic_write_bytes
from infimate.data.export import csv_bytes, xlsx_bytes
from infimate.data.ingest import read_table
from infimate.errors import DataFileError, InfimateError
from infimate.hit.evaluate import evaluate_dataset, evaluate_files, score_lineup


def run_hit_eval(args: argparse.Namespace) -> int:
    """CLI: ``hit-eval (--dataset DIR | --products F --signals F) [--test-from D] [--json]``."""

    cut = option_date(args.test_from, "--test-from")  # before any file is read
    if args.dataset:
        ev = evaluate_dataset(args.dataset, test_from=cut, lead_days=args.lead_days)
    elif args.products and args.signals:
        ev = evaluate_files(args.products, args.signals, test_from=cut, lead_days=args.lead_days)
    else:
        raise InfimateError("hit-eval needs --dataset DIR, or both --products F and --signals F")
    if args.json:
        print_json(ev.as_json())
        return 0
    print(
        f"hit-rate evaluation: train on launches before {ev.test_from}, "
        f"{ev.model.n_train} train / {ev.model.n_test} held out, lead {ev.lead_days} days"
    )
    print(f"{'':<30}{'model':>10}{'baseline':>10}")
    for k in ("base_rate", "picks_hit_rate", "lift", "auc", "brier"):
        m, b = getattr(ev.model, k), getattr(ev.baseline, k)
        print(f"{k:<30}{m if m is not None else '-':>10}{b if b is not None else '-':>10}")
    print("baseline = training hit rate per category × price band (smoothed)")
    if ev.tuning is not None:
        print(ev.tuning.sentence())
    print("calibration on the held-out launches (model):")
    print(f"  {'mean predicted':>15}{'observed':>10}{'n':>6}")
    for r in ev.calibration.iter_rows(named=True):
        print(f"  {r['mean_predicted']:>15.3f}{r['observed_rate']:>10.3f}{r['n']:>6}")
    return 0


def run_score(args: argparse.Namespace) -> int:
    """CLI: ``score --dataset DIR --lineup F [--out F] [--json]``."""

    v = validate("products", read_table(args.lineup), file=args.lineup)
    if v.good.is_empty():
        raise DataFileError(args.lineup, f"no valid candidate rows ({v.bad.height} rejected)")
    scored = score_lineup(args.dataset, v.good)
    if args.out:
        out = Path(args.out)  # .xlsx: text cells; else CSV with formula cells neutralised
        data = xlsx_bytes(scored) if out.suffix.lower() == ".xlsx" else csv_bytes(scored)
        atomic_write_bytes(out, data)
    if args.json:
        print_json(
            {
                "scored": scored.height,
                "rejected": v.bad.height,
                "out": args.out,
                "styles": scored.with_columns(pl.col("launch_date").cast(pl.Utf8)).to_dicts(),
            }
        )
        return 0
    cols = ["rank", "sku", "probability", "lo", "hi", "top_elements"]
    with pl.Config(tbl_rows=50, tbl_width_chars=140, fmt_str_lengths=60):
        print(scored.select(cols))
    if v.bad.height:
        print(f"{v.bad.height} lineup rows rejected (invalid); first reason: {v.bad['reason'][0]}")
    if args.out:
        print(f"wrote {scored.height} scored styles to {args.out}")
    return 0
