"""The hit model's design (infimate.hit.design): offsets, indicators, vocabulary, timing."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from infimate.hit.design import MIN_ELEMENT_PRODUCTS, SHARE_PRIOR, Encoding, group_offset, logit
from infimate.hit.features import AGGREGATES


def _prods() -> pl.DataFrame:
    # quarter 1: 4 dresses (1 hit) and 1 top (1 hit); quarter 2: 2 dresses (1 hit)
    return pl.DataFrame(
        {
            "sku": list("abcdefg"),
            "category": ["dress"] * 4 + ["top"] + ["dress"] * 2,
            "launch_date": [date(2025, 1, 6)] * 5 + [date(2025, 4, 7)] * 2,
            "element_ids": [["red"], ["red", "tweed"], ["red"], ["bow"], ["red"], ["tweed"], []],
            "price": [10.0, 20.0, 30.0, 40.0, 5.0, 20.0, None],
            "hit": [True, False, False, False, True, False, True],
        }
    ).with_columns(  # no trend features in these tests
        *(pl.lit(0.0).alias(name) for name, _, _ in AGGREGATES),
        pl.col("element_ids").list.len().alias("n_elements"),
    )


def test_group_offset_is_the_hit_share_of_the_launch_group():
    got = group_offset(_prods())
    expected = logit(np.array([0.25] * 4 + [1.0] + [0.5] * 2))
    np.testing.assert_allclose(got, expected)
    assert logit(np.array([1.0]))[0] == pytest.approx(np.log(0.9 / 0.1))  # bounded


def test_category_share_is_shrunk_toward_the_base_rate_and_new_ones_get_it():
    p = _prods()
    enc = Encoding.learn(p)
    base = 3 / 7
    assert enc.base_rate == pytest.approx(base)
    assert enc.category_rate("dress") == pytest.approx((2 + SHARE_PRIOR * base) / (6 + SHARE_PRIOR))
    assert enc.category_rate("coat") == pytest.approx(base)
    np.testing.assert_allclose(enc.offset(p.head(1)), logit(np.array([enc.category_rate("dress")])))


def test_vocabulary_keeps_attributes_seen_often_enough_and_indicators_are_zero_one():
    p = _prods()
    assert MIN_ELEMENT_PRODUCTS == 3
    enc = Encoding.learn(p)
    assert enc.elements == ("red",)  # red on 4 styles; tweed on 2, bow on 1
    X = enc.matrix(p)
    col = enc.names.index("element=red")
    assert X[:, col].tolist() == [1, 1, 1, 0, 1, 0, 0]
    month = [enc.names.index(f"month={m}") for m in (1, 4)]
    assert X[:, month].sum(axis=0).tolist() == [5, 2]
    qp = X[:, enc.names.index("quarter_position")]
    assert qp[0] == pytest.approx(5 / 91) and qp[5] == pytest.approx(6 / 91)
