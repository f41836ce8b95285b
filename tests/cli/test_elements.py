"""``tag-catalogue`` and ``lexicon``: one row per product, agreement with shop labels, JSON."""

from __future__ import annotations

import json

import polars as pl

from infimate.cli.main import main

TITLES = (
    "id,title,article_type,base_colour\n"
    "1,Women Navy Blue Puff Sleeve Blouse,Blouses,Navy Blue\n"
    '2,"Red Tape Men Brown Blouse, cotton",Blouses,Brown\n'
    "3,Gift card,Gift Cards,\n"
)


def _titles(tmp_path):
    f = tmp_path / "titles.csv"
    f.write_text(TITLES)
    return f


def test_tag_catalogue_prints_one_row_per_product_as_json(tmp_path, capsys):
    f = _titles(tmp_path)
    argv = ["tag-catalogue", "--input", str(f), "--id-col", "id", "--text-col", "title"]
    assert main([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    tags = {t["id"]: t for t in out["tags"]}
    assert (out["rows"], out["with_item"]) == (3, 2)
    assert tags["1"] == {
        "id": "1",
        "item": "blouse",
        "colours": ["navy"],
        "details": ["puff_sleeve"],
    }
    assert tags["2"]["colours"] == ["brown"]  # "Red Tape" is the brand, before "Men"
    assert tags["3"]["item"] is None and tags["3"]["colours"] == []


def test_tag_catalogue_reports_agreement_with_the_shop_labels(tmp_path, capsys):
    f = _titles(tmp_path)
    argv = ["tag-catalogue", "--input", str(f), "--id-col", "id", "--text-col", "title"]
    labels = ["--label-col", "article_type", "--colour-col", "base_colour", "--json"]
    assert main([*argv, *labels]) == 0
    a = json.loads(capsys.readouterr().out)["agreement"]
    assert a["products"] == 3 and a["label_coverage"] == round(2 / 3, 4)
    assert a["item_right"] == 1.0 and a["colour_family_match"] == 1.0
    assert a["unmapped_labels"] == [["Gift Cards", 1]]


def test_tag_catalogue_writes_csv_and_parquet(tmp_path, capsys):
    f = _titles(tmp_path)
    argv = ["tag-catalogue", "--input", str(f), "--id-col", "id", "--text-col", "title"]
    assert main([*argv, "--out", str(tmp_path / "t.parquet")]) == 0
    assert main([*argv, "--out", str(tmp_path / "t.csv")]) == 0
    assert "3 products, 2 with an item" in capsys.readouterr().out
    pq = pl.read_parquet(tmp_path / "t.parquet")
    assert pq.columns == ["id", "item", "colours", "details"] and pq.height == 3
    csv = pl.read_csv(tmp_path / "t.csv", infer_schema=False)
    assert csv.row(0) == ("1", "blouse", "navy", "puff_sleeve")


def test_several_text_columns_are_read_as_sentences(tmp_path, capsys):
    f = tmp_path / "p.csv"
    f.write_text("sku,name,description\nA,Blouse,In chiffon with a bow.\n")
    argv = ["tag-catalogue", "--input", str(f), "--id-col", "sku"]
    assert main([*argv, "--text-col", "name", "--text-col", "description", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["tags"]
    assert row["item"] == "blouse" and row["details"] == ["chiffon", "bow"]


def test_a_missing_column_is_one_line(tmp_path, capsys):
    f = _titles(tmp_path)
    code = main(["tag-catalogue", "--input", str(f), "--id-col", "sku", "--text-col", "title"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no column(s) sku" in err


def test_lexicon_json_lists_every_element_with_names_aliases_and_parent(capsys):
    assert main(["lexicon", "--json"]) == 0
    elements = json.loads(capsys.readouterr().out)["elements"]
    navy = next(e for e in elements if e["id"] == "navy")
    assert {"id", "type", "name_en", "name_zh", "aliases", "parent"} <= set(navy)
    assert navy["type"] == "color" and navy["parent"] == "blue" and "navy blue" in navy["aliases"]
    assert len({e["id"] for e in elements}) == len(elements)


def test_lexicon_filters_by_type(capsys):
    assert main(["lexicon", "--type", "color", "--json"]) == 0
    elements = json.loads(capsys.readouterr().out)["elements"]
    assert elements and {e["type"] for e in elements} == {"color"}
