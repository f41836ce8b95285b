"""Dataset verbs: ``demo``, ``ingest``, ``tag``, ``discover``."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from infimate.cli.output import plain_cell, print_json
from infimate.data.datasets import Dataset
from infimate.data.ingest import ingest
from infimate.data.schema import Kind
from infimate.demo.build import write_demo
from infimate.elements.discovery import DISCOVERY_RULE, discover_terms, last_day
from infimate.elements.lexicon import load_lexicon
from infimate.elements.products import tag_products
from infimate.errors import DataFileError
from infimate.signals.build import tag_dataset


def run_tag(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate tag --dataset DIR [--json]``."""

    report = tag_dataset(Dataset(args.dataset))
    if args.json:
        print_json(asdict(report))
    else:
        print(
            f"tagged {report.posts:,} posts: {report.mentions:,} mentions of "
            f"{report.elements_seen} elements, {report.signals_rows:,} signal rows "
            f"in {report.seconds} s"
        )
        if report.products is not None:
            print(report.products.summary())
    _fit_hit_model(Dataset(args.dataset), quiet=args.json)
    return 0


def _fit_hit_model(ds: Dataset, *, quiet: bool = False) -> None:
    """Score and save the current alerts, fit and save the hit model now (not on the first
    page visit); a dataset whose products cannot support a model gets a note, not an error."""
    from infimate.errors import InfimateError
    from infimate.hit import store
    from infimate.trends import alerts_store

    if ds.has("signals"):
        alerts_store.ensure(ds.path)  # current alerts saved too: no page visit scores them
    try:
        fitted = store.ensure(ds.path)
    except InfimateError as exc:
        if not quiet:
            print(f"hit model: not fitted ({exc})")
        return
    if fitted is not None and not quiet:
        print(f"hit model: fitted on {fitted[0].n_train:,} launches and saved beside the dataset")


def run_ingest(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate ingest --dataset DIR (--posts F | --signals F | --products F)``."""

    kinds: tuple[Kind, ...] = ("posts", "signals", "products")
    kind = next(k for k in kinds if getattr(args, k, None))
    ds = Dataset(args.dataset)
    if ds.path.exists() and not ds.path.is_dir():
        raise DataFileError(ds.path, "dataset path exists and is not a directory")
    # one lock around the merge and the product tagging that rewrites products.parquet,
    # so a concurrent ingest cannot slip in between (and lose rows to the rewrite)
    with ds.writing(what=f"ingest {kind} (CLI)"):
        report = ingest(ds, kind, getattr(args, kind))
        products = tag_products(ds) if kind == "products" and not report.unchanged else None
    if getattr(args, "json", False):
        body = report.to_json()
        if products is not None:
            body["products_read"] = asdict(products)
        print_json(body)
    else:
        print(report.summary())
        if products is not None:
            print(products.summary())
    if kind in ("products", "signals"):
        _fit_hit_model(ds, quiet=getattr(args, "json", False))
    return 0


def run_discover(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate discover --dataset DIR [--asof DATE] [--top N] [--json]``."""

    ds = Dataset(args.dataset)
    posts = ds.scan("posts")
    if posts is None:
        raise DataFileError(ds.table_path("posts"), "no posts table in this dataset")
    res = discover_terms(posts, load_lexicon(ds), asof=args.asof, top=args.top)
    day = last_day(posts, args.asof)
    asof = day.isoformat() if day is not None else None
    if args.json:
        print_json({"dataset": str(ds.path), "asof": asof, "terms": res.to_dicts()})
        return 0
    print(
        f"coined-term candidates as of {asof} (recent = posts in the last "
        f"{DISCOVERY_RULE.recent_weeks} weeks, base = the {DISCOVERY_RULE.base_weeks} before)"
    )
    print(
        f"{'term':<22} {'lang':<4} {'recent':>6} {'base':>5} {'growth':>7} {'kol':>3} {'score':>6}  first KOL post"
    )
    for r in res.iter_rows(named=True):
        print(
            f"{plain_cell(r['term'], 22)} {r['lang']:<4} {r['recent']:>6} {r['base']:>5} {r['growth']:>7.2f}"
            f" {'yes' if r['kol_first'] else 'no':>3} {r['score']:>6.2f}  {plain_cell(r['first_kol_text'], 50)}"
        )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate demo --out DIR [--seed N] [--posts N]``."""

    summary = write_demo(args.out, seed=args.seed, n_posts=args.posts)
    if args.json:
        print_json(summary)
    else:
        print(
            f"demo world (synthetic) in {summary['out']}: {summary['posts']:,} posts, "
            f"{summary['products']:,} products, {summary['mentions']:,} mentions, "
            f"{summary['breakouts']} planted breakouts in {summary['seconds']} s"
        )
    return 0
