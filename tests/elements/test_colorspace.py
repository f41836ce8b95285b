"""Colour maths (infimate.elements.colorspace): CIEDE2000 vs Sharma et al., sRGB to Lab, hex."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from infimate.elements.colorspace import ciede2000, hex_to_rgb, rgb_to_hex, srgb_to_lab
from tests.fixtures import FIXTURES


def test_ciede2000_matches_sharma_reference_pairs():
    ref = pl.read_csv(FIXTURES / "sharma_ciede2000.csv")
    assert ref.height == 34
    lab1 = ref.select("L1", "a1", "b1").to_numpy()
    lab2 = ref.select("L2", "a2", "b2").to_numpy()
    got = ciede2000(lab1, lab2)
    np.testing.assert_allclose(got, ref["de"].to_numpy(), atol=1e-4, rtol=0)
    # symmetric and zero on identity
    np.testing.assert_allclose(ciede2000(lab2, lab1), got, atol=1e-4)
    assert float(ciede2000(lab1[0], lab1[0])) == 0.0


def test_srgb_to_lab_known_values():
    lab = srgb_to_lab(np.array([[255, 255, 255], [0, 0, 0], [255, 0, 0]]))
    np.testing.assert_allclose(lab[0], [100, 0, 0], atol=1e-3)
    np.testing.assert_allclose(lab[1], [0, 0, 0], atol=1e-6)
    np.testing.assert_allclose(lab[2], [53.2408, 80.0925, 67.2032], atol=1e-2)


def test_hex_round_trip_and_bad_hex():
    assert rgb_to_hex(hex_to_rgb("#0abab5")) == "#0ABAB5"
    with pytest.raises(ValueError):
        hex_to_rgb("#12")
