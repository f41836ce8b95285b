"""The catalogue reader: the item is the head of the product phrase; colours; details.

Hand-made texts with a known head, in EN (US and British wording, titles and long
descriptions) and 中文, including the five readings the issue found wrong.
"""

from __future__ import annotations

import polars as pl
import pytest

from infimate.elements.catalogue import tag_catalogue
from infimate.elements.labels import ancestors
from infimate.elements.lexicon import builtin_lexicon

LEX = builtin_lexicon()
UP = ancestors(LEX)

# (text, item, must be among the details, must not be anywhere)
HEADS = [
    # the five readings from the issue
    (
        "Long-sleeved top in sweatshirt fabric",
        "top",
        ["sweatshirt_fabric"],
        ["hoodie", "sweatshirt"],
    ),
    ("Polo-neck jumper", "sweater", ["turtleneck"], []),
    ("Jumpsuit with a detachable tie belt", "jumpsuit", ["tie_belt"], ["belt"]),
    ("Jacket with notch lapels", "blazer", ["notch_lapel"], ["jacket"]),  # a defining detail
    ("Top in jersey", "top", [], []),
    ("卫衣面料长袖上衣", "top", ["sweatshirt_fabric"], ["hoodie"]),
    ("高领毛衣", "turtleneck", [], []),  # 高领毛衣 is the turtleneck jumper itself
    ("连体裤，配可拆卸系带腰带", "jumpsuit", ["tie_belt"], []),
    ("平驳领西装外套", "blazer", ["notch_lapel"], []),
    ("纯棉针织上衣", "top", ["cotton"], []),
    # heads, connectors and sets
    ("Jumper in merino with a polo neck", "sweater", ["wool", "turtleneck"], []),
    ("T-shirt and joggers set", "set", ["t_shirt", "sweatpants"], []),
    ("Hooded jacket in water-repellent nylon", "jacket", ["hood", "nylon"], []),
    ("Vest top in ribbed jersey", "tank_top", ["rib_knit"], []),
    ("Wide-leg trousers in linen with pleats", "wide_leg_trousers", ["linen", "pleats"], []),
    ("Tweed jacket", "jacket", ["tweed"], []),
    ("Slip dress in satin, for women", "slip_dress", ["satin"], []),
    ("带腰带的连衣裙", "dress", ["belt"], []),
    ("女款泡泡袖衬衫", "button_down", ["puff_sleeve"], []),
    ("旗袍 改良款", "qipao", [], []),
    # titles: brand before the audience word
    ("Puma Men Grey Solid Round Neck T-Shirt", "t_shirt", ["round_neck"], []),
    ("U.S. Polo Assn. Men Blue Casual Shirt", "casual_shirt", [], ["polo_shirt"]),
    ("Red Tape Men Brown Shoes", "shoes", [], []),
    ("Be For Bag Women Blue Tote Bag", "tote_bag", [], []),
    ("Fabindia Women Navy Blue Printed Kurta", "kurta", [], []),
    ("Nike Women Pegasus White Blue Sports Shoes", "sports_shoes", [], []),
    # a qualifier earlier in the phrase narrows a generic head ("formal … shoes")
    ("Arrow Men Formal Black Shoes", "formal_shoes", [], ["shoes"]),
    ("Skechers Men's Casual Brown Lifestyle Shoe", "casual_shoes", [], []),
    ("Converse Unisex Canvas Navy Blue Shoes", "canvas_shoes", [], ["shoes"]),
    ("Women Running Lightweight Grey Trainers", "sneakers", [], []),  # no "running trainers" head
    ("Running shorts with a formal-looking belt and shoes", "shorts", [], ["formal_shoes"]),
    ("Boys Washed Blue 3/4 Length Pants", "capri_pants", [], []),
    # a kind of the head named earlier in the phrase is the item; the head is not a detail
    ("Enamor Women Navy Blue Baby Doll Nightdress", "babydoll", [], ["nightdress"]),
    ("Quechua Ultralight Backpack Purple 16 ltr Bag", "backpack", [], ["bag"]),
    ("Puma Men Polo Black T-shirt", "polo_shirt", [], ["t_shirt"]),
    ("Basics Men Black Blazer Jacket", "blazer", [], ["jacket"]),
    ("Catwalk Women Moccasin Black Casual Shoes", "moccasins", [], ["casual_shoes"]),
    ("Roll-neck jumper in merino", "sweater", ["turtleneck", "wool"], []),  # a neckline
    ("Women Shirt Blue Jeans", "jeans", ["shirt"], []),  # not a kind of jeans
    ("T-shirt dress in cotton", "dress", ["t_shirt", "cotton"], []),
    ("乐福鞋 鞋子", "loafers", [], ["shoes"]),
    # everyday words name their item only as the head: elsewhere the fabric, or nothing
    ("Jersey top with narrow shoulder straps.", "top", ["jersey_fabric"], ["jersey"]),
    ("Short-sleeved top in cotton jersey", "top", ["cotton", "jersey_fabric"], ["shorts"]),
    ("Men Navy Short", "shorts", [], []),
    ("FIFA Men Germany Blue Jersey", "jersey", [], ["jersey_fabric"]),
    ("Long-sleeved body in soft organic cotton", "body", ["cotton"], []),
    ("Hanes Men Black Body Fit V-Neck T-shirt", "t_shirt", ["v_neck"], ["body"]),
    ("Body in ribbed jersey with a square neckline", "body", ["jersey_fabric"], ["jersey"]),
    # British wording: "ballet pumps" are flat shoes (US "pumps" are heels); a nightslip
    ("Ballet pumps in faux leather", "flats", ["faux_leather"], ["heels"]),
    ("Nightslip in satin with narrow adjustable shoulder straps", "nightdress", ["satin"], []),
    ("Short, fitted skirt in imitation leather", "skirt", ["leather"], ["shorts"]),
    ("Puma Men Jersey Black Short", "shorts", ["jersey_fabric"], []),
    ("Romper suit in soft organic cotton jersey", "playsuit", ["cotton"], ["suit"]),
    ("Swim top with removable padding", "bikini", [], []),
    # a gap that is not one plain space still joins a multi-word name
    ("Chromozome Men Black Innerwear  T-shirt", "innerwear_vest", [], ["t_shirt"]),
    ("Campbell Men Pack of 3 Solid T- Shirts", "t_shirt", [], ["shirt"]),
    ("Women\u00a0Grey  Melange\tSweatshirt", "sweatshirt", [], []),
    # a defining detail makes a generic head its kind, and only a generic one
    ("Sweatshirt with a lined drawstring hood", "hoodie", ["hood", "drawstring"], []),
    ("Denim jacket with notch lapels", "denim_jacket", ["notch_lapel"], ["blazer"]),
    # British and retail words: a shopper is a tote; a thong as the head is underwear,
    # before a footwear head it is no item
    ("Shopper in canvas with two handles", "tote_bag", [], []),
    ("Puma Women Core Lite Shopper White Bags", "tote_bag", [], ["bag"]),
    ("Lace thong with a low waist", "thong", [], []),
    ("Nike Women Butterfly Thong Green Flip Flops", "flip_flops", [], ["thong"]),
    ("Rash vest in fast-drying UPF 50 fabric", "rash_vest", [], ["innerwear_vest"]),
    ("Negligee in satin with lace trims", "nightdress", ["satin"], []),
    ("Uniqlo Ultra Light Down vest", "gilet", [], ["innerwear_vest"]),  # US "vest"
    ("Tie-waist dress in a crêpe weave.", "dress", ["tie_belt"], ["tie"]),
    ("Two-piece set: top and skirt in satin.", "co_ord", ["top", "skirt", "satin"], []),
    # styling advice names other products, to the end of its sentence
    (
        "Style it with white trainers and a denim jacket for an easy weekend look! "
        "This black midi dress is cut from soft jersey.",
        "midi_dress",
        ["jersey_fabric"],
        ["sneakers", "denim_jacket", "white"],
    ),
    ("Blue jeans. Wear with a white tee.", "jeans", [], ["t_shirt", "white"]),
    # a set named after its parts is what is sold; the parts are details
    ("Men Formal Red Tie, Cufflink and Pocket Square Combo Set", "gift_set", ["tie"], []),
    ("Women Green Churidar Kurta with Dupatta", "kurta_set", [], []),
    ("Aneri Women Purple Churidar Kurta & Dupatta Set", "kurta_set", ["kurta"], []),
    ("W Women V Neck Short Sleeve Pink Kurta", "kurta", [], ["kurti"]),  # not a short kurta
    # long descriptions: the first sentence names the product
    (
        "Relaxed-fit shirt in a cotton weave with a collar and buttons down the front. "
        "Long sleeves with buttoned cuffs. Machine wash at 40°C.",
        "shirt",
        ["cotton"],
        [],
    ),
    (
        "Fitted cardigan in a soft rib knit with a V-neck and buttons down the front. "
        "Pairs with a pleated midi skirt or wide-leg trousers.",
        "cardigan",
        ["rib_knit", "v_neck"],
        [],
    ),
]


def _tag(texts: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame({"id": list(range(len(texts))), "text": texts})
    return tag_catalogue(frame, LEX)


@pytest.mark.parametrize(
    ("text", "item", "details", "absent"), HEADS, ids=[h[0][:40] for h in HEADS]
)
def test_the_item_is_the_head_of_the_product_phrase(text, item, details, absent):
    row = _tag([text]).row(0, named=True)
    assert row["item"] == item
    assert all(d in row["details"] for d in details), row["details"]
    named = [row["item"], *row["colours"], *row["details"]]
    assert not [a for a in absent if a in named]


def test_the_head_items_are_in_the_taxonomy():
    """Every expected head is an element with a parent chain to a root (blazer -> jacket)."""
    assert UP["blazer"][:2] == ("blazer", "jacket")
    assert all(h[1] in UP for h in HEADS)


@pytest.mark.parametrize(
    ("text", "colours"),
    [
        ("Women Navy Blue Puff Sleeve Blouse", ["navy"]),
        ("Red Tape Men Brown Shoes", ["brown"]),  # the brand's colour word is not a colour
        ("Men Grey Melange Sweatshirt", ["grey_melange"]),
        ("Off-white dress with black trim", ["off_white", "black"]),
        ("Red dress for women", ["red"]),  # "for women" is not a title's audience slot
        ("女款藏青色连衣裙", ["navy"]),
    ],
)
def test_colours_in_text_order_after_the_audience_word(text, colours):
    assert _tag([text])["colours"].to_list() == [colours]


def test_colour_families():
    from infimate.elements.labels import colour_family

    family = colour_family(LEX)
    assert (family["navy"], family["grey_melange"], family["off_white"]) == (
        "blue",
        "grey",
        "white",
    )


def test_texts_without_an_item_and_empty_texts():
    out = _tag(["Gift card", "", "Navy"])
    assert out["item"].to_list() == [None, None, None]
    assert out["colours"].to_list() == [[], [], ["navy"]]
    empty = tag_catalogue(
        pl.DataFrame({"id": [], "text": []}, schema={"id": pl.Int64, "text": pl.String}), LEX
    )
    assert empty.height == 0 and empty.columns == ["id", "item", "colours", "details"]


def test_ids_pass_through_and_rows_keep_their_order():
    texts = ["Blue jeans", None, "Puff sleeve blouse"]
    out = tag_catalogue(pl.DataFrame({"id": ["z", "y", "x"], "text": texts}), LEX)
    assert out["id"].to_list() == ["z", "y", "x"]
    assert out["item"].to_list() == ["jeans", None, "blouse"]


def test_many_texts_read_the_same_as_one_at_a_time():
    """The array reading of many texts equals reading each alone (no row mixes with another)."""
    texts = [h[0] for h in HEADS] * 40
    many = _tag(texts)
    alone = pl.concat([_tag([t]) for t in texts[: len(HEADS)]])
    assert many.head(len(HEADS)).drop("id").equals(alone.drop("id"))
    assert many.slice(len(HEADS) * 7, len(HEADS)).drop("id").equals(alone.drop("id"))


def test_a_changed_lexicon_is_read_with_its_own_patterns():
    """The patterns are built once per lexicon content: an edited lexicon is not served the
    built-in one's (and the built-in one's afterwards are unchanged)."""
    text = pl.DataFrame({"id": [0], "text": ["Women Black Carryall"]})
    assert tag_catalogue(text, LEX)["item"].to_list() == [None]
    more = LEX.with_columns(
        pl.when(pl.col("element_id") == "tote_bag")
        .then(pl.col("aliases").list.concat(pl.lit(["carryall"])))
        .otherwise(pl.col("aliases"))
        .alias("aliases")
    )
    assert tag_catalogue(text, more)["item"].to_list() == ["tote_bag"]
    assert tag_catalogue(text, LEX)["item"].to_list() == [None]


def test_reading_in_blocks_equals_reading_at_once(monkeypatch):
    """Hits are read BLOCK texts at a time: block edges (a row with no hits, an empty last
    block) change nothing."""
    from infimate.elements import catalogue

    texts = ["", *[h[0] for h in HEADS], "Gift card", None, "Navy"] * 3
    whole = _tag(texts)
    monkeypatch.setattr(catalogue, "BLOCK", 7)
    assert _tag(texts).equals(whole)
    monkeypatch.setattr(catalogue, "BLOCK", len(texts))
    assert _tag(texts).equals(whole)
