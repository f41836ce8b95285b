"""Posts of the synthetic demo world: who posts what, when, where, and the text itself.

Vectorised numpy/polars: per-post categorical draws for week, market, crowd, tier,
scene; one Bernoulli draw per post × element from the world's mention probabilities;
text assembled from phrase banks and lexicon surface forms with polars string ops.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import polars as pl

from infimate.demo import text as T
from infimate.demo.world import (
    COINED,
    CROWD_W,
    CROWDS,
    MARKET_W,
    MARKETS,
    PLATFORMS,
    SCENE_W,
    SCENES,
    START,
    TIER_W,
    TIERS,
    WEEKS,
    World,
    _pick,
    _pick_rows,
)
from infimate.elements.lexicon import builtin_lexicon

POOL = {"kol": 30, "koc": 300, "consumer": 8000}  # authors per market × crowd × tier
FOLLOWERS = {"kol": (12.8, 0.7), "koc": (9.8, 0.6), "consumer": (5.5, 1.0)}  # log-normal
MAX_MENTIONS = 3


def surface_forms() -> pl.DataFrame:
    """(element, lang, k, form, n) — EN forms are the name + ASCII aliases, ZH the CJK ones."""
    lex = builtin_lexicon()
    rows = []
    for r in lex.iter_rows(named=True):
        aliases = r["aliases"] or []
        en = [r["name_en"], *[a for a in aliases if a.isascii()]]
        zh = [r["name_zh"], *[a for a in aliases if not a.isascii()]]
        for lang, forms in (("en", en), ("zh", zh)):
            rows += [(r["element_id"], lang, k, f, len(forms)) for k, f in enumerate(forms)]
    return pl.DataFrame(rows, schema=["element", "lang", "k", "form", "n"], orient="row")


def _weekly_counts(rng: np.random.Generator, n_posts: int) -> np.ndarray:
    t = np.arange(WEEKS)
    dates = [START + timedelta(weeks=int(w)) for w in t]
    bump = np.array(
        [1.25 if (d.month == 11 or (d.month == 6 and d.day <= 21)) else 1.0 for d in dates]
    )
    vol = (1 + 0.35 * t / WEEKS) * bump
    return rng.multinomial(n_posts, vol / vol.sum())


def generate_posts(world: World, n_posts: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (posts, planted_mentions) — the latter is for tests of the tagger only."""
    rng = np.random.default_rng(seed + 1)
    week = np.repeat(np.arange(WEEKS), _weekly_counts(rng, n_posts))
    n = len(week)
    market = _pick(rng, MARKET_W, n)
    crowd = _pick(rng, CROWD_W, n)
    tier = _pick(rng, TIER_W, n)
    scene = _pick_rows(rng, SCENE_W, crowd)

    # mentions: Bernoulli per post × element, in chunks to bound memory
    e_parts: list[np.ndarray] = []
    p_parts: list[np.ndarray] = []
    for lo in range(0, n, 50_000):
        hi = min(n, lo + 50_000)
        p = world.prob[week[lo:hi], market[lo:hi], crowd[lo:hi], tier[lo:hi]]
        p = p * world.scene_mult[:, scene[lo:hi]].T
        hit = rng.random(p.shape, dtype=np.float32) < p
        # keep at most MAX_MENTIONS per post, chosen at random
        prio = np.where(hit, rng.random(p.shape, dtype=np.float32), -1.0)
        keep = np.argsort(-prio, axis=1)[:, :MAX_MENTIONS]
        rows = np.repeat(np.arange(lo, hi), MAX_MENTIONS)
        cols = keep.ravel()
        ok = hit[rows - lo, cols]
        p_parts.append(rows[ok])
        e_parts.append(cols[ok])
    p_idx, e_idx = np.concatenate(p_parts), np.concatenate(e_parts)

    lang = np.where(np.array(MARKETS)[market] == "CN", "zh", "en")
    posts = pl.DataFrame(
        {
            "i": np.arange(n),
            "week": week,
            "market": np.array(MARKETS)[market],
            "crowd": np.array(CROWDS)[crowd],
            "author_tier": np.array(TIERS)[tier],
            "scene": np.array(SCENES)[scene],
            "lang": lang,
        }
    )
    posts = _authors(posts, rng, tier)
    posts = _platforms(posts, rng)
    posts = _text(posts, world, p_idx, e_idx, rng)
    secs = rng.integers(0, 7 * 86400, size=n)
    start = np.datetime64(START.isoformat(), "us")
    ts = start + (week * 7 * 86400 + secs).astype("timedelta64[s]")
    posts = posts.with_columns(pl.Series("ts", ts).dt.replace_time_zone("UTC")).sort(["ts", "i"])
    posts = posts.with_columns(
        pl.format("p{}", pl.int_range(pl.len()).cast(pl.Utf8).str.zfill(7)).alias("post_id")
    )
    # a fifth of posts carry no scene: the tagger must find it in the text
    no_scene = pl.Series(rng.random(n) < 0.2)
    posts = posts.with_columns(
        pl.when(no_scene.gather(posts["i"])).then(None).otherwise(pl.col("scene")).alias("scene")
    )
    planted = pl.DataFrame({"i": p_idx, "element": np.array(world.elements)[e_idx]}).join(
        posts.select("i", "post_id"), on="i"
    )
    out_cols = [
        "post_id",
        "ts",
        "platform",
        "market",
        "author_id",
        "author_tier",
        "followers",
        "text",
        "engagement",
        "crowd",
        "scene",
    ]
    return posts.select(out_cols), planted.select("post_id", "element").sort("post_id", "element")


def _authors(posts: pl.DataFrame, rng: np.random.Generator, tier: np.ndarray) -> pl.DataFrame:
    n = posts.height
    size = np.array([POOL[t] for t in TIERS])[tier]
    # Zipf-like activity: a few authors post a lot
    idx = np.minimum((size * rng.random(n) ** 2.2).astype(int), size - 1)
    mu = np.array([FOLLOWERS[t][0] for t in TIERS])
    sd = np.array([FOLLOWERS[t][1] for t in TIERS])
    # followers are a fixed property of the author: derive from a hash of the author index
    h = (idx * 2654435761 + tier * 97) % 10007 / 10007.0
    z = np.sqrt(2) * _erfinv(2 * np.clip(h, 1e-4, 1 - 1e-4) - 1)
    followers = np.exp(mu[tier] + sd[tier] * z).astype(np.int64)
    engagement = (followers * rng.uniform(0.01, 0.06, n) * rng.lognormal(0, 0.7, n)).astype(
        np.int64
    )
    return posts.with_columns(
        pl.format("{}-{}-{}-{}", "market", "author_tier", "crowd", pl.Series(idx)).alias(
            "author_id"
        ),
        pl.Series("followers", followers),
        pl.Series("engagement", engagement),
    )


def _erfinv(x: np.ndarray) -> np.ndarray:
    from scipy.special import erfinv

    y: np.ndarray = erfinv(x)  # scipy has no stubs; erfinv of an array is an array
    return y


def _platforms(posts: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    out = pl.Series("platform", [""] * posts.height)
    for lang, plats in PLATFORMS.items():
        mask = (posts["lang"] == lang).to_numpy()
        names = np.array([p for p, _ in plats])
        w = np.array([x for _, x in plats])
        out = out.scatter(np.flatnonzero(mask), names[_pick(rng, w, int(mask.sum()))])
    return posts.with_columns(out)


def _choice(rng: np.random.Generator, bank: tuple[str, ...], n: int) -> pl.Series:
    return pl.Series(np.array(bank, dtype=object)[rng.integers(0, len(bank), n)], dtype=pl.Utf8)


def _text(
    posts: pl.DataFrame,
    world: World,
    p_idx: np.ndarray,
    e_idx: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    n = posts.height
    forms = surface_forms()
    m = pl.DataFrame(
        {"i": p_idx, "element": np.array(world.elements)[e_idx], "u": rng.random(len(p_idx))}
    )
    m = m.join(posts.select("i", "lang"), on="i")
    nform = forms.group_by("element", "lang").agg(pl.col("n").first())
    m = m.join(nform, on=["element", "lang"]).with_columns(
        # the name half the time, otherwise a random alias
        pl.when((pl.col("u") < 0.5) | (pl.col("n") == 1))
        .then(0)
        .otherwise(
            1
            + ((pl.col("u") - 0.5) * 2 * (pl.col("n") - 1))
            .floor()
            .cast(pl.Int64)
            .clip(0, pl.col("n") - 2)
        )
        .alias("k")
    )
    m = m.join(forms.select("element", "lang", "k", "form"), on=["element", "lang", "k"])
    joined = m.sort("i", "u").group_by("i").agg(pl.col("form"), pl.col("lang").first())
    joined = joined.with_columns(
        pl.when(pl.col("lang") == "zh")
        .then(pl.col("form").list.join("+"))
        .otherwise(pl.col("form").list.join(" and "))
        .alias("elems")
    ).select("i", "elems")
    posts = posts.join(joined, on="i", how="left").sort("i")
    zh = posts["lang"] == "zh"
    pick = {
        "opener": (T.EN_OPENERS, T.ZH_OPENERS),
        "closer": (T.EN_CLOSERS, T.ZH_CLOSERS),
        "offtopic": (T.EN_OFFTOPIC, T.ZH_OFFTOPIC),
    }
    cols = {
        k: pl.Series(k, np.where(zh, _choice(rng, b_zh, n), _choice(rng, b_en, n)))
        for k, (b_en, b_zh) in pick.items()
    }
    table = np.array(
        [[T.EN_SCENES[s] for s in SCENES], [T.ZH_SCENES[s] for s in SCENES]], dtype=object
    )
    scene_idx = posts["scene"].replace_strict(list(SCENES), list(range(len(SCENES)))).to_numpy()
    scene_phrase = table[zh.to_numpy().astype(int), scene_idx, rng.integers(0, 3, n)]
    with_scene = rng.random(n) < 0.75
    coined = _coined(posts, rng)
    posts = posts.with_columns(
        *cols.values(),
        pl.Series("scene_phrase", np.where(with_scene, scene_phrase, ""), dtype=pl.Utf8),
        coined,
    )
    sep = pl.when(zh).then(pl.lit("")).otherwise(pl.lit(" "))
    body = (
        pl.when(pl.col("elems").is_null())
        .then(pl.col("offtopic"))
        .otherwise(pl.concat_str(["opener", sep, "elems", sep, "scene_phrase", sep, "closer"]))
    )
    text = pl.concat_str(
        [
            body,
            pl.when(pl.col("coined") != "")
            .then(pl.concat_str([sep, "coined"]))
            .otherwise(pl.lit("")),
        ]
    )
    shout = pl.Series(rng.random(n) < 0.04)
    text = pl.when(shout & ~zh).then(text.str.to_uppercase()).otherwise(text)
    return posts.with_columns(text.str.replace_all(r"\s+", " ").str.strip_chars().alias("text"))


def _coined(posts: pl.DataFrame, rng: np.random.Generator) -> pl.Series:
    """KOL-coined terms: KOLs start them ~10–14 weeks before the end, others follow."""
    n = posts.height
    out = np.full(n, "", dtype=object)
    week = posts["week"].to_numpy()
    market = posts["market"].to_numpy()
    tier = posts["author_tier"].to_numpy()
    lag = {"kol": 0, "koc": 2, "consumer": 4}
    scale = {"kol": 0.05, "koc": 0.02, "consumer": 0.008}
    for j, (term, lang, markets) in enumerate(COINED):
        first = WEEKS - 14 + (j % 4)
        for t_name in ("kol", "koc", "consumer"):
            age = week - first - lag[t_name]
            p = np.where(age >= 0, scale[t_name] * np.exp(np.clip(age, 0, None) / 4.0), 0.0).clip(
                max=0.25
            )
            mask = np.isin(market, markets) & (tier == t_name) & (rng.random(n) < p) & (out == "")
            bank = T.ZH_COINED if lang == "zh" else T.EN_COINED
            out[mask] = [bank[x].format(term) for x in rng.integers(0, len(bank), int(mask.sum()))]
    return pl.Series("coined", out, dtype=pl.Utf8)


def coined_truth() -> list[dict[str, Any]]:
    """The planted coined terms (for truth.json)."""
    return [
        {
            "term": term,
            "lang": lang,
            "markets": list(markets),
            "first_week": str(START + timedelta(weeks=WEEKS - 14 + (j % 4))),
        }
        for j, (term, lang, markets) in enumerate(COINED)
    ]
