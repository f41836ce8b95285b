"""Tagging benchmark: the polars tagger against a pandas + ``re`` baseline.

Posts are generated synthetically (fixed seed, vectorised): short social-media style
English, Chinese and mixed posts built from filler phrases (including trap words such
as "tired", "bored", "teen"), emoji, hashtags and 0-3 element mentions drawn from the
posts lexicon's names and aliases (no catalogue-only words), with spelling variation
(hyphens, plurals, ALL CAPS).

``seconds`` is :func:`infimate.elements.tagging.tag_posts` on all posts (generation excluded).
The baseline is the straightforward implementation of the same rules — one compiled
ASCII-case-insensitive alternation regex of every pattern (longest first), with a
look-around word-boundary guard on Latin edges (:func:`baseline_tagger`), applied row
by row with ``pandas.Series.apply`` — timed on a sample and scaled per post
(``baseline_seconds``). ``speedup`` = baseline_seconds / seconds, same run.
``cpu_seconds`` is the process CPU time of the tagging step (all threads), reported
because this machine is shared and wall time grows with other people's load
(``load_average_1min_before``/``_after``). ``agreement`` is the Jaccard overlap of
the (post, element) pairs of both on the sample (``only_tagger``/``only_baseline``
count the pairs found by one side only).

``tag_dataset_seconds``: the same posts written as a dataset's ``posts.parquet`` and
tagged the way ``python -m infimate tag`` does it (:func:`infimate.signals.build.tag_dataset`:
read, prepare, tag, aggregate to weekly share of voice, write mentions, segments and
signals), best of ``tag_runs`` (3), each run right after a ``tag_posts`` of the same
posts (so both see the same load); ``tag_ratio`` = best ``tag_dataset`` ÷ best of those
``tag_posts`` runs (target ≤ 2), ``tag_ratio_runs`` per pair, ``tag_dataset_steps``
the seconds between its progress messages (best run). Not timed: the alert scoring and
hit-model fit the CLI verb does after it.

Example
-------
>>> import argparse
>>> r = bench_tagging(argparse.Namespace(posts=200, baseline_posts=50, runs=1))  # tiny
>>> r["posts"], r["baseline_posts"], r["agreement"]  # the baseline finds the same pairs
(200, 50, 1.0)
"""

from __future__ import annotations

import os
import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from infimate.benchmarks.runner import best_of
from infimate.elements.lexicon import builtin_lexicon, post_lexicon
from infimate.elements.patterns import match_patterns
from infimate.elements.tagging import tag_posts

DEFAULT_POSTS = 1_000_000
BASELINE_POSTS = 20_000
RUNS = 5
TAG_RUNS = 3

_EN_FILLER = (
    "obsessed with this",
    "ok but the",
    "new haul:",
    "so tired of basics, give me",
    "bored of black already",
    "outfit check!",
    "teen me would never wear",
    "styling a plain tee with",
    "can't stop wearing my",
    "is it just me or is",
    "found the perfect",
    "wearing it to brunch",
    "10/10 would recommend",
    "this fit >>>",
    "POV: you finally bought the",
    "the way this",
    "rate my look",
    "thrifted!",
)
_EN_TAIL = ("everywhere rn", "is so back", "for fall", "honestly", "lol", "no notes", "", "")
_ZH_FILLER = (
    "今年流行",
    "姐妹们冲",
    "好看到哭",
    "这件",
    "真的绝了",
    "小个子也能穿",
    "被问爆的",
    "平价好物",
    "一周穿搭",
    "氛围感拉满",
    "显白又显瘦",
)
_EMOJI = ("😍", "✨", "🔥", "💕", "👗", "", "", "")
_TAGS = ("#ootd", "#fashion", "#穿搭", "#outfitinspo", "#小红书穿搭", "", "", "")


def _forms(lex: pl.DataFrame) -> tuple[list[str], list[str]]:
    long = lex.select(pl.concat_list("name_en", "name_zh", "aliases").alias("f")).explode("f")
    forms = long["f"].drop_nulls().unique(maintain_order=True).to_list()
    cjk = [f for f in forms if re.search(r"[\u4e00-\u9fff]", f)]
    latin = [f for f in forms if f not in set(cjk)]
    return latin, cjk


def _pick(rng: np.random.Generator, items: tuple[str, ...] | list[str], n: int) -> pl.Series:
    return pl.Series(items, dtype=pl.String).gather(rng.integers(0, len(items), n))


def _concat(parts: list[pl.Series], *, separator: str) -> pl.Series:
    frame = pl.DataFrame({f"c{i}": p for i, p in enumerate(parts)})
    return frame.select(pl.concat_str(pl.all(), separator=separator).str.strip_chars()).to_series()


def generate_posts(n: int, *, seed: int = 11) -> pl.DataFrame:
    """``n`` synthetic posts (post_id, text, ts, market, platform, author_id, ...)."""
    rng = np.random.default_rng(seed)
    latin, cjk = _forms(post_lexicon(builtin_lexicon()))
    lat = _pick(rng, latin, n)
    style = rng.integers(0, 10, n)
    lat = (
        pl.DataFrame({"s": lat, "k": style})
        .select(
            pl.when(pl.col("k") == 0)
            .then(pl.col("s").str.to_uppercase())
            .when(pl.col("k") == 1)
            .then(pl.col("s").str.replace_all(" ", "-", literal=True))
            .when(pl.col("k") == 2)
            .then(pl.col("s") + "s")
            .otherwise(pl.col("s"))
        )
        .to_series()
    )
    en = _concat(
        [
            _pick(rng, _EN_FILLER, n),
            lat,
            _pick(rng, _EN_TAIL, n),
            _pick(rng, latin, n).str.to_lowercase(),
            _pick(rng, _EMOJI, n),
            _pick(rng, _TAGS, n),
        ],
        separator=" ",
    )
    zh = _concat(
        [
            _pick(rng, _ZH_FILLER, n),
            _pick(rng, cjk, n),
            _pick(rng, _EMOJI, n),
            _pick(rng, _ZH_FILLER, n),
            _pick(rng, cjk, n),
            _pick(rng, _TAGS, n),
        ],
        separator="",
    )
    mixed = _concat([_pick(rng, _ZH_FILLER, n), lat, _pick(rng, _EMOJI, n)], separator="")
    lang = rng.integers(0, 10, n)
    text = (
        pl.DataFrame({"en": en, "zh": zh, "mx": mixed, "l": lang})
        .select(
            pl.when(pl.col("l") < 5)
            .then(pl.col("en"))
            .when(pl.col("l") < 9)
            .then(pl.col("zh"))
            .otherwise(pl.col("mx"))
        )
        .to_series()
    )
    start = datetime(2024, 1, 1)
    return pl.DataFrame(
        {
            "post_id": pl.int_range(0, n, eager=True).cast(pl.String),
            "text": text,
            "ts": (pl.Series(rng.integers(0, 700 * 86400, n)) * 1000).cast(pl.Duration("ms"))
            + start,
            "market": _pick(rng, ("US", "GB", "CN", "ID", "FR"), n),
            "platform": _pick(rng, ("tiktok", "instagram", "xiaohongshu", "douyin"), n),
            "author_id": pl.Series(rng.integers(0, n // 5 + 1, n)).cast(pl.String),
            "engagement": pl.Series(rng.integers(0, 5000, n)),
        }
    )


_WORD_CHARS = "A-Za-z0-9\u00c0-\u027f"  # the tagger's word characters


def _alternative(pattern: str) -> str:
    """One regex alternative: the literal, with a word-boundary guard on each Latin edge."""
    out = re.escape(pattern)
    if re.match(f"[{_WORD_CHARS}]", pattern):
        out = f"(?<![{_WORD_CHARS}])" + out
    if re.search(f"[{_WORD_CHARS}]$", pattern):
        out += f"(?![{_WORD_CHARS}])"
    return out


def baseline_tagger(lexicon: pl.DataFrame) -> Any:
    """The pandas + ``re`` reference: returns ``tag(text) -> set[element_id]``.

    The same rules as the tagger, written the obvious way: one alternation of every
    pattern (longest first, so at each position the longest valid one wins), ASCII
    case-insensitive, each Latin edge guarded by a look-around for the tagger's word
    characters (ASCII letters/digits and Latin letters U+00C0-U+027F; CJK, emoji and
    punctuation are boundaries), CJK patterns plain substrings; ``finditer`` gives the
    leftmost, non-overlapping matches.
    """
    pats = match_patterns(lexicon)
    owner: dict[str, str] = {}
    for p, e in zip(pats["pattern"], pats["element_id"], strict=True):
        owner.setdefault(p.lower(), e)
    ordered = sorted(pats["pattern"], key=lambda p: -len(p.encode()))
    rx = re.compile("|".join(map(_alternative, ordered)), re.IGNORECASE | re.ASCII)

    def tag(text: str) -> set[str]:
        return {owner[m.group(0).lower()] for m in rx.finditer(text)}

    return tag


def _pairs(ids: list[str], tags: list[set[str]]) -> set[tuple[str, str]]:
    return {(i, e) for i, es in zip(ids, tags, strict=True) for e in es}


def _cpu_pressure() -> float | None:
    """Linux PSI: share of the last 10 s in which some runnable task waited for a CPU."""
    try:
        first = Path("/proc/pressure/cpu").read_text(encoding="ascii").splitlines()[0]
    except OSError:
        return None
    fields = dict(f.split("=") for f in first.split()[1:])
    return float(fields["avg10"])


def bench_tagging(args: Any) -> dict[str, Any]:
    """Run the tagging benchmark; returns the figures (the dispatcher writes JSON).

    ``tag_posts`` runs ``runs`` times (default 5) on the same posts; ``seconds`` and
    ``cpu_seconds`` are the best run, ``*_runs`` all of them, with the 1-minute load
    average and the CPU pressure (Linux PSI "some avg10": % of time runnable tasks
    waited for a CPU) before the first and after the last run.
    """
    n = int(getattr(args, "posts", None) or DEFAULT_POSTS)
    n_base = int(getattr(args, "baseline_posts", None) or min(n, BASELINE_POSTS))
    runs = max(1, int(getattr(args, "runs", None) or RUNS))
    lex = post_lexicon(builtin_lexicon())  # what tag_posts reads (no catalogue-only words)
    t0 = time.perf_counter()
    posts = generate_posts(n)
    gen_seconds = time.perf_counter() - t0

    load_before, pressure_before = os.getloadavg()[0], _cpu_pressure()
    mentions, walls, cpus = best_of(runs, lambda: tag_posts(posts, lex))
    load_after, pressure_after = os.getloadavg()[0], _cpu_pressure()
    seconds, cpu_seconds = min(walls), min(cpus)

    import pandas as pd

    sample = posts.head(n_base)
    tag = baseline_tagger(lex)
    frame = pd.DataFrame({"post_id": sample["post_id"].to_list(), "text": sample["text"].to_list()})
    t0 = time.perf_counter()
    base_tags = frame["text"].apply(tag)
    base_sample_seconds = time.perf_counter() - t0
    baseline_seconds = base_sample_seconds / n_base * n

    tag_runs = max(1, int(getattr(args, "tag_runs", None) or TAG_RUNS))
    tagged = _time_tag_dataset(posts, lex, tag_runs)
    fast = mentions.filter(pl.col("post_id").is_in(sample["post_id"].implode()))
    fast_pairs = set(zip(fast["post_id"], fast["element_id"], strict=True))
    base_pairs = _pairs(frame["post_id"].tolist(), base_tags.tolist())
    union = fast_pairs | base_pairs
    text_bytes = posts["text"].str.len_bytes().mean()
    assert isinstance(text_bytes, (int, float))
    return {
        "name": "tagging",
        "posts": n,
        "elements": lex.height,
        "patterns": match_patterns(lex).height,
        "mentions": mentions.height,
        "mean_text_bytes": round(float(text_bytes), 1),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "runs": runs,
        "seconds_runs": [round(w, 3) for w in walls],
        "cpu_seconds_runs": [round(c, 3) for c in cpus],
        "load_average_1min_before": round(load_before, 2),
        "load_average_1min_after": round(load_after, 2),
        "cpu_pressure_avg10_before": pressure_before,
        "cpu_pressure_avg10_after": pressure_after,
        "posts_per_second": round(n / seconds),
        "generation_seconds": round(gen_seconds, 3),
        "baseline_posts": n_base,
        "baseline_sample_seconds": round(base_sample_seconds, 3),
        "baseline_seconds": round(baseline_seconds, 2),
        "speedup": round(baseline_seconds / seconds, 1),
        "agreement": round(len(fast_pairs & base_pairs) / len(union), 4) if union else 1.0,
        "only_tagger": len(fast_pairs - base_pairs),
        "only_baseline": len(base_pairs - fast_pairs),
        **tagged,
        "targets": {
            "seconds_max": 1.5,
            "speedup_min": 100,
            "tag_ratio_max": 2.0,
            "posts": DEFAULT_POSTS,
        },
    }


def _time_tag_dataset(posts: pl.DataFrame, lexicon: pl.DataFrame, runs: int) -> dict[str, Any]:
    """Best of ``runs`` :func:`~infimate.signals.build.tag_dataset` on a temp dataset of
    ``posts`` (rewritten before each run), with the seconds between its progress steps;
    each run right after a :func:`~infimate.elements.tagging.tag_posts` of the same posts,
    so that the two see the same load (``tag_posts_seconds_runs``)."""
    import tempfile

    from infimate.data.datasets import Dataset
    from infimate.signals.build import tag_dataset

    best: dict[str, Any] = {}
    walls: list[float] = []
    cpus: list[float] = []
    pure: list[float] = []
    with tempfile.TemporaryDirectory(prefix="infimate-tag-bench-") as tmp:
        for _ in range(runs):
            ds = Dataset(Path(tmp) / f"run{len(walls)}").create()
            ds.write("posts", posts)
            t0 = time.perf_counter()
            tag_posts(posts, lexicon)
            pure.append(time.perf_counter() - t0)
            marks: list[tuple[str, float]] = []

            def mark(frac: float, msg: str, marks: list[tuple[str, float]] = marks) -> None:
                marks.append((msg, time.perf_counter()))

            t0, c0 = time.perf_counter(), time.process_time()
            tag_dataset(ds, progress=mark)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            if walls[-1] == min(walls):  # each step: from its message to the next one
                stamps = [t for _, t in marks] + [t0 + walls[-1]]
                best = {
                    msg: round(b - a, 3)
                    for (msg, _), a, b in zip(marks, stamps[:-1], stamps[1:], strict=True)
                }
    return {
        "tag_dataset_seconds": round(min(walls), 3),
        "tag_dataset_cpu_seconds": round(min(cpus), 3),
        "tag_dataset_seconds_runs": [round(w, 3) for w in walls],
        "tag_posts_seconds_runs": [round(w, 3) for w in pure],
        "tag_dataset_steps": best,
        "tag_runs": runs,
        "tag_ratio": round(min(walls) / min(pure), 2),
        "tag_ratio_runs": [round(w / p, 2) for w, p in zip(walls, pure, strict=True)],
    }
