"""The grid of share-of-voice cells: element × week × segment values as integer codes.

A *cell* is one row of the signals table (or, without the element, of the segments
table): an element, a week and one value per segment column
(:data:`infimate.data.schema.SEGMENT_COLS`), where a column outside the row's grouping
set holds the rolled-up slot "all". :class:`Grid` numbers each dimension's values in
the order the output is sorted in — element ids and segment values as strings, weeks by
date — with the "all" slot inserted where the string "all" sorts, and packs a cell into
one unsigned 64-bit *key*: one bit field per dimension, the element's the most
significant. Keys therefore sort exactly as the signals rows do (element, date, market,
crowd, scene, platform), and a grouping set's cell is a finest cell with the other
segment fields set to "all" (:meth:`Grid.project`), a mask and an or.

:func:`column_codes` reads a column (Categorical, String or Date) as integer codes of
its distinct values without sorting or hashing strings row by row; :func:`build_grid`
makes the grid of several frames' values and :meth:`Grid.codes` maps a column's codes
onto it.

Example
-------
>>> g = build_grid(elements=[["red", "blue"]], dates=[[dt.date(2026, 11, 23)]],
...     segments=[["US", "GB"], ["moms", "gen_z"], ["office"], ["tiktok"]])
>>> g.values[1].to_list(), g.all_codes[1]   # "all" sorts among the values as a string
(['all', 'gen_z', 'moms'], 0)
>>> k = g.pack([1, 0, 0, 2, 1, 1])                       # red, the week, GB, moms, office, ...
>>> bool(g.project(k, ("market",))[0] < k[0])            # crowd moms -> "all": a smaller key
True
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.errors import InfimateError

__all__ = ["ALL", "U64", "Coded", "Grid", "build_grid", "column_codes"]

ALL = "all"
U64 = np.uint64
Keys = npt.NDArray[np.uint64]
_SPAN = 1 << 24  # widest range of days a date column may span
_FOLD = 1 << 22  # a date column's day offset below this is folded into its lookup array
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Coded:
    """A column as raw integer codes: row ``i`` holds ``values[j]`` where
    ``present[j] == raw[i] - offset``."""

    raw: npt.NDArray[Any]
    offset: int
    present: npt.NDArray[np.int64]
    values: list[Any]


def column_codes(s: pl.Series) -> Coded:
    """Raw integer codes of a column and the distinct values they stand for.

    Categorical columns (the tagger's) use their physical codes; String columns are cast
    to Categorical first; Date columns use their day numbers. Nulls are refused (segment
    columns are filled with "unknown" before).

    Example
    -------
    >>> c = column_codes(pl.Series(["b", "a", "b"]))
    >>> [dict(zip(c.present.tolist(), c.values))[int(r) - c.offset] for r in c.raw]
    ['b', 'a', 'b']
    """
    if s.null_count():
        raise InfimateError(f"column {s.name!r} has {s.null_count()} missing value(s)")
    if not len(s):
        return Coded(np.zeros(0, dtype=np.int64), 0, np.zeros(0, dtype=np.int64), [])
    if s.dtype == pl.Date:
        days = s.to_physical().to_numpy()
        lo, hi = int(days.min()), int(days.max())
        if hi - lo >= _SPAN:
            raise InfimateError(f"column {s.name!r} spans more than {_SPAN:,} days")
        present = _present(days, lo, hi)
        return Coded(days, lo, present, [_EPOCH + dt.timedelta(int(d) + lo) for d in present])
    cat = s if s.dtype == pl.Categorical else s.cast(pl.String).cast(pl.Categorical)
    raw = cat.to_physical().to_numpy()
    if int(raw.max()) < _SPAN:
        present = _present(raw, 0, int(raw.max()))
        names = _category_names(cat, present)
        if names is not None:
            return Coded(raw, 0, present, names)
    distinct = cat.unique()
    present = distinct.to_physical().to_numpy().astype(np.int64)
    return Coded(raw, 0, present, distinct.cast(pl.String).to_list())


def _present(raw: npt.NDArray[Any], lo: int, hi: int) -> npt.NDArray[np.int64]:
    """The distinct values of ``raw`` (all in ``lo..hi``) minus ``lo``, sorted: marks in
    a boolean array (no row-sized temporary, unlike ``np.bincount``'s cast to intp)."""
    if lo >= 0 and hi < _FOLD + _SPAN:
        seen = np.zeros(hi + 1, dtype=bool)
        seen[raw] = True
        return np.flatnonzero(seen[lo:]).astype(np.int64)
    seen = np.zeros(hi - lo + 1, dtype=bool)
    seen[raw - lo] = True
    return np.flatnonzero(seen).astype(np.int64)


def _category_names(cat: pl.Series, codes: npt.NDArray[np.int64]) -> list[Any] | None:
    """The strings of physical ``codes`` of a Categorical, or None when this polars
    cannot map codes back (then the caller asks the column for its distinct values)."""
    try:
        names = pl.Series(codes.astype(np.uint32)).cat.to(cat.dtype).cast(pl.String)
    except (AttributeError, TypeError, pl.exceptions.PolarsError):
        return None
    return None if names.null_count() else names.to_list()


@dataclass(frozen=True)
class Grid:
    """Value lists (in output order) of each dimension; cells packed as uint64 keys."""

    elements: pl.Series
    dates: pl.Series
    values: tuple[pl.Series, ...]
    all_codes: tuple[int, ...]
    bits: tuple[int, ...] = field(init=False)
    shifts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        sizes = (len(self.elements), len(self.dates), *map(len, self.values))
        bits = tuple(max(1, (n - 1).bit_length()) for n in sizes)
        if sum(bits) > 63:
            raise InfimateError("too many distinct elements × weeks × segment values to aggregate")
        shifts = [sum(bits[i + 1 :]) for i in range(len(bits))]
        object.__setattr__(self, "bits", bits)
        object.__setattr__(self, "shifts", tuple(shifts))

    def _dims(self) -> tuple[pl.Series, ...]:
        return (self.elements, self.dates, *self.values)

    def pack(self, digits: Sequence[npt.NDArray[Any] | int]) -> Keys:
        """Keys of cells given their codes per dimension (element, date, segments).

        Example
        -------
        >>> g = build_grid(elements=[["red"]], dates=[[dt.date(2026, 11, 23)]],
        ...     segments=[["US"], ["x"], ["y"], ["z"]])
        >>> g.pack([0, 0, 1, 1, 1, 1]).tolist()   # US, x, y, z: each sorts after "all"
        [15]
        """
        key = np.zeros(int(np.max([np.size(d) for d in digits])), dtype=U64)
        for d, shift in zip(digits, self.shifts, strict=True):
            key |= np.asarray(d).astype(U64) << U64(shift)
        return key

    def _lut(self, dim: int, coded: Coded) -> npt.NDArray[Any]:
        """Grid code of each raw code of ``coded`` (narrowest unsigned dtype), indexed by
        the raw code itself: a date column's day offset is folded in when it is small."""
        names = self._dims()[dim].to_list()
        if dim >= 2:  # the rolled-up slot; a real "all" value sorts just before it
            names[self.all_codes[dim - 2]] = None
        where = {v: i for i, v in enumerate(names)}
        lo = coded.offset if 0 <= coded.offset < _FOLD else 0
        lut = np.zeros(
            lo + int(coded.present.max(initial=0)) + 1, dtype=np.min_scalar_type(len(names))
        )
        lut[lo + coded.present] = [where[v] for v in coded.values]
        return lut

    def codes(
        self, dim: int, coded: Coded, rows: npt.NDArray[Any] | None = None
    ) -> npt.NDArray[np.unsignedinteger[Any]]:
        """Grid codes of dimension ``dim`` of ``coded``'s rows (or of ``rows`` of them), in
        the narrowest unsigned dtype (one small gather, no 64-bit temporaries)."""
        lut = self._lut(dim, coded)
        raw = coded.raw if rows is None else coded.raw[rows]
        if coded.offset and not 0 <= coded.offset < _FOLD:
            raw = raw - coded.offset
        return lut[raw]  # type: ignore[no-any-return]

    def digit(self, keys: Keys, dim: int) -> npt.NDArray[np.uint32]:
        """Code of dimension ``dim`` (0 element, 1 date, 2.. segments) in each key."""
        out = (keys >> U64(self.shifts[dim])).astype(np.uint32)
        out &= np.uint32((1 << self.bits[dim]) - 1)
        return out

    def digits(
        self, keys: Keys, cell: npt.NDArray[np.unsignedinteger[Any]] | None = None
    ) -> list[npt.NDArray[np.unsignedinteger[Any]]]:
        """Codes of every dimension of each key (:meth:`digit`); ``cell``: the keys'
        :meth:`cell_part`, maybe narrowed to 32 bits: the week and segment codes come from
        it in its own width (less memory to move than 64-bit keys)."""
        if cell is None:
            return [self.digit(keys, d) for d in range(len(self.bits))]
        out = [self.digit(keys, 0)]
        kind = cell.dtype.type
        for d in range(1, len(self.bits)):
            code = cell >> kind(self.shifts[d])
            code &= kind((1 << self.bits[d]) - 1)
            out.append(code)
        return out

    def prefix(self, keys: Keys, dim: int) -> Keys:
        """Keys without the fields after dimension ``dim`` (``dim`` 1: element, week)."""
        return keys >> U64(self.shifts[dim])

    def cell_part(self, keys: Keys) -> Keys:
        """Keys without the element field (the denominators' cell of a signal row)."""
        return keys & U64((1 << self.shifts[0]) - 1)

    def project(
        self, keys: Keys, keep: Iterable[str], *, varying: Iterable[str] | None = None
    ) -> Keys:
        """Keys with the segment fields outside ``keep`` set to "all".

        ``varying`` names the fields that may hold a value (default: every segment
        column); the others already hold "all" and are left as they are.
        """
        keep_set = set(keep)
        clear, fill = 0, 0
        for i, c in enumerate(SEGMENT_COLS):
            if c in keep_set or c not in (SEGMENT_COLS if varying is None else varying):
                continue
            clear |= ((1 << self.bits[2 + i]) - 1) << self.shifts[2 + i]
            fill |= self.all_codes[i] << self.shifts[2 + i]
        out = keys & U64(~clear & ((1 << 64) - 1))
        out |= U64(fill)
        return out

    @cached_property
    def _categoricals(self) -> tuple[pl.Series, ...]:
        """The dimensions with their values as ``pl.Categorical`` (dates as they are)."""
        return tuple(s if i == 1 else s.cast(pl.Categorical) for i, s in enumerate(self._dims()))

    def columns(
        self, digits: Sequence[npt.NDArray[Any]], *, element: bool = True
    ) -> list[pl.Series]:
        """The element (optional), date and segment columns of cells given their codes per
        dimension (element, date, segments); element and segment values as
        ``pl.Categorical`` (one code per row: cheap to gather and to write as a Parquet
        dictionary; :meth:`infimate.data.datasets.Dataset.read` hands them back as String)."""
        names = ["element", "date", *SEGMENT_COLS]
        return [
            series.gather(pl.Series(d, dtype=pl.UInt32)).alias(names[i])
            for i, (d, series) in enumerate(zip(digits, self._categoricals, strict=True))
            if element or i
        ]

    def cell(self, digits: Sequence[npt.NDArray[Any]]) -> npt.NDArray[np.int64]:
        """Week × segment part of the keys of cells given their codes per dimension."""
        out = np.asarray(digits[1]).astype(np.int64) << self.shifts[1]
        for i in range(2, len(digits)):
            out |= np.asarray(digits[i]).astype(np.int64) << self.shifts[i]
        return out


def build_grid(
    *,
    elements: Iterable[Iterable[str]],
    dates: Iterable[Iterable[dt.date]],
    segments: Sequence[Iterable[str]],
) -> Grid:
    """The grid of the union of the given values (each argument: lists per frame).

    ``segments`` holds one iterable of values per segment column.
    """
    values, all_codes = [], []
    for vals in segments:
        names = sorted(set(vals))
        pos = bisect.bisect_right(names, ALL)
        names.insert(pos, ALL)
        values.append(pl.Series(names, dtype=pl.String))
        all_codes.append(pos)
    return Grid(
        elements=pl.Series("element", sorted(set().union(*elements)), dtype=pl.String),
        dates=pl.Series("date", sorted(set().union(*dates)), dtype=pl.Date),
        values=tuple(values),
        all_codes=tuple(all_codes),
    )
