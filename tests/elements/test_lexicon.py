"""Lexicon: built-in coverage, validation errors that name the row, dataset overrides."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from infimate.data.datasets import Dataset
from infimate.elements.lexicon import (
    BUILTIN_PATH,
    ELEMENT_TYPES,
    LexiconError,
    add_terms,
    builtin_lexicon,
    load_lexicon,
    normalize_term,
    read_lexicon_csv,
    validate_lexicon,
)
from infimate.elements.patterns import match_patterns, surface_forms

COINED = ("blokette", "tomato girl", "cabincore", "glazed knit", "松弛感", "芋泥紫")
SEED_IDS = (
    "tiffany_blue",
    "butter_yellow",
    "avocado_green",
    "klein_blue",
    "mocha_mousse",
    "puff_sleeve",
    "barrel_jeans",
    "quiet_luxury",
    "old_money",
    "mob_wife",
    "xiaoxiangfeng",
    "new_chinese",
    "dopamine_dressing",
    "maillard",
    "coquette",
)


def _row(**kw: str) -> dict[str, str]:
    base = {
        "element_id": "x",
        "type": "item",
        "name_en": "x",
        "name_zh": "某",
        "aliases": "",
        "hex": "",
        "parent": "",
    }
    return base | kw


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(_row().keys()))
        w.writeheader()
        w.writerows(rows)
    return path


def test_builtin_covers_all_types_with_both_languages() -> None:
    lex = builtin_lexicon()
    assert lex.height >= 300
    counts = dict(lex.group_by("type").len().iter_rows())
    assert set(counts) == set(ELEMENT_TYPES)
    assert min(counts.values()) >= 15
    assert lex.filter(pl.col("name_en").is_null() | pl.col("name_zh").is_null()).is_empty()
    colours = lex.filter(pl.col("type") == "color")
    assert colours["hex"].str.contains(r"^#[0-9A-Fa-f]{6}$").all()


def test_builtin_keeps_seed_rows_and_coinages() -> None:
    lex = builtin_lexicon()
    assert set(SEED_IDS) <= set(lex["element_id"])
    forms = set(surface_forms(lex)["form"])
    for coinage in (
        "牛油果绿",
        "蒂芙尼蓝",
        "克莱因蓝",
        "美拉德",
        "多巴胺穿搭",
        "老钱风",
        "静奢风",
        "新中式",
        "小香风",
        "泡泡袖",
        "butter yellow",
        "mocha mousse",
        "quiet luxury",
        "coquette",
        "mob wife",
        "barrel jeans",
    ):
        assert normalize_term(coinage) in forms, coinage


def test_no_planted_coined_terms_in_lexicon() -> None:
    text = BUILTIN_PATH.read_text(encoding="utf-8").lower()
    for term in COINED:
        assert term not in text, term


def test_no_alias_shared_between_elements() -> None:
    sf = surface_forms(builtin_lexicon())
    shared = (
        sf.group_by("form").agg(pl.col("element_id").n_unique().alias("n")).filter(pl.col("n") > 1)
    )
    assert shared.is_empty(), shared


def test_normalize_term_folds_case_accents_and_punctuation() -> None:
    assert normalize_term("BOUCLÉ") == "boucle"
    assert normalize_term("Puff-Sleeves!") == "puff sleeves"
    assert normalize_term("#老钱风") == "老钱风"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [_row(element_id="a"), _row(element_id="a", name_en="b", name_zh="乙")],
            "row 3 (element_id 'a'): duplicate element_id",
        ),
        (
            [_row(element_id="red2", type="color", name_en="red two", name_zh="红二")],
            "row 2 (element_id 'red2'): colour needs a hex",
        ),
        ([_row(element_id="c", type="colour")], "row 2 (element_id 'c'): type 'colour'"),
        ([_row(element_id="d", hex="#12345")], "hex '#12345' is not #RRGGBB"),
        ([_row(element_id="e", name_zh="")], "row 2 (element_id 'e'): name_zh is empty"),
        ([_row(element_id="Bad Id")], "element_id must be a lower-case slug"),
        (
            [
                _row(element_id="f", name_en="puff", aliases="Puff-Sleeve"),
                _row(element_id="g", name_en="g", name_zh="己", aliases="puff sleeve"),
            ],
            "row 3 (element_id 'g'): 'puff sleeve' is also a name/alias of row 2 (element_id 'f')",
        ),
    ],
)
def test_validation_errors_name_the_row(tmp_path: Path, rows, message: str) -> None:
    path = _write(tmp_path / "lexicon.csv", rows)
    with pytest.raises(LexiconError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_lexicon_csv(path)


def test_validate_accepts_builtin() -> None:
    validate_lexicon(builtin_lexicon(), source="built-in", csv_rows=False)


def test_dataset_lexicon_adds_and_overrides(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    _write(
        ds.lexicon_path,
        [
            _row(
                element_id="latte_brown",
                type="color",
                name_en="latte brown",
                name_zh="拿铁棕",
                aliases="latte beige",
                hex="#B38B6D",
                parent="brown",
            ),
            _row(
                element_id="puff_sleeve",
                type="detail",
                name_en="puff sleeves",
                name_zh="泡泡袖",
                aliases="puff sleeve;泡泡袖上衣",
            ),
        ],
    )
    lex = load_lexicon(ds)
    assert lex.height == builtin_lexicon().height + 1
    puff = lex.filter(pl.col("element_id") == "puff_sleeve")
    assert puff["aliases"].item().to_list() == ["puff sleeve", "泡泡袖上衣"]
    assert "latte_brown" in set(lex["element_id"])
    assert "latte beige" in set(match_patterns(lex)["pattern"])


def test_dataset_lexicon_conflict_with_builtin_is_an_error(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    _write(
        ds.lexicon_path,
        [
            _row(
                element_id="my_red",
                type="color",
                name_en="my red",
                name_zh="我的红",
                aliases="cherry",
                hex="#FF0000",
            )
        ],
    )
    with pytest.raises(LexiconError, match="'cherry' is also a name/alias"):
        load_lexicon(ds)


def test_add_terms_appends_then_overrides_atomically(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    first = pl.DataFrame(
        {
            "element_id": ["latte_brown"],
            "type": ["color"],
            "name_en": ["latte brown"],
            "name_zh": ["拿铁棕"],
            "aliases": ["latte beige"],
            "hex": ["#B38B6D"],
            "parent": ["brown"],
        }
    )
    add_terms(ds, first)
    second = first.with_columns(pl.lit("latte beige;拿铁色").alias("aliases"))
    table = add_terms(ds, second)
    assert table.height == 1
    assert read_lexicon_csv(ds.lexicon_path)["aliases"].item().to_list() == [
        "latte beige",
        "拿铁色",
    ]
    assert ds.manifest()["tables"]["lexicon"]["rows"] == 1
    with pytest.raises(LexiconError):
        add_terms(ds, first.with_columns(pl.lit("tiffany").alias("aliases")))
    assert read_lexicon_csv(ds.lexicon_path)["aliases"].item().to_list() == [
        "latte beige",
        "拿铁色",
    ]
