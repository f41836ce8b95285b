"""The synthetic demo world: determinism, shape, and the planted truth."""

import json
from datetime import timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from infimate.data.datasets import Dataset
from infimate.demo.build import write_demo
from infimate.demo.posts import generate_posts
from infimate.demo.world import build_world
from infimate.elements.lexicon import load_lexicon
from infimate.elements.tagging import tag_posts
from tests.fixtures import DEMO


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    write_demo(out / "a", seed=3, n_posts=20_000)
    write_demo(out / "b", seed=3, n_posts=20_000)
    return out


def test_same_seed_gives_identical_files(small):
    a, b = Dataset(small / "a"), Dataset(small / "b")
    for table in ("posts", "products", "mentions", "signals", "segments"):
        assert_frame_equal(a.read(table), b.read(table))
    assert (small / "a" / "truth.json").read_bytes() == (small / "b" / "truth.json").read_bytes()


def test_different_seed_differs(small, tmp_path):
    write_demo(tmp_path / "c", seed=4, n_posts=20_000)
    assert not Dataset(tmp_path / "c").read("posts").equals(Dataset(small / "a").read("posts"))


def test_tagger_recovers_the_planted_mentions():
    world = build_world(5)
    posts, planted = generate_posts(world, 30_000, 5)
    got = tag_posts(posts, load_lexicon()).select("post_id", pl.col("element_id").alias("element"))
    got = got.unique()
    tp = got.join(planted, on=["post_id", "element"]).height
    assert tp / got.height >= 0.99  # precision of the tagger on demo text
    assert tp / planted.height >= 0.99  # recall


@pytest.fixture(scope="module")
def demo():
    if not (DEMO / "manifest.json").exists():
        pytest.skip("data/demo not generated (make demo)")
    return Dataset(DEMO)


def test_default_demo_world_shape(demo):
    posts = demo.read("posts")
    assert posts.height >= 300_000
    span = posts["ts"].max() - posts["ts"].min()
    assert span >= timedelta(weeks=103)
    assert posts["platform"].n_unique() >= 5
    assert {"US", "CN"} <= set(posts["market"].unique()) and posts["market"].n_unique() >= 4
    assert set(posts["author_tier"].unique()) == {"kol", "koc", "consumer"}
    assert posts["crowd"].n_unique() >= 4
    assert posts["scene"].drop_nulls().n_unique() >= 5
    zh = posts.filter(pl.col("text").str.contains(r"[\u4e00-\u9fff]")).height
    assert 0.2 < zh / posts.height < 0.6  # English and Chinese both present
    assert demo.manifest()["synthetic"] is True


def test_demo_truth_and_products(demo):
    truth = json.loads((DEMO / "truth.json").read_text())
    classes = truth["element_classes"]
    assert len(classes) >= 60
    assert {"riser", "fad", "slow", "seasonal", "evergreen", "decliner"} <= set(classes.values())
    assert len(truth["breakouts"]) >= 40
    coined = [c["term"] for c in truth["coined_terms"]]
    assert len(coined) >= 5
    names = {a.lower() for lst in load_lexicon()["aliases"].to_list() for a in lst}
    assert not any(c.lower() in names for c in coined)
    products = demo.read("products")
    launched = products.filter(pl.col("units").is_not_null())
    assert launched.height >= 3000
    quarters = launched.select(
        pl.col("launch_date").dt.year() * 10 + pl.col("launch_date").dt.quarter()
    ).n_unique()
    assert quarters >= 6
    assert products.filter(pl.col("units").is_null()).height > 0  # candidates
