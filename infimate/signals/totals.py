"""Running totals of the out-of-core state, merged and read a range of elements at a time.

The totals (``output_dir/totals/``) hold, in the codes of the state's
:class:`~infimate.signals.codebook.Codebook`:

* ``cells/`` — mentions, kol_mentions, eng and tuples summed over every file, per cell
  of every grouping set, in files of consecutive elements; ``posts.parquet`` — the
  denominators summed;
* ``repeats.parquet`` — per cell of every grouping set (segment code 0 = "all"), how many
  of the summed tuples repeat an (author, cell) pair already counted. Distinct authors
  of a cell = its tuples − its repeats, exactly;
* ``keys.json`` — the partials (:mod:`infimate.signals.partials`) the totals hold.

:func:`merge_files` adds new files' partials: counts add, one range of elements at a
time (Parquet statistics skip the other rows, so memory holds one range); the repeats
change only where a new (author, element, week) meets one seen before, found by
reading the older files' (author, cell) pairs a range of authors at a time and keeping
those a new file has. The cost is the new files, one pass over the older pairs and one
over the totals — never a regrouping of every file. :func:`write_outputs` turns the
totals into the same ``signals`` and ``segments`` as the in-memory path
(:func:`infimate.signals.share_of_voice.share_frames` on cells already rolled up), a
range of elements at a time, writing each piece while the next is computed.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from infimate.data.datasets import atomic_write_parquet, text_as_strings
from infimate.errors import DataFileError
from infimate.signals.cells import Cells, group, repeats, runs
from infimate.signals.codebook import Codebook
from infimate.signals.grid import U64, Grid, build_grid
from infimate.signals.partials import CELL, pack, read_partial, unpack, unpack_tuples
from infimate.signals.share_of_voice import GROUPING_SETS, share_frames

__all__ = ["RANGE_ROWS", "held_keys", "merge_files", "swap_in", "write_outputs"]

RANGE_ROWS = 6_000_000  # rows handled at a time by the merge and the output (memory bound)
_FINE = ("mentions", "kol_mentions", "eng", "tuples")
_POSTS = ("posts", "engagement")


def held_keys(totals: Path) -> list[str] | None:
    """The partial keys the totals in ``totals`` hold (None: no totals)."""
    path = totals / "keys.json"
    if not path.exists():
        return None
    try:
        return list(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise DataFileError(path, f"unreadable ({exc}); delete the totals to rebuild") from exc


def _rows(files: list[Path]) -> int:
    return sum(pl.scan_parquet(f).select(pl.len()).collect().item() for f in files)


def _add(grid: Grid, frames: list[pl.DataFrame], sums: tuple[str, ...]) -> pl.DataFrame:
    """Frames of code columns + sums, added up per cell (sorted by cell)."""
    frames = [f for f in frames if f.height] or frames[:1]
    frame = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    cols = tuple(c for c in CELL if c in frame.columns)
    cells = group(pack(grid, frame), {c: frame[c].cast(pl.Int64).to_numpy() for c in sums})
    return pl.DataFrame({**unpack(grid, cells.keys, cols), **cells.sums})


def _ranges(count: int, rows: int) -> list[tuple[int, int]]:
    """Consecutive code ranges ``[lo, hi)`` over ``count`` codes, about RANGE_ROWS rows each."""
    n = max(1, min(count, -(-rows // RANGE_ROWS)))
    edges = [count * i // n for i in range(n + 1)]
    return [(lo, hi) for lo, hi in itertools.pairwise(edges) if hi > lo]


def _read_range(files: list[Path], col: str, lo: int, hi: int) -> list[pl.DataFrame]:
    """Rows with ``lo <= col < hi`` of each file (row groups outside are skipped)."""
    return [pl.scan_parquet(f).filter(pl.col(col).is_between(lo, hi - 1)).collect() for f in files]


def _repeat_changes(
    grid: Grid, new: list[Path], old: list[Path], authors: int, say: Callable[[str], None]
) -> pl.DataFrame:
    """Change of the repeats when the tuples of ``new`` files join those of ``old``
    (code columns + repeats), a range of authors at a time."""
    out = []
    ranges = _ranges(authors, _rows(new))
    for b, (lo, hi) in enumerate(ranges):
        if len(ranges) > 1:
            say(f"distinct authors: range {b + 1} of {len(ranges)}")
        g_lo, g_hi = lo << 32, hi << 32
        fresh = pl.concat(_read_range(new, "g", g_lo, g_hi))
        wanted = runs(fresh["g"].to_numpy())[0]  # sorted

        def seen(f: Path, lo: int = g_lo, hi: int = g_hi, wanted: Any = wanted) -> pl.DataFrame:
            rows = _read_range([f], "g", lo, hi)[0]
            g = rows["g"].to_numpy()
            at = np.minimum(np.searchsorted(wanted, g), max(0, len(wanted) - 1))
            return rows.filter(pl.Series(wanted[at] == g) if len(wanted) else pl.lit(False))

        with ThreadPoolExecutor(max_workers=2) as pool:
            older = list(pool.map(seen, old))
        both = pl.concat(
            [
                *(s.with_columns(pl.lit(True).alias("old")) for s in older),
                fresh.with_columns(pl.lit(False).alias("old")),
            ],
            how="diagonal_relaxed",
        )
        multi = both.filter(pl.col("g").is_duplicated())  # (author, element, week) met again
        if multi.height:
            codes = unpack_tuples(multi)
            keys = pack(grid, codes)
            ids = [grid.project(keys, gs) for gs in GROUPING_SETS]
            change = repeats(ids, codes["a"].to_numpy(), old=multi["old"].to_numpy())
            out.append(pl.DataFrame({**unpack(grid, change.keys), **change.sums}))
    empty = pl.DataFrame(schema={c: pl.UInt32 for c in CELL} | {"repeats": pl.Int64})
    return pl.concat(out) if out else empty


def merge_files(
    book: Codebook,
    totals: Path | None,
    new: list[dict[str, Path]],
    old: list[dict[str, Path]],
    target: Path,
    *,
    authors: int,
    out: Path,
    say: Callable[[str], None] = lambda msg: None,
) -> tuple[int, int]:
    """Write to ``target`` the ``totals`` (None: none yet) with the partials of ``new``
    files added (``old``: the files the totals hold; ``authors``: author codes in use),
    and the outputs to ``out`` in the same pass over the elements. Returns the signals
    and segments row counts."""
    grid = book.grid()
    shutil.rmtree(target, ignore_errors=True)
    (target / "cells").mkdir(parents=True)
    posts = [*([totals / "posts.parquet"] if totals else []), *(p["posts"] for p in new)]
    post_totals = _add(grid, [read_partial(f) for f in posts], _POSTS)
    post_totals.write_parquet(target / "posts.parquet")
    say("distinct authors")
    change = _repeat_changes(
        grid, [p["tuples"] for p in new], [p["tuples"] for p in old], authors, say
    )
    before = [read_partial(totals / "repeats.parquet")] if totals else []
    rep = _add(grid, [*before, change], ("repeats",)).filter(pl.col("repeats") != 0)
    rep.write_parquet(target / "repeats.parquet")
    cells = [
        *(sorted((totals / "cells").glob("*.parquet")) if totals else []),
        *(p["cells"] for p in new),
    ]
    ranges = _ranges(len(book.elements), _rows(cells))

    def added() -> Iterator[pl.DataFrame]:
        for i, (lo, hi) in enumerate(ranges):
            say(f"adding counts and writing: elements {i + 1} of {len(ranges)}")
            frame = _add(grid, _read_range(cells, "e", lo, hi), _FINE)
            frame.write_parquet(
                target / "cells" / f"{i:05d}.parquet", compression="lz4", row_group_size=262_144
            )
            yield frame

    return _write(book, post_totals, rep, added(), out)


def swap_in(target: Path, totals: Path, keys: list[str]) -> None:
    """Make ``target`` the totals (holding the partials ``keys``), swapped in whole: a run
    killed half way leaves the old totals or none (then they are rebuilt)."""
    (target / "keys.json").write_text(json.dumps(sorted(keys)), encoding="utf-8")
    old = totals.with_name(totals.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if totals.exists():
        totals.rename(old)
    target.rename(totals)
    shutil.rmtree(old, ignore_errors=True)


def _output_grid(book: Codebook) -> tuple[Grid, list[np.ndarray]]:
    """The output grid (values in output order) and, per dimension, a lookup from the
    state's codes to it."""
    grid = build_grid(
        elements=[book.elements], dates=[book.dates], segments=[v[1:] for v in book.values]
    )
    luts = []
    lists: list[list[Any]] = [book.elements, book.dates, *book.values]
    for dim, names in enumerate(lists):
        target = (grid.elements, grid.dates, *grid.values)[dim].to_list()
        if dim >= 2:
            target[grid.all_codes[dim - 2]] = None  # the slot: only the state's code 0 maps to it
        where = {v: i for i, v in enumerate(target)}
        lut = np.array(
            [where[v] if dim < 2 or i else grid.all_codes[dim - 2] for i, v in enumerate(names)],
            dtype=U64,
        )
        luts.append(lut)
    return grid, luts


def _regrid(
    grid: Grid, luts: list[np.ndarray], frame: pl.DataFrame, sums: tuple[str, ...]
) -> Cells:
    keys = np.zeros(frame.height, dtype=U64)
    for dim, c in enumerate(CELL):
        if c in frame.columns:
            keys |= luts[dim][frame[c].to_numpy()] << U64(grid.shifts[dim])
    return group(keys, {c: frame[c].to_numpy() for c in sums})


def write_outputs(book: Codebook, totals: Path, out: Path) -> tuple[int, int]:
    """Write ``signals.parquet`` and ``segments.parquet`` of the totals to ``out``, a range
    of elements at a time; returns their row counts."""
    cells = sorted((totals / "cells").glob("*.parquet"))
    ranges = (
        pl.concat(_read_range(cells, "e", lo, hi))
        for lo, hi in _ranges(len(book.elements), _rows(cells))
    )
    posts = read_partial(totals / "posts.parquet")
    return _write(book, posts, read_partial(totals / "repeats.parquet"), ranges, out)


def _write(
    book: Codebook,
    posts: pl.DataFrame,
    reps: pl.DataFrame,
    cells: Iterator[pl.DataFrame],
    out: Path,
) -> tuple[int, int]:
    """The outputs of totals given as frames of code columns (``cells``: consecutive
    element ranges, in order), each piece of the signals written while the next is
    computed; returns the signals and segments row counts."""
    import pyarrow.parquet as pq

    grid, luts = _output_grid(book)  # the state's element codes are in output order
    denom = _regrid(grid, luts, posts, _POSTS)
    repeat = _regrid(grid, luts, reps, ("repeats",))
    writer: Any = None
    rows = 0
    tmp = out / ".signals.parquet.writing"

    def sink(frame: pl.DataFrame) -> None:
        nonlocal writer, rows
        # text columns go to the writer as dictionaries (Categorical): it writes their
        # codes instead of hashing every string again; without the Arrow schema in the
        # file they read back as plain strings, the layout Spark's job writes too
        table = frame.with_columns(pl.col(pl.String).cast(pl.Categorical)).to_arrow()
        if writer is None:
            writer = pq.ParquetWriter(tmp, table.schema, compression="zstd", store_schema=False)
        writer.write_table(table)
        rows += frame.height

    try:
        pieces = (_regrid(grid, luts, c, _FINE) for c in cells)
        _, segments = share_frames(grid, pieces, denom, repeat, rolled=True, sink=sink)
        writer.close()
        atomic_write_parquet(out / "segments.parquet", text_as_strings(segments))
        tmp.replace(out / "signals.parquet")
    finally:
        tmp.unlink(missing_ok=True)
    return rows, segments.height
