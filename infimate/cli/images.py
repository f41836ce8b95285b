"""Photo verb: ``tag-images`` — the colours of product or post photos, one row per photo."""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from infimate.cli.output import plain_cell, print_json
from infimate.data.datasets import Dataset, atomic_write_bytes, atomic_write_parquet
from infimate.data.export import csv_bytes, xlsx_bytes
from infimate.data.ingest import read_table
from infimate.elements.lexicon import load_lexicon
from infimate.elements.photo_tags import image_files, timed_tag_photos
from infimate.errors import DataFileError

OUT_COLUMNS = ("id", "colours", "shares", "confidence", "error")


def _items(args: argparse.Namespace) -> pl.DataFrame:
    if args.dir:
        folder = Path(args.dir)
        if not folder.is_dir():
            raise DataFileError(folder, "not a folder")
        return image_files(folder)
    if not args.id_col or not args.image_col:
        raise DataFileError(args.input, "--input needs --id-col and --image-col")
    table = read_table(args.input)
    missing = [c for c in (args.id_col, args.image_col) if c not in table.columns]
    if missing:
        raise DataFileError(args.input, f"no column(s) {', '.join(missing)} (has {table.columns})")
    base = Path(args.input).resolve().parent
    paths = [
        str(base / p) if p and not Path(p).is_absolute() else p
        for p in table[args.image_col].cast(pl.String).to_list()
    ]
    return table.select(pl.col(args.id_col).cast(pl.String).alias("id")).with_columns(
        pl.Series("path", paths, dtype=pl.String)
    )


def _write(tags: pl.DataFrame, out: str) -> None:
    path = Path(out)
    if path.suffix.lower() in (".parquet", ".pq"):
        atomic_write_parquet(path, tags)
        return
    flat = tags.with_columns(
        pl.col("colours").list.join(";"),
        pl.col("shares").cast(pl.List(pl.String)).list.join(";"),
    )
    xlsx = path.suffix.lower() == ".xlsx"
    atomic_write_bytes(path, xlsx_bytes(flat) if xlsx else csv_bytes(flat))


def run_tag_images(args: argparse.Namespace) -> int:
    """``tag-images (--dir DIR | --input F --id-col C --image-col C) [--out F] [--json]``."""
    items = _items(args)
    lexicon = load_lexicon(Dataset(args.dataset) if args.dataset else None)
    run = timed_tag_photos(items, lexicon)
    tags = run.tags.select(OUT_COLUMNS)
    if args.out:
        _write(tags, args.out)
    summary = {
        "photos": tags.height,
        "tagged": run.n_read,
        "errors": run.errors.to_dicts(),
        "seconds": round(run.seconds, 3),
        "photos_per_second": run.photos_per_second,
        "out": args.out,
    }
    if args.json:
        print_json({**summary, **({} if args.out else {"tags": tags.to_dicts()})})
        return 0
    if not args.out:
        for row in tags.filter(pl.col("error").is_null()).iter_rows(named=True):
            shares = " ".join(f"{s:.2f}" for s in row["shares"])
            colours = ", ".join(row["colours"]) or "—"
            print(
                f"{plain_cell(row['id'], 16)}  {colours:<40}  {shares:<15}  {row['confidence']:.2f}"
            )
    for row in run.errors.iter_rows(named=True):
        print(f"skipped {plain_cell(row['id'], 40).rstrip()}: {row['error']}")
    print(
        f"{run.n_read:,} of {tags.height:,} photos tagged, {len(summary['errors']):,} skipped "
        f"({run.photos_per_second:,.0f} photos/s)" + (f"; wrote {args.out}" if args.out else "")
    )
    return 0
