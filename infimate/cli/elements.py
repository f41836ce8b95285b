"""Element verbs: ``tag-catalogue`` (products' item, colours, details) and ``lexicon``."""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from infimate.cli.output import print_json
from infimate.data.datasets import Dataset, atomic_write_bytes, atomic_write_parquet
from infimate.data.export import csv_bytes, xlsx_bytes
from infimate.data.ingest import read_table
from infimate.elements.catalogue import tag_catalogue
from infimate.elements.labels import agreement
from infimate.elements.lexicon import load_lexicon
from infimate.errors import DataFileError


def _texts(table: pl.DataFrame, source: str, id_col: str, text_cols: list[str]) -> pl.DataFrame:
    missing = [c for c in (id_col, *text_cols) if c not in table.columns]
    if missing:
        raise DataFileError(source, f"no column(s) {', '.join(missing)} (has {table.columns})")
    text = pl.concat_str([pl.col(c).fill_null("") for c in text_cols], separator=". ")
    return table.select(pl.col(id_col).cast(pl.String).alias("id"), text.alias("text"))


def _write(tags: pl.DataFrame, out: str) -> None:
    path = Path(out)
    if path.suffix.lower() in (".parquet", ".pq"):
        atomic_write_parquet(path, tags)
        return
    flat = tags.with_columns(pl.col("colours", "details").list.join(";"))
    xlsx = path.suffix.lower() == ".xlsx"
    atomic_write_bytes(path, xlsx_bytes(flat) if xlsx else csv_bytes(flat))


def run_tag_catalogue(args: argparse.Namespace) -> int:
    """``tag-catalogue --input F --id-col C --text-col C [--out F] [--json]``."""
    table = read_table(args.input)
    texts = _texts(table, args.input, args.id_col, args.text_col)
    lexicon = load_lexicon(Dataset(args.dataset) if args.dataset else None)
    tags = tag_catalogue(texts, lexicon)
    if args.out:
        _write(tags, args.out)
    labels = {
        "item_labels": table[args.label_col] if args.label_col else None,
        "colour_labels": table[args.colour_col] if args.colour_col else None,
    }
    has_labels = any(v is not None for v in labels.values())
    agreed = agreement(tags, lexicon, **labels) if has_labels else None
    with_item = int(tags["item"].is_not_null().sum())
    if args.json:
        body: dict[str, object] = {"input": args.input, "rows": tags.height, "with_item": with_item}
        body["out"] = args.out
        if agreed is not None:
            body["agreement"] = agreed.as_dict()
        if not args.out:
            body["tags"] = tags.to_dicts()
        print_json(body)
        return 0
    if not args.out:
        with pl.Config(tbl_rows=30, fmt_str_lengths=40, tbl_width_chars=140):
            print(tags)
    print(
        f"{tags.height:,} products, {with_item:,} with an item"
        + (f"; wrote {args.out}" if args.out else "")
    )
    if agreed is not None:
        for k, v in agreed.as_dict().items():
            if k != "unmapped_labels":
                print(f"  {k}: {v}")
    return 0


def run_lexicon(args: argparse.Namespace) -> int:
    """``lexicon [--dataset DIR] [--type T] [--json]``: every element with its names and parent."""
    lex = load_lexicon(Dataset(args.dataset) if args.dataset else None)
    if args.type:
        lex = lex.filter(pl.col("type") == args.type)
    if args.json:
        print_json({"elements": lex.rename({"element_id": "id"}).to_dicts()})
        return 0
    view = lex.select(
        "element_id", "type", "name_en", "name_zh", pl.col("aliases").list.join("; "), "parent"
    )
    with pl.Config(tbl_rows=-1, fmt_str_lengths=50, tbl_width_chars=160):
        print(view)
    return 0
