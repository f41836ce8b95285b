"""Aggregated cells of the share-of-voice grid: group sums, the nine roll-ups, repeats.

:class:`Cells` holds strictly increasing cell keys (:class:`infimate.signals.grid.Grid`)
with one int64 array per summed column. Everything here works on those integer keys,
never on strings, and with sorts of 64-bit integers instead of hash tables:

* :func:`group` sums rows by key (one sort of ``key << row bits | row``; run starts;
  ``np.add.reduceat``);
* :func:`rollup` turns finest cells into the cells of every grouping set of ``sets``
  (:data:`infimate.signals.share_of_voice.GROUPING_SETS`), each from the smallest set
  already computed that holds its columns: a projection that keeps the key order needs
  no sort, the others are counted densely per (element, week) block;
* :func:`repeats` counts, per cell, the rows whose (identity, cell) pair repeats
  another row: distinct authors = rows − repeats, exactly (also as a change when new
  rows join rows counted before, for the out-of-core totals);
* :func:`merge` puts cells of several grouping sets (disjoint keys) in key order, which
  is the output's row order.

Example
-------
>>> k = np.array([5, 3, 5], dtype=np.uint64)
>>> c = group(k, {"eng": np.array([1, 2, 3])}, count="n")
>>> c.keys.tolist(), c.sums["n"].tolist(), c.sums["eng"].tolist()
([3, 5], [1, 2], [2, 4])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.signals.grid import U64, Grid, Keys

__all__ = [
    "Cells",
    "carried",
    "group",
    "merge",
    "order_rows",
    "paired",
    "repeats",
    "rollup",
    "runs",
    "unpaired",
]

Sets = tuple[tuple[str, ...], ...]
Ints = npt.NDArray[np.int64]
DENSE_BINS = 1 << 22  # block × cell bins always allowed for one set (more for more cells)


@dataclass(frozen=True)
class Cells:
    """Cells (strictly increasing keys) and their int64 sums, one array per column."""

    keys: Keys
    sums: dict[str, Ints]

    def __len__(self) -> int:
        return len(self.keys)


def order_rows(keys: Keys, *, consume: bool = False) -> tuple[Keys, npt.NDArray[np.intp]]:
    """Sorted keys and the row order: one sort of ``key << row bits | row`` when that
    fits in 64 bits (a stable order), else a stable argsort. ``consume``: ``keys`` may
    be overwritten (no copy of them is made)."""
    n = len(keys)
    if not n:
        return keys, np.zeros(0, dtype=np.intp)
    rbits = max(1, (n - 1).bit_length())
    if int(keys.max()).bit_length() + rbits <= 64:
        packed = keys if consume else keys.copy()
        packed <<= U64(rbits)
        step = 1 << 20  # row numbers added a slice at a time: no n-row temporary
        ramp = np.arange(min(n, step), dtype=U64)
        for a in range(0, n, step):
            part = packed[a : a + step]
            part |= ramp[: len(part)]
            ramp += U64(step)
        packed.sort()
        rows = (packed & U64((1 << rbits) - 1)).view(np.intp)
        packed >>= U64(rbits)
        return packed, rows
    rows = np.argsort(keys, kind="stable")
    return keys[rows], rows


def runs(keys: Keys) -> tuple[Keys, Ints]:
    """Distinct values of ``keys`` (sorted) and how often each occurs: a sort and its run
    lengths (numpy's own ``unique`` may hash, which is slower for 64-bit keys).

    Example
    -------
    >>> [a.tolist() for a in runs(np.array([7, 3, 7], dtype=np.uint64))]
    [[3, 7], [1, 2]]
    """
    cells = group(keys, {}, count="n")
    return cells.keys, cells.sums["n"]


def _run_starts(ordered: Keys) -> npt.NDArray[np.intp]:
    """Where each run of equal (sorted, non-empty) keys starts: a mask written in place,
    no shifted copies of the keys."""
    new = np.empty(len(ordered), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return np.flatnonzero(new)


def group(
    keys: Keys,
    sums: dict[str, Ints],
    *,
    count: str | None = None,
    presorted: bool = False,
) -> Cells:
    """Sum ``sums`` (int64 arrays, one value per row) by key; ``count`` adds rows per key.

    ``presorted``: the keys are already in non-decreasing order (no sort).
    """
    n = len(keys)
    names = [*sums, *([count] if count else [])]
    if n == 0:
        return Cells(np.zeros(0, dtype=U64), {c: np.zeros(0, dtype=np.int64) for c in names})
    rows = None
    ordered = keys
    if not presorted:
        ordered, rows = order_rows(keys)
    starts = _run_starts(ordered)
    out = {
        c: np.add.reduceat(v if rows is None else v[rows], starts).astype(np.int64, copy=False)
        for c, v in sums.items()
    }
    if count:
        out[count] = np.diff(starts, append=n).astype(np.int64, copy=False)
    return Cells(ordered[starts], out)


def carried(keys: Keys, values: dict[str, npt.NDArray[Any]], *, count: str) -> Cells | None:
    """Sums of non-negative integer ``values`` per key, the values carried in the sort
    key (``key << value bits | values``): one in-place sort, no row order and no gather
    of the values. ``keys`` is overwritten. None (``keys`` untouched) when a value is
    negative or key and values need more than 64 bits: then sort rows (:func:`group`).

    Example
    -------
    >>> c = carried(np.array([5, 3, 5], dtype=U64), {"x": np.array([1, 2, 3])}, count="n")
    >>> c.keys.tolist(), c.sums["x"].tolist(), c.sums["n"].tolist()
    ([3, 5], [2, 4], [1, 2])
    """
    n = len(keys)
    widths = {}
    for c, v in values.items():
        if n and int(v.min()) < 0:
            return None
        widths[c] = max(1, int(v.max(initial=0)).bit_length())
    vbits = sum(widths.values())
    if not n or int(keys.max()).bit_length() + vbits > 64:
        return None
    packed = keys
    for c, v in values.items():  # key << width | value, value by value, in place
        packed <<= U64(widths[c])
        packed |= v.view(f"u{v.dtype.itemsize}") if v.dtype.kind == "i" else v
    packed.sort()
    # the values' bits, 32 wide when they fit (a truncating cast: no 64-bit temporary)
    low = packed.astype(np.uint32) if vbits <= 32 else packed.copy()
    low &= low.dtype.type((1 << vbits) - 1)
    packed >>= U64(vbits)
    starts = _run_starts(packed)
    sums, shift = {}, vbits
    for c in values:
        shift -= widths[c]
        part = low >> low.dtype.type(shift) if shift else low
        part &= low.dtype.type((1 << widths[c]) - 1)
        sums[c] = np.add.reduceat(part, starts, dtype=np.int64)
    sums[count] = np.diff(starts, append=n).astype(np.int64, copy=False)
    return Cells(packed[starts], sums)


def paired(high: Ints, low: Ints | npt.NDArray[np.bool_]) -> tuple[Ints, int] | None:
    """``high`` and non-negative ``low`` as one int64 column that sums like both
    (``high << shift | low``, ``shift`` wide enough for the sum of ``low``), so one
    gather and one sum serve two columns; None when a sum of ``high`` could overflow
    (no sum of rows exceeds the sum of their absolute values).

    Example
    -------
    >>> both, shift = paired(np.array([7, -2]), np.array([1, 0]))
    >>> [a.tolist() for a in unpaired(np.array([both.sum()]), shift)]
    [[5], [1]]
    """
    shift = max(1, int(low.sum()).bit_length())
    nonneg = int(high.min(initial=0)) >= 0  # then the sum is the bound (no |high| copy)
    bound = float((high if nonneg else np.abs(high)).sum(dtype=np.float64))
    if shift >= 62 or bound >= 2.0 ** (62 - shift):
        return None
    out = high << shift
    out |= low
    return out, shift


def unpaired(both: Ints, shift: int) -> tuple[Ints, Ints]:
    """``(high, low)`` sums back from sums of a :func:`paired` column."""
    return both >> shift, both & ((1 << shift) - 1)


def _keeps_order(source: tuple[str, ...], target: tuple[str, ...]) -> bool:
    """Projecting keys sorted with ``source`` varying onto ``target`` keeps them sorted:
    every dropped column comes after every kept one in the key's field order."""
    pos = {c: i for i, c in enumerate(SEGMENT_COLS)}
    kept = [pos[c] for c in target]
    return all(pos[c] > max(kept, default=-1) for c in source if c not in target)


def _value_codes(grid: Grid, i: int) -> npt.NDArray[np.int64]:
    """Grid codes of segment column ``i``'s real values (the "all" slot left out)."""
    return np.delete(np.arange(len(grid.values[i])), grid.all_codes[i])


def _cell_keys(grid: Grid, keep: tuple[str, ...]) -> Keys:
    """Segment fields of every cell of a set over ``keep``, values in mixed-radix order."""
    out = np.zeros(1, dtype=U64)
    for i, c in enumerate(SEGMENT_COLS):
        shift = U64(grid.shifts[2 + i])
        if c in keep:
            out = (out[:, None] | (_value_codes(grid, i).astype(U64) << shift)).ravel()
        else:
            out |= U64(grid.all_codes[i]) << shift
    return out


def _bincount(idx: Ints, weights: Ints, size: int) -> Ints:
    """Exact int64 sums of ``weights`` per ``idx`` (float sums when they cannot round)."""
    top = max(-int(weights.min(initial=0)), int(weights.max(initial=0)))
    if float(top) * len(weights) >= 2.0**53:
        out = np.zeros(size, dtype=np.int64)
        np.add.at(out, idx, weights)
        return out
    return np.bincount(idx, weights, minlength=size).astype(np.int64)


def _regroup(grid: Grid, cells: Cells, gs: tuple[str, ...], count: str) -> Cells | None:
    """Sums of sorted ``cells`` per cell of set ``gs``, counted densely within each
    (element, week) block: the cells come block by block, so ``np.bincount`` writes
    move through memory in order. None when the dense bins would be too many."""
    size = int(np.prod([len(grid.values[SEGMENT_COLS.index(c)]) - 1 for c in gs]))
    prefix = grid.prefix(cells.keys, 1)
    new = np.empty(len(prefix), dtype=bool)
    new[:1] = True
    np.not_equal(prefix[1:], prefix[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    if len(starts) * size > max(DENSE_BINS, 4 * len(cells)):
        return None
    bins = np.cumsum(new, dtype=np.int64)
    bins -= 1
    bins *= size
    radix = 1
    for i in reversed([SEGMENT_COLS.index(c) for c in gs]):
        d = grid.digit(cells.keys, 2 + i).astype(np.int64)
        d -= d > grid.all_codes[i]  # grid code -> value code
        bins += d * radix
        radix *= len(grid.values[i]) - 1
    total = len(starts) * size
    sums = {c: _bincount(bins, v, total) for c, v in cells.sums.items()}
    nz = np.flatnonzero(sums[count])
    block, cell = np.divmod(nz, size)
    keys = (prefix[starts][block] << U64(grid.shifts[1])) | _cell_keys(grid, gs)[cell]
    return Cells(keys, {c: v[nz] for c, v in sums.items()})


def rollup(grid: Grid, finest: Cells, sets: Sets, *, count: str) -> list[Cells]:
    """Cells of every grouping set of ``sets`` (in that order) from finest cells.

    Sums add up; each set is grouped from the smallest set already computed that holds
    its columns: without a sort where the projection keeps the key order, else densely
    per block (:func:`_regroup`) or, when that would not fit, by sorting. ``count``
    names a sum that is positive in every cell (e.g. mentions).
    """
    done: dict[tuple[str, ...], Cells] = {SEGMENT_COLS: finest}
    for gs in sorted(sets, key=len, reverse=True):
        sources = [s for s in done if set(gs) <= set(s)]
        src = min(sources, key=lambda s: (not _keeps_order(s, gs), len(done[s])))
        cells = done[src]
        if _keeps_order(src, gs):
            done[gs] = group(grid.project(cells.keys, gs, varying=src), cells.sums, presorted=True)
            continue
        dense = _regroup(grid, cells, gs, count)
        keys = grid.project(cells.keys, gs, varying=src)
        done[gs] = dense if dense is not None else group(keys, cells.sums)
    return [done[gs] for gs in sets]


def repeats(
    ids: list[Keys], identity: pl.Series | Ints, old: npt.NDArray[np.bool_] | None = None
) -> Cells:
    """Rows whose (identity, cell) pair repeats another row, per cell (sum "repeats").

    ``ids`` holds one array per grouping set with each row's cell id in it (ids are
    distinct across sets); ``identity`` who wrote each row (a Series of any dtype,
    compared exactly, or integer codes). Distinct identities of a cell = its rows − its
    repeats. With ``old`` (rows already counted before), the result is the *change*:
    for each pair, (rows − 1) minus (old rows − 1, if any), so adding new rows to old
    ones updates the old repeats. Cells without repeats are left out.
    """
    if isinstance(identity, pl.Series):
        identity = identity.cast(pl.String).cast(pl.Categorical).to_physical().to_numpy()
    who = np.asarray(identity).astype(U64)
    wbits = max(1, int(who.max(initial=0)).bit_length())
    parts = []
    for cell in ids:
        if not len(cell):
            continue
        distinct = None
        if int(cell.max()).bit_length() + wbits > 64:  # number the cells densely instead
            distinct = runs(cell)[0]
            cell = np.searchsorted(distinct, cell).astype(U64)
        pair = (cell << U64(wbits)) | who
        uniq, n_all = runs(pair)
        extra = n_all - 1
        if old is not None and old.any():
            have, n_old = runs(pair[old])
            extra[np.searchsorted(uniq, have)] -= n_old - 1
        keep = extra != 0
        at = uniq[keep] >> U64(wbits)
        real = at if distinct is None else distinct[at.astype(np.intp)]
        parts.append(group(real, {"repeats": extra[keep].astype(np.int64)}, presorted=True))
    if not parts:
        return Cells(np.zeros(0, dtype=U64), {"repeats": np.zeros(0, dtype=np.int64)})
    return merge(parts)


def merge(parts: list[Cells]) -> Cells:
    """Cells of several grouping sets in one key order (keys are disjoint across sets)."""
    keys = np.concatenate([p.keys for p in parts])
    names = list(parts[0].sums) if parts else []
    if not len(keys):
        return Cells(keys, {c: np.zeros(0, dtype=np.int64) for c in names})
    ordered, rows = order_rows(keys)
    return Cells(ordered, {c: np.concatenate([p.sums[c] for p in parts])[rows] for c in names})
