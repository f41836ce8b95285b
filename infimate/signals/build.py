"""Posts -> mentions -> weekly signals: the ``tag`` step of a dataset.

:func:`tag_dataset` tags a dataset's posts (:func:`infimate.elements.tagging.tag_posts`),
aggregates the mentions to weekly share of voice per segment
(:func:`infimate.signals.share_of_voice.post_signals`) and writes ``mentions``,
``segments`` and the post-derived rows of ``signals`` (imported series are kept). Products,
when the dataset has them, are read from their text
(:func:`infimate.elements.products.tag_products`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from infimate.data.datasets import Dataset
from infimate.elements.lexicon import load_lexicon
from infimate.elements.products import ProductTags, tag_products
from infimate.elements.tagging import prepare_posts, tag_posts
from infimate.errors import DataFileError


@dataclass(frozen=True)
class TagReport:
    """What :func:`tag_dataset` did: posts read, mentions and signal rows written."""

    posts: int
    mentions: int
    elements_seen: int
    signals_rows: int
    seconds: float
    products: ProductTags | None = None


def tag_dataset(
    dataset: Dataset, *, progress: Callable[[float, str], None] | None = None
) -> TagReport:
    """Tag a dataset's posts; write ``mentions``, ``segments`` and post-derived ``signals``.

    Rows of ``signals.parquet`` with source "posts" are replaced; imported rows of other
    sources (Google Trends, search, sales) are kept.

    Example
    -------
    >>> import datetime as dt, tempfile
    >>> from infimate.data import samples
    >>> posts = samples.posts()
    >>> trends = pl.DataFrame({"date": [dt.date(2026, 11, 23)], "element": ["tweed"],
    ...                        "value": [40.0], "source": ["google_trends"]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ds = Dataset(tmp).create()
    ...     ds.write("posts", posts)
    ...     ds.write("signals", trends)
    ...     report = tag_dataset(ds)
    ...     sorted(ds.read("mentions")["element_id"]), sorted(set(ds.read("signals")["source"]))
    (['baby_blue', 'red'], ['google_trends', 'posts'])
    >>> report.posts, report.mentions, report.elements_seen
    (2, 2, 2)
    """
    # share_of_voice imports this module (prepare_posts, SEGMENT_COLS): import at call time
    from infimate.signals.share_of_voice import post_signals, segment_weeks

    say = progress or (lambda frac, msg: None)
    t0 = time.perf_counter()
    posts = dataset.read("posts")
    if posts is None:
        raise DataFileError(dataset.table_path("posts"), "dataset has no posts to tag")
    say(0.05, "loading lexicon")
    lex = load_lexicon(dataset)
    say(0.1, "tagging scenes")
    prepared = prepare_posts(posts)
    say(0.3, "tagging elements")
    mentions = tag_posts(prepared, lex)
    say(0.7, "aggregating weekly share of voice")
    segments = segment_weeks(prepared)
    signals = post_signals(mentions, prepared, segments=segments)
    old = dataset.read("signals")
    if old is not None and old.height:
        keep = (
            old.filter(pl.col("source").fill_null("") != "posts")
            if "source" in old.columns
            else old
        )
        signals = pl.concat([signals, keep], how="diagonal_relaxed")
    say(0.9, "writing mentions, segments, signals")
    dataset.write("mentions", mentions, source="tagging")
    dataset.write("segments", segments, source="tagging")
    dataset.write("signals", signals, source="tagging")
    say(0.95, "reading products")
    products = tag_products(dataset)
    say(1.0, "tagged")
    return TagReport(
        posts=posts.height,
        mentions=mentions.height,
        elements_seen=mentions["element_id"].n_unique(),
        signals_rows=signals.height,
        seconds=round(time.perf_counter() - t0, 3),
        products=products,
    )
