"""Writing the synthetic demo world: posts, products, shop, planted truth, then tagging.

:func:`write_demo` generates the world of :mod:`infimate.demo.world` into a dataset
directory — posts (:mod:`~infimate.demo.posts`), launched and candidate products
(:mod:`~infimate.demo.products`), shop prices and coupons (:mod:`~infimate.demo.shop`),
tiny garment photos for some posts and products (:mod:`~infimate.demo.photos`) —
records what was planted in ``truth.json`` (read only to *score* the backtests, never by
a feature) and tags the posts into mentions and signals.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from infimate.data.datasets import Dataset, atomic_write_bytes
from infimate.demo.world import END, START, build_world
from infimate.trends.breakouts import BreakoutRule


def write_demo(
    out: str | Path,
    *,
    seed: int = 7,
    n_posts: int = 700_000,
    progress: Callable[[float, str], object] | None = None,
) -> dict[str, Any]:
    """Generate the demo world into ``out`` and tag it. Returns a small summary."""
    from infimate.demo.photos import with_post_photos, with_product_photos
    from infimate.demo.posts import coined_truth, generate_posts
    from infimate.demo.products import generate_products
    from infimate.demo.shop import generate_shop
    from infimate.elements.lexicon import builtin_lexicon
    from infimate.signals.build import tag_dataset

    say = progress or (lambda frac, msg: None)
    t0 = time.perf_counter()
    ds = Dataset(out)
    ds.path.mkdir(parents=True, exist_ok=True)
    say(0.05, "planting element lifecycles")
    world = build_world(seed)
    say(0.15, "writing posts")
    posts, planted = generate_posts(world, n_posts, seed)
    lexicon = builtin_lexicon()
    posts = with_post_photos(posts, planted, ds.path, lexicon, seed=seed)  # tiny PNGs
    ds.write("posts", posts, source=f"synthetic demo (seed {seed})")
    say(0.55, "launching products")
    products = generate_products(world, 3600, 40, seed)
    products = with_product_photos(products, ds.path, lexicon, seed=seed)
    ds.write("products", products, source=f"synthetic demo (seed {seed})")
    prices, coupons = generate_shop(products, seed=seed, end=END)
    ds.write("prices", prices, source=f"synthetic demo shop (seed {seed})")
    ds.write("coupons", coupons, source=f"synthetic demo shop (seed {seed})")
    truth = {
        "synthetic": True,
        "seed": seed,
        "start": str(START),
        "end": str(END),
        "breakout_rule": BreakoutRule().as_dict(),
        "breakout_level": ["element", "market"],
        "breakouts": world.truth,
        "coined_terms": coined_truth(),
        "element_classes": world.classes,
    }
    text = json.dumps(truth, indent=1, ensure_ascii=False, sort_keys=True)
    atomic_write_bytes(ds.path / "truth.json", text.encode("utf-8"))
    m = ds.manifest()
    m["synthetic"] = True
    m["generator"] = {"command": "python -m infimate demo", "seed": seed, "posts": n_posts}
    ds.save_manifest(m)
    say(0.65, "tagging posts into elements")
    report = tag_dataset(ds)
    say(0.9, "fitting the hit model")
    from infimate.hit import store

    store.ensure(ds.path)  # saved beside the dataset: no page visit waits for the fit
    from infimate.trends import alerts_store

    alerts_store.ensure(ds.path)  # likewise the current alerts
    say(1.0, "done")
    return {
        "out": str(ds.path),
        "posts": posts.height,
        "products": products.height,
        "prices": prices.height,
        "coupons": coupons.height,
        "planted_mentions": planted.height,
        "mentions": report.mentions,
        "breakouts": len(world.truth),
        "seconds": round(time.perf_counter() - t0, 2),
    }
