"""Texts in the matcher's spelling: folded case and boundary marks.

:func:`fold` lower-cases ASCII and reads hyphens as spaces with one table lookup per byte
(byte offsets unchanged); :func:`mark` wraps every ASCII separator in a marker byte and
puts one between a Latin word character and an adjacent non-Latin one, so a whole-word
pattern can be searched as a plain literal (``\\0red\\0``). Used by
:mod:`infimate.elements.matching`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa

MARK = "\x00"


_SEPARATORS = [chr(c) for c in range(1, 128) if not chr(c).isalnum()]


_MARKED_SEPARATORS = [MARK + s + MARK for s in _SEPARATORS]


WORD = r"[A-Za-z0-9\x{00C0}-\x{027F}]"


OTHER = r"[^\x00-\x7f\x{00C0}-\x{027F}]"


_MIXED = f"{WORD}{OTHER}|{OTHER}{WORD}"


_SLICE_ROWS = 50_000


def _fold_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint8)
    table[ord("A") : ord("Z") + 1] += 32
    table[ord("-")] = ord(" ")
    table.flags.writeable = False
    return table


_FOLD = _fold_table()  # byte -> byte: ASCII lower case, hyphen -> space (read-only)


ALNUM = np.isin(
    np.arange(256),
    np.frombuffer(
        b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8
    ),
)


@dataclass(frozen=True)
class Folded:
    """Texts in the matcher's spelling: ASCII lower case, hyphens as spaces.

    Byte lengths and offsets are unchanged (each byte maps to one byte, UTF-8 stays
    valid), so positions found in ``text`` are positions in the original. ``offsets``
    and ``data`` are the Arrow buffers of ``text`` as numpy arrays (for byte checks).
    """

    text: pl.Series
    offsets: np.ndarray
    data: np.ndarray


def fold(text: pl.Series) -> Folded:
    """Fold a string column with one table lookup per byte (no Python loop).

    Example
    -------
    >>> fold(pl.Series(["Puff-Sleeves BOUCLÉ", None])).text.to_list()
    ['puff sleeves bouclÉ', None]
    """
    arr = text.rechunk().to_arrow()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    validity, offsets, data = arr.buffers()
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    folded = _FOLD[raw]
    folded.flags.writeable = False
    out = pa.LargeStringArray.from_buffers(
        len(arr), offsets, pa.py_buffer(folded), validity, arr.null_count, arr.offset
    )
    starts = np.frombuffer(offsets, dtype=np.int64)[arr.offset : arr.offset + len(arr) + 1]
    return Folded(pl.Series(text.name, out, dtype=pl.String), starts, folded)


def marked_core(text: pl.Expr, *, mixed: bool) -> pl.Expr:
    """Markers around ASCII separators (and, if ``mixed``, at Latin/non-Latin edges)."""
    if mixed:
        text = text.str.replace_all(f"({WORD})({OTHER})", "${1}" + MARK + "${2}").str.replace_all(
            f"({OTHER})({WORD})", "${1}" + MARK + "${2}"
        )
    return text.str.replace_many(_SEPARATORS, _MARKED_SEPARATORS)


def mark(texts: pl.LazyFrame, *, column: str = "text") -> pl.LazyFrame:
    """Replace ``column`` by its marked form (other columns kept, row order not kept).

    Only texts where a Latin word touches a non-Latin character (a minority) go through
    the regex step; all others get the literal separator replacement only.

    Example
    -------
    >>> mark(pl.LazyFrame({"text": ["#red!", "流行red"]})).collect()["text"].to_list()
    ['\\x00\\x00#\\x00red\\x00!\\x00\\x00', '\\x00流行\\x00red\\x00']
    """
    text = pl.col(column).fill_null("")
    flagged = texts.with_columns(text.str.contains(_MIXED).alias("_mixed"))
    parts = [
        flagged.filter(pl.col("_mixed") == mixed).with_columns(
            pl.concat_str(pl.lit(MARK), marked_core(text, mixed=mixed), pl.lit(MARK)).alias(column)
        )
        for mixed in (False, True)
    ]
    return pl.concat(parts).drop("_mixed")


def slices(frame: pl.DataFrame) -> list[pl.DataFrame]:
    """One zero-copy slice per polars thread (processed in parallel); one for small frames."""
    k = max(1, min(pl.thread_pool_size(), frame.height // _SLICE_ROWS))
    size = -(-frame.height // k) if frame.height else 1
    return [frame.slice(i * size, size) for i in range(k)]


def mark_texts(texts: pl.DataFrame, *, column: str = "text") -> pl.DataFrame:
    """Eager :func:`mark`, slices in parallel (row order not kept; carry an id column).

    Example
    -------
    >>> mark_texts(pl.DataFrame({"id": [0], "text": ["a-line"]}))["text"].item()
    '\\x00a\\x00-\\x00line\\x00'
    """
    return pl.concat(pl.collect_all([mark(s.lazy(), column=column) for s in slices(texts)]))
