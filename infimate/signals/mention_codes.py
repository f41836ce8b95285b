"""Tagged mentions and posts as integer codes: the input side of the one aggregation path.

:func:`codes` reads the key columns (:func:`~infimate.signals.grid.column_codes`),
:func:`grid_of` makes their :class:`~infimate.signals.grid.Grid`, :class:`CodedRows`
turns rows into finest-cell keys and sums them per cell (one sort), and
:func:`mention_repeats` counts the **exact** distinct-author repeats: a repeat needs the same
author on the same element and week, so one sort of (element, week, author-hash)
keys finds the few rows that can repeat (:func:`repeat_rows`); only those are compared
by author id (:func:`~infimate.signals.cells.repeats`). Used by
:func:`infimate.signals.share_of_voice.signals_and_segments`.

Example
-------
>>> import datetime as dt
>>> m = pl.DataFrame({"week": [dt.date(2026, 11, 23)] * 3, "element_id": ["red"] * 3,
...     "market": ["US"] * 3, "crowd": ["x"] * 3, "scene": ["y"] * 3, "platform": ["z"] * 3})
>>> c = codes(m, ["element_id", "week", "market", "crowd", "scene", "platform"])
>>> rows = CodedRows(grid_of(c, c), c, m.height)
>>> rows.finest({}).sums["n"].tolist()   # three rows in one finest cell
[3]
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np
import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.elements.tagging import prepare_posts
from infimate.signals.cells import (
    Cells,
    Sets,
    carried,
    group,
    order_rows,
    repeats,
    runs,
)
from infimate.signals.grid import U64, Coded, Grid, build_grid, column_codes

__all__ = [
    "CodedRows",
    "author_repeats",
    "codes",
    "empty_cells",
    "filled",
    "grid_of",
    "ints",
    "mention_cells",
    "mention_repeats",
    "post_fine",
    "prepared",
    "repeat_rows",
]


def filled(frame: pl.DataFrame) -> pl.DataFrame:
    """Segment columns with nulls read "unknown" (Categorical kept, others as String)."""
    if all(frame.schema[c] == pl.Categorical and not frame[c].null_count() for c in SEGMENT_COLS):
        return frame
    return frame.with_columns(
        pl.col(c).fill_null("unknown")
        if frame.schema[c] == pl.Categorical
        else pl.col(c).cast(pl.String).fill_null("unknown")
        for c in SEGMENT_COLS
    )


def prepared(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts as :func:`~infimate.elements.tagging.prepare_posts` makes them (once)."""
    return filled(posts if "week" in posts.columns else prepare_posts(posts))


def ints(s: pl.Series) -> np.ndarray:
    """An integer column as int64, nulls as 0."""
    return s.cast(pl.Int64).fill_null(0).to_numpy()


def codes(frame: pl.DataFrame, cols: list[str], pool: Executor | None = None) -> dict[str, Coded]:
    """:func:`~infimate.signals.grid.column_codes` of ``cols`` (on ``pool``'s threads too)."""
    series = [frame[c] for c in cols]
    found = pool.map(column_codes, series) if pool else map(column_codes, series)
    return dict(zip(cols, found, strict=True))


def grid_of(m: dict[str, Coded], p: dict[str, Coded]) -> Grid:
    """The grid of mentions' (``m``, may be empty) and posts' (``p``) coded columns."""
    return build_grid(
        elements=[m["element_id"].values] if m else [],
        dates=([m["week"].values] if m else []) + [p["week"].values],
        segments=[(m[c].values if m else []) + p[c].values for c in SEGMENT_COLS],
    )


class CodedRows:
    """A frame's rows as grid codes and finest-cell keys."""

    def __init__(self, grid: Grid, coded: dict[str, Coded], rows: int) -> None:
        self.grid, self.coded, self.rows = grid, coded, rows
        self.weeks = len(grid.dates)

    def block(self) -> np.ndarray:
        """(element, week) block of each row: element code × weeks + week code."""
        w = self.grid.codes(1, self.coded["week"])
        if "element_id" not in self.coded:
            return w
        b = self.grid.codes(0, self.coded["element_id"]).astype(
            np.min_scalar_type(self.weeks * len(self.grid.elements))
        )
        b *= self.weeks
        b += w
        return b

    def keys(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Finest-cell keys of the rows (element field 0 without elements), built field by
        field in place (``key << bits | code``) from narrow codes: one 64-bit array."""
        cols = ["element_id", "week", *SEGMENT_COLS]
        keys = np.zeros(self.rows if rows is None else len(rows), dtype=U64)
        for dim, c in enumerate(cols):
            keys <<= U64(self.grid.bits[dim])
            if c in self.coded:
                keys |= self.grid.codes(dim, self.coded[c], rows)
        return keys

    def finest(self, sums: dict[str, np.ndarray]) -> Cells:
        """Sums per finest cell (count "n"): one sort of the rows' keys, the values
        carried in them when they fit (:func:`~infimate.signals.cells.carried`), else
        a sort of key and row number and a gather of the values."""
        keys = self.keys()
        fine = carried(keys, sums, count="n")
        if fine is not None:
            return fine
        keys, rows = order_rows(keys, consume=True)
        return group(
            keys,
            {k: v[rows].astype(np.int64, copy=False) for k, v in sums.items()},
            count="n",
            presorted=True,
        )


def repeat_rows(block: np.ndarray, authors: pl.Series) -> np.ndarray:
    """Rows that may repeat an (author, element, week): their (element, week,
    author-hash prefix) key is not unique. The others count once in every cell."""
    hbits = 64 - max(1, int(block.max()).bit_length())
    k = block.astype(U64) << U64(hbits)
    k |= authors.hash(seed=0).to_numpy() >> U64(64 - hbits)
    s = np.sort(k)
    same = s[1:] == s[:-1]
    if not same.any():
        return np.zeros(0, dtype=np.int64)
    repeated = pl.Series(runs(s[1:][same])[0])
    return np.flatnonzero(pl.Series(k).is_in(repeated.implode()).to_numpy())


def author_repeats(
    grid: Grid, keys: np.ndarray, authors: pl.Series | np.ndarray, sets: Sets
) -> Cells:
    """Per cell of every grouping set of ``sets``: rows whose (author, cell) repeats
    another row, for rows given by their finest-cell ``keys`` (distinct authors = rows −
    repeats)."""
    return repeats([grid.project(keys, gs) for gs in sets], authors)


def mention_cells(coded: CodedRows, mentions: pl.DataFrame) -> Cells:
    """Finest cells of the mentions: mentions, kol_mentions, eng."""
    kol = (mentions["author_tier"] == "kol").fill_null(False).to_numpy()  # bool: 1 byte a row
    fine = coded.finest({"eng": ints(mentions["engagement"]), "kol_mentions": kol})
    fine.sums["mentions"] = fine.sums.pop("n")
    return fine


def mention_repeats(coded: CodedRows, mentions: pl.DataFrame, sets: Sets) -> Cells:
    """Author repeats of every grouping set of ``sets``, from the few rows that can repeat."""
    authors = mentions["author_id"]
    rows = repeat_rows(coded.block(), authors)
    return author_repeats(coded.grid, coded.keys(rows), authors.gather(rows), sets)


def empty_cells() -> Cells:
    """No cells (a "repeats" sum), e.g. no mentions."""
    return Cells(np.zeros(0, dtype=U64), {"repeats": np.zeros(0, dtype=np.int64)})


def post_fine(coded: CodedRows, posts: pl.DataFrame) -> Cells:
    """Finest cells of the posts (posts, engagement): the denominators."""
    fine = coded.finest({"engagement": ints(posts["engagement"])})
    fine.sums["posts"] = fine.sums.pop("n")
    return fine
