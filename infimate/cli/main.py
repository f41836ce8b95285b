"""Command line: ``python -m infimate VERB ...`` (stable interface, see DESIGN.md).

:func:`build_parser` declares every verb and option (each with its help);
:func:`dispatch` imports the verb's handler module only when that verb runs, so
``--help`` and a verb's start stay cheap. Errors the user can fix
(:class:`~infimate.errors.InfimateError`) print one line to stderr and exit with code 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import polars as pl

from infimate.errors import InfimateError

JSON_HELP = "print one JSON object instead of text"


def _dataset(s: argparse.ArgumentParser, *, required: bool = True, what: str = "") -> None:
    s.add_argument(
        "--dataset",
        required=required,
        metavar="DIR",
        help=what or "dataset directory (see data/README.md)",
    )


def _json(s: argparse.ArgumentParser) -> None:
    s.add_argument("--json", action="store_true", help=JSON_HELP)


def _dataset_or_signals(s: argparse.ArgumentParser) -> None:
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--dataset", metavar="DIR", help="dataset directory")
    g.add_argument("--signals", metavar="FILE", help="a signals file (any accepted layout)")


def _data_verbs(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("demo", help="generate the synthetic demo world")
    s.add_argument("--out", required=True, metavar="DIR", help="dataset directory to create")
    s.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    s.add_argument("--posts", type=int, default=700_000, help="number of posts (default: 700000)")
    _json(s)

    s = sub.add_parser("ingest", help="validate and add a file to a dataset")
    _dataset(s, what="dataset directory to add to (created if missing)")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--posts", metavar="FILE", help="posts CSV or Parquet")
    g.add_argument(
        "--signals",
        metavar="FILE",
        help="signals CSV/Parquet, a Google Trends multiTimeline.csv or a wide CSV",
    )
    g.add_argument("--products", metavar="FILE", help="products CSV or Parquet")
    _json(s)

    s = sub.add_parser("tag", help="tag posts into mentions + post-derived signals")
    _dataset(s)
    _json(s)

    s = sub.add_parser(
        "tag-catalogue", help="read product text into item, colours and details (element ids)"
    )
    s.add_argument("--input", required=True, metavar="FILE", help="products CSV or Parquet")
    s.add_argument("--id-col", required=True, metavar="C", help="the product id column")
    s.add_argument(
        "--text-col",
        required=True,
        action="append",
        metavar="C",
        help="text column (title, description); repeat to read several, joined as sentences",
    )
    s.add_argument("--out", default=None, metavar="FILE", help="write the tags (.csv or .parquet)")
    _dataset(s, required=False, what="dataset whose lexicon.csv adds to the built-in lexicon")
    s.add_argument(
        "--label-col", default=None, metavar="C", help="shop's article-type label: report agreement"
    )
    s.add_argument(
        "--colour-col", default=None, metavar="C", help="shop's colour label: report agreement"
    )
    _json(s)

    s = sub.add_parser("tag-images", help="read photos' colours (element ids, main first, shares)")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--dir", metavar="DIR", help="every photo under this folder (id = file name)")
    g.add_argument("--input", metavar="FILE", help="CSV or Parquet table naming the photos")
    s.add_argument("--id-col", metavar="C", help="with --input: the id column")
    s.add_argument("--image-col", metavar="C", help="with --input: image path (relative to FILE)")
    s.add_argument(
        "--out", default=None, metavar="FILE", help="write the tags (.csv/.parquet/.xlsx)"
    )
    _dataset(s, required=False, what="dataset whose lexicon.csv adds to the built-in lexicon")
    _json(s)

    s = sub.add_parser("lexicon", help="list the elements (built-in + a dataset's additions)")
    _dataset(s, required=False, what="dataset whose lexicon.csv adds to the built-in lexicon")
    s.add_argument("--type", default=None, help="only elements of this type (e.g. item, color)")
    _json(s)

    s = sub.add_parser("discover", help="rank coined terms not in the lexicon")
    _dataset(s)
    s.add_argument("--asof", default=None, metavar="DATE", help="YYYY-MM-DD (default: last post)")
    s.add_argument("--top", type=int, default=20, help="how many terms (default: 20)")
    _json(s)


def _trend_verbs(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("alerts", help="early-signal alerts as of a date")
    _dataset(s)
    s.add_argument("--asof", default=None, metavar="DATE", help="YYYY-MM-DD (default: last week)")
    _json(s)

    s = sub.add_parser("backtest", help="walk-forward backtest of alerts vs breakouts")
    _dataset_or_signals(s)
    s.add_argument(
        "--horizon-days",
        type=int,
        default=84,
        help="an alert counts when a breakout follows within this many days (default: 84)",
    )
    _json(s)

    s = sub.add_parser("forecast-eval", help="rolling-origin forecast evaluation")
    _dataset_or_signals(s)
    s.add_argument("--horizon", type=int, default=12, help="weeks ahead (default: 12)")
    s.add_argument("--origins", type=int, default=5, help="forecast origins (default: 5)")
    _json(s)


def _hit_verbs(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("hit-eval", help="time-split evaluation of the hit-rate model")
    _dataset(s, required=False, what="dataset directory (or --products and --signals)")
    s.add_argument("--products", metavar="FILE", help="launched products CSV/Parquet")
    s.add_argument("--signals", metavar="FILE", help="signals file for the products' elements")
    s.add_argument(
        "--test-from",
        default=None,
        metavar="DATE",
        help="first launch date held out (default: start of the second-to-last quarter)",
    )
    s.add_argument(
        "--lead-days",
        type=int,
        default=45,
        help="days before launch a style is decided; features stop there (default: 45)",
    )
    _json(s)

    s = sub.add_parser("score", help="score a lineup of candidate styles")
    _dataset(s, what="dataset with launched products to fit the model on")
    s.add_argument("--lineup", required=True, metavar="FILE", help="candidate styles CSV")
    s.add_argument("--out", default=None, metavar="FILE", help="write the scored lineup as CSV")
    _json(s)


def _output_verbs(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("copy", help="selling copy for an element or a style")
    _dataset(s)
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--element", help="element id, name or alias (EN or 中文)")
    g.add_argument("--sku", help="a product's sku")
    s.add_argument("--voice", default="top-streamer", help="voice (default: top-streamer)")
    s.add_argument("--fmt", default="live-script", help="format (default: live-script)")
    s.add_argument("--lang", choices=["en", "zh"], default="en", help="language (default: en)")
    s.add_argument(
        "--provider",
        choices=["offline", "openai"],
        default="offline",
        help="offline writer, or an OpenAI-compatible endpoint from OPENAI_API_KEY, "
        "INFIMATE_LLM_BASE_URL, INFIMATE_LLM_MODEL (default: offline)",
    )
    s.add_argument("--seed", type=int, default=0, help="offline writer seed (default: 0)")
    _json(s)

    s = sub.add_parser("report", help="brand-partner briefing (HTML or PDF)")
    _dataset(s)
    s.add_argument("--out", required=True, metavar="FILE", help="F.html or F.pdf")
    for seg in ("market", "crowd", "scene"):
        s.add_argument(f"--{seg}", default="all", help=f"segment {seg} (default: all)")
    s.add_argument(
        "--brand", default=None, metavar="NAME", help="brand name for the cover and titles"
    )
    s.add_argument(
        "--logo", default=None, metavar="FILE", help="brand logo image (PNG or JPEG) for the cover"
    )

    s = sub.add_parser("bestie", help="shopper agent: outfits, cheapest checkout, when to buy")
    _dataset(s)
    s.add_argument(
        "--profile",
        default=None,
        metavar="FILE",
        help="profile JSON (see infimate.bestie.profile; optional with --ask)",
    )
    s.add_argument(
        "--ask", default=None, metavar="TEXT", help="answer one shopper question (EN/中文)"
    )
    s.add_argument(
        "--provider",
        default="offline",
        choices=("offline", "openai"),
        help="who answers --ask: offline (default) or an OpenAI-compatible endpoint "
        "(OPENAI_API_KEY, INFIMATE_LLM_BASE_URL, INFIMATE_LLM_MODEL; offline fallback)",
    )
    _json(s)


def _tool_verbs(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("bench", help="run benchmarks (see bench/README.md)")
    s.add_argument("name", nargs="?", default=None, help="one benchmark (default: all but scale)")
    s.add_argument("--posts", type=int, default=None, help="posts for the tagging benchmarks")
    s.add_argument(
        "--save", action="store_true", help="write bench/results/NAME.json (default: print only)"
    )
    s.add_argument(
        "--markdown",
        action="store_true",
        help="print the saved results as Markdown tables instead of running (NAME=render: "
        "the README's dashboard-render table)",
    )
    _json(s)

    s = sub.add_parser("scale-tag", help="out-of-core incremental tagging of a Parquet dir")
    s.add_argument("--input", required=True, help="directory of post Parquet files")
    s.add_argument("--output", required=True, help="signals/segments/state output dir")
    s.add_argument(
        "--batch-rows", type=int, default=1_000_000, help="posts per batch (default: 1000000)"
    )
    _json(s)

    s = sub.add_parser("spark-tag", help="tag + aggregate posts with Apache Spark")
    s.add_argument("--input", required=True, help="post Parquet file or directory")
    s.add_argument("--output", required=True, help="output directory (local, hdfs://, s3a://)")
    s.add_argument("--master", default=None, help="e.g. local[4], yarn, k8s://https://...")
    s.add_argument("--driver-memory", default=None, help="e.g. 4g (default: Spark's)")
    s.add_argument(
        "--conf", action="append", default=[], metavar="KEY=VALUE", help="Spark setting (repeat)"
    )
    _json(s)


def build_parser() -> argparse.ArgumentParser:
    """Every verb and option of ``python -m infimate``."""
    p = argparse.ArgumentParser(prog="python -m infimate", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_data_verbs, _trend_verbs, _hit_verbs, _output_verbs, _tool_verbs):
        add(sub)
    return p


def dispatch(args: argparse.Namespace) -> int:
    """Run the handler of ``args.command`` (its module is imported here, on use)."""
    cmd = args.command
    if cmd in ("demo", "ingest", "tag", "discover"):
        from infimate.cli import dataset

        handlers = {
            "demo": dataset.run_demo,
            "ingest": dataset.run_ingest,
            "tag": dataset.run_tag,
            "discover": dataset.run_discover,
        }
        return handlers[cmd](args)
    if cmd in ("tag-catalogue", "lexicon"):
        from infimate.cli import elements

        return (
            elements.run_tag_catalogue(args)
            if cmd == "tag-catalogue"
            else elements.run_lexicon(args)
        )
    if cmd == "tag-images":
        from infimate.cli import images

        return images.run_tag_images(args)
    if cmd in ("alerts", "backtest"):
        from infimate.cli import trends

        return trends.run_alerts(args) if cmd == "alerts" else trends.run_backtest(args)
    if cmd == "forecast-eval":
        from infimate.cli import forecast

        return forecast.run_forecast_eval(args)
    if cmd in ("hit-eval", "score"):
        from infimate.cli import hit

        return hit.run_hit_eval(args) if cmd == "hit-eval" else hit.run_score(args)
    if cmd == "copy":
        from infimate.cli import copy

        return copy.run_copy(args)
    if cmd == "report":
        from infimate.cli import report

        return report.run_report(args)
    if cmd == "bestie":
        from infimate.cli import bestie

        return bestie.run_bestie(args)
    if cmd == "bench":
        from infimate.cli import bench

        return bench.run_bench(args)
    from infimate.cli import scale

    return scale.run_scale_tag(args) if cmd == "scale-tag" else scale.run_spark_tag(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, run the verb, turn user-fixable errors into one line and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(dispatch(args) or 0)
    except InfimateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError, pl.exceptions.PolarsError) as exc:
        # input the validators did not anticipate: still one line, never a traceback
        # (set INFIMATE_DEBUG=1 to see the traceback when debugging)
        if os.environ.get("INFIMATE_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
