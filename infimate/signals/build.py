"""Posts -> mentions -> weekly signals: the ``tag`` step of a dataset.

:func:`tag_dataset` tags a dataset's posts and their scenes in one pass
(:func:`infimate.elements.tagging.tag_prepared`),
adds the colours of the posts' photos (``source`` "image" beside "text":
:func:`infimate.elements.photo_mentions.with_photo_colours`), aggregates the mentions to
weekly share of voice per segment
(:func:`infimate.signals.share_of_voice.signals_and_segments`) and writes ``mentions``,
``segments`` and the post-derived rows of ``signals`` (imported series are kept). Products,
when the dataset has them, are read from their text
(:func:`infimate.elements.products.tag_products`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from infimate.data.datasets import Dataset, stage_parquet
from infimate.data.manifest import content_hash
from infimate.elements.lexicon import load_lexicon
from infimate.elements.photo_mentions import with_photo_colours
from infimate.elements.products import ProductTags, tag_products
from infimate.elements.tagging import tag_prepared
from infimate.errors import DataFileError


def _stage_hashed(path: Path, frame: pl.DataFrame) -> Path:
    """:func:`stage_parquet`, then the temp file's hash (memoised: the commit reuses it)."""
    tmp = stage_parquet(path, frame)
    content_hash(tmp)
    return tmp


def _share_of_voice(
    dataset: Dataset, mentions: pl.DataFrame, prepared: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Aggregate and write ``mentions``, ``segments`` and ``signals`` in one commit; the
    mentions file is written while the signals are computed (two cores)."""
    # share_of_voice imports elements.tagging, as this module does: import at call time
    from infimate.signals.share_of_voice import signals_and_segments

    staged: dict[str, tuple[Path, int]] = {}
    with dataset.writing(what="tag"), ThreadPoolExecutor(max_workers=1) as pool:
        # the post's time and author stay in posts.parquet (readers join it on post_id)
        file = mentions.drop("ts", "author_id")
        job = pool.submit(_stage_hashed, dataset.table_path("mentions"), file)
        try:
            signals, segments = signals_and_segments(mentions, prepared)
            staged["mentions"] = (job.result(), mentions.height)
            old = dataset.scan("signals")  # only imported rows are read (others skipped)
            if old is not None:
                if "source" in old.collect_schema():
                    source = pl.col("source")
                    old = old.filter(source.is_null() | (source != "posts"))
                keep = old.collect()
                if keep.height:
                    signals = _stacked(signals, keep)
            for table, frame in (("segments", segments), ("signals", signals)):
                staged[table] = (stage_parquet(dataset.table_path(table), frame), frame.height)
            at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            dataset.commit(
                staged, sources=[{"table": t, "source": "tagging", "at": at} for t in staged]
            )
        finally:  # a failure leaves no temp file behind (a commit has renamed them all)
            if job.exception() is None:
                staged.setdefault("mentions", (job.result(), 0))
            for tmp, _ in staged.values():
                tmp.unlink(missing_ok=True)
    return signals, segments


def _stacked(signals: pl.DataFrame, imported: pl.DataFrame) -> pl.DataFrame:
    """``signals`` (text columns ``pl.Categorical``) over ``imported`` rows, whose text
    becomes Categorical too, so the file keeps one code per row.

    >>> s = pl.DataFrame({"element": ["red"], "value": [0.5]},
    ...     schema={"element": pl.Categorical, "value": pl.Float64})
    >>> out = _stacked(s, pl.DataFrame({"element": ["tweed", None], "source": ["gt", "gt"]}))
    >>> out["element"].to_list(), out.schema["element"]
    (['red', 'tweed', None], Categorical)
    """
    coded = [c for c, t in signals.schema.items() if t == pl.Categorical and c in imported]
    imported = imported.with_columns(pl.col(coded).cast(pl.String).cast(pl.Categorical))
    return pl.concat([signals, imported], how="diagonal_relaxed")


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
    say = progress or (lambda frac, msg: None)
    t0 = time.perf_counter()
    posts = dataset.scan("posts")
    if posts is None:
        raise DataFileError(dataset.table_path("posts"), "dataset has no posts to tag")
    say(0.05, "loading lexicon")
    lex = load_lexicon(dataset)
    say(0.1, "tagging elements and scenes")
    mentions, prepared = tag_prepared(posts, lex)  # the posts are read while patterns compile
    say(0.6, "reading post photos")
    mentions = with_photo_colours(mentions, prepared, dataset.path, lex)  # source text/image
    say(0.7, "aggregating weekly share of voice")
    signals, _ = _share_of_voice(dataset, mentions, prepared)
    say(0.95, "reading products")
    products = tag_products(dataset)
    say(1.0, "tagged")
    return TagReport(
        posts=prepared.height,
        mentions=mentions.height,
        elements_seen=mentions["element_id"].n_unique(),
        signals_rows=signals.height,
        seconds=round(time.perf_counter() - t0, 3),
        products=products,
    )
