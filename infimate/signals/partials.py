"""Partial aggregates: the out-of-core building blocks of :mod:`infimate.signals.scale`.

Posts are tagged a batch at a time and reduced to *partial aggregates* at the finest
grain (date × element × market × crowd × scene × platform), stored per input file, and
merged into the same ``signals`` and ``segments`` as
:func:`infimate.signals.share_of_voice.post_signals` / :func:`~infimate.signals.share_of_voice.segment_weeks`
on all posts at once — exactly equal, row for row.

1. **Per file, in batches** (:func:`partials_for_file`: ``batch_rows`` posts at a time,
   read with a sliced ``scan_parquet``): posts are prepared and tagged with the
   in-memory tagger (:func:`infimate.elements.tagging.tag_posts`), then reduced
   (:func:`file_partials`) to three partial aggregates, written by
   :func:`write_partials` to :func:`part_paths`:

   * ``<key>.counts.parquet`` — mentions, kol_mentions, eng (engagement of mentioning posts);
   * ``<key>.posts.parquet`` — posts and engagement per date × segment (the denominators);
   * ``<key>.authors.parquet`` — the *distinct* (date, element, segment, author_id) rows.

   Memory is bounded by one batch, not by the directory.
2. **Merge** (:func:`merge_partials`, polars lazy queries on the streaming engine over
   the partial files): counts and denominators are additive, so partials are summed at
   the finest grain and rolled up to every grouping set
   (:func:`infimate.signals.share_of_voice.rollup`). **Distinct authors are not additive** (one
   author can post in several files), so they are computed *exactly* from the stored
   distinct author rows: the element range is split into ``author_buckets`` contiguous
   buckets and each bucket's author rows (sorted by element within each partial file, so
   Parquet row-group statistics skip the rest) are deduplicated per grouping set. Peak
   memory of the merge is about one bucket of author rows plus the (small) aggregated
   output.

Example
-------
>>> import tempfile
>>> from infimate.elements.lexicon import load_lexicon
>>> from infimate.data import samples
>>> posts = samples.posts(["red dress", "red top"], authors=["u", "u"])  # one author, two posts
>>> with tempfile.TemporaryDirectory() as tmp:
...     posts.write_parquet(Path(tmp) / "a.parquet")
...     p = partials_for_file(Path(tmp) / "a.parquet", load_lexicon(), batch_rows=1)
...     write_partials(Path(tmp) / "parts", "ab12", p)
...     signals, segments = merge_partials(Path(tmp) / "parts", ["ab12"])
>>> p.n_posts, p.n_mentions
(2, 2)
>>> signals.filter(element="red", market="US", crowd="all", scene="all", platform="all").select(
...     "mentions", "posts", "authors", "value").rows()
[(2, 2, 1, 1.0)]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from infimate.data.datasets import atomic_write_parquet
from infimate.data.schema import SEGMENT_COLS
from infimate.elements.tagging import POST_INPUT_COLUMNS, prepare_posts, tag_posts
from infimate.errors import DataFileError
from infimate.signals.share_of_voice import finish_signals, rollup

__all__ = [
    "DENOM_KEYS",
    "FINE_KEYS",
    "Partials",
    "drop_partials",
    "file_partials",
    "merge_partials",
    "part_paths",
    "partials_for_file",
    "write_partials",
]

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


def file_partials(posts: pl.DataFrame, lexicon: pl.DataFrame) -> Partials:
    """Tag ``posts`` and reduce them to finest-grain partial aggregates.

    Example
    -------
    >>> import datetime as dt
    >>> p = pl.DataFrame({"post_id": ["1", "2"], "text": ["red dress", "blue"],
    ...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US"] * 2,
    ...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"]})
    >>> from infimate.elements.lexicon import load_lexicon
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


def part_paths(parts_dir: Path, key: str) -> dict[str, Path]:
    """The three partial files of ``key`` in ``parts_dir``, by kind.

    Example
    -------
    >>> part_paths(Path("parts"), "ab12")["counts"].as_posix()
    'parts/ab12.counts.parquet'
    """
    return {kind: parts_dir / f"{key}.{kind}.parquet" for kind in ("counts", "posts", "authors")}


def write_partials(parts_dir: Path, key: str, p: Partials) -> None:
    """Write ``p`` atomically as the partial files of ``key`` (sorted for the merge).

    Example
    -------
    >>> import tempfile
    >>> from infimate.elements.lexicon import load_lexicon
    >>> from infimate.data import samples
    >>> posts = samples.posts(["red dress", "red top"], authors=["u", "u"])  # one author, two posts
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_partials(Path(tmp), "ab12", file_partials(posts, load_lexicon()))
    ...     sorted(f.name for f in Path(tmp).iterdir())
    ['ab12.authors.parquet', 'ab12.counts.parquet', 'ab12.posts.parquet']
    """
    paths = part_paths(parts_dir, key)
    atomic_write_parquet(paths["counts"], p.counts.sort(FINE_KEYS))
    atomic_write_parquet(paths["posts"], p.posts.sort(DENOM_KEYS))
    parts_dir.mkdir(parents=True, exist_ok=True)
    # sorted by element + small row groups: a bucket filter on element skips the rest
    tmp = paths["authors"].with_suffix(".tmp")
    p.authors.sort("element", "date").write_parquet(
        tmp, compression="zstd", statistics=True, row_group_size=65_536
    )
    tmp.replace(paths["authors"])


def drop_partials(parts_dir: Path, key: str) -> None:
    """Delete the partial files of ``key`` (missing ones are fine).

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     part_paths(Path(tmp), "ab12")["counts"].touch()
    ...     drop_partials(Path(tmp), "ab12")  # the counts file goes, the missing ones are fine
    ...     list(Path(tmp).iterdir())
    []
    """
    for path in part_paths(parts_dir, key).values():
        path.unlink(missing_ok=True)


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
        out.append(rollup(bucket.lazy(), ("date", "element"), agg).collect())
    return pl.concat(out) if out else pl.DataFrame()


def merge_partials(
    parts_dir: str | Path, keys: list[str], *, author_buckets: int = 8
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Merge stored partials into ``(signals, segments)``, equal to the in-memory path.

    Example
    -------
    >>> import tempfile
    >>> from infimate.elements.lexicon import load_lexicon
    >>> from infimate.data import samples
    >>> posts = samples.posts(["red dress", "red top"], authors=["u", "u"])  # one author, two posts
    >>> lex = load_lexicon()
    >>> with tempfile.TemporaryDirectory() as tmp:  # the two posts in two files
    ...     write_partials(Path(tmp), "a", file_partials(posts.head(1), lex))
    ...     write_partials(Path(tmp), "b", file_partials(posts.tail(1), lex))
    ...     signals, segments = merge_partials(tmp, ["a", "b"])
    >>> red = signals.filter(element="red", market="all", crowd="all", scene="all", platform="all")
    >>> red.select("mentions", "posts", "authors").rows()  # the author is counted once
    [(2, 2, 1)]
    """
    parts = Path(parts_dir)
    files = {kind: [part_paths(parts, k)[kind] for k in keys] for kind in ("counts", "posts")}
    segments = (
        rollup(
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
    counted = rollup(
        fine.lazy(),
        ("date", "element"),
        [pl.col(c).sum() for c in ("mentions", "kol_mentions", "eng")],
    )
    elements = fine["element"].unique().sort().to_list()
    authors = _author_rollup(
        [part_paths(parts, k)["authors"] for k in keys], elements, author_buckets
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
