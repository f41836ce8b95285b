"""Out-of-core, incremental tagging + aggregation over a directory of Parquet post files.

``tag_directory(input_dir, output_dir)`` produces the same ``signals`` (weekly share of
voice per element × segment, every grouping set of :data:`infimate.tagging.GROUPING_SETS`)
and ``segments`` (SoV denominators) as :func:`infimate.tagging.post_signals` and
:func:`infimate.tagging.segment_weeks` on all posts at once — exactly equal, row for row —
without ever holding all posts or all mentions in memory.

How it works
------------
1. **Per file, in batches** (``batch_rows`` posts at a time, read with a sliced
   ``scan_parquet``): posts are prepared and tagged with the in-memory tagger
   (:func:`infimate.tagging.tag_posts`), then reduced to three *partial aggregates* at the
   finest grain (date × element × market × crowd × scene × platform):

   * ``<key>.counts.parquet`` — mentions, kol_mentions, eng (engagement of mentioning posts);
   * ``<key>.posts.parquet`` — posts and engagement per date × segment (the denominators);
   * ``<key>.authors.parquet`` — the *distinct* (date, element, segment, author_id) rows.

   Memory is bounded by one batch, not by the directory.
2. **Merge** (polars lazy queries on the streaming engine over the partial files):
   counts and denominators are additive, so partials are summed at the finest grain and
   rolled up to every grouping set. **Distinct authors are not additive** (one author can
   post in several files), so they are computed *exactly* from the stored distinct author
   rows: the element range is split into ``author_buckets`` contiguous buckets and each
   bucket's author rows (sorted by element within each partial file, so Parquet row-group
   statistics skip the rest) are deduplicated per grouping set. Peak memory of the merge
   is about one bucket of author rows plus the (small) aggregated output.
3. **Incremental**: ``output_dir/state.json`` lists every processed input file with its
   SHA-256 content hash, row counts and partial key. On the next run only new or changed
   files are tagged; partials of deleted files are dropped; a changed lexicon re-tags
   everything. The merge re-runs only when something changed (or an output is missing).

Outputs in ``output_dir``: ``signals.parquet`` (columns of
:data:`infimate.tagging.SIGNAL_COLUMNS`), ``segments.parquet``, ``state.json``,
``parts/``. Load the signals into a dataset with
``python -m infimate ingest --dataset D --signals OUT/signals.parquet``.

Example
-------
>>> report = tag_directory("posts_dir", "/tmp/out")          # doctest: +SKIP
>>> report.files_tagged, report.files_skipped                 # doctest: +SKIP
(20, 0)
>>> tag_directory("posts_dir", "/tmp/out").files_tagged       # nothing new  # doctest: +SKIP
0
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import polars as pl

from infimate.datasets import atomic_write_bytes, atomic_write_parquet, file_sha256
from infimate.errors import DataFileError, InfimateError
from infimate.lexicon import load_lexicon
from infimate.tagging import (
    GROUPING_SETS,
    POST_INPUT_COLUMNS,
    SEGMENT_COLS,
    finish_signals,
    prepare_posts,  # the exact preparation post_signals/segment_weeks use
    tag_posts,
)

STATE_VERSION = 1
FINE_KEYS = ("date", "element", *SEGMENT_COLS)
DENOM_KEYS = ("date", *SEGMENT_COLS)


@dataclass(frozen=True)
class Partials:
    """Finest-grain partial aggregates of one batch or file of posts (see module doc)."""

    counts: pl.DataFrame
    posts: pl.DataFrame
    authors: pl.DataFrame
    n_posts: int
    n_mentions: int


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


def file_partials(posts: pl.DataFrame, lexicon: pl.DataFrame) -> Partials:
    """Tag ``posts`` and reduce them to finest-grain partial aggregates.

    Example
    -------
    >>> import datetime as dt
    >>> p = pl.DataFrame({"post_id": ["1", "2"], "text": ["red dress", "blue"],
    ...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US"] * 2,
    ...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"]})
    >>> file_partials(p, load_lexicon()).posts["posts"].to_list()
    [2]
    """
    prepared = prepare_posts(posts)
    mentions = tag_posts(prepared, lexicon).rename({"week": "date", "element_id": "element"})
    # partial files hold String segments (the tagger's Categorical codes are per process)
    strings = [pl.col(c).cast(pl.String) for c in SEGMENT_COLS]
    counts = (
        mentions.group_by(FINE_KEYS)
        .agg(
            pl.len().cast(pl.Int64).alias("mentions"),
            (pl.col("author_tier") == "kol").sum().cast(pl.Int64).alias("kol_mentions"),
            pl.col("engagement").sum().cast(pl.Int64).alias("eng"),
        )
        .with_columns(strings)
    )
    denom = (
        prepared.rename({"week": "date"})
        .group_by(DENOM_KEYS)
        .agg(
            pl.len().cast(pl.Int64).alias("posts"),
            pl.col("engagement").sum().cast(pl.Int64).alias("engagement"),
        )
        .with_columns(strings)
    )
    authors = mentions.select(*FINE_KEYS, "author_id").unique().with_columns(strings)
    return Partials(counts, denom, authors, prepared.height, mentions.height)


def _combine(parts: list[Partials]) -> Partials:
    if len(parts) == 1:
        return parts[0]
    counts = (
        pl.concat([p.counts for p in parts])
        .group_by(FINE_KEYS)
        .agg(pl.col("mentions", "kol_mentions", "eng").sum())
    )
    denom = (
        pl.concat([p.posts for p in parts])
        .group_by(DENOM_KEYS)
        .agg(pl.col("posts", "engagement").sum())
    )
    authors = pl.concat([p.authors for p in parts]).unique()
    return Partials(
        counts,
        denom,
        authors,
        sum(p.n_posts for p in parts),
        sum(p.n_mentions for p in parts),
    )


def _read_batches(path: Path, batch_rows: int) -> Iterator[pl.DataFrame]:
    """Yield the file's posts ``batch_rows`` at a time (only the columns tagging needs)."""
    try:
        scan = pl.scan_parquet(path)
        schema = scan.collect_schema()
        n = scan.select(pl.len()).collect().item()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DataFileError(path, f"not a readable Parquet file ({exc})") from exc
    cols = [c for c in POST_INPUT_COLUMNS if c in schema]
    for offset in range(0, max(n, 1), batch_rows):
        yield scan.select(cols).slice(offset, batch_rows).collect()


def partials_for_file(path: Path, lexicon: pl.DataFrame, *, batch_rows: int) -> Partials:
    """Partial aggregates of one Parquet file, tagged ``batch_rows`` posts at a time."""
    return _combine([file_partials(b, lexicon) for b in _read_batches(path, batch_rows)])


def _part_paths(parts_dir: Path, key: str) -> dict[str, Path]:
    return {kind: parts_dir / f"{key}.{kind}.parquet" for kind in ("counts", "posts", "authors")}


def _write_partials(parts_dir: Path, key: str, p: Partials) -> None:
    paths = _part_paths(parts_dir, key)
    atomic_write_parquet(paths["counts"], p.counts.sort(FINE_KEYS))
    atomic_write_parquet(paths["posts"], p.posts.sort(DENOM_KEYS))
    parts_dir.mkdir(parents=True, exist_ok=True)
    # sorted by element + small row groups: a bucket filter on element skips the rest
    tmp = paths["authors"].with_suffix(".tmp")
    p.authors.sort("element", "date").write_parquet(
        tmp, compression="zstd", statistics=True, row_group_size=65_536
    )
    tmp.replace(paths["authors"])


def _drop_partials(parts_dir: Path, key: str) -> None:
    for path in _part_paths(parts_dir, key).values():
        path.unlink(missing_ok=True)


def _rollup(frame: pl.LazyFrame, by: tuple[str, ...], aggs: list[pl.Expr]) -> pl.LazyFrame:
    names = [a.meta.output_name() for a in aggs]
    return pl.concat(
        [
            frame.group_by([*by, *gs])
            .agg(aggs)
            .with_columns(pl.lit("all").alias(c) for c in SEGMENT_COLS if c not in gs)
            .select(*by, *SEGMENT_COLS, *names)
            for gs in GROUPING_SETS
        ]
    )


def _author_rollup(author_files: list[Path], elements: list[str], buckets: int) -> pl.DataFrame:
    """Exact distinct authors per (date, element, grouping set), one element bucket at a time."""
    out = []
    size = max(1, -(-len(elements) // max(1, buckets)))
    scan = pl.scan_parquet(author_files)
    for i in range(0, len(elements), size):
        lo, hi = elements[i], elements[min(i + size, len(elements)) - 1]
        bucket = scan.filter(pl.col("element").is_between(pl.lit(lo), pl.lit(hi))).collect(
            engine="streaming"
        )
        agg = [pl.col("author_id").n_unique().cast(pl.Int64).alias("authors")]
        out.append(_rollup(bucket.lazy(), ("date", "element"), agg).collect())
    return pl.concat(out) if out else pl.DataFrame()


def merge_partials(
    parts_dir: str | Path, keys: list[str], *, author_buckets: int = 8
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Merge stored partials into ``(signals, segments)``, equal to the in-memory path.

    Example
    -------
    >>> signals, segments = merge_partials("/tmp/out/parts", ["ab12"])   # doctest: +SKIP
    """
    parts = Path(parts_dir)
    files = {kind: [_part_paths(parts, k)[kind] for k in keys] for kind in ("counts", "posts")}
    segments = (
        _rollup(
            pl.scan_parquet(files["posts"]),
            ("date",),
            [pl.col("posts").sum(), pl.col("engagement").sum()],
        )
        .collect(engine="streaming")
        .sort("date", *SEGMENT_COLS)
    )
    fine = (
        pl.scan_parquet(files["counts"])
        .group_by(FINE_KEYS)
        .agg(pl.col("mentions", "kol_mentions", "eng").sum())
        .collect(engine="streaming")
    )
    counted = _rollup(
        fine.lazy(),
        ("date", "element"),
        [pl.col(c).sum() for c in ("mentions", "kol_mentions", "eng")],
    )
    elements = fine["element"].unique().sort().to_list()
    authors = _author_rollup(
        [_part_paths(parts, k)["authors"] for k in keys], elements, author_buckets
    )
    keys_all = ["date", *SEGMENT_COLS]
    if authors.height == 0:
        authors = pl.DataFrame(
            schema={**{c: fine.schema[c] for c in FINE_KEYS}, "authors": pl.Int64}
        )
    signals = finish_signals(
        counted.join(authors.lazy(), on=["date", "element", *SEGMENT_COLS], how="left").join(
            segments.lazy(), on=keys_all, how="left"
        )
    ).collect(engine="streaming")
    return signals, segments


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
    >>> tag_directory("posts/", "out/").signals_rows > 0       # doctest: +SKIP
    True
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
            _drop_partials(parts, e.key)
        entries = {}
    found = {p.relative_to(src).as_posix(): p for p in sorted(src.glob(pattern)) if p.is_file()}
    removed = [name for name in entries if name not in found]
    for name in removed:
        _drop_partials(parts, entries.pop(name).key)
    tagged = skipped = posts_tagged = mentions_tagged = 0
    for i, (name, path) in enumerate(found.items()):
        digest = file_sha256(path)
        entry = entries.get(name)
        have = entry is not None and all(p.exists() for p in _part_paths(parts, entry.key).values())
        if entry is not None and entry.sha256 == digest and have:
            skipped += 1
            continue
        say(0.9 * i / max(1, len(found)), f"tagging {name}")
        p = partials_for_file(path, lex, batch_rows=batch_rows)
        key = hashlib.sha256(f"{name}\0{digest}".encode()).hexdigest()[:16]
        _write_partials(parts, key, p)
        if entry is not None and entry.key != key:
            _drop_partials(parts, entry.key)
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


def run_scale_tag(args: Any) -> int:
    """CLI: ``python -m infimate scale-tag --input DIR --output DIR [--batch-rows N] [--json]``."""
    from infimate.cli import print_json

    report = tag_directory(args.input, args.output, batch_rows=args.batch_rows)
    if args.json:
        print_json(asdict(report))
    else:
        print(
            f"{report.files_tagged} file(s) tagged ({report.posts_tagged:,} posts, "
            f"{report.mentions_tagged:,} mentions), {report.files_skipped} unchanged, "
            f"{report.files_removed} removed; {report.posts_total:,} posts in total -> "
            f"{report.signals_rows:,} signal rows in {report.output} ({report.seconds} s)"
        )
    return 0
