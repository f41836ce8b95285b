"""Results saved beside the dataset version they were computed from.

A result lives in ``<dataset>/.cache/<kind>/<key>/``. The *key* is a SHA-256 of what the
result depends on: the content hashes (from the manifest) of the tables it reads, the
bytes of the dataset's ``lexicon.csv``, the source of the modules that compute it and any
options — a new upload, a lexicon edit or a code change gives a new key, so a stale result
is never read. Writes go to a temporary directory renamed into place (readers never see
half a result); a read-only dataset directory just means nothing is saved.

Example
-------
>>> import tempfile, polars as pl, infimate.forecast.intervals as code
>>> def key(path): return version_key(path, tables=("signals",), modules=(code,), require="signals")
>>> with tempfile.TemporaryDirectory() as tmp:
...     ds = Dataset(tmp).create()
...     before = key(tmp)  # no signals table yet
...     ds.write("signals", pl.DataFrame({"value": [1.0]}))
...     first = key(tmp)
...     ds.write("signals", pl.DataFrame({"value": [2.0]}))  # new data, new key
...     before, len(first), key(tmp) != first
(None, 32, True)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

from infimate.data.datasets import Dataset


def version_key(
    path: str | Path,
    *,
    tables: Iterable[str],
    modules: Iterable[ModuleType],
    extra: str = "",
    require: str | None = None,
) -> str | None:
    """The key of this dataset version for a result (None when table ``require`` is absent)."""
    manifest_tables = Dataset(path).manifest().get("tables", {})
    if require is not None and require not in manifest_tables:
        return None
    h = hashlib.sha256()
    for t in tables:
        h.update(f"{t}={manifest_tables.get(t, {}).get('sha256')};".encode())
    lex = Path(path) / "lexicon.csv"
    h.update(lex.read_bytes() if lex.exists() else b"-")
    h.update(extra.encode())
    for mod in modules:
        assert mod.__file__ is not None, mod.__name__  # source modules, never namespaces
        h.update(hashlib.sha256(Path(mod.__file__).read_bytes()).digest())
    return h.hexdigest()[:32]


def entry(path: str | Path, kind: str, key: str) -> Path:
    """The directory a result of ``kind`` for ``key`` is saved in (it may not exist)."""
    return Path(path) / ".cache" / kind / key


def write(path: str | Path, kind: str, key: str, fill: Callable[[Path], object]) -> bool:
    """Save a result: ``fill(tmp_dir)`` writes its files, then the directory is renamed
    into place. False (nothing saved) if the directory is read-only or another process
    saved the same key first. What ``fill`` returns is ignored."""
    target = entry(path, kind, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    except OSError:
        return False
    try:
        fill(tmp)
        os.replace(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    return True
