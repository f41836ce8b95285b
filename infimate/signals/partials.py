"""Partial aggregates: one input file of posts reduced to what the out-of-core merge needs.

Posts are read ``batch_rows`` at a time (a sliced ``scan_parquet``), prepared and tagged
with the in-memory tagger (:func:`infimate.elements.tagging.tag_posts`) and reduced, in
the state's persistent codes (:class:`~infimate.signals.codebook.Codebook`,
:class:`~infimate.signals.codebook.Authors`; columns ``e`` element, ``w`` week, ``m``
``c`` ``s`` ``p`` market, crowd, scene, platform, ``a`` author), to three tables
(:class:`Partials`, written by :func:`write_partials` to :func:`part_paths`):

* ``cells`` — per cell of every grouping set (element × week × segment values, code 0
  = "all"; :func:`infimate.signals.cells.rollup` of the finest cells): mentions,
  kol_mentions, eng (engagement of mentioning posts) and tuples (the file's distinct
  (author, finest cell) pairs that fall in the cell), sorted by cell (element first);
* ``posts`` — posts and engagement per week × segment cell of every grouping set (the
  denominators);
* ``tuples`` — the distinct (author, finest cell) pairs as two uint64 columns: ``g``
  (author, element, week: ``a << 32 | e << 16 | w``) and ``seg`` (the four segment
  codes, 16 bits each), sorted by ``g`` so that the merge reads one range of authors
  at a time (Parquet row-group statistics) and matches (author, element, week) on one
  integer (:func:`unpack_tuples` gives the code columns back).

Counts (and tuples) add up across files, so the merge adds cells as they are; distinct
authors do not (an author can post in several files), which the merge settles exactly
from the ``tuples``
(:mod:`infimate.signals.totals`). Memory is bounded by one batch of posts plus the
file's distinct tuples.

Example
-------
>>> import tempfile
>>> from infimate.elements.lexicon import load_lexicon
>>> from infimate.data import samples
>>> from infimate.signals.codebook import Authors, Codebook
>>> lex = load_lexicon()
>>> posts = samples.posts(["red dress", "red top"], authors=["u", "u"])  # one author, two posts
>>> with tempfile.TemporaryDirectory() as tmp:
...     posts.write_parquet(Path(tmp) / "a.parquet")
...     book = Codebook(elements=sorted(lex["element_id"]))
...     p = partials_for_file(Path(tmp) / "a.parquet", lex, book, Authors(Path(tmp) / "au"),
...         batch_rows=1)
>>> top = p.cells.filter(m=0, c=0, s=0, p=0)   # every segment "all"
>>> p.n_posts, p.n_mentions, top["mentions"].sum(), top["tuples"].sum()
(2, 2, 2, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from infimate.data.datasets import atomic_write_parquet
from infimate.data.schema import SEGMENT_COLS
from infimate.elements.photo_mentions import with_photo_colours
from infimate.elements.tagging import POST_INPUT_COLUMNS, prepare_posts, tag_posts
from infimate.errors import DataFileError, InfimateError
from infimate.signals.cells import Cells, group, merge, rollup, runs
from infimate.signals.codebook import Authors, Codebook
from infimate.signals.grid import U64, Grid, column_codes
from infimate.signals.share_of_voice import GROUPING_SETS

__all__ = [
    "CELL",
    "KINDS",
    "Partials",
    "drop_partials",
    "pack",
    "part_paths",
    "partials_for_file",
    "read_partial",
    "unpack",
    "unpack_tuples",
    "write_partials",
]

CELL = ("e", "w", "m", "c", "s", "p")  # code columns of a cell, in grid dimension order
KINDS = ("cells", "posts", "tuples")
_CODE = pl.UInt32
_SEGS = tuple(zip("mcsp", SEGMENT_COLS, strict=True))


@dataclass(frozen=True)
class Partials:
    """One file's partial aggregates in persistent codes (see module doc)."""

    cells: pl.DataFrame
    posts: pl.DataFrame
    tuples: pl.DataFrame
    n_posts: int
    n_mentions: int


def pack(grid: Grid, frame: pl.DataFrame) -> np.ndarray:
    """Grid keys of the cells in a frame of code columns (missing ones read 0)."""
    keys = np.zeros(frame.height, dtype=U64)
    for dim, c in enumerate(CELL):
        if c in frame.columns:
            keys |= frame[c].to_numpy().astype(U64) << U64(grid.shifts[dim])
    return keys


def unpack(grid: Grid, keys: np.ndarray, cols: tuple[str, ...] = CELL) -> dict[str, pl.Series]:
    """Code columns (``cols``) of grid keys."""
    return {c: pl.Series(c, grid.digit(keys, CELL.index(c)), dtype=_CODE) for c in cols}


def _tuple_table(tup: pl.DataFrame) -> pl.DataFrame:
    """Code columns a, e, w, m, c, s, p as the stored ``g`` / ``seg`` pair, sorted by g."""
    if tup.height and max(tup.select(pl.col(c).max() for c in CELL).row(0)) >= 1 << 16:
        raise InfimateError("more than 65,535 elements, weeks or values of a segment column")
    u = {c: pl.col(c).cast(pl.UInt64) for c in ("a", *CELL)}
    g = u["a"] * (1 << 32) + u["e"] * (1 << 16) + u["w"]
    seg = u["m"] * (1 << 48) + u["c"] * (1 << 32) + u["s"] * (1 << 16) + u["p"]
    return tup.select(g.alias("g"), seg.alias("seg")).sort("g")


def unpack_tuples(frame: pl.DataFrame) -> pl.DataFrame:
    """The code columns (a, e, w, m, c, s, p) of stored tuples (``g``, ``seg``).

    Example
    -------
    >>> t = _tuple_table(pl.DataFrame({c: [i + 1] for i, c in enumerate(("a", *CELL))}))
    >>> unpack_tuples(t).row(0)
    (1, 2, 3, 4, 5, 6, 7)
    """
    g, seg, field = pl.col("g"), pl.col("seg"), 1 << 16
    return frame.select(
        (g // (1 << 32)).cast(_CODE).alias("a"),
        ((g // field) % field).cast(_CODE).alias("e"),
        (g % field).cast(_CODE).alias("w"),
        *(
            ((seg // (1 << (16 * k))) % field).cast(_CODE).alias(c)
            for k, c in zip((3, 2, 1, 0), "mcsp", strict=True)
        ),
    )


def _batch(
    posts: pl.DataFrame,
    lexicon: pl.DataFrame,
    book: Codebook,
    authors: Authors,
    photos: Path | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """One batch tagged, as code arrays: (mention rows, post rows). With ``photos``, the
    colours of the posts' ``image_path`` photos (relative to it) are mentions too."""
    prepared = prepare_posts(posts)
    mentions = tag_posts(prepared, lexicon)
    if photos is not None and "image_path" in prepared.columns:
        mentions = with_photo_colours(mentions, prepared, photos, lexicon)
    p = {"w": book.encode(1, column_codes(prepared["week"]))}
    p |= {c: book.encode(2 + i, column_codes(prepared[s])) for i, (c, s) in enumerate(_SEGS)}
    p["engagement"] = prepared["engagement"].cast(pl.Int64).fill_null(0).to_numpy()
    m = {
        "e": book.encode(0, column_codes(mentions["element_id"])),
        "w": book.encode(1, column_codes(mentions["week"])),
    }
    m |= {c: book.encode(2 + i, column_codes(mentions[s])) for i, (c, s) in enumerate(_SEGS)}
    m["a"] = authors.codes(mentions["author_id"]).astype(np.int64)
    kol = (mentions["author_tier"] == "kol").fill_null(False)
    m["kol_mentions"] = kol.to_numpy().astype(np.int64)
    m["eng"] = mentions["engagement"].cast(pl.Int64).fill_null(0).to_numpy()
    return m, p


def _pairs(grid: Grid, frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (cell key, author) pairs of a frame of tuples, sorted by key."""
    keys, who = pack(grid, frame), frame["a"].to_numpy().astype(U64)
    abits = max(1, int(who.max(initial=0)).bit_length())
    if int(keys.max(initial=0)).bit_length() + abits <= 64:
        pairs = runs((keys << U64(abits)) | who)[0]
        return pairs >> U64(abits), pairs & U64((1 << abits) - 1)
    uniq = pl.DataFrame({"k": keys, "a": who}).unique().sort("k")
    return uniq["k"].to_numpy(), uniq["a"].to_numpy()


def _reduce(
    grid: Grid, m: pl.DataFrame, p: pl.DataFrame, tuples: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Group rows (or earlier partials) of code columns into fine, posts and the distinct
    tuples (still as code columns)."""
    post = group(pack(grid, p), {k: p[k].to_numpy() for k in ("posts", "engagement")})
    posts = pl.DataFrame({**unpack(grid, post.keys, CELL[1:]), **post.sums})
    fine = group(pack(grid, m), {k: m[k].to_numpy() for k in ("mentions", "kol_mentions", "eng")})
    keys, who = _pairs(grid, tuples)
    per_cell = group(keys, {}, count="tuples", presorted=True)
    out = pl.DataFrame({**unpack(grid, fine.keys), **fine.sums, "tuples": per_cell.sums["tuples"]})
    tup = pl.DataFrame({"a": pl.Series(who, dtype=_CODE), **unpack(grid, keys)})
    return out, posts, tup


def _read_batches(path: Path, batch_rows: int) -> Iterator[pl.DataFrame]:
    """Yield the file's posts ``batch_rows`` at a time (only the columns tagging needs)."""
    try:
        scan = pl.scan_parquet(path)
        schema = scan.collect_schema()
        n = scan.select(pl.len()).collect().item()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DataFileError(path, f"not a readable Parquet file ({exc})") from exc
    cols = [c for c in (*POST_INPUT_COLUMNS, "image_path") if c in schema]
    for offset in range(0, max(n, 1), batch_rows):
        yield scan.select(cols).slice(offset, batch_rows).collect()


def partials_for_file(
    path: Path,
    lexicon: pl.DataFrame,
    book: Codebook,
    authors: Authors,
    *,
    batch_rows: int,
    photos: Path | None = None,
) -> Partials:
    """Partial aggregates of one Parquet file, tagged ``batch_rows`` posts at a time;
    ``photos``: the directory the posts' ``image_path`` is relative to (their colours
    are mentions too, as ``tag`` reads them), None to read no photo."""
    fines: list[pl.DataFrame] = []
    posts: list[pl.DataFrame] = []
    tuples: list[pl.DataFrame] = []
    n_posts = n_mentions = 0
    for batch in _read_batches(path, batch_rows):
        try:
            m, p = _batch(batch, lexicon, book, authors, photos)
        except DataFileError as exc:  # e.g. a missing column: name the file
            raise DataFileError(path, exc.problem) from exc
        mf = pl.DataFrame({k: v for k, v in m.items() if k in CELL or k in ("kol_mentions", "eng")})
        fines.append(mf.with_columns(pl.lit(1, dtype=pl.Int64).alias("mentions")))
        posts.append(pl.DataFrame(p).with_columns(pl.lit(1, dtype=pl.Int64).alias("posts")))
        tuples.append(pl.DataFrame({k: m[k] for k in ("a", *CELL)}))
        n_posts += batch.height
        n_mentions += len(m["e"])
        if len(fines) > 1:  # keep one reduced batch, not every row
            fine, post, tup = _reduce(book.grid(), *map(_concat, (fines, posts, tuples)))
            fines, posts, tuples = [fine.drop("tuples")], [post], [tup]
    grid = book.grid()
    fine, post, tup = _reduce(grid, *map(_concat, (fines, posts, tuples)))
    return Partials(
        _rolled(grid, fine, ("mentions", "kol_mentions", "eng", "tuples")),
        _rolled(grid, post, ("posts", "engagement")),
        _tuple_table(tup),
        n_posts,
        n_mentions,
    )


def _rolled(grid: Grid, finest: pl.DataFrame, sums: tuple[str, ...]) -> pl.DataFrame:
    """Finest cells (code columns + sums) rolled up to every grouping set, in key order."""
    cols = tuple(c for c in CELL if c in finest.columns)
    cells = Cells(pack(grid, finest), {c: finest[c].to_numpy() for c in sums})
    out = merge(rollup(grid, cells, GROUPING_SETS, count=sums[0]))
    return pl.DataFrame({**unpack(grid, out.keys, cols), **out.sums})


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]


def part_paths(parts_dir: Path, key: str) -> dict[str, Path]:
    """The partial files of ``key`` in ``parts_dir``, by kind.

    Example
    -------
    >>> part_paths(Path("parts"), "ab12")["cells"].as_posix()
    'parts/ab12.cells.parquet'
    """
    return {kind: parts_dir / f"{key}.{kind}.parquet" for kind in KINDS}


def write_partials(parts_dir: Path, key: str, p: Partials) -> None:
    """Write ``p`` atomically as the partial files of ``key`` (cells and tuples in small
    row groups, so a range of elements or authors is read without the rest)."""
    paths = part_paths(parts_dir, key)
    atomic_write_parquet(paths["posts"], p.posts)
    parts_dir.mkdir(parents=True, exist_ok=True)
    for kind, frame in (("cells", p.cells), ("tuples", p.tuples)):
        tmp = paths[kind].with_suffix(".tmp")
        frame.write_parquet(tmp, compression="lz4", statistics=True, row_group_size=131_072)
        tmp.replace(paths[kind])


def read_partial(path: Path) -> pl.DataFrame:
    """One partial file (a clear error when it is unreadable)."""
    try:
        return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DataFileError(
            path, f"unreadable partial aggregate ({exc}); delete the output to rebuild"
        ) from exc


def drop_partials(parts_dir: Path, key: str) -> None:
    """Delete the partial files of ``key`` (missing ones are fine).

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     part_paths(Path(tmp), "ab12")["cells"].touch()
    ...     drop_partials(Path(tmp), "ab12")  # that file goes, the missing ones are fine
    ...     list(Path(tmp).iterdir())
    []
    """
    for path in part_paths(parts_dir, key).values():
        path.unlink(missing_ok=True)
