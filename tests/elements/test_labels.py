"""Shop labels against the lexicon: keys, ancestors, colour families, agreement shares."""

from __future__ import annotations

import polars as pl
import pytest

from infimate.elements.labels import agreement, ancestors, colour_family, label_index, label_key
from infimate.elements.lexicon import builtin_lexicon


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Tshirts", "tshirt"),
        ("T-Shirts", "tshirt"),
        ("Flip Flops", "flipflop"),
        ("Men's Shoes", "mensshoe"),
        ("Dress", "dres"),  # one rule for all: a final s goes, even in "dress"
        ("Bus", "bus"),  # …but not from words of three letters
    ],
)
def test_label_key_ignores_case_spaces_hyphens_apostrophes_and_a_plural_s(label, key):
    assert label_key(label) == key


def _lex(rows):
    return pl.DataFrame(
        rows,
        schema=["element_id", "type", "name_en", "name_zh", "aliases", "parent"],
        orient="row",
        schema_overrides={"aliases": pl.List(pl.String)},
    )


LEX = _lex(
    [
        ("shoes", "item", "shoes", "鞋", ["footwear"], None),
        ("casual_shoes", "item", "casual shoes", None, [], "shoes"),
        ("sneakers", "item", "sneakers", "运动鞋", ["trainers"], "casual_shoes"),
        ("blue", "color", "blue", "蓝色", [], None),
        ("navy", "color", "navy", None, ["navy blue"], "blue"),
        ("a", "item", "a", None, [], "b"),
        ("b", "item", "b", None, [], "a"),  # a cycle is cut, not followed forever
    ]
)


def test_ancestors_follow_parents_and_cut_cycles():
    up = ancestors(LEX)
    assert up["sneakers"] == ("sneakers", "casual_shoes", "shoes")
    assert up["a"] == ("a", "b")


def test_label_index_uses_names_zh_names_and_aliases():
    idx = label_index(LEX)
    assert idx["trainer"] == "sneakers" and idx["运动鞋"] == "sneakers"
    assert label_index(LEX, ("color",)) == {
        "blue": "blue",
        "蓝色": "blue",
        "navy": "navy",
        "navyblue": "navy",
    }


def test_colour_family_is_the_root_colour():
    assert colour_family(LEX) == {"blue": "blue", "navy": "blue"}


def test_agreement_counts_an_item_right_when_it_sits_under_the_label():
    tags = pl.DataFrame(
        {
            "item": ["sneakers", "sneakers", None, "shoes"],
            "colours": [["navy"], [], ["blue"], ["navy"]],
            "details": [[], [], [], []],
        }
    )
    a = agreement(
        tags,
        LEX,
        item_labels=pl.Series(["Casual Shoes", "Shoes", "Casual Shoes", "Gift Cards"]),
        colour_labels=pl.Series(["Blue", "Navy Blue", "Blue", "Mauve"]),
    )
    assert (a.products, a.label_coverage, a.item_assigned) == (4, 0.75, 0.75)
    assert a.item_right == 1.0  # the two labelled predictions both sit under their label
    assert a.item_less_specific == 0.0
    assert a.colour_named == 3 and a.colour_family_match == 1.0  # "Mauve" maps to nothing
    assert a.unmapped_labels == (("Gift Cards", 1),)


def test_agreement_says_wrong_when_the_label_is_not_an_ancestor():
    tags = pl.DataFrame({"item": ["shoes"], "colours": [["navy"]], "details": [[]]})
    a = agreement(
        tags, LEX, item_labels=pl.Series(["Sneakers"]), colour_labels=pl.Series(["Black"])
    )
    assert a.item_right == 0.0 and a.item_less_specific == 1.0  # shoes is above sneakers
    assert a.colour_family_match is None


def test_the_builtin_lexicon_maps_common_shop_labels():
    idx = label_index(builtin_lexicon())
    assert idx[label_key("Tshirts")] == "t_shirt"
