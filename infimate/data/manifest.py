"""What the manifest promises about each table, and how a disagreement is found and fixed.

Each table entry of ``manifest.json`` records the table file's ``rows``, ``sha256`` and
signature (``size``, ``mtime_ns``). A commit (:meth:`~infimate.data.datasets.Dataset.commit`)
writes the next manifest as ``.manifest.pending.json`` naming the tables it commits
(``last_commit``), renames the tables into place, then renames the pending manifest over
``manifest.json``. So after a crash at any point either

* the pending manifest's tables are on disk (the crash came after the table renames):
  it is the truth and is *rolled forward*; or
* they are not (the crash came before): it is *rolled back* (deleted) — the old manifest
  still describes the old tables, and what the dead commit wrote (temp files, its upload
  copy, its quarantine file) is swept by the next writer.

A table whose file signature differs from its entry (rewritten by a tool that does not
record it, copied without times, a manifest from an older version) is *stale*: its rows
and hash are recomputed from the file (:func:`describe`, memoised on the signature).

Example
-------
>>> import tempfile, polars as pl
>>> with tempfile.TemporaryDirectory() as tmp:
...     f = Path(tmp) / "posts.parquet"
...     pl.DataFrame({"post_id": ["p1", "p2"]}).write_parquet(f)
...     entry = describe(f, "posts")
...     fresh = stale(Path(tmp), {"tables": {"posts": entry}})
...     pl.DataFrame({"post_id": ["p1"]}).write_parquet(f)  # rewritten behind our back
...     entry["rows"], fresh, stale(Path(tmp), {"tables": {"posts": entry}})
(2, [], ['posts'])
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path
from typing import Any

import polars as pl

MANIFEST_NAME = "manifest.json"
PENDING_NAME = ".manifest.pending.json"
#: upload copies and quarantine files are named with the ingest stamp (see ingest._stamp)
_STAMPED_UPLOAD = re.compile(r"^\d{8}T\d{12}Z-")
_STAMPED_QUARANTINE = re.compile(r"^[a-z_]+-\d{8}T\d{12}Z-.*\.csv$")

_memo: dict[tuple[str, int, int], str] = {}
_memo_lock = threading.Lock()


def table_file(root: Path, table: str) -> Path:
    """The file of a table: ``<table>.parquet``, or ``lexicon.csv`` for the lexicon."""
    return root / ("lexicon.csv" if table == "lexicon" else f"{table}.parquet")


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def signature(path: Path) -> tuple[int, int] | None:
    """``(size, mtime_ns)`` of a file, None when it does not exist."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st.st_size, st.st_mtime_ns


def count_rows(path: Path, table: str) -> int:
    """Rows of a table file (Parquet: from its metadata; the lexicon: CSV data rows)."""
    if table == "lexicon":
        return pl.read_csv(path, infer_schema=False).height
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def content_hash(path: Path) -> str | None:
    """SHA-256 of a file, memoised on its signature (None when the file is missing)."""
    for _ in range(3):
        sig = signature(path)
        if sig is None:
            return None
        key = (str(path), *sig)
        with _memo_lock:
            known = _memo.get(key)
        if known is not None:
            return known
        digest = sha256_of(path)
        if signature(path) != sig:  # replaced while we read it: read again
            continue
        with _memo_lock:
            if len(_memo) > 512:
                _memo.clear()
            _memo[key] = digest
        return digest
    return sha256_of(path)


def describe(
    path: Path, table: str, *, rows: int | None = None, sha256: str | None = None
) -> dict[str, Any] | None:
    """The manifest entry of a table file as it is now (None when the file is missing).

    ``rows`` / ``sha256`` may be passed when the caller knows them (it just wrote the
    file); otherwise they are read from the file (the hash memoised on its signature).
    """
    sig = signature(path)
    if sig is None:
        return None
    digest = sha256 or content_hash(path)
    n = rows if rows is not None else count_rows(path, table)
    return {"rows": n, "sha256": digest, "size": sig[0], "mtime_ns": sig[1]}


def matches(root: Path, table: str, entry: dict[str, Any]) -> bool:
    """True when the table file has the signature its entry records."""
    sig = signature(table_file(root, table))
    return sig is not None and (entry.get("size"), entry.get("mtime_ns")) == sig


def stale(root: Path, manifest: dict[str, Any]) -> list[str]:
    """Tables whose file does not match their manifest entry (or is missing)."""
    tables: dict[str, Any] = manifest.get("tables", {})
    return [t for t, e in tables.items() if not matches(root, t, e)]


def repaired(root: Path, manifest: dict[str, Any], tables: list[str]) -> dict[str, Any]:
    """A copy of ``manifest`` whose entries for ``tables`` describe the files on disk
    (an entry whose file is gone is dropped)."""
    out = dict(manifest)
    entries = dict(out.get("tables", {}))
    for t in tables:
        now = describe(table_file(root, t), t)
        if now is None:
            entries.pop(t, None)
        else:
            entries[t] = {**entries.get(t, {}), **now, "repaired": True}
    out["tables"] = entries
    return out


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file; None when missing or unreadable (a torn pending file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def committed(root: Path, pending: dict[str, Any]) -> bool:
    """True when every table the pending manifest commits is on disk as it records."""
    names = pending.get("last_commit", {}).get("tables", [])
    entries = pending.get("tables", {})
    return all(t in entries and matches(root, t, entries[t]) for t in names)


def referenced(manifest: dict[str, Any]) -> set[str]:
    """File names (upload copies, quarantine files) the manifest's sources point to."""
    names: set[str] = set()
    for s in manifest.get("sources", []):
        for field in ("source", "upload", "quarantine"):
            v = s.get(field)
            if isinstance(v, str) and v:
                names.add(Path(v).name)
    return names


def orphans(root: Path, manifest: dict[str, Any]) -> list[Path]:
    """Upload copies and quarantine files of ingests that never committed (killed)."""
    keep = referenced(manifest)
    out: list[Path] = []
    for sub, pattern in (("uploads", _STAMPED_UPLOAD), ("quarantine", _STAMPED_QUARANTINE)):
        d = root / sub
        if d.is_dir():
            out += [
                p
                for p in d.iterdir()
                if p.is_file() and pattern.match(p.name) and p.name not in keep
            ]
    return out
