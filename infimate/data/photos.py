"""Photos named by an upload (``image_path``) kept under the dataset, paths confined to it.

A posts or products upload may name a photo per row. :func:`keep_photos` makes every
kept ``image_path`` a path inside the dataset, so tagging (and anyone reading the
dataset) never follows a path out of it:

* a path that already names a file inside the dataset is kept as it is;
* a path relative to the uploaded file's folder (``images/p1.jpg`` beside
  ``posts.csv``), inside that folder, with a photo's file ending and at most
  :data:`MAX_PHOTO_BYTES`, is copied to ``images/<kind>/<content hash><ending>`` in the
  dataset (the same photo twice is stored once) and the path rewritten;
* anything else — missing, outside both folders (``../``, absolute paths elsewhere), not
  a photo's file name, too large — is cleared (null) and counted with its reason: the row
  itself is kept, a photo problem never rejects a post.

Example
-------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     up = Path(tmp) / "upload"
...     (up / "img").mkdir(parents=True)
...     _ = (up / "img" / "a.png").write_bytes(b"\\x89PNG fake")
...     ds = Dataset(Path(tmp) / "ds").create()
...     df = pl.DataFrame({"image_path": ["img/a.png", "../secret.png", None]})
...     kept = keep_photos(df, ds, up, "posts")
...     stored = (ds.path / kept.frame["image_path"][0]).is_file()
>>> kept.frame["image_path"].to_list()[1:], stored, kept.counts
([None, None], True, (('copied into the dataset', 1), ("outside the upload's folder", 1)))
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from infimate.data.datasets import Dataset, atomic_write_bytes

#: File name endings taken as photos (case ignored).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff")
MAX_PHOTO_BYTES = 20_000_000
PHOTO_DIR = "images"


@dataclass(frozen=True)
class KeptPhotos:
    """The frame with ``image_path`` rewritten, and what happened to its photos."""

    frame: pl.DataFrame
    counts: tuple[tuple[str, int], ...]


def inside(folder: Path, path: str | Path) -> Path | None:
    """Resolve an untrusted relative ``path`` inside ``folder`` (None if it escapes it)."""
    p = (folder / path).resolve()
    try:
        p.relative_to(folder.resolve())
    except ValueError:
        return None
    return p


def _keep_one(rel: str, dataset: Dataset, source: Path | None, kind: str) -> tuple[str | None, str]:
    """(the path to store, what happened) for one ``image_path`` value."""
    here = inside(dataset.path, rel)
    if here is not None and here.is_file():
        return rel, "in the dataset"
    if source is None:
        return None, "not found in the dataset"
    p = inside(source, rel)
    if p is None:
        return None, "outside the upload's folder"
    if not p.is_file():
        return None, "not found"
    if p.suffix.lower() not in IMAGE_SUFFIXES:
        return None, "not a photo's file name"
    if p.stat().st_size > MAX_PHOTO_BYTES:
        return None, f"larger than {MAX_PHOTO_BYTES // 1_000_000} MB"
    data = p.read_bytes()
    name = f"{PHOTO_DIR}/{kind}/{hashlib.sha256(data).hexdigest()[:20]}{p.suffix.lower()}"
    target = dataset.path / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
    return name, "copied into the dataset"


def keep_photos(
    frame: pl.DataFrame, dataset: Dataset, source: Path | None, kind: str
) -> KeptPhotos:
    """Keep the photos ``frame`` names under ``dataset`` (see the module docstring).

    ``source`` is the uploaded file's folder (None for an in-memory upload: only paths
    already inside the dataset are kept).
    """
    if "image_path" not in frame.columns:
        return KeptPhotos(frame, ())
    paths = frame["image_path"].cast(pl.String).to_list()
    done: dict[str, tuple[str | None, str]] = {}
    counts: Counter[str] = Counter()
    out: list[str | None] = []
    for rel in paths:  # one file per distinct photo: I/O bound, not a frame loop
        if rel is None or not rel.strip():
            out.append(None)
            continue
        if rel not in done:
            done[rel] = _keep_one(rel.strip(), dataset, source, kind)
        stored, what = done[rel]
        counts[what] += 1
        out.append(stored)
    kept = frame.with_columns(pl.Series("image_path", out, dtype=pl.String))
    return KeptPhotos(kept, tuple(counts.most_common()))
