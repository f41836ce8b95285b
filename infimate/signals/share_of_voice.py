"""Share of voice: weekly post-derived signals per element × segment, from tagged posts.

**Share of voice** (SoV, DESIGN.md "Definitions") = posts in a week × segment that
mention an element ÷ all posts in that week × segment. Beside it, per row: mentions,
the denominator, KOL mentions, the engagement-weighted share and distinct authors.
Every figure is computed for each grouping set of :data:`GROUPING_SETS` over the
segment columns (:data:`infimate.data.schema.SEGMENT_COLS`); a segment column outside
the set reads "all".

:func:`signals_and_segments` is the one aggregation path (``tag``, ``scale-tag`` and
``bench aggregation`` run it): the signals rows (columns of :data:`SIGNAL_COLUMNS`) and
the denominators (``segments.parquet``) in one pass. :func:`post_signals` and
:func:`segment_weeks` return one of the two. How it is fast:

1. Key columns become integer codes on one :class:`~infimate.signals.grid.Grid` (the
   tagger's Categorical codes, day numbers, a Categorical cast of element ids); each
   mention becomes one uint64 key of its finest cell (:mod:`.mention_codes`).
2. One sort of those keys gives the finest cells' sums
   (:func:`~infimate.signals.cells.group`); the nine roll-ups are sums of those
   (:func:`~infimate.signals.cells.rollup`), in pieces of consecutive elements, two
   pieces at a time (threads).
3. **Distinct authors, exactly**: authors = mentions − mentions whose (author, cell)
   repeats another one. A repeat needs the same author on the same element and week,
   so one sort of (element, week, author-hash) keys finds the few rows that can
   repeat; only those are compared by author id (:func:`~infimate.signals.cells.repeats`).
4. The cells of all sets come out in key order, which is the output's row order; the
   denominators are looked up by key. The text columns come out as ``pl.Categorical``
   (the grid's values: one code per row, cheap to build and written to Parquet as a
   dictionary; :meth:`~infimate.data.datasets.Dataset.read` and the two one-table
   functions give String). :func:`share_frames` (steps 2 and 4) is shared
   with the out-of-core totals (:mod:`infimate.signals.totals`).

Example
-------
>>> len(GROUPING_SETS), "value" in SIGNAL_COLUMNS   # see post_signals for a worked example
(9, True)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from infimate.data.datasets import text_as_strings
from infimate.data.schema import SEGMENT_COLS
from infimate.signals.cells import Cells, merge, paired, rollup, unpaired
from infimate.signals.grid import Grid
from infimate.signals.mention_codes import (
    CodedRows,
    codes,
    empty_cells,
    filled,
    grid_of,
    mention_cells,
    mention_repeats,
    post_fine,
    prepared,
)

__all__ = [
    "GROUPING_SETS",
    "SIGNAL_COLUMNS",
    "denominators",
    "post_signals",
    "segment_weeks",
    "share_frames",
    "signals_and_segments",
]

#: Segment columns each aggregate is grouped by (the rest read "all"); spark_rollup's
#: ``GROUPING SETS`` and the out-of-core merge use the same list.
GROUPING_SETS: tuple[tuple[str, ...], ...] = (
    (),
    ("market",),
    ("crowd",),
    ("scene",),
    ("platform",),
    ("market", "crowd"),
    ("market", "scene"),
    ("crowd", "scene"),
    ("market", "crowd", "scene"),
)
SIGNAL_COLUMNS = (
    "date",
    "element",
    *SEGMENT_COLS,
    "source",
    "metric",
    "value",
    "mentions",
    "posts",
    "kol_mentions",
    "eng_share",
    "authors",
)
SEGMENT_COLUMNS = ("date", *SEGMENT_COLS, "posts", "engagement")
# The finest mention cells are aggregated in pieces of consecutive elements, two at a
# time: at least PARTS pieces, more so that a piece holds about PIECE_CELLS cells (small
# pieces keep their arrays in memory already mapped: 10M mentions 10-15% faster than 4)
PARTS = 4
PIECE_CELLS = 1 << 19


def _pieces(grid: Grid, fine: Cells, parts: int) -> list[Cells]:
    """``fine`` cut into about ``parts`` runs of whole elements."""
    element = grid.prefix(fine.keys, 0)
    n = len(element)
    cuts = [0]
    for i in range(1, parts):  # each cut moves to the start of the element it falls in
        c = int(np.searchsorted(element, element[n * i // parts], side="left"))
        if c > cuts[-1]:
            cuts.append(c)
    cuts.append(n)
    return [
        Cells(fine.keys[a:b], {k: v[a:b] for k, v in fine.sums.items()})
        for a, b in itertools.pairwise(cuts)
        if b > a
    ]


def _rolled(grid: Grid, fine: Cells, reps: Cells, *, rolled: bool = False) -> Cells:
    """Every grouping set of one piece of finest mention cells (``rolled``: cells of every
    set already), in key order, with authors = (tuples or mentions) − repeats. Mentions
    and KOL mentions travel as one sum (fewer passes)."""
    if rolled:
        out = Cells(fine.keys, dict(fine.sums))
    else:
        pair = paired(fine.sums["kol_mentions"], fine.sums["mentions"])  # None past 2**31
        sums = {k: v for k, v in fine.sums.items() if k in ("eng", "tuples")}
        counts = ("mentions", "kol_mentions")
        sums |= {"both": pair[0]} if pair else {k: fine.sums[k] for k in counts}
        count = "both" if pair else "mentions"
        out = merge(rollup(grid, Cells(fine.keys, sums), GROUPING_SETS, count=count))
        if pair:
            kol, mentions = unpaired(out.sums.pop("both"), pair[1])
            out.sums.update(mentions=mentions, kol_mentions=kol)
    authors = out.sums.pop("tuples", out.sums["mentions"]).copy()
    if len(out):
        lo, hi = np.searchsorted(reps.keys, out.keys[[0, -1]])
        hi = np.searchsorted(reps.keys, out.keys[-1], side="right")
        authors[np.searchsorted(out.keys, reps.keys[lo:hi])] -= reps.sums["repeats"][lo:hi]
    out.sums["authors"] = authors
    return out


def _segments_frame(grid: Grid, cells: Cells) -> pl.DataFrame:
    digits = grid.digits(cells.keys)
    return pl.DataFrame(
        [
            *grid.columns(digits, element=False),
            pl.Series("posts", cells.sums["posts"], dtype=pl.Int64),
            pl.Series("engagement", cells.sums["engagement"], dtype=pl.Int64),
        ]
    )


def _lookup(grid: Grid, denom: Cells) -> tuple[np.ndarray, np.ndarray] | None:
    """Posts and engagement of every week × segment cell, indexed by the cell (0 where
    ``denom`` has none: a denominator cell has at least one post), when those arrays
    are small."""
    if 1 << grid.shifts[0] > max(1 << 22, 8 * len(denom)):
        return None
    at = denom.keys.astype(np.intp)
    tables = []
    for c in ("posts", "engagement"):
        table = np.zeros(1 << grid.shifts[0], dtype=np.int64)
        table[at] = denom.sums[c]
        tables.append(table)
    return tables[0], tables[1]


def _signals_frame(
    grid: Grid,
    cells: Cells,
    denom: Cells,
    at: tuple[np.ndarray, np.ndarray] | None = None,
) -> pl.DataFrame:
    """Signals rows (:data:`SIGNAL_COLUMNS`) with their denominators looked up (the
    denominators' keys are cells of the same grid with element field 0; ``at``:
    :func:`_lookup`'s tables)."""
    n = len(cells)
    cell = grid.cell_part(cells.keys)
    if grid.shifts[0] <= 32:  # 32-bit cells: half the memory for the lookups and digits
        cell = cell.astype(np.uint32)
    if at is not None:  # tables over every week × segment cell
        posts, engagement = at[0][cell], at[1][cell]
        found = posts > 0
    else:
        pos = np.minimum(np.searchsorted(denom.keys, cell), max(0, len(denom) - 1))
        found = denom.keys[pos] == cell if len(denom) else np.zeros(n, dtype=bool)
        posts = np.where(found, denom.sums["posts"][pos], 0) if len(denom) else pos
        engagement = np.where(found, denom.sums["engagement"][pos], 0) if len(denom) else pos
    everywhere = bool(found.all())
    mentions, eng = cells.sums["mentions"], cells.sums["eng"]
    share = np.divide(eng, engagement, out=np.zeros(n), where=engagement > 0)
    value = mentions / (posts if everywhere else np.where(found, posts, 1))
    columns = grid.columns(grid.digits(cells.keys, cell))
    frame = pl.DataFrame(
        [
            columns[1],
            columns[0],
            *columns[2:],
            pl.Series("value", value, dtype=pl.Float64),
            pl.Series("mentions", mentions, dtype=pl.Int64),
            pl.Series("posts", posts, dtype=pl.Int64),
            pl.Series("kol_mentions", cells.sums["kol_mentions"], dtype=pl.Int64),
            pl.Series("eng_share", share, dtype=pl.Float64),
            pl.Series("authors", cells.sums["authors"], dtype=pl.Int64),
        ]
    )
    # constant columns as literals: polars keeps them as one value, not a string per row
    frame = frame.with_columns(
        source=pl.lit("posts", dtype=pl.Categorical),
        metric=pl.lit("share", dtype=pl.Categorical),
    )
    frame = frame.select(SIGNAL_COLUMNS)
    if not everywhere:  # no posts in the segment: null, as a left join gives
        missing = pl.Series(~found)
        frame = frame.with_columns(
            pl.when(missing).then(None).otherwise(pl.col(c)).alias(c) for c in ("value", "posts")
        )
    return frame


def denominators(grid: Grid, posts: Cells) -> Cells:
    """Denominator cells of every grouping set (posts, engagement) from finest post cells."""
    return merge(rollup(grid, posts, GROUPING_SETS, count="posts"))


def share_frames(
    grid: Grid,
    fine: Cells | Iterable[Cells],
    denom: Cells,
    reps: Cells,
    *,
    rolled: bool = False,
    sink: Callable[[pl.DataFrame], object] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(signals, segments)`` from finest cells of the grid.

    ``fine``: finest mention cells with sums mentions, kol_mentions, eng (and tuples:
    author counts per finest cell that ``reps`` corrects, else mentions are) — one
    :class:`~infimate.signals.cells.Cells`, or several covering consecutive element
    ranges in order (read one at a time: memory holds one). ``denom``: denominator
    cells of every grouping set (posts, engagement; element field 0;
    :func:`denominators`); ``reps``: repeats per cell of every grouping set. Each range
    is rolled up in pieces of consecutive elements, two at a time; ``rolled``: ``fine``
    holds the cells of every grouping set already (the out-of-core totals). With
    ``sink``, each piece of the signals is handed to it in row order as soon as it is
    ready (e.g. to write it while the next is computed) and the returned signals are
    empty.
    """
    segments = _segments_frame(grid, denom)
    at = _lookup(grid, denom)

    def piece(cells: Cells) -> pl.DataFrame:
        return _signals_frame(grid, _rolled(grid, cells, reps, rolled=rolled), denom, at)

    frames, sent = [], 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for part in [fine] if isinstance(fine, Cells) else fine:
            if not len(part):
                continue
            parts = max(PARTS, -(-len(part) // PIECE_CELLS))
            for frame in pool.map(piece, _pieces(grid, part, parts)):
                if sink is None:
                    frames.append(frame)
                else:
                    sink(frame)
                    sent += 1
    empty = pl.DataFrame(schema=_signals_schema())
    if sink is not None and not sent:
        sink(empty)  # a sink always gets the schema, even without rows
    if not frames:
        return empty, segments
    return pl.concat(frames, rechunk=False) if len(frames) > 1 else frames[0], segments


def signals_and_segments(
    mentions: pl.DataFrame, posts: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Weekly share of voice per element × segment, and its denominators, from tagged posts.

    Returns ``(signals, segments)``, their text columns ``pl.Categorical``.
    ``signals`` (columns :data:`SIGNAL_COLUMNS`, sorted
    by element, date, market, crowd, scene, platform): ``value`` (metric "share") =
    posts in the week × segment mentioning the element ÷ posts in that week × segment;
    ``mentions`` (posts mentioning), ``posts`` (denominator), ``kol_mentions``
    (mentions by KOL-tier authors), ``eng_share`` (engagement of mentioning posts ÷ all
    engagement in the week × segment; 0 when that is 0) and ``authors`` (distinct
    authors mentioning, exact). Rows exist only where mentions > 0; zeros are implied
    wherever ``segments`` has posts. ``segments`` (date, the segment columns, posts,
    engagement; sorted) holds every week × segment with posts, stored as
    ``segments.parquet`` so trend curves can fill weeks without mentions with a true zero.

    ``mentions`` are :func:`~infimate.elements.tagging.tag_posts` rows; ``posts`` raw or
    prepared (:func:`~infimate.elements.tagging.prepare_posts`) posts.

    Example
    -------
    >>> import datetime as dt
    >>> from infimate.elements.lexicon import load_lexicon
    >>> from infimate.elements.tagging import tag_posts
    >>> p = pl.DataFrame({"post_id": ["1", "2"], "text": ["red", "blue"],
    ...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US"] * 2,
    ...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"]})
    >>> signals, segments = signals_and_segments(tag_posts(p, load_lexicon()), p)
    >>> signals.filter(element="red", market="all")["value"].to_list()[0]
    0.5
    >>> segments.filter(market="US", crowd="all", scene="all", platform="all")["posts"].item()
    2
    """
    m, p = filled(mentions), prepared(posts)
    with ThreadPoolExecutor(max_workers=2) as pool:
        posts_codes = pool.submit(codes, p, ["week", *SEGMENT_COLS])
        mc = codes(m, ["element_id", "week", *SEGMENT_COLS], pool) if m.height else {}
        pc = posts_codes.result()
        grid = grid_of(mc, pc)
        rows = CodedRows(grid, mc, m.height)

        def beside() -> tuple[Cells, Cells]:  # one job beside the mentions' cells: two cores
            denom = denominators(grid, post_fine(CodedRows(grid, pc, p.height), p))
            return denom, mention_repeats(rows, m, GROUPING_SETS) if m.height else empty_cells()

        side = pool.submit(beside)
        fine = mention_cells(rows, m) if m.height else empty_cells()
        denom, reps = side.result()
    return share_frames(grid, fine, denom, reps)


def _signals_schema() -> dict[str, pl.DataType]:
    ints = {"mentions", "posts", "kol_mentions", "authors"}
    floats = {"value", "eng_share"}
    return {
        c: pl.Date()
        if c == "date"
        else pl.Int64()
        if c in ints
        else pl.Float64()
        if c in floats
        else pl.String()
        for c in SIGNAL_COLUMNS
    }


def segment_weeks(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts and engagement per week × segment, for every grouping set (the SoV denominators).

    Columns: date (Monday), market, crowd, scene, platform (String), posts, engagement;
    the ``segments`` of :func:`signals_and_segments`.

    Example
    -------
    >>> import datetime as dt
    >>> p = pl.DataFrame({"post_id": ["1", "2"], "text": ["a", "b"],
    ...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US", "GB"],
    ...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"], "scene": ["office"] * 2})
    >>> segment_weeks(p).filter(pl.col("market") == "all", pl.col("crowd") == "all",
    ...     pl.col("scene") == "all", pl.col("platform") == "all")["posts"].item()
    2
    """
    p = prepared(posts)
    pc = codes(p, ["week", *SEGMENT_COLS])
    grid = grid_of({}, pc)
    rows = CodedRows(grid, pc, p.height)
    denom = denominators(grid, post_fine(rows, p))
    return text_as_strings(share_frames(grid, empty_cells(), denom, empty_cells())[1])


def post_signals(mentions: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """The ``signals`` of :func:`signals_and_segments` (weekly share of voice per element ×
    segment from tagged posts), text columns as String.

    Example
    -------
    >>> import datetime as dt
    >>> from infimate.elements.lexicon import load_lexicon
    >>> from infimate.elements.tagging import tag_posts
    >>> p = pl.DataFrame({"post_id": ["1", "2"], "text": ["red", "blue"],
    ...     "ts": [dt.datetime(2026, 11, 25)] * 2, "market": ["US"] * 2,
    ...     "platform": ["tiktok"] * 2, "author_id": ["u", "v"]})
    >>> s = post_signals(tag_posts(p, load_lexicon()), p)
    >>> s.filter(pl.col("element") == "red", pl.col("market") == "all")["value"].to_list()[0]
    0.5
    """
    return text_as_strings(signals_and_segments(mentions, posts)[0])
