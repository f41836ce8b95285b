"""Match patterns and surface forms (infimate.elements.patterns) of the built-in lexicon."""

from __future__ import annotations

import polars as pl

from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.patterns import match_patterns, surface_forms


def test_surface_forms_marks_cjk() -> None:
    sf = surface_forms(builtin_lexicon())
    row = sf.filter(pl.col("form") == "泡泡袖")
    assert row["element_id"].item() == "puff_sleeve" and row["is_cjk"].item()
    assert not sf.filter(pl.col("form") == "puff sleeve")["is_cjk"].item()


def test_match_patterns_variants() -> None:
    pats = match_patterns(builtin_lexicon())
    owner = dict(zip(pats["pattern"], pats["element_id"], strict=True))
    for p in (
        "puff sleeve",
        "puff-sleeves",
        "puffsleeves",
        "bodycon dresses",
        "wide-leg trousers",
        "wide leg-trousers",
        "ballet flat",
        "boucle",
        "bouclÉ",
    ):
        assert owner.get(p) in {
            "puff_sleeve",
            "bodycon",
            "wide_leg_trousers",
            "ballet_flats",
            "tweed",
        }, p
    assert "blues" not in owner  # colours do not get plurals
    assert "aline" not in owner  # no run-together form when a word is < 3 letters
    assert pats["nbytes"].is_sorted(descending=True)
