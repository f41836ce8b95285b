"""Out-of-core, incremental tagging + aggregation over a directory of Parquet post files.

``tag_directory(input_dir, output_dir)`` produces the same ``signals`` (weekly share of
voice per element × segment, every grouping set of
:data:`infimate.signals.share_of_voice.GROUPING_SETS`) and ``segments`` (SoV denominators) as
:func:`infimate.signals.share_of_voice.post_signals` and
:func:`infimate.signals.share_of_voice.segment_weeks` on all posts at once — exactly equal, row
for row — without ever holding all posts or all mentions in memory.

This module holds the directory run and its incremental state; the per-file partial
aggregates (tagging in batches, the partial files, the exact merge) are in
:mod:`infimate.signals.partials`.

**Incremental**: ``output_dir/state.json`` lists every processed input file with its
SHA-256 content hash, row counts and partial key (:class:`FileEntry`). On the next run
only new or changed files are tagged; partials of deleted files are dropped; a changed
lexicon (:func:`lexicon_sha256`) re-tags everything. The merge re-runs only when
something changed (or an output is missing).

Outputs in ``output_dir``: ``signals.parquet`` (columns of
:data:`infimate.signals.share_of_voice.SIGNAL_COLUMNS`), ``segments.parquet``, ``state.json``,
``parts/``. Load the signals into a dataset with
``python -m infimate ingest --dataset D --signals OUT/signals.parquet``.

Example
-------
>>> import tempfile
>>> from infimate.data import samples
>>> posts = samples.posts()
>>> tmp = tempfile.TemporaryDirectory()
>>> src, out = Path(tmp.name) / "posts", Path(tmp.name) / "out"
>>> src.mkdir()
>>> posts.write_parquet(src / "a.parquet")
>>> r = tag_directory(src, out)
>>> r.files_tagged, r.files_skipped
(1, 0)
>>> tag_directory(src, out).files_tagged  # nothing new
0
>>> posts.head(1).with_columns(post_id=pl.lit("3")).write_parquet(src / "b.parquet")
>>> r = tag_directory(src, out)  # only the new file is tagged, then the merge re-runs
>>> r.files_tagged, r.files_skipped, r.posts_total
(1, 1, 3)
>>> tmp.cleanup()
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from infimate.data.datasets import atomic_write_bytes, atomic_write_parquet, file_sha256
from infimate.elements.lexicon import load_lexicon
from infimate.errors import DataFileError, InfimateError
from infimate.signals.partials import (
    drop_partials,
    merge_partials,
    part_paths,
    partials_for_file,
    write_partials,
)

STATE_VERSION = 1


@dataclass(frozen=True)
class FileEntry:
    """One processed input file in ``state.json``."""

    sha256: str
    key: str
    posts: int
    mentions: int


@dataclass(frozen=True)
class ScaleReport:
    """What :func:`tag_directory` did."""

    files_seen: int
    files_tagged: int
    files_skipped: int
    files_removed: int
    posts_tagged: int
    mentions_tagged: int
    posts_total: int
    merged: bool
    signals_rows: int
    segments_rows: int
    tag_seconds: float
    merge_seconds: float
    seconds: float
    output: str


def lexicon_sha256(lexicon: pl.DataFrame) -> str:
    """Content hash of a lexicon frame (a change re-tags every file)."""
    rows = json.dumps(lexicon.sort("element_id").to_dicts(), sort_keys=True, default=str)
    return hashlib.sha256(rows.encode("utf-8")).hexdigest()


def _load_state(path: Path) -> tuple[str, dict[str, FileEntry]]:
    if not path.exists():
        return "", {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") != STATE_VERSION:
            return "", {}
        return raw["lexicon_sha256"], {k: FileEntry(**v) for k, v in raw["files"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise DataFileError(
            path, f"unreadable incremental state ({exc}); delete it to rebuild"
        ) from exc


def _save_state(path: Path, lex_hash: str, files: dict[str, FileEntry]) -> None:
    body = {
        "version": STATE_VERSION,
        "lexicon_sha256": lex_hash,
        "files": {k: asdict(v) for k, v in sorted(files.items())},
    }
    atomic_write_bytes(path, (json.dumps(body, indent=1) + "\n").encode("utf-8"))


def tag_directory(
    input_dir: str | Path,
    output_dir: str | Path,
    *,
    lexicon: pl.DataFrame | None = None,
    pattern: str = "*.parquet",
    batch_rows: int = 1_000_000,
    author_buckets: int = 8,
    progress: Callable[[float, str], None] | None = None,
) -> ScaleReport:
    """Tag every new/changed Parquet post file under ``input_dir``; merge signals.

    Parameters
    ----------
    input_dir
        Directory of post files (DESIGN.md posts contract), matched with ``pattern``.
    output_dir
        Where ``signals.parquet``, ``segments.parquet``, ``state.json`` and ``parts/`` go.
    lexicon
        Element lexicon; the built-in one by default.
    batch_rows
        Posts tagged at a time (bounds memory of the tagging step).
    author_buckets
        Element buckets for the exact distinct-author merge (bounds memory of the merge).

    Example
    -------
    >>> import tempfile
    >>> from infimate.data import samples
    >>> posts = samples.posts()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "posts").mkdir()
    ...     posts.write_parquet(Path(tmp) / "posts" / "a.parquet")
    ...     r = tag_directory(Path(tmp) / "posts", Path(tmp) / "out")
    ...     sorted(p.name for p in (Path(tmp) / "out").iterdir())
    ['parts', 'segments.parquet', 'signals.parquet', 'state.json']
    >>> r.posts_tagged, r.mentions_tagged, r.merged
    (2, 2, True)
    """
    say = progress or (lambda frac, msg: None)
    t0 = time.perf_counter()
    src, out = Path(input_dir), Path(output_dir)
    if not src.is_dir():
        raise DataFileError(src, "input is not a directory of Parquet post files")
    if batch_rows < 1 or author_buckets < 1:
        raise InfimateError("batch_rows and author_buckets must be at least 1")
    lex = lexicon if lexicon is not None else load_lexicon()
    lex_hash = lexicon_sha256(lex)
    parts, state_path = out / "parts", out / "state.json"
    old_hash, entries = _load_state(state_path)
    if old_hash != lex_hash:
        for e in entries.values():
            drop_partials(parts, e.key)
        entries = {}
    found = {p.relative_to(src).as_posix(): p for p in sorted(src.glob(pattern)) if p.is_file()}
    removed = [name for name in entries if name not in found]
    for name in removed:
        drop_partials(parts, entries.pop(name).key)
    tagged = skipped = posts_tagged = mentions_tagged = 0
    for i, (name, path) in enumerate(found.items()):
        digest = file_sha256(path)
        entry = entries.get(name)
        have = entry is not None and all(p.exists() for p in part_paths(parts, entry.key).values())
        if entry is not None and entry.sha256 == digest and have:
            skipped += 1
            continue
        say(0.9 * i / max(1, len(found)), f"tagging {name}")
        p = partials_for_file(path, lex, batch_rows=batch_rows)
        key = hashlib.sha256(f"{name}\0{digest}".encode()).hexdigest()[:16]
        write_partials(parts, key, p)
        if entry is not None and entry.key != key:
            drop_partials(parts, entry.key)
        entries[name] = FileEntry(sha256=digest, key=key, posts=p.n_posts, mentions=p.n_mentions)
        _save_state(state_path, lex_hash, entries)  # progress survives an interrupted run
        tagged += 1
        posts_tagged += p.n_posts
        mentions_tagged += p.n_mentions
    _save_state(state_path, lex_hash, entries)
    t_tag = time.perf_counter() - t0
    sig_path, seg_path = out / "signals.parquet", out / "segments.parquet"
    merged = bool(tagged or removed or old_hash != lex_hash) or not (
        sig_path.exists() and seg_path.exists()
    )
    if merged and entries:
        say(0.9, "merging partial aggregates")
        signals, segments = merge_partials(
            parts, [e.key for e in entries.values()], author_buckets=author_buckets
        )
        atomic_write_parquet(sig_path, signals)
        atomic_write_parquet(seg_path, segments)
    elif merged:
        sig_path.unlink(missing_ok=True)
        seg_path.unlink(missing_ok=True)
    say(1.0, "done")

    def rows(path: Path) -> int:
        return pl.scan_parquet(path).select(pl.len()).collect().item() if path.exists() else 0

    return ScaleReport(
        files_seen=len(found),
        files_tagged=tagged,
        files_skipped=skipped,
        files_removed=len(removed),
        posts_tagged=posts_tagged,
        mentions_tagged=mentions_tagged,
        posts_total=sum(e.posts for e in entries.values()),
        merged=merged,
        signals_rows=rows(sig_path),
        segments_rows=rows(seg_path),
        tag_seconds=round(t_tag, 3),
        merge_seconds=round(time.perf_counter() - t0 - t_tag, 3),
        seconds=round(time.perf_counter() - t0, 3),
        output=str(out),
    )
