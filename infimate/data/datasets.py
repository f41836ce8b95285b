"""Dataset directories: open/create, atomic writes and the manifest.

A dataset is a directory (see DESIGN.md "Data contract")::

    posts.parquet signals.parquet products.parquet mentions.parquet
    lexicon.csv quarantine/ uploads/ manifest.json

Writes are atomic: the table is written to a temporary file in the same directory
and renamed over the target, so a reader never sees half a file. Reading and ingesting
user files is :mod:`infimate.data.ingest`; its names stay importable from here.

Example
-------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     ds = Dataset(tmp).create()
...     ds.write("posts", pl.DataFrame({"post_id": ["p1", "p2"], "text": ["tweed", "red"]}))
...     ds.read("posts").height, ds.manifest()["tables"]["posts"]["rows"], ds.has("signals")
(2, 2, False)
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import polars as pl

CONTRACT_VERSION = 1

Table = Literal["posts", "signals", "products", "mentions", "coupons", "prices"]
TABLES: tuple[str, ...] = ("posts", "signals", "products", "mentions", "coupons", "prices")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file + rename in the same directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; datasets are shared with other readers
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_parquet(path: Path, df: pl.DataFrame) -> None:
    """Write a polars frame to Parquet atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        df.write_parquet(tmp, compression="zstd", statistics=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Dataset:
    """A dataset directory. Cheap to create; nothing is read until asked."""

    path: Path

    def __init__(self, path: str | os.PathLike[str]) -> None:
        object.__setattr__(self, "path", Path(path))

    # ---- tables -------------------------------------------------------------
    def table_path(self, table: str) -> Path:
        return self.path / f"{table}.parquet"

    def has(self, table: str) -> bool:
        return self.table_path(table).exists()

    def scan(self, table: str) -> pl.LazyFrame | None:
        """Lazy scan of a table, or None when the dataset does not have it."""
        p = self.table_path(table)
        return pl.scan_parquet(p) if p.exists() else None

    def read(self, table: str) -> pl.DataFrame | None:
        """Eager read of a table, or None when the dataset does not have it."""
        p = self.table_path(table)
        return pl.read_parquet(p) if p.exists() else None

    def write(self, table: str, df: pl.DataFrame, *, source: str | None = None) -> None:
        """Atomically replace a table and record it in the manifest."""
        p = self.table_path(table)
        atomic_write_parquet(p, df)
        self.record(table, rows=df.height, source=source, sha256=file_sha256(p))

    # ---- manifest -----------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    @property
    def exists(self) -> bool:
        """True when the directory is a dataset (it has a manifest)."""
        return self.manifest_path.exists()

    def create(self) -> Dataset:
        """Make the directory an empty dataset (a manifest only); returns ``self``."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.save_manifest(self.manifest())
        return self

    def manifest(self) -> dict[str, Any]:
        """The manifest (sources, row counts, hashes, contract version, times)."""
        if not self.manifest_path.exists():
            return {
                "contract_version": CONTRACT_VERSION,
                "created": None,
                "updated": None,
                "synthetic": False,
                "tables": {},
                "sources": [],
            }
        manifest: dict[str, Any] = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return manifest

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        manifest = dict(manifest)
        manifest.setdefault("contract_version", CONTRACT_VERSION)
        manifest["created"] = manifest.get("created") or _now()
        manifest["updated"] = _now()
        text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
        atomic_write_bytes(self.manifest_path, text.encode("utf-8"))

    def record(
        self,
        table: str,
        *,
        rows: int,
        source: str | None = None,
        sha256: str | None = None,
        **extra: Any,
    ) -> None:
        """Record a table's row count / hash (and optionally a source) in the manifest."""
        m = self.manifest()
        tables = dict(m.get("tables", {}))
        tables[table] = {"rows": rows, "sha256": sha256, "updated": _now()}
        m["tables"] = tables
        if source is not None:
            m.setdefault("sources", []).append(
                {"table": table, "source": source, "at": _now(), **extra}
            )
        self.save_manifest(m)

    @property
    def synthetic(self) -> bool:
        """True for generated demo worlds (the UI must label them)."""
        return bool(self.manifest().get("synthetic", False))

    # ---- quarantine and uploads ------------------------------------------------
    @property
    def quarantine_dir(self) -> Path:
        return self.path / "quarantine"

    def quarantine_file(self, kind: str, stamp: str, stem: str) -> Path:
        """Where the rejected rows of one upload go: ``quarantine/<kind>-<stamp>-<stem>.csv``."""
        return self.quarantine_dir / f"{kind}-{stamp}-{stem}.csv"

    def quarantine_files(self) -> list[Path]:
        """The quarantine files, newest first."""
        d = self.quarantine_dir
        return sorted(d.glob("*.csv"), reverse=True) if d.exists() else []

    def upload_file(self, stamp: str, name: str) -> Path:
        """Where the copy of an original upload goes: ``uploads/<stamp>-<name>``."""
        return self.path / "uploads" / f"{stamp}-{name}"

    @property
    def lexicon_path(self) -> Path:
        return self.path / "lexicon.csv"
