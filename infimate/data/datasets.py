"""Dataset directories: open/create, atomic writes and the manifest.

A dataset is a directory (see DESIGN.md "Data contract")::

    posts.parquet signals.parquet products.parquet mentions.parquet
    lexicon.csv quarantine/ uploads/ manifest.json

Writes are atomic: the table is written to a temporary file in the same directory
and renamed over the target, so a reader never sees half a file. Every write holds the
dataset's write lock (``.lock``, :mod:`infimate.data.lock`) and is a *commit*: tables and
manifest move into place together, and :meth:`Dataset.manifest` always agrees with the
tables (recovery after a crash: :mod:`infimate.data.manifest`). :meth:`Dataset.version`
is a content stamp for caches. Reading and ingesting user files is
:mod:`infimate.data.ingest`.

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
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from uuid import uuid4

import polars as pl

from infimate.data import manifest as manifest_io
from infimate.data.lock import crash_point, is_held, sweep_temp, write_lock

CONTRACT_VERSION = 1

_Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)
Table = Literal["posts", "signals", "products", "mentions", "coupons", "prices"]
TABLES: tuple[str, ...] = ("posts", "signals", "products", "mentions", "coupons", "prices")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _temp(path: Path) -> Path:
    """A new empty temp file beside ``path``, named ``.<name>.<pid>.<random>.tmp``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    os.close(fd)
    return Path(tmp)


def stage_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temp file beside ``path`` (not renamed yet); returns the temp file."""
    tmp = _temp(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; datasets are shared with other readers
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def stage_parquet(path: Path, df: pl.DataFrame) -> Path:
    """Write a frame as Parquet to a temp file beside ``path``; returns the temp file."""
    tmp = _temp(path)
    try:
        df.write_parquet(tmp, compression="zstd", compression_level=1, statistics=True)
        os.chmod(tmp, 0o644)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _place(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file + rename in the same directory."""
    _place(stage_bytes(path, data), path)


def atomic_write_parquet(path: Path, df: pl.DataFrame) -> None:
    """Write a polars frame to Parquet atomically."""
    _place(stage_parquet(path, df), path)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    return manifest_io.sha256_of(path)


def _coded(t: pl.DataType) -> bool:
    return isinstance(t, (pl.Categorical, pl.Enum))


def text_as_strings(frame: _Frame) -> _Frame:
    """``frame`` with its Categorical/Enum columns cast to String (the contract's type).

    >>> df = pl.DataFrame({"m": ["US"]}, schema={"m": pl.Categorical})
    >>> text_as_strings(df).schema["m"]
    String
    """
    coded = [c for c, t in frame.collect_schema().items() if _coded(t)]
    return frame.with_columns(pl.col(coded).cast(pl.String)) if coded else frame


def scan_strings(path: Path) -> pl.LazyFrame:
    """Lazy scan of a Parquet file with dictionary-coded text (Categorical) read as String
    by the scan itself, so filters on those columns still skip row groups. ``pl.Enum``
    columns (a file polars wrote from Enums; ``tag`` does not) are cast after the scan:
    polars cannot cast them inside it.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = Path(tmp) / "t.parquet"
    ...     pl.DataFrame({"m": ["US", "GB"]}, schema={"m": pl.Categorical}).write_parquet(f)
    ...     scan_strings(f).filter(pl.col("m") == "GB").collect().to_dicts()
    [{'m': 'GB'}]
    """
    lf = pl.scan_parquet(path)
    schema = lf.collect_schema()
    if any(t == pl.Categorical for t in schema.values()):
        as_read = {c: pl.String() if t == pl.Categorical else t for c, t in schema.items()}
        cast = pl.ScanCastOptions(categorical_to_string="allow")
        lf = pl.scan_parquet(path, schema=as_read, cast_options=cast)
    enums = [c for c, t in schema.items() if isinstance(t, pl.Enum)]  # another writer's
    return lf.with_columns(pl.col(enums).cast(pl.String)) if enums else lf


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
        """Lazy scan of a table, or None when the dataset does not have it.

        Text stored as Parquet dictionaries (``pl.Categorical``: what ``tag`` writes, one
        code per row) is read as String, the contract's type (:func:`scan_strings`)."""
        p = self.table_path(table)
        return scan_strings(p) if p.exists() else None

    def read(self, table: str) -> pl.DataFrame | None:
        """Eager read of a table, or None when the dataset does not have it (text as
        String, as :meth:`scan`)."""
        lf = self.scan(table)
        return lf.collect() if lf is not None else None

    def write(self, table: str, df: pl.DataFrame, *, source: str | None = None) -> None:
        """Replace a table and record it in the manifest, as one commit under the lock."""
        with self.writing(what=f"write {table}"):
            staged = stage_parquet(self.table_path(table), df)
            src = [{"table": table, "source": source, "at": _now()}] if source is not None else []
            self.commit({table: (staged, df.height)}, sources=src)

    # ---- locking and commits ----------------------------------------------------
    @contextmanager
    def writing(self, *, what: str = "", wait: float | None = None) -> Iterator[None]:
        """Hold the dataset's write lock (:mod:`infimate.data.lock`), re-entrant per thread.

        The outermost holder first settles the manifest (rolls an interrupted commit
        forward or back, repairs stale entries) and sweeps what killed writers left:
        temp files and upload copies / quarantine files no manifest source names.

        Raises
        ------
        DatasetBusy
            Another writer kept the lock for ``wait`` seconds (default 60,
            ``INFIMATE_LOCK_WAIT``); the message names it.
        """
        outer = not is_held(self.path)
        with write_lock(self.path, what=what, wait=wait):
            if outer:
                m = self._settle()
                for d in (self.path, self.quarantine_dir, self.path / "uploads"):
                    sweep_temp(d)
                for p in manifest_io.orphans(self.path, m):
                    p.unlink(missing_ok=True)
                crash_point("locked")
            yield

    def commit(
        self,
        staged: Mapping[str, tuple[Path, int]],
        *,
        sources: Iterable[dict[str, Any]] = (),
        manifest: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Put staged tables (``{table: (temp file, rows)}``) in place with their manifest.

        Writes the next manifest as ``.manifest.pending.json``, renames the tables, then
        the manifest (see :mod:`infimate.data.manifest` for recovery). Takes the lock.
        Returns the committed manifest.
        """
        with self.writing(what="commit"):
            try:
                crash_point("staged")
                m = dict(self.manifest() if manifest is None else manifest)
                entries = dict(m.get("tables", {}))
                for table, (tmp, rows) in staged.items():
                    entry = manifest_io.describe(tmp, table, rows=rows)
                    entries[table] = {**(entry or {}), "updated": _now()}
                m["tables"] = entries
                m["sources"] = [*m.get("sources", []), *sources]
                m.setdefault("contract_version", CONTRACT_VERSION)
                m["created"] = m.get("created") or _now()
                m["updated"] = _now()
                m["last_commit"] = {"tables": sorted(staged), "at": _now(), "id": uuid4().hex}
                text = json.dumps(m, indent=2, ensure_ascii=False, sort_keys=True)
                _place(stage_bytes(self.pending_path, text.encode("utf-8")), self.pending_path)
                crash_point("pending")
                for table, (tmp, _) in staged.items():
                    os.replace(tmp, manifest_io.table_file(self.path, table))
            finally:
                for tmp, _ in staged.values():
                    tmp.unlink(missing_ok=True)  # gone after a rename; else a failed commit
            crash_point("table")
            os.replace(self.pending_path, self.manifest_path)
            crash_point("committed")
            return m

    def _settle(self) -> dict[str, Any]:
        """Under the lock: finish or undo an interrupted commit, repair stale entries."""
        m, pending, forward, fix = self._view()
        if pending is not None and forward:
            os.replace(self.pending_path, self.manifest_path)  # the tables moved: finish
        elif pending is not None:
            self.pending_path.unlink(missing_ok=True)  # they never moved: undo
        if fix:
            m = manifest_io.repaired(self.path, m, fix)
            text = json.dumps(m, indent=2, ensure_ascii=False, sort_keys=True)
            atomic_write_bytes(self.manifest_path, text.encode("utf-8"))
        return m

    def _view(self) -> tuple[dict[str, Any], dict[str, Any] | None, bool, list[str]]:
        """(manifest in force, the pending manifest if any, whether it is in force, the
        stale tables of the manifest in force)."""
        pending = manifest_io.read_json(self.pending_path)  # first: see the module docs
        m = manifest_io.read_json(self.manifest_path)
        forward = pending is not None and manifest_io.committed(self.path, pending)
        if forward:
            m = pending
        if m is None:
            m = {"contract_version": CONTRACT_VERSION, "created": None, "updated": None}
            m.update(synthetic=False, tables={}, sources=[])
        return m, pending, forward, manifest_io.stale(self.path, m)

    # ---- manifest -----------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.path / manifest_io.MANIFEST_NAME

    @property
    def pending_path(self) -> Path:
        return self.path / manifest_io.PENDING_NAME

    @property
    def exists(self) -> bool:
        """True when the directory is a dataset (it has a manifest)."""
        return self.manifest_path.exists() or self.pending_path.exists()

    def create(self) -> Dataset:
        """Make the directory an empty dataset (a manifest only); returns ``self``."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.save_manifest(self.manifest())
        return self

    def manifest(self) -> dict[str, Any]:
        """The manifest (sources, row counts, hashes, contract version, times).

        Always agrees with the tables on disk: an interrupted commit or a table
        rewritten without a manifest update is settled (saved when no writer holds the
        lock, else only in the returned copy).
        """
        m, pending, _, fix = self._view()
        if pending is None and not fix:
            return m
        try:
            with write_lock(self.path, blocking=False, what="manifest repair") as mine:
                if mine:
                    return self._settle()
        except OSError:  # a read-only dataset: repair in memory only
            pass
        return manifest_io.repaired(self.path, m, fix) if fix else m

    def version(self) -> str:
        """A stamp of the dataset's content: the tables' hashes, the lexicon's bytes and
        the number of sources. It changes with every commit that changes data and with
        a table rewritten behind the manifest's back — a cache key for the UI."""
        m = self.manifest()
        h = hashlib.sha256()
        tables: dict[str, Any] = m.get("tables", {})
        for t in sorted(tables):
            h.update(f"{t}={tables[t].get('sha256')}:{tables[t].get('rows')};".encode())
        for t in (*TABLES, "segments"):  # tables written without a manifest entry
            if t not in tables:
                h.update(f"{t}~{manifest_io.signature(self.table_path(t))};".encode())
        h.update(f"lexicon={manifest_io.content_hash(self.lexicon_path)};".encode())
        h.update(f"sources={len(m.get('sources', []))};synthetic={m.get('synthetic')}".encode())
        return h.hexdigest()[:24]

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        """Commit a manifest (no table change), under the lock."""
        self.commit({}, manifest=manifest)

    def record(
        self,
        table: str,
        *,
        rows: int,
        source: str | None = None,
        sha256: str | None = None,
        **extra: Any,
    ) -> None:
        """Record a table file written by the caller (rows, hash, optional source)."""
        with self.writing(what=f"record {table}"):
            m = self.manifest()
            now = manifest_io.describe(
                manifest_io.table_file(self.path, table), table, rows=rows, sha256=sha256
            )
            m["tables"] = {
                **m.get("tables", {}),
                table: {**(now or {"rows": rows}), "updated": _now()},
            }
            src = [{"table": table, "source": source, "at": _now(), **extra}] if source else []
            self.commit({}, sources=src, manifest=m)

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
