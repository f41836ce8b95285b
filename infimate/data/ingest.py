"""Ingest of user files into a dataset: read, validate, merge, quarantine, record.

:func:`read_table` reads a user CSV or Parquet file (CSV cells all as strings; the
contract types them) and :func:`read_signals` a signals upload in any accepted layout
(long CSV/Parquet, Google Trends export, wide CSV); unreadable files raise
:class:`~infimate.errors.DataFileError` naming the file and the problem.
:func:`ingest` / :func:`ingest_frame` validate the rows (:func:`infimate.data.contract.validate`),
merge the good ones into the dataset table on the contract key (new rows win), write the
bad ones to ``quarantine/`` with row number and reason, keep the original upload in
``uploads/`` and record the source in the manifest — one commit under the dataset's write
lock (:mod:`infimate.data.store`); re-ingesting the same bytes is a no-op. Photos the rows
name (``image_path``) are kept under the dataset, paths confined to it
(:mod:`infimate.data.photos`).

Example
-------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     f = Path(tmp) / "posts.csv"
...     _ = f.write_text("post_id,ts,platform,market,author_id,text\\n"
...                      "p1,2026-01-05,tiktok,US,a1,tweed jacket\\np2,someday,tiktok,US,a2,red\\n")
...     report = ingest(Dataset(tmp).create(), "posts", f)
>>> report.accepted, report.quarantined, report.reasons
(1, 1, (('unparsable ts', 1),))
"""

from __future__ import annotations

import io
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from infimate.data.contract import REJECT, Validation, validate
from infimate.data.datasets import Dataset
from infimate.data.gtrends import SignalsInput, read_csv_text, signals_from_frame, signals_from_text
from infimate.data.photos import keep_photos
from infimate.data.schema import Kind
from infimate.data.store import Progress, Stored, safe_stem, store, tick
from infimate.errors import DataFileError

# ---- reading user files -------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook? export it as CSV)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office file (export it as CSV)"),
    (b"\x1f\x8b", "a gzip archive"),
)


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise DataFileError(path, "file not found")
    if path.is_dir():
        raise DataFileError(path, "is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise DataFileError(path, "file is empty")
    return data


def _decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text of a CSV upload (BOM tolerated), or a DataFileError saying why not."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DataFileError(path, f"is {what}, not a CSV or Parquet file")
    if b"\x00" in data[:65536]:
        raise DataFileError(path, "is a binary file (contains NUL bytes), not a CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            path,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as 'CSV UTF-8'",
        ) from exc
    if not text.strip():
        raise DataFileError(path, "file is empty")
    return text


def _read_parquet(path: Path) -> pl.DataFrame:
    try:
        return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DataFileError(
            path, f"not a readable Parquet file ({str(exc).splitlines()[0][:160]})"
        ) from exc


def _looks_parquet(path: Path, data: bytes) -> bool:
    return data[:4] == b"PAR1" or (path.suffix.lower() in (".parquet", ".pq") and data[:4] != b"")


def read_table(path: str | os.PathLike[str]) -> pl.DataFrame:
    """Read a user CSV or Parquet file (CSV cells all as strings; the contract types them).

    Raises
    ------
    DataFileError
        Missing, empty, binary, not UTF-8, or unparseable file.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "posts.csv").write_text("post_id,engagement\\np1,12\\n")
    ...     read_table(Path(tmp) / "posts.csv").rows()
    [('p1', '12')]
    >>> read_table("no/such/posts.csv")
    Traceback (most recent call last):
    infimate.errors.DataFileError: no/such/posts.csv: file not found
    """
    p = Path(path)
    data = _read_bytes(p)
    if _looks_parquet(p, data):
        return _read_parquet(p)
    return read_csv_text(_decode_text(p, data), name=str(p))


def read_signals(path: str | os.PathLike[str]) -> SignalsInput:
    """Read a signals upload: long CSV/Parquet, Google Trends export, or wide CSV."""
    p = Path(path)
    data = _read_bytes(p)
    if _looks_parquet(p, data):
        return signals_from_frame(_read_parquet(p), name=str(p))
    return signals_from_text(_decode_text(p, data), name=str(p))


def read_signals_typed(path: str | os.PathLike[str]) -> pl.DataFrame:
    """Read a signals file (long CSV/Parquet, wide CSV or Google Trends export) and return
    its valid rows in the contract types (bad rows are dropped, not quarantined).

    Raises
    ------
    DataFileError
        Unreadable file, missing columns, or no valid row at all.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = Path(tmp) / "multiTimeline.csv"  # a Google Trends export
    ...     _ = f.write_text("Category: All categories\\n\\nWeek,tweed: (United States)\\n"
    ...                      "2026-01-04,40\\n2026-01-11,<1\\n")
    ...     s = read_signals_typed(f)
    >>> s.columns[:3], s["value"].to_list(), s["market"][0], s["source"][0]
    (['date', 'element', 'value'], [40.0, 0.5], 'US', 'google_trends')
    """
    s = read_signals(path)
    v = validate("signals", s.frame, file=str(path), row_numbers=s.row_numbers)
    if v.good.is_empty():
        raise DataFileError(path, f"no valid signal rows ({v.bad.height} rejected)")
    return v.good


# ---- ingest -------------------------------------------------------------------


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: rows accepted/quarantined, reasons, table size after merge."""

    kind: str
    file: str
    accepted: int
    quarantined: int
    reasons: tuple[tuple[str, int], ...]
    total_rows: int
    quarantine_file: str | None = None
    upload_file: str | None = None
    layout: str = "table"
    #: why nothing changed (the same bytes were ingested before), else ""
    unchanged: str = ""
    #: what happened to the photos the rows name (:func:`infimate.data.photos.keep_photos`)
    photos: tuple[tuple[str, int], ...] = ()

    def summary(self) -> str:
        """Human summary: ``accepted N, quarantined M`` then one line per reason."""
        if self.unchanged:
            return f"{self.kind} from {self.file}: {self.unchanged} ({self.total_rows} rows)"
        lines = [
            f"{self.kind} from {self.file}: accepted {self.accepted}, quarantined {self.quarantined}"
            f" ({self.total_rows} rows in {self.kind} now)"
        ]
        lines += [f"  {count:>7}  {reason}" for reason, count in self.reasons]
        if self.quarantine_file:
            lines.append(f"quarantined rows: {self.quarantine_file}")
        if self.photos:
            lines.append("photos: " + ", ".join(f"{n} {what}" for what, n in self.photos))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """Flat JSON-ready view (reasons as {category: count})."""
        out = asdict(self)
        out["reasons"] = dict(self.reasons)
        out["photos"] = dict(self.photos)
        return out


def _report(
    v: Validation, file: str, layout: str, stored: Stored, photos: tuple[tuple[str, int], ...]
) -> IngestReport:
    if stored.unchanged:
        return IngestReport(
            kind=v.kind,
            file=file,
            accepted=0,
            quarantined=0,
            reasons=(),
            total_rows=stored.total_rows,
            layout=layout,
            unchanged=stored.unchanged,
        )
    return IngestReport(
        kind=v.kind,
        file=file,
        accepted=v.good.height,
        quarantined=v.bad.height,
        reasons=tuple((str(r), int(c)) for r, c in v.reasons.iter_rows()),
        total_rows=stored.total_rows,
        quarantine_file=str(stored.quarantine) if stored.quarantine else None,
        upload_file=str(stored.upload) if stored.upload else None,
        layout=layout,
        photos=photos,
    )


def ingest(
    dataset: Dataset,
    kind: Kind,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Validate a file and add its good rows to ``dataset`` (bad rows to quarantine/).

    Good rows are appended to ``<kind>.parquet`` de-duplicated on the contract key
    (new rows win); bad rows go to ``quarantine/<kind>-<timestamp>-<stem>.csv`` with
    ``row`` and ``reason``; the original file is copied to ``uploads/``; the
    manifest records the source. The merge and all writes are one commit under the
    dataset's write lock (:mod:`infimate.data.store`); a file with the same bytes as
    one ingested before changes nothing (``report.unchanged`` says so).

    Parameters
    ----------
    progress
        Optional callback receiving the fraction done (0..1), e.g. for a UI bar.

    Raises
    ------
    DataFileError
        The file cannot be read at all or misses required columns.
    DatasetBusy
        Another writer held the dataset longer than ``INFIMATE_LOCK_WAIT`` seconds.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = Path(tmp) / "posts.csv"
    ...     _ = f.write_text("post_id,ts,platform,market,author_id,text\\n"
    ...                      "p1,2026-01-05,tiktok,US,a1,tweed\\np2,2026-01-06,tiktok,US,a2,red\\n")
    ...     ds = Dataset(tmp).create()
    ...     first = ingest(ds, "posts", f)
    ...     again = ingest(ds, "posts", f)  # the same bytes again: nothing changes
    >>> (first.accepted, first.total_rows), (again.accepted, again.total_rows)
    ((2, 2), (0, 2))
    >>> again.unchanged.startswith("identical to the upload")
    True
    """
    p = Path(path)
    tick(progress, 0.0)
    rows: pl.Series | None = None
    layout: str
    if kind == "signals":
        sig = read_signals(p)
        df, rows, layout = sig.frame, sig.row_numbers, sig.layout
    else:
        df = read_table(p)
        layout = "parquet" if p.suffix.lower() in (".parquet", ".pq") else "csv"
    tick(progress, 0.3)
    v = validate(kind, df, file=str(p), row_numbers=rows)
    kept = keep_photos(v.good, dataset, p.resolve().parent, kind)  # confined to the dataset
    v = replace(v, good=kept.frame)
    tick(progress, 0.5)
    stored = store(
        dataset,
        v,
        file=str(p),
        stem=safe_stem(p.stem),
        upload_name=safe_stem(p.name),
        upload=p.read_bytes(),
        layout=layout,
        progress=progress,
    )
    return _report(v, str(p), layout, stored, kept.counts)


def ingest_frame(
    dataset: Dataset,
    kind: Kind,
    df: pl.DataFrame,
    *,
    source: str,
    progress: Progress | None = None,
) -> IngestReport:
    """Like :func:`ingest` for an in-memory frame (e.g. a UI upload already parsed).

    The frame itself is kept as ``uploads/<timestamp>-<source>.parquet``.

    Example
    -------
    >>> import tempfile
    >>> wide = pl.DataFrame({"date": ["2026-01-05", "2026-01-12"], "tweed": [40, 55],
    ...                      "red": [3, None]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     r = ingest_frame(Dataset(tmp).create(), "signals", wide, source="upload.csv")
    >>> r.layout, r.accepted, r.quarantined, r.reasons
    ('wide', 3, 1, (('missing value', 1),))
    """
    tick(progress, 0.0)
    rows: pl.Series | None = None
    layout = "frame"
    if kind == "signals":
        sig = signals_from_frame(df, name=source)
        df, rows, layout = sig.frame, sig.row_numbers, sig.layout
    v = validate(kind, df, file=source, row_numbers=rows)
    kept = keep_photos(v.good, dataset, None, kind)  # only photos already in the dataset
    v = replace(v, good=kept.frame)
    tick(progress, 0.5)
    stem = safe_stem(Path(source).stem)
    buf = io.BytesIO()
    df.drop(REJECT, strict=False).write_parquet(buf, compression="zstd", statistics=True)
    stored = store(
        dataset,
        v,
        file=source,
        stem=stem,
        upload_name=f"{stem}.parquet",
        upload=buf.getvalue(),
        layout=layout,
        progress=progress,
    )
    return _report(v, source, layout, stored, kept.counts)
