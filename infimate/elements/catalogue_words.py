"""The words a catalogue reader keys on, and what the lexicon's compound names teach it.

:mod:`infimate.elements.catalogue` reads a product text by these: who it is for
(:data:`AUDIENCE`), where the product phrase ends (:data:`CONNECTORS`), item words that are
everyday words too (:data:`ELSEWHERE`), items named after a neckline (:data:`PARTS`), items
that are a whole product of parts (:data:`SETS`), details that make a generic head a kind of
it (:data:`DEFINING`), sentence ends (:data:`STOPS`) and styling advice (:data:`STYLING`);
and, from the lexicon, the item a compound name ends with (:func:`compound_items`) and the
qualifiers that narrow a generic head (:func:`qualifiers`).
"""

from __future__ import annotations

import polars as pl

from infimate.data.schema import LEXICON_TYPES
from infimate.elements.labels import ancestors

ITEM_TYPES = ("item", "accessory")
#: Words naming who a product is for: colours before the last of them belong to a brand.
AUDIENCE = (
    "men",
    "mens",
    "men's",
    "women",
    "womens",
    "women's",
    "ladies",
    "boys",
    "boy's",
    "girls",
    "girl's",
    "kids",
    "unisex",
    "男款",
    "女款",
    "男士",
    "女士",
    "童装",
)
#: Where the product phrase ends: a connector, a comma or the end of the first sentence.
CONNECTORS: tuple[str, ...] = (
    "with",
    "in",
    "featuring",
    "made of",
    "made from",
    "for",
    "from",
    ",",
    ". ",
    ";",
    ":",
    "|",
    "\n",
    "，",
    "。",
    "；",
    "：",
    "搭配",
)
#: "for women" is a connector, not an audience slot: the phrase before it is the product.
CONNECTORS += tuple(f"for {a}" for a in AUDIENCE if a.isascii())
#: Where a sentence ends (these are connectors too).
STOPS = (". ", "! ", "? ", "\n", "。", "！", "？")
#: Styling advice: what follows, to the end of the sentence, is other products and colours
#: ("Style it with white trainers and a denim jacket."), neither the item nor its details.
STYLING = (
    "style it with",
    "style with",
    "pair it with",
    "pair with",
    "pairs with",
    "pairs well with",
    "wear it with",
    "wear with",
    "team it with",
    "team with",
    "goes with",
    "goes well with",
)
CONNECTORS += tuple(s for s in STOPS if s not in CONNECTORS) + STYLING
#: Item words that are everyday words too: they name their item only as the head of the
#: product phrase ("Men Navy Short", "FIFA Men Blue Jersey", "Ribbed body"); anywhere else
#: they mean the element given ("Jersey top", "top in cotton jersey": the fabric) or
#: nothing ("short sleeves", "Body Fit T-shirt").
ELSEWHERE: dict[str, str | None] = {
    "short": None,
    "brief": None,
    "body": None,
    "jersey": "jersey_fabric",
    "thong": None,  # underwear as the head; before a footwear head ("Thong Flip Flops") no item
    "thongs": None,
}
#: A detail that makes a generic head one kind of it: a jacket with notch lapels is a blazer,
#: a sweatshirt with a hood is a hoodie (detail, generic head → the kind).
DEFINING: dict[tuple[str, str], str] = {
    ("notch_lapel", "jacket"): "blazer",
    ("hood", "sweatshirt"): "hoodie",
}
#: Necklines: an item named after one ("polo neck", "roll neck") describes that part of the
#: head it stands before ("polo-neck jumper" is a jumper with a polo neck), so it never
#: narrows the head to itself (:func:`infimate.elements.catalogue.tag_catalogue`).
PARTS = ("neck", "collar")
#: Items that are a whole product of parts: named after the parts, they are what is sold
#: ("Tie, Cufflink and Pocket Square Combo Set" is a gift set).
SETS = ("set", "gift_set")


def compound_items(pats: pl.DataFrame) -> list[str | None]:
    """Per pattern, the item element its last words (CJK: last characters) name, if any."""
    items = dict(
        pats.filter(pl.col("type").is_in(ITEM_TYPES)).select("pattern", "element_id").rows()
    )
    out: list[str | None] = []
    for pattern, typ in pats.select("pattern", "type").rows():
        named = None
        if typ not in ITEM_TYPES and typ in LEXICON_TYPES:
            tails = [pattern[i + 1 :] for i, ch in enumerate(pattern) if ch == " "]
            tails += [pattern[i:] for i in range(1, len(pattern)) if not pattern[i - 1].isascii()]
            named = next((items[t] for t in tails if t in items), None)
        out.append(named)
    return out


def names_a_part(pattern: str) -> bool:
    """Whether a pattern of two or more words ends with a part word (:data:`PARTS`).

    >>> names_a_part("polo-neck"), names_a_part("polo"), names_a_part("turtleneck")
    (True, False, False)
    """
    words = pattern.replace("-", " ").split()
    return len(words) > 1 and words[-1] in PARTS


def _splits(pattern: str) -> list[tuple[str, str]]:
    """(head-side prefix, tail) at every word (CJK: character) boundary of a pattern."""
    cuts = [i for i, ch in enumerate(pattern) if ch == " "]
    out = [(pattern[:i].strip(), pattern[i + 1 :]) for i in cuts]
    out += [
        (pattern[:i], pattern[i:]) for i in range(1, len(pattern)) if not pattern[i - 1].isascii()
    ]
    return [(q, t) for q, t in out if q and t]


def qualifiers(pats: pl.DataFrame, lexicon: pl.DataFrame) -> list[tuple[str, str, str]]:
    """(qualifier, head item, narrower item) read off the lexicon's compound item names.

    An item pattern "<q> <tail>" whose tail names one of the item's own ancestors makes
    ``q`` a qualifier of that ancestor: "formal shoes" → ("formal", shoes, formal_shoes).
    A ``q`` that is itself an item qualifies only a set (:data:`SETS`): "kurta set" →
    ("kurta", set, kurta_set), but "short kurta" does not make "short" a qualifier.

    >>> from infimate.elements.lexicon import builtin_lexicon
    >>> from infimate.elements.patterns import match_patterns
    >>> lex = builtin_lexicon()
    >>> ("formal", "shoes", "formal_shoes") in qualifiers(match_patterns(lex), lex)
    True
    """
    items = pats.filter(pl.col("type").is_in(ITEM_TYPES))
    named = dict(items.select("pattern", "element_id").rows())
    up = ancestors(lexicon)
    out = set()
    for pattern, eid in items.select("pattern", "element_id").rows():
        for q, tail in _splits(pattern):
            head = named.get(tail)
            # an item word qualifies only a set: its parts name its kind ("Kurta & Dupatta Set")
            part_ok = q not in named or head in SETS
            if head and head != eid and head in up.get(eid, ()) and q.isascii() and part_ok:
                out.add((q, head, eid))
    return sorted(out)
