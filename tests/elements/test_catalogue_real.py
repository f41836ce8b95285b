"""The catalogue reader on 44k real product titles (../shared/data), skipped when absent.

Apparel, footwear and accessories rows; the shop's own article type and base colour are
mapped to the lexicon by name/alias (:mod:`infimate.elements.labels`). The figures of the
README's catalogue table come from ``python -m infimate bench catalogue``, which runs this
same comparison.
"""

from __future__ import annotations

import polars as pl
import pytest

from infimate.benchmarks.catalogue import CATEGORIES
from infimate.elements.catalogue import tag_catalogue
from infimate.elements.labels import agreement
from infimate.elements.lexicon import builtin_lexicon
from tests.conftest import SHARED_DATA

TITLES = SHARED_DATA / "myntra-product-titles.csv"


@pytest.fixture(scope="module")
def shop() -> pl.DataFrame:
    if not TITLES.exists():
        pytest.skip(f"real titles not present at {TITLES}")
    return pl.read_csv(TITLES, infer_schema=False).filter(
        pl.col("master_category").is_in(CATEGORIES)
    )


def test_agreement_with_the_shop_labels(shop):
    lex = builtin_lexicon()
    tags = tag_catalogue(shop.select("id", pl.col("title").alias("text")), lex)
    a = agreement(tags, lex, item_labels=shop["article_type"], colour_labels=shop["base_colour"])
    assert a.products == 41_908
    assert a.label_coverage >= 0.95 and a.item_assigned >= 0.95
    assert a.colour_family_match >= 0.92 and a.colour_named >= 0.9 * a.products
    # the item is the label, under it, or a true broader reading ("shoes" for "Casual Shoes")
    assert a.item_right >= 0.89
    assert a.item_right + a.item_less_specific >= 0.95
