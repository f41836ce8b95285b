"""The synthetic demo world — clearly labelled synthetic — with a known truth.

``python -m infimate demo --out DIR [--seed N] [--posts N]`` writes a dataset directory:
posts (EN + ZH, 7 platforms, 5 markets, KOL/KOC/consumer authors, 4 crowds × 7 scenes),
launched products and candidate styles, then tags the posts into mentions and signals.
``DIR/truth.json`` records what was planted — breakouts (element, segment, date), coined
terms, element classes — for tests and evaluation only: no feature reads it.

How the world works (all seeded, deterministic):

* Each element has a per-post mention probability per week × market × crowd × author
  tier, times a per-scene affinity. Classes: *evergreen* (flat), *seasonal* (yearly
  wave), *riser* (KOL-led logistic rise in some market × crowd segments, KOLs 4–9 weeks
  ahead of consumers, KOCs in between, then a slow fade), *fad* (fast spike, fast death),
  *slow riser* (a year-long ramp, little KOL lead) and *decliner*.
* Planted breakouts are the weeks where the breakout rule (:mod:`infimate.trends.breakouts`)
  fires on each segment's *expected* share-of-voice curve (no sampling noise).
* Coined terms (not in the lexicon) are started by KOLs in the last ~14 weeks.
* Product units are driven by the expected share of voice of the product's elements in
  its market × crowd at launch, times category/price effects and noise; ``hit`` is left
  to the contract rule (top decile of units within launch quarter × category).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from infimate.elements.lexicon import builtin_lexicon
from infimate.trends.breakouts import BreakoutRule, breakout_weeks

END = date(2026, 11, 23)  # Monday of the last week
WEEKS = 112
START = END - timedelta(weeks=WEEKS - 1)
MARKETS = ("US", "GB", "FR", "ID", "CN")
MARKET_W = np.array([0.27, 0.13, 0.10, 0.12, 0.38])
CROWDS = ("gen_z", "young_career_women", "moms", "women_35_plus")
CROWD_W = np.array([0.35, 0.30, 0.20, 0.15])
SCENES = ("office", "lounge_home", "party", "vacation", "date_night", "athleisure", "wedding_guest")
# scene mix per crowd (rows: crowds)
SCENE_W = np.array(
    [
        [0.08, 0.20, 0.22, 0.14, 0.16, 0.15, 0.05],
        [0.34, 0.12, 0.10, 0.10, 0.14, 0.12, 0.08],
        [0.08, 0.34, 0.08, 0.16, 0.08, 0.20, 0.06],
        [0.22, 0.18, 0.10, 0.14, 0.12, 0.10, 0.14],
    ]
)
TIERS = ("kol", "koc", "consumer")
TIER_W = np.array([0.07, 0.18, 0.75])
PLATFORMS = {
    "en": (("tiktok", 0.4), ("instagram", 0.3), ("youtube", 0.12), ("pinterest", 0.18)),
    "zh": (("xiaohongshu", 0.45), ("douyin", 0.4), ("taobao_live", 0.15)),
}
CATEGORIES = ("dress", "top", "skirt", "trousers", "jeans", "outerwear", "knitwear", "shoes", "bag")
CAT_PRICE = dict(zip(CATEGORIES, (59, 29, 39, 49, 55, 99, 59, 69, 79), strict=True))
COINED = (
    ("blokette", "en", ("US", "GB")),
    ("tomato girl", "en", ("US", "GB", "FR")),
    ("cabincore", "en", ("US",)),
    ("glazed knit", "en", ("GB", "US")),
    ("松弛感", "zh", ("CN",)),
    ("芋泥紫", "zh", ("CN",)),
)
EVERGREEN = (
    "black",
    "navy",
    "denim",
    "blazer",
    "cardigan",
    "off_white",
    "wide_leg_trousers",
    "pearl_necklace",
    "camel",
    "a_line",
    "oversized",
    "red",
    "blue",
    "satin",
)
SEASONAL = {
    "linen": 28,
    "bucket_hat": 27,
    "trench_coat": 14,
    "suede": 44,
    "floral_print": 18,
    "mesh": 26,
    "slip_dress": 29,
    "burgundy": 48,
    "silk_scarf": 40,
}
FADS = ("mob_wife", "y2k", "leopard_print", "cut_out", "claw_clip", "bubble_hem")
SLOW = ("quiet_luxury", "old_money", "gorpcore", "maxi_skirt", "pinstripe")
DECLINERS = ("cargo_pants", "bodycon", "clean_girl", "baby_blue", "lace_trim")


@dataclass(frozen=True)
class World:
    """Expected mention probabilities and the planted truth."""

    elements: tuple[str, ...]
    # prob[w, m, c, tier, e]: per-post mention probability before scene affinity
    prob: np.ndarray
    scene_mult: np.ndarray  # [e, scene], mean 1 over the crowd's scene mix
    classes: dict[str, str]
    truth: list[dict[str, Any]]


def _logistic(t: np.ndarray, t0: float, width: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(t - t0) / width))


def _riser_curve(
    t: np.ndarray, t0: float, width: float, amp: float, fade_after: float, fade_rate: float
) -> np.ndarray:
    up = _logistic(t, t0, width)
    fade = np.exp(-np.clip(t - (t0 + fade_after), 0, None) * fade_rate)
    return amp * up * (0.35 + 0.65 * fade)


def build_world(seed: int) -> World:
    """Plant every element's lifecycle; compute the truth breakouts."""
    rng = np.random.default_rng(seed)
    lex = builtin_lexicon()
    elements = tuple(lex["element_id"].to_list()[:70])
    E, W, M, C = len(elements), WEEKS, len(MARKETS), len(CROWDS)
    t = np.arange(W, dtype=float)
    prob = np.zeros((W, M, C, 3, E))
    classes: dict[str, str] = {}
    planted: list[tuple[str, int, int, str]] = []  # (element, market, crowd, kind)
    for ei, el in enumerate(elements):
        base = rng.uniform(0.010, 0.028) if el in EVERGREEN else rng.uniform(0.0015, 0.004)
        market_mult = rng.uniform(0.6, 1.4, size=M)
        p = np.broadcast_to(base, (W, M, C, 3)).copy() * market_mult[None, :, None, None]
        if el in EVERGREEN:
            classes[el] = "evergreen"
            p *= 1 + 0.1 * np.sin(2 * np.pi * t / 52 + rng.uniform(0, 6))[:, None, None, None]
        elif el in SEASONAL:
            classes[el] = "seasonal"
            p *= 1 + 0.35 * np.cos(2 * np.pi * (t - SEASONAL[el]) / 52)[:, None, None, None]
        elif el in DECLINERS:
            classes[el] = "decliner"
            p *= (4.0 * np.exp(-t / rng.uniform(25, 45)) + 0.6)[:, None, None, None]
        else:
            kind = "fad" if el in FADS else "slow" if el in SLOW else "riser"
            classes[el] = kind
            n_mk = rng.integers(1, 4) if kind != "slow" else rng.integers(2, 5)
            mks = rng.choice(M, size=n_mk, replace=False)
            t0_main = rng.uniform(40, WEEKS + 4) if kind == "riser" else rng.uniform(36, WEEKS - 8)
            for m in mks:
                for c in range(C):
                    if rng.random() > 0.7:
                        continue
                    t0 = t0_main + rng.uniform(-3, 8)
                    strength = rng.uniform(0.7, 1.3)
                    if kind == "riser":
                        amp, lead = rng.uniform(0.03, 0.09) * strength, rng.uniform(4, 9)
                        cons = _riser_curve(t, t0, rng.uniform(1.5, 3.0), amp, 12, 0.05)
                        kol = _riser_curve(t, t0 - lead, 1.5, min(0.06, amp), 12, 0.05)
                        koc = _riser_curve(t, t0 - lead / 3, 2.0, amp, 12, 0.05)
                    elif kind == "fad":
                        amp, lead = rng.uniform(0.04, 0.10) * strength, rng.uniform(2, 4)
                        cons = _riser_curve(t, t0, 1.0, amp, 3, 0.35)
                        kol = _riser_curve(t, t0 - lead, 1.0, min(0.06, amp), 3, 0.35)
                        koc = _riser_curve(t, t0 - lead / 3, 1.0, amp, 3, 0.35)
                    else:  # slow riser: year-long ramp, KOLs a few weeks ahead
                        amp = rng.uniform(0.02, 0.05) * strength
                        cons = koc = amp * np.clip((t - (t0 - 30)) / 45, 0, 1)
                        kol = min(0.06, amp) * np.clip((t - (t0 - 36)) / 30, 0, 1)
                    p[:, m, c, 0] += kol
                    p[:, m, c, 1] += koc
                    p[:, m, c, 2] += cons
                    planted.append((el, int(m), c, kind))
        prob[..., ei] = p
    scene_mult = rng.gamma(4.0, 0.25, size=(E, len(SCENES)))
    for ei, el in enumerate(elements):  # normalise to mean 1 over all posts' scene mix
        mix = CROWD_W @ SCENE_W
        scene_mult[ei] /= scene_mult[ei] @ mix
        if classes[el] == "evergreen":
            scene_mult[ei] = 0.5 + 0.5 * scene_mult[ei]
    prob = np.clip(prob, 0, 0.6)
    truth = _truth(prob, scene_mult, elements, classes, planted)
    return World(elements, prob, scene_mult, classes, truth)


def _expected_sov(
    prob: np.ndarray, scene_mult: np.ndarray, ei: int, m: int, c: int
) -> npt.NDArray[np.float64]:
    """Expected share of voice of element ei in market m × crowd c (all scenes/platforms)."""
    scene_factor = SCENE_W[c] @ scene_mult[ei]
    sov: npt.NDArray[np.float64] = (prob[:, m, c, :, ei] @ TIER_W) * scene_factor
    return sov


def market_sov(
    prob: np.ndarray, scene_mult: np.ndarray, ei: int, m: int
) -> npt.NDArray[np.float64]:
    """Expected share of voice of element ei in market m (all crowds, scenes, platforms)."""
    sov: npt.NDArray[np.float64] = sum(
        CROWD_W[c] * _expected_sov(prob, scene_mult, ei, m, c) for c in range(len(CROWDS))
    )
    return sov


def _truth(
    prob: np.ndarray,
    scene_mult: np.ndarray,
    elements: tuple[str, ...],
    classes: dict[str, str],
    planted: list[tuple[str, int, int, str]],
) -> list[dict[str, Any]]:
    """Breakout rule applied to every element × market expected curve (noise-free).

    Truth lives at the market level: a market × crowd cell of the default world has
    ~150–400 posts a week, too few for any method to call a breakout reliably, while a
    market has ~1,000. Crowd-level timing and strength still differ in the data.
    """
    rule = BreakoutRule()
    kinds = {(el, m): kind for el, m, _c, kind in planted}
    out: list[dict[str, Any]] = []
    for ei, el in enumerate(elements):
        for m in range(len(MARKETS)):
            y = market_sov(prob, scene_mult, ei, m)
            for w in breakout_weeks(y, rule):
                out.append(
                    {
                        "element": el,
                        "market": MARKETS[m],
                        "crowd": "all",
                        "scene": "all",
                        "platform": "all",
                        "date": str(START + timedelta(weeks=w)),
                        "kind": kinds.get((el, m), classes[el]),
                    }
                )
    return out


def _pick(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def _pick_rows(rng: np.random.Generator, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One categorical draw per row, row r using probabilities table[rows[r]]."""
    cum = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)[rows]
    picks: npt.NDArray[np.intp] = (rng.random(len(rows))[:, None] > cum).sum(axis=1)
    return picks.clip(max=table.shape[1] - 1)
