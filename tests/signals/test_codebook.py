"""Persistent codes of the out-of-core state (signals.codebook): values appended, authors exact."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from infimate.errors import InfimateError
from infimate.signals.codebook import Authors, Codebook
from infimate.signals.grid import column_codes


def test_codebook_appends_values_and_keeps_all_at_zero():
    book = Codebook(elements=["blue", "red"])
    assert book.encode(2, column_codes(pl.Series(["US", "GB", "US"]))).tolist() == [1, 2, 1]
    assert book.encode(2, column_codes(pl.Series(["FR", "all", "US"]))).tolist() == [3, 4, 1]
    assert book.values[0] == ["all", "US", "GB", "FR", "all"]  # a real "all" is a value
    again = Codebook.from_json(book.to_json())
    assert again.values == book.values and again.elements == book.elements
    with pytest.raises(InfimateError, match="not in the lexicon"):
        book.encode(0, column_codes(pl.Series(["green"])))


def test_author_codes_are_dense_stable_and_saved(tmp_path: Path):
    a = Authors(tmp_path)
    first = a.codes(pl.Series(["u", "v", "u", "w"]))
    assert first[0] == first[2] and len(set(first.tolist())) == 3
    second = a.codes(pl.Series(["x", "v"]))
    assert second[1] == first[1] and second[0] == 3
    a.save_new()
    b = Authors(tmp_path)
    assert b.codes(pl.Series(["w", "x", "u", "y"])).tolist() == [first[3], 3, first[0], 4]


def test_two_ids_with_one_hash_are_refused(tmp_path: Path):
    h = pl.Series(["u"]).hash(seed=7)
    table = pl.DataFrame({"h": h, "code": pl.Series([0], dtype=pl.UInt32), "author_id": ["not u"]})
    table.write_parquet(tmp_path / "000001.parquet")
    with pytest.raises(InfimateError, match="share a 64-bit hash"):
        Authors(tmp_path).codes(pl.Series(["u"]))
