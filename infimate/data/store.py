"""The write half of an ingest: merge validated rows into a dataset as one locked commit.

Everything from reading the current table to renaming the merged one into place happens
while holding the dataset's write lock (:meth:`~infimate.data.datasets.Dataset.writing`),
so two ingests into one dataset — CLI, Data page, threads or processes — queue instead of
one overwriting the other's rows. Within the lock: the upload copy is written, the table
merged and staged, the quarantine file written, then table and manifest are committed
together (:meth:`~infimate.data.datasets.Dataset.commit`). An upload whose bytes were
already ingested into the same table (the manifest keeps each source's ``input_sha256``)
changes nothing — no table write, no new quarantine file, no new upload copy.

Example
-------
>>> import tempfile
>>> from infimate.data.contract import validate
>>> v = validate("posts", pl.DataFrame({"post_id": ["p1"], "ts": ["2026-01-05"],
...     "platform": ["tiktok"], "market": ["US"], "author_id": ["a1"], "text": ["tweed"]}))
>>> with tempfile.TemporaryDirectory() as tmp:
...     ds = Dataset(tmp)
...     first = store(ds, v, file="p.csv", stem="p", upload_name="p.csv", upload=b"x")
...     again = store(ds, v, file="p.csv", stem="p", upload_name="p.csv", upload=b"x")
>>> first.total_rows, first.unchanged, again.total_rows, again.unchanged[:23]
(1, '', 1, 'identical to the upload')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from infimate.data.export import csv_bytes
from infimate.data.contract import Validation, validate
from infimate.data.datasets import Dataset, atomic_write_bytes, stage_bytes, stage_parquet
from infimate.data.gtrends import read_csv_text
from infimate.data.lock import crash_point
from infimate.data.schema import schema
from infimate.errors import InfimateError

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Stored:
    """What :func:`store` committed (or why it changed nothing)."""

    total_rows: int
    upload: Path | None
    quarantine: Path | None
    unchanged: str = ""


def stamp() -> str:
    """The ingest stamp in file names: ``YYYYmmddTHHMMSSffffffZ`` (UTC)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def safe_stem(name: str) -> str:
    """A file-name-safe version of an upload's name."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._")[:60] or "upload"


def tick(progress: Progress | None, fraction: float) -> None:
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0))


def _existing(dataset: Dataset, kind: str) -> pl.DataFrame | None:
    if kind != "lexicon":
        return dataset.read(kind)
    p = dataset.lexicon_path
    if not p.exists():
        return None
    return validate("lexicon", read_csv_text(p.read_text(encoding="utf-8-sig"), name=str(p))).good


def merge(dataset: Dataset, kind: str, good: pl.DataFrame) -> pl.DataFrame:
    """Existing table + new good rows, de-duplicated on the key (new rows win)."""
    existing = _existing(dataset, kind)
    if existing is None or existing.height == 0:
        return good
    try:
        both = pl.concat([existing, good], how="diagonal_relaxed")
    except pl.exceptions.PolarsError as exc:
        raise InfimateError(
            f"{dataset.table_path(kind)}: existing table does not match the {kind} contract ({exc})"
        ) from exc
    return both.unique(subset=list(schema(kind).key), keep="last", maintain_order=True)


def _same_upload(manifest: dict[str, Any], kind: str, digest: str) -> dict[str, Any] | None:
    for s in reversed(manifest.get("sources", [])):
        if s.get("table") == kind and s.get("input_sha256") == digest:
            return dict(s)
    return None


def store(
    dataset: Dataset,
    v: Validation,
    *,
    file: str,
    stem: str,
    upload_name: str,
    upload: bytes,
    layout: str = "table",
    progress: Progress | None = None,
) -> Stored:
    """Merge ``v.good`` into the dataset, quarantine ``v.bad``, keep ``upload`` — one commit."""
    kind = v.kind
    digest = hashlib.sha256(upload).hexdigest()
    with dataset.writing(what=f"ingest {kind} from {Path(file).name}"):
        m = dataset.manifest()
        rows_now = int(m.get("tables", {}).get(kind, {}).get("rows", 0))
        same = _same_upload(m, kind, digest)
        if same is not None:
            tick(progress, 1.0)
            return Stored(
                total_rows=rows_now,
                upload=Path(same["source"]) if same.get("source") else None,
                quarantine=Path(same["quarantine"]) if same.get("quarantine") else None,
                unchanged=f"identical to the upload {same.get('file') or same.get('source')} "
                f"ingested at {same.get('at')}: nothing changed",
            )
        st = stamp()
        copy = dataset.upload_file(st, upload_name)
        atomic_write_bytes(copy, upload)
        crash_point("upload")
        merged = merge(dataset, kind, v.good)
        tick(progress, 0.75)
        qfile: Path | None = None
        if v.bad.height:
            qfile = dataset.quarantine_file(kind, st, stem)
            atomic_write_bytes(qfile, csv_bytes(v.bad))  # formula cells neutralised
            crash_point("quarantine")
        staged = (
            stage_bytes(dataset.lexicon_path, merged.write_csv().encode("utf-8"))
            if kind == "lexicon"
            else stage_parquet(dataset.table_path(kind), merged)
        )
        source = {
            "table": kind,
            "source": str(copy),
            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "file": file,
            "layout": layout,
            "accepted": v.good.height,
            "quarantined": v.bad.height,
            "quarantine": str(qfile) if qfile else None,
            "input_sha256": digest,
        }
        dataset.commit({kind: (staged, merged.height)}, sources=[source])
    tick(progress, 1.0)
    return Stored(total_rows=merged.height, upload=copy, quarantine=qfile)
