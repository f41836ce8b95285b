"""Early-signal scoring, alerts with evidence, and the walk-forward backtest.

**Score** (per element × segment × week, from data up to that week only). For a
post-derived series with weekly mentions ``m``, KOL mentions ``k`` and posts ``n``:

* ``z_all`` — signed Poisson deviance of the mentions of the last 4 weeks against the
  count expected from the element's rate in the 16 weeks before them (weeks t−20…t−5)
  times the posts of the last 4 weeks (growth of share of voice, as a surprise);
* ``z_kol`` — the same for KOL mentions (KOLs rising before everyone else);
* ``z_slow`` — ``z_all`` over 8 weeks against weeks t−34…t−9 (slow risers);
* ``score = (max(z_kol, 0) + max(z_all, 0)) / √2`` — Stouffer's sum of the two.

Imported series (Google Trends, search, sales) have no counts: ``z_all`` / ``z_slow`` are
robust z-scores of the recent mean against the median and MAD of the same baseline
weeks, and ``score = max(z_all, 0)``. An imported series of the same element
(corroboration) adds up to +1.5 to a post-derived series' score.

**Alert** (post-derived series) when ``score ≥ 4.5`` with ≥ 6 mentions and share of
voice ≥ 0.45 × the breakout floor, or ``z_slow ≥ 6`` with share ≥ 0.6 × the floor — and
the last 4 weeks are ≥ 1.7 × the series' usual level (the median of the 52 weeks before
them: a rise well on its way to the breakout's 2×, not a wobble of a flat series).
**Imported series** alert on weighted evidence instead (:mod:`infimate.trends.evidence`:
the rise and its growth, breadth across markets, last year's breakout, the common shock,
last year's level ahead), with the level ≥ 0.45 × the floor. Either way the series has
not met the breakout condition in the last 26 weeks (no alerts on what already broke
out), has ≥ 20 weeks of data (the score's full window), had no alert in the previous 12
weeks, and is not a one-off spike falling back.

**Naive baseline**: alert when the 4-week mean is above 1.5 × its trailing-52-week median
and above 2/3 of the breakout floor — a plain threshold on the level, with the same
history, suppression and cooldown.

The backtest replays history week by week: at week *t* it gives the scorer the panel cut
at *t* (``Panel.upto``), so nothing after *t* can leak in.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import polars as pl

from infimate.trends.breakouts import BreakoutRule, broke_out_a_year_ago
from infimate.trends.confidence import (
    HOLD_K,
    alert_context,
    market_groups,
    usual_level,
)
from infimate.trends.curves import Panel, build_panel, normalise_signals
from infimate.trends.evidence import EVIDENCE_RULE, EvidenceRule, evidence, fires
from infimate.trends.stages import seasonal_matches, stages

SQRT2 = float(np.sqrt(2))
#: Scoring windows (weeks): the recent window and the baseline weeks just before it;
#: the slow test's window and baseline.
RECENT, BASELINE = 4, 16
SLOW, SLOW_BASELINE = 8, 26


@dataclass(frozen=True)
class AlertRule:
    """Thresholds of the alert rule (module docstring)."""

    score: float = 4.5
    min_mentions: int = 6
    level_frac: float = 0.45
    slow_z: float = 6.0
    slow_level_frac: float = 0.6
    min_history: int = 20
    cooldown: int = 12
    suppress_after_breakout: int = 26
    corroboration_cap: float = 1.5
    evidence: EvidenceRule = EVIDENCE_RULE  # imported series
    rise_k: float = 1.7
    seasonal_k: float = 1.35
    seasonal_broke: bool = True
    breadth: float = 0.35
    breadth_markets: int = 3
    breadth_waived: float = 2.0

    def describe(self) -> str:
        """When an alert fires, in plain words, with this rule's numbers.

        >>> ALERT_RULE.describe()[:62]
        'An alert fires when KOL and overall mentions of the last 4 wee'
        """
        return (
            f"An alert fires when KOL and overall mentions of the last {RECENT} weeks are "
            f"surprisingly high against the element's own previous {BASELINE} weeks (score "
            f"≥ {self.score:g}, with ≥ {self.min_mentions} mentions), or rise steadily over "
            f"{SLOW} weeks, before the curve has broken out, and the last {RECENT} weeks are "
            f"≥ {self.rise_k:g}x the element's usual level. {self.evidence.describe()} "
            f"At most one alert per series in {self.cooldown} weeks; none within "
            f"{self.suppress_after_breakout} weeks of a breakout."
        )


@dataclass(frozen=True)
class NaiveRule:
    """The naive baseline: a plain threshold on the level."""

    k: float = 1.5
    floor_frac: float = 2 / 3
    min_history: int = 29
    history: int = 52


#: The rules as shipped (frozen, so safe as argument defaults).
ALERT_RULE = AlertRule()
NAIVE_RULE = NaiveRule()


def _surprise(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Signed square root of the Poisson deviance of observed ``o`` vs expected ``e``."""
    e = np.maximum(e, 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = 2 * (np.where(o > 0, o * np.log(np.maximum(o, 1e-9) / e), 0.0) - (o - e))
    z: np.ndarray = np.sign(o - e) * np.sqrt(np.maximum(d, 0.0))
    return z


def _win(a: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Sum over weeks t-lo … t-hi (inclusive) of the last week t, clipped at the start."""
    T = a.shape[1]
    s, e = max(0, T - 1 - lo), max(0, T - hi)
    total: np.ndarray = a[:, s:e].sum(axis=1)
    return total


def _robust_z(y: np.ndarray, recent: int, lo: int, hi: int) -> np.ndarray:
    """Robust z of the mean of the last ``recent`` weeks vs baseline weeks t-lo … t-hi.

    With more than a year of history the baseline level is the larger of the baseline
    median and the same weeks one year earlier, so a seasonal wave is not a surprise.
    """
    T = y.shape[1]
    r = y[:, max(0, T - recent) :].mean(axis=1)
    base = y[:, max(0, T - 1 - lo) : max(0, T - hi)]
    if base.shape[1] == 0:
        return np.zeros(len(y))
    med = np.median(base, axis=1)
    mad = np.median(np.abs(base - med[:, None]), axis=1) * 1.4826
    if 52 + recent + 4 <= T:
        last_year = y[:, T - 52 - recent : T - 52 + 4].mean(axis=1)
        med = np.maximum(med, last_year)
    scale = mad / np.sqrt(recent) + 0.05 * np.abs(med) + 1e-9 + 0.5 * (med == 0)
    z: np.ndarray = (r - med) / scale
    return z


@dataclass(frozen=True)
class WeekScores:
    """Scores of every series of a panel at its last week."""

    score: np.ndarray
    z_all: np.ndarray
    z_kol: np.ndarray
    z_slow: np.ndarray
    level: np.ndarray  # share of voice (or value) over the last 4 weeks
    mentions: np.ndarray  # mentions of the last 4 weeks (NaN for imported)
    expected: np.ndarray  # expected mentions of the last 4 weeks (NaN for imported)
    kol_mentions: np.ndarray
    kol_expected: np.ndarray


# the numbers an alert row carries (and its evidence shows)
SCORE_FIELDS: tuple[str, ...] = (
    "score",
    "z_all",
    "z_kol",
    "z_slow",
    "level",
    "mentions",
    "expected",
    "kol_mentions",
    "kol_expected",
)


def score_last_week(p: Panel) -> WeekScores:
    """Score every series of ``p`` at its last week using only ``p`` (see module docstring)."""
    n = p.keys.height
    nan = np.full(n, np.nan)
    if not p.counts:
        z4 = _robust_z(p.value, RECENT, RECENT + BASELINE, RECENT + 1)
        z8 = _robust_z(p.value, SLOW, SLOW + SLOW_BASELINE, SLOW + 1)
        lvl = p.value[:, -RECENT:].mean(axis=1)
        return WeekScores(np.maximum(z4, 0), z4, np.zeros(n), z8, lvl, nan, nan, nan, nan)
    m, k, posts = p.mentions, p.kol_mentions, p.posts
    assert m is not None and k is not None and posts is not None  # p.counts
    recent, base = (RECENT - 1, 0), (RECENT + BASELINE, RECENT + 1)
    n4, nb = _win(posts, *recent), _win(posts, *base)
    o4, b4 = _win(m, *recent), _win(m, *base)
    ok4, bk = _win(k, *recent), _win(k, *base)
    e4 = (b4 + 0.5) / np.maximum(nb, 1) * n4
    ek = (bk + 0.2) / np.maximum(nb, 1) * n4
    z_all, z_kol = _surprise(o4, e4), _surprise(ok4, ek)
    slow, slow_base = (SLOW - 1, 0), (SLOW + SLOW_BASELINE, SLOW + 1)
    n8, nb8 = _win(posts, *slow), _win(posts, *slow_base)
    z_slow = _surprise(_win(m, *slow), (_win(m, *slow_base) + 0.5) / np.maximum(nb8, 1) * n8)
    level = np.divide(o4, n4, out=np.zeros(n), where=n4 > 0)
    score = (np.maximum(z_kol, 0) + np.maximum(z_all, 0)) / SQRT2
    return WeekScores(score, z_all, z_kol, z_slow, level, o4, e4, ok4, ek)


def _breakout_now(p: Panel, rule: BreakoutRule) -> np.ndarray:
    """Breakout condition (rule parts 1–2) at the last week of every series."""
    y = p.value
    T = y.shape[1]
    if rule.window + rule.min_history > T:
        return np.zeros(len(y), bool)
    mean_w = y[:, -rule.window :].mean(axis=1)
    out: np.ndarray = (
        mean_w > rule.floor
    )  # cheap test first: the median only for series above the floor
    rows = np.flatnonzero(out)
    hist = y[rows, max(0, T - rule.window - rule.history) : T - rule.window]
    out[rows] = mean_w[rows] > rule.k * np.median(hist, axis=1)
    return out


@dataclass
class _Replay:
    """Walk-forward state: last alert week and last breakout-condition week per series."""

    n: int
    last_alert: np.ndarray = field(init=False)
    last_cond: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.last_alert = np.full(self.n, -(10**6))
        self.last_cond = np.full(self.n, -(10**6))


def replay(
    panel: Panel,
    *,
    rule: AlertRule = ALERT_RULE,
    naive: NaiveRule | None = None,
    breakout_rule: BreakoutRule | None = None,
    corroboration: np.ndarray | None = None,
    start: int = 0,
) -> pl.DataFrame:
    """Walk forward week by week and return every alert fired (keys + date + numbers).

    With ``naive`` the naive baseline fires instead of the scorer. ``corroboration`` is
    an optional [series, week] array of z-scores from imported series of the same element.
    """
    brule = breakout_rule or BreakoutRule.for_metric(_metric(panel))
    st = _Replay(panel.keys.height)
    element = market_groups(panel.keys)
    rows: list[pl.DataFrame] = []
    T = len(panel.weeks)
    for t in range(start, T):
        p = panel.upto(t)
        cond = _breakout_now(p, brule)
        st.last_cond[cond] = t
        suppressed = t - st.last_cond <= rule.suppress_after_breakout
        cool = t - st.last_alert > rule.cooldown
        if naive is not None:
            if t < naive.min_history:
                continue
            lvl = p.value[:, -RECENT:].mean(axis=1)
            hist = p.value[:, max(0, t - (RECENT - 1) - naive.history) : t - (RECENT - 1)]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                med = np.median(hist, axis=1)
            fire = (lvl > naive.k * med) & (lvl > naive.floor_frac * brule.floor)
            ws, extra = None, dict[str, np.ndarray]()
        else:
            if t < rule.min_history:
                continue
            ws = score_last_week(p)
            if corroboration is not None:
                bonus = np.clip(corroboration[:, t], 0, rule.corroboration_cap)
                ws = replace(ws, score=ws.score + bonus)
            fire, extra = _fire(p, ws, rule, brule, element)
        fire &= ~suppressed & cool
        idx = np.flatnonzero(fire)
        if naive is None and len(idx):  # a jump already falling back is news, not a trend
            idx = idx[stages(p.value[idx]) != "one-off spike"]
        st.last_alert[idx] = t
        if len(idx):
            rows.append(_alert_rows(panel, idx, t, ws, extra))
    if not rows:
        return _empty_alerts(panel)
    return pl.concat(rows, how="diagonal_relaxed")


def _fire(
    p: Panel, ws: WeekScores, rule: AlertRule, brule: BreakoutRule, element: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Which series the alert rule fires on at the last week of ``p`` (module docstring),
    and the evidence numbers an imported series' alert carries."""
    if not p.counts:
        ev = evidence(p, breakout=brule, rule=rule.evidence, groups=element, surprise=ws.z_all)
        ok = fires(ev, rule.evidence) & (ws.level >= rule.level_frac * brule.floor)
        return ok, {"chance": ev.chance, "projection": ev.projection}
    threshold = rule.score
    strong = (ws.score >= threshold) & (ws.mentions >= rule.min_mentions)
    fire = (strong & (ws.level >= rule.level_frac * brule.floor)) | (
        (ws.z_slow >= rule.slow_z) & (ws.level >= rule.slow_level_frac * brule.floor)
    )
    usual = usual_level(p.value)
    fire &= ws.level >= rule.rise_k * usual  # well on its way to a breakout
    if rule.breadth:  # rising in enough of the element's other markets, where it has them
        up = (ws.level >= HOLD_K * usual).astype(float)
        n = np.bincount(element, minlength=element.max() + 1)[element] - 1
        share = (np.bincount(element, weights=up)[element] - up) / np.maximum(n, 1)
        strongest = ws.score >= rule.breadth_waived * threshold  # or a surprise on its own
        fire &= (n < rule.breadth_markets) | (share >= rule.breadth) | strongest
    if rule.seasonal_k:  # a rise that came at these weeks before is coming again
        cand = np.flatnonzero(
            (ws.level >= rule.seasonal_k * usual)
            & ~fire
            & (ws.level >= rule.level_frac * brule.floor)
        )
        if len(cand):
            again = seasonal_matches(p.value[cand]).any(axis=1)
            if rule.seasonal_broke:
                again &= broke_out_a_year_ago(p.value[cand], brule)
            fire[cand[again]] = True
    return fire, {}


def _metric(p: Panel) -> str | None:
    return p.keys["metric"][0] if p.keys.height else None


def _alert_rows(
    panel: Panel, idx: np.ndarray, t: int, ws: WeekScores | None, extra: dict[str, np.ndarray]
) -> pl.DataFrame:
    out = panel.keys[idx].with_columns(pl.lit(panel.weeks[t]).alias("date"))
    if ws is None:
        return out
    cols = {f: getattr(ws, f)[idx] for f in SCORE_FIELDS} | {k: v[idx] for k, v in extra.items()}
    out = out.with_columns(*(pl.Series(k, v, dtype=pl.Float64) for k, v in cols.items()))
    return out.with_columns(**alert_context(panel.upto(t), idx))


def _empty_alerts(panel: Panel) -> pl.DataFrame:
    return panel.keys.clear().with_columns(pl.lit(None, dtype=pl.Date).alias("date"))


def panels_by_kind(
    signals: pl.DataFrame, *, segments: pl.DataFrame | None = None
) -> dict[str, Panel]:
    """One panel per kind of series: ``posts`` (post-derived counts) and ``imported``."""
    sig = normalise_signals(signals)
    out = {}
    posts = sig.filter((pl.col("source") == "posts") & (pl.col("metric") == "share"))
    if not posts.is_empty():
        out["posts"] = build_panel(posts, segments=segments)
    other = sig.filter(pl.col("source") != "posts")
    if not other.is_empty():
        cols = [
            c
            for c in other.columns
            if c not in ("mentions", "posts", "kol_mentions", "authors", "eng_share")
        ]
        out["imported"] = build_panel(other.select(cols))
    return out


def corroboration_for(posts_panel: Panel, imported: Panel | None) -> np.ndarray | None:
    """Per post-derived series and week, the best recent z of imported series of the same element.

    Imported series match by element and by market (an imported ``all`` matches every market).
    Computed causally: the z at week t uses imported data up to t.
    """
    if imported is None or imported.keys.is_empty():
        return None
    imp_weeks = {w: i for i, w in enumerate(imported.weeks)}
    z = np.zeros((imported.keys.height, len(imported.weeks)))
    for t in range(12, len(imported.weeks)):
        z[:, t] = score_last_week(imported.upto(t)).z_all
    pk = posts_panel.keys.with_row_index("sid").select("sid", "element", "market")
    ik = imported.keys.with_row_index("iid").select(
        "iid", "element", pl.col("market").alias("imarket")
    )
    pairs = pk.join(ik, on="element").filter(
        (pl.col("imarket") == pl.col("market")) | (pl.col("imarket") == "all")
    )
    out = np.zeros((posts_panel.keys.height, len(posts_panel.weeks)))
    cols = [(t, imp_weeks.get(w)) for t, w in enumerate(posts_panel.weeks)]
    for sid, iid in zip(pairs["sid"].to_list(), pairs["iid"].to_list(), strict=True):
        for t, j in cols:
            if j is not None:
                out[sid, t] = max(out[sid, t], z[iid, j])
    return out
