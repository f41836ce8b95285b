"""Codes that stay the same across runs: the out-of-core state's elements, weeks, segment
values and authors as small integers.

:class:`Codebook` numbers element ids (the lexicon's, sorted), weeks and segment values
(in the order first seen; code 0 of every segment column is the rolled-up "all") and
grows as files bring new values, so partial aggregates written by one run are read by
the next. Its :meth:`~Codebook.grid` is a :class:`~infimate.signals.grid.Grid` over
these codes, so the in-memory machinery (:mod:`infimate.signals.cells`) works on them.

:class:`Authors` gives every author id a dense uint32 code, exactly: ids are looked up
by their 64-bit hash in a sorted table and the stored id is compared, so two authors
never share a code (two ids with the same 64-bit hash are refused with a message, not
merged). New authors are appended as one small Parquet part per input file.

Example
-------
>>> from infimate.signals.grid import column_codes
>>> book = Codebook(elements=["blue", "red"])
>>> book.encode(4, column_codes(pl.Series(["office", "party", "office"]))).tolist()  # scene
[1, 2, 1]
>>> book.values[2]   # the scene column's values: code 0 is the rolled-up "all"
['all', 'office', 'party']
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from infimate.data.datasets import atomic_write_parquet
from infimate.data.schema import SEGMENT_COLS
from infimate.errors import DataFileError, InfimateError
from infimate.signals.grid import ALL, Coded, Grid

__all__ = ["Authors", "Codebook"]

Codes = npt.NDArray[np.int64]


@dataclass
class Codebook:
    """Element, week and segment value codes of an out-of-core state (see module doc)."""

    elements: list[str]
    dates: list[dt.date] = field(default_factory=list)
    values: list[list[str]] = field(default_factory=lambda: [[ALL] for _ in SEGMENT_COLS])

    def grid(self) -> Grid:
        """A grid over the codes as they are (not in output order; "all" is code 0)."""
        return Grid(
            elements=pl.Series("element", self.elements, dtype=pl.String),
            dates=pl.Series("date", self.dates, dtype=pl.Date),
            values=tuple(pl.Series(v, dtype=pl.String) for v in self.values),
            all_codes=(0,) * len(SEGMENT_COLS),
        )

    def encode(self, dim: int, coded: Coded) -> Codes:
        """Codes of dimension ``dim`` (0 element, 1 week, 2.. segments) for ``coded``'s
        rows, adding values not seen before (elements must be in the lexicon)."""
        lists: list[list[Any]] = [self.elements, self.dates, *self.values]
        names = lists[dim]
        # code 0 of a segment column is the rolled-up slot; a real "all" gets its own code
        where = {v: i for i, v in enumerate(names) if dim < 2 or i}
        lut = np.zeros(int(coded.present.max(initial=0)) + 1, dtype=np.int64)
        for slot, value in zip(coded.present.tolist(), coded.values, strict=True):
            if value not in where:
                if dim == 0:
                    raise InfimateError(f"element {value!r} is not in the lexicon")
                where[value] = len(names)
                names.append(value)
            lut[slot] = where[value]
        out: Codes = lut[coded.raw if not coded.offset else coded.raw - coded.offset]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "elements": self.elements,
            "dates": [d.isoformat() for d in self.dates],
            "values": dict(zip(SEGMENT_COLS, self.values, strict=True)),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Codebook:
        return cls(
            elements=list(raw["elements"]),
            dates=[dt.date.fromisoformat(d) for d in raw["dates"]],
            values=[list(raw["values"][c]) for c in SEGMENT_COLS],
        )


class Authors:
    """Dense exact author codes, kept in ``directory`` as Parquet parts (see module doc).

    In memory: runs of (hash, code, id) sorted by hash; a new run per batch of new
    authors, merged with the one before while it is at least half its size (so each id
    is re-sorted a logarithmic number of times)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        parts = sorted(directory.glob("*.parquet")) if directory.is_dir() else []
        try:
            table = pl.concat([pl.read_parquet(p) for p in parts]) if parts else _EMPTY
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise DataFileError(
                directory, f"unreadable author codes ({exc}); delete the output to rebuild"
            ) from exc
        self.runs = [table.sort("h")] if len(table) else []
        self.size = len(table)
        self.parts = len(parts)
        self.pending: list[pl.DataFrame] = []

    def _lookup(self, hashes: npt.NDArray[np.uint64]) -> tuple[Any, Any, pl.Series]:
        """(known mask, codes, stored ids of the known) of sorted distinct ``hashes``."""
        known = np.zeros(len(hashes), dtype=bool)
        codes = np.zeros(len(hashes), dtype=np.uint32)
        names = pl.repeat(None, len(hashes), dtype=pl.String, eager=True)
        for run in self.runs:
            h = run["h"].to_numpy()
            at = np.minimum(np.searchsorted(h, hashes), len(h) - 1)
            hit = h[at] == hashes
            codes[hit] = run["code"].to_numpy()[at[hit]]
            names = names.scatter(np.flatnonzero(hit), run["author_id"].gather(at[hit]))
            known |= hit
        return known, codes, names

    def codes(self, authors: pl.Series) -> npt.NDArray[np.uint32]:
        """The code of each author id (new ids get new codes, saved by :meth:`save_new`)."""
        ids = authors.cast(pl.String).fill_null("")
        if not len(ids):
            return np.zeros(0, dtype=np.uint32)
        rows = pl.DataFrame({"h": ids.hash(seed=7), "author_id": ids})
        distinct = rows.unique("h", keep="any").sort("h")  # one id per hash
        hashes, names = distinct["h"].to_numpy(), distinct["author_id"]
        known, codes, stored = self._lookup(hashes)
        if not (stored == names).fill_null(True).all():  # exact: the table's id is this one
            raise InfimateError("two author ids share a 64-bit hash; rename one of them")
        fresh = np.flatnonzero(~known)
        codes[fresh] = np.arange(self.size, self.size + len(fresh), dtype=np.uint32)
        if len(fresh):
            run = pl.DataFrame(
                {"h": hashes[fresh], "code": codes[fresh], "author_id": names.gather(fresh)}
            )
            self.pending.append(run)
            self.runs.append(run)
            self.size += len(fresh)
            while len(self.runs) > 1 and 2 * len(self.runs[-1]) >= len(self.runs[-2]):
                last = self.runs.pop()
                self.runs[-1] = pl.concat([self.runs[-1], last]).sort("h")
        table = distinct.with_columns(pl.Series("code", codes))
        joined = rows.join(table, on="h", how="left", maintain_order="left")
        if not (joined["author_id_right"] == joined["author_id"]).all():  # same hash, other id
            raise InfimateError("two author ids share a 64-bit hash; rename one of them")
        out: npt.NDArray[np.uint32] = joined["code"].to_numpy()
        return out

    def save_new(self) -> None:
        """Write the authors added since the last save as one new part."""
        if self.pending:
            self.parts += 1
            part = self.directory / f"{self.parts:06d}.parquet"
            atomic_write_parquet(part, pl.concat(self.pending))
            self.pending = []


_EMPTY = pl.DataFrame(schema={"h": pl.UInt64, "code": pl.UInt32, "author_id": pl.String})


def load_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from ``path`` (None when missing)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataFileError(path, f"unreadable ({exc}); delete it to rebuild") from exc
    return data if isinstance(data, dict) else None
