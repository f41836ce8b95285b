"""The catalogue benchmark: a small run tags every synthetic title and says what it measured."""

from __future__ import annotations

import argparse

import polars as pl

from infimate.benchmarks import catalogue
from infimate.benchmarks.catalogue import bench_catalogue, synthetic_titles


def test_synthetic_titles_are_seeded_retail_titles():
    a, b = synthetic_titles(200), synthetic_titles(200)
    assert a.equals(b) and a.height == 200 and a["text"].str.len_chars().min() > 5


def test_small_run_reports_speed_and_tags_every_title(monkeypatch, tmp_path):
    monkeypatch.setattr(catalogue, "SHOP", tmp_path / "absent.csv")
    r = bench_catalogue(argparse.Namespace(posts=5_000))
    assert r["titles"] == 5_000 and r["seconds"] > 0
    assert r["with_item"] == 1.0  # every synthetic title names an item
    assert "skipped" in r["shop"]


def test_the_shop_agreement_is_reported_when_the_file_is_there(monkeypatch, tmp_path):
    shop = tmp_path / "shop.csv"
    pl.DataFrame(
        {
            "id": ["1", "2"],
            "title": ["Women Navy Blue Blouse", "Red Tape Men Brown Blouse"],
            "article_type": ["Blouses", "Blouses"],
            "base_colour": ["Navy Blue", "Brown"],
            "master_category": ["Apparel", "Apparel"],
        }
    ).write_csv(shop)
    monkeypatch.setattr(catalogue, "SHOP", shop)
    r = bench_catalogue(argparse.Namespace(posts=1_000))
    assert r["shop"]["products"] == 2 and r["shop"]["item_right"] == 1.0
    assert r["shop"]["colour_family_match"] == 1.0
