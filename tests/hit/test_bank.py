"""Signal bank helpers (infimate.hit.bank): element names resolve to lexicon ids via aliases."""

from __future__ import annotations

import polars as pl

from infimate.hit.bank import canonical, load_aliases


def test_canonical_matches_lexicon_names_and_aliases_case_insensitively():
    aliases = load_aliases()
    terms = pl.Series(["Butter Yellow", "buttery yellow", "奶油黄", "Mob-Wife", "cloud knit"])
    got = pl.select(canonical(pl.lit(terms), aliases)).to_series().to_list()
    assert got == ["butter_yellow", "butter_yellow", "butter_yellow", "mob_wife", "cloud knit"]
