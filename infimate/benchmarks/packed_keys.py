"""Integer group keys for :mod:`infimate.benchmarks.packed_sov`: codes, spaces, packing.

Key columns become integer codes (:func:`code_column`), each with a code space (:func:`code_space`:
offset, optional dense lookup, radix), and are packed into one mixed-radix unsigned key
per row (:func:`pack_keys`); :func:`key_layout` picks spaces that leave room for the author-hash,
KOL and row bits in 64.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

CHUNK = 1 << 20  # rows per chunk of the key building and run scans
U64 = np.uint64
MAX_KEY_BITS = 40  # packed group key bits (beside the row number and author hash bits)


MIN_HASH_BITS = 8  # fewer author-hash bits than this: plain group_by instead


DENSE_SPAN = 1 << 26  # largest code range mapped through a lookup array


def code_column(
    s: pl.Series, like: pl.DataType | None = None, pool: ThreadPoolExecutor | None = None
) -> pl.Series:
    """A key column in a dtype with integer codes (``.to_physical()``).

    Categorical/Enum (the tagger's), Date (days) and integers stay as they are; other
    dtypes (String) become ``pl.Categorical``. Posts columns are cast to ``like``, the
    mentions' dtype. Polars recycles the codes of categories nothing refers to any
    more, so callers keep the returned Series alive while they compare codes across
    Series: equal strings have equal codes only among live Categorical Series. With a
    ``pool``, the two halves are cast in its two threads.
    """
    dt = like or s.dtype
    keep = dt == pl.Date or dt.is_integer() or isinstance(dt, pl.Categorical | pl.Enum)
    target = dt if keep else pl.Categorical
    if s.dtype == target:
        return s
    if pool is None or len(s) < 2 * CHUNK:
        return s.cast(target, strict=False)
    half = len(s) // 2
    parts: Iterator[pl.Series] = pool.map(
        lambda x: x.cast(target, strict=False), [s.slice(0, half), s.slice(half)]
    )
    return pl.concat(list(parts), rechunk=False)


def code_space(codes: pl.Series, *, compact: bool) -> tuple[int, np.ndarray | None, int]:
    """``(lo, lut, radix)``: value v gets code ``v - lo`` (radix = the value range) or, when
    compacting, ``lut[v - lo]`` (radix = distinct values; -1 for absent values)."""
    lo, hi = codes.min(), codes.max()
    assert isinstance(lo, int) and isinstance(hi, int)  # physical codes are integers
    if not compact or hi - lo >= DENSE_SPAN:
        return lo, None, hi - lo + 1
    present = np.zeros(hi - lo + 1, dtype=bool)
    present[codes.to_numpy() - lo] = True
    lut = np.cumsum(present, dtype=np.int64) - 1
    lut[~present] = -1
    return lo, lut, int(lut[-1]) + 1


def as_unsigned(a: np.ndarray) -> np.ndarray:
    """Non-negative integer array viewed as unsigned (so uint64 arithmetic stays integer)."""
    return a.view(a.dtype.str.replace("i", "u")) if a.dtype.kind == "i" else a


def pack_keys(
    phys: list[pl.Series], spaces: list[Any], *, own: bool = False
) -> tuple[np.ndarray, np.ndarray | None]:
    """Mixed-radix key of columns of codes (first = most significant; uint32 when it fits,
    else uint64) and a mask of the rows whose values are all inside ``spaces`` (None:
    every row is). ``own``: the spaces were computed from these very codes."""
    wide = math.prod(sp[2] for sp in spaces) > 1 << 32
    dt = U64 if wide else np.uint32
    key: npt.NDArray[np.unsignedinteger[Any]] = np.zeros(len(phys[0]), dtype=dt)
    offset, ok = 0, None
    for s, (lo, lut, radix) in zip(phys, spaces, strict=True):
        span = radix if lut is None else len(lut)
        key *= dt(radix)
        offset *= radix
        inside = own or (not s.null_count() and lo <= (s.min() or 0) and (s.max() or 0) < lo + span)
        if inside and lut is None and lo >= 0:  # the codes as they are; lo comes off at the end
            np.add(key, as_unsigned(s.to_numpy()), out=key, casting="unsafe")
            offset += lo
            continue
        codes = s.cast(pl.Int64).fill_null(lo - 1).to_numpy() - lo
        miss = None if inside else (codes < 0) | (codes >= span)
        if miss is not None:
            codes[miss] = 0
        if lut is not None:
            codes = lut[codes]
            miss = codes < 0 if miss is None else miss | (codes < 0)
            codes[codes < 0] = 0
        if miss is not None and miss.any():
            ok = ~miss if ok is None else ok & ~miss
        np.add(key, codes.astype(dt), out=key)
    key -= dt(offset % (1 << (64 if wide else 32)))  # unsigned arithmetic wraps: exact
    return key, ok


def key_layout(phys: list[pl.Series], n: int) -> tuple[list[Any], int, int] | None:
    """Code spaces and the bit widths ``(element bits, week × segment bits)`` of the key,
    or None when key + :data:`MIN_HASH_BITS` + kol bit + row bits exceed 64."""
    rbits = max(1, (n - 1).bit_length())
    for compact in (False, True):
        spaces = [code_space(p, compact=compact) for p in phys]
        ebits = max(1, (spaces[0][2] - 1).bit_length())
        sbits = max(1, (math.prod(s[2] for s in spaces[1:]) - 1).bit_length())
        if ebits + sbits <= min(MAX_KEY_BITS, 63 - rbits - MIN_HASH_BITS):
            return spaces, ebits, sbits
    return None
