"""Styling rules: body-shape advice and colour palettes with known answers."""

from __future__ import annotations

import polars as pl
import pytest

from infimate.bestie.profile import BODY_SHAPES, Profile
from infimate.bestie.styling import (
    BODY_RULES,
    COLOR_FAMILIES,
    MAX_DELTA_E,
    body_advice,
    missing_rule_elements,
    palette,
)
from infimate.elements.lexicon import builtin_lexicon, load_lexicon


def test_every_rule_element_and_colour_family_exists():
    assert missing_rule_elements(load_lexicon()) == ()
    assert {r.key for r in BODY_RULES} == set(BODY_SHAPES)
    for undertone in ("warm", "cool", "neutral"):
        for depth in ("light", "medium", "deep"):
            assert [f for f in COLOR_FAMILIES if f.undertone == undertone and depth in f.depths]


@pytest.mark.parametrize(
    ("shape", "flatters", "avoids"),
    [
        (
            "pear",
            {"a_line", "wide_leg_trousers", "square_neckline", "puff_sleeve"},
            {"bodycon", "pencil_skirt"},
        ),
        ("apple", {"empire_waist", "wrap_silhouette", "v_neck"}, {"bodycon", "crop_top"}),
        ("hourglass", {"wrap_silhouette", "cinched_waist", "pencil_skirt"}, {"boxy", "oversized"}),
        ("rectangle", {"peplum", "ruffles", "tiered"}, {"boxy"}),
        (
            "inverted_triangle",
            {"a_line", "v_neck", "wide_leg_trousers"},
            {"shoulder_pads", "puff_sleeve"},
        ),
    ],
)
def test_body_shape_rules(shape, flatters, avoids):
    advice = body_advice(Profile(body_shape=shape))
    assert flatters <= set(advice.flatter)
    assert avoids <= set(advice.avoid)
    assert not set(advice.flatter) & set(advice.avoid)


def test_height_adds_to_the_shape_but_never_overrides_an_avoid():
    petite = body_advice(Profile(body_shape="hourglass", height="petite"))
    assert {"cropped", "high_waisted"} <= set(petite.flatter)
    assert "oversized" in petite.avoid and "oversized" not in petite.flatter
    tall = body_advice(Profile(body_shape="inverted_triangle", height="tall"))
    assert "maxi_dress" in tall.flatter


@pytest.mark.parametrize(
    ("undertone", "depth", "has", "lacks"),
    [
        (
            "warm",
            "medium",
            {"butter_yellow", "camel", "olive_green", "rust_orange"},
            {"powder_blue", "fuchsia"},
        ),
        ("warm", "deep", {"camel", "olive_green", "espresso_brown"}, {"butter_yellow"}),
        (
            "cool",
            "medium",
            {"powder_blue", "digital_lavender", "cobalt_blue", "fuchsia"},
            {"camel", "butter_yellow"},
        ),
        ("cool", "light", {"powder_blue", "digital_lavender"}, {"cobalt_blue"}),
        (
            "neutral",
            "medium",
            {"sage_green", "dusty_rose", "navy", "teal"},
            {"butter_yellow", "fuchsia"},
        ),
    ],
)
def test_undertone_and_depth_palettes(undertone, depth, has, lacks):
    pal = palette(Profile(undertone=undertone, depth=depth), builtin_lexicon())
    ids = set(pal["element_id"].to_list())
    assert has <= ids and not lacks & ids
    assert pal["delta_e"].max() <= MAX_DELTA_E


def test_palette_reports_family_and_delta_e():
    pal = palette(Profile(undertone="warm"), builtin_lexicon())
    row = pal.filter(pl.col("element_id") == "butter_yellow").row(0, named=True)
    assert row["family"] == "warm yellow" and row["delta_e"] == 4.5
    assert pal.filter(pl.col("element_id") == "camel")["delta_e"].item() == 0.0
    no_camel = palette(Profile(undertone="warm", dislikes=("camel",)), builtin_lexicon())
    assert "camel" not in no_camel["element_id"].to_list()
