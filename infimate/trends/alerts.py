"""Alerts for people: the current feed, each alert's evidence, and the alerts/backtest CLI.

Evidence of an alert (element × segment × week): the numbers behind the score, the top
posts (untrusted text — shown as plain text, never HTML), the first KOL mention, the
spread across authors, platforms and markets, the combined forecast, and the retail
calendar events ahead (context, not a trigger).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from infimate.data.calendar import RetailEvent, events_between
from infimate.data.datasets import Dataset
from infimate.data.schema import SEGMENT_COLS
from infimate.errors import InfimateError
from infimate.trends.confidence import confidence, confidence_note
from infimate.trends.curves import Panel, Segment
from infimate.trends.early_signal import (
    ALERT_RULE,
    SCORE_FIELDS,
    AlertRule,
    corroboration_for,
    panels_by_kind,
    replay,
)

#: The imported-series evidence an alert row may carry (:mod:`infimate.trends.evidence`).
EVIDENCE_FIELDS = ("chance", "projection")
#: Weeks shown: the feed (alerts fired in the last FEED_WEEKS), an alert's top posts (last
#: TOP_POSTS_WEEKS), its first KOL post (last FIRST_KOL_WEEKS) and calendar events ahead.
FEED_WEEKS, TOP_POSTS_WEEKS, FIRST_KOL_WEEKS, EVENTS_AHEAD_WEEKS = 4, 4, 12, 12


@dataclass(frozen=True)
class Evidence:
    """Everything behind one alert."""

    element: str
    segment: Segment
    date: date
    numbers: tuple[tuple[str, float | None], ...]
    top_posts: pl.DataFrame  # post_id, ts, platform, author_tier, engagement, text
    first_kol: pl.DataFrame  # zero or one row, same columns
    spread: tuple[tuple[str, int], ...]  # (what, count) e.g. ("authors", 31)
    events: tuple[RetailEvent, ...]
    confidence: str

    def number(self, name: str) -> float | None:
        return dict(self.numbers).get(name)


def _segment(row: dict[str, Any]) -> Segment:
    return Segment(*(row.get(c) or "all" for c in SEGMENT_COLS))


def _mention_posts(
    dataset: Dataset, element: str, seg: Segment, since: date, until: date
) -> pl.DataFrame:
    mentions, posts = dataset.scan("mentions"), dataset.scan("posts")
    if mentions is None or posts is None:
        return pl.DataFrame()
    m = mentions.filter(
        (pl.col("element_id") == element)
        & pl.col("week").is_between(since, until)
        & seg.member_filter()
    ).select("post_id", "author_tier", "platform", "market", "week")
    # the post's author, time, text and engagement come from posts.parquet
    post = posts.select("post_id", "author_id", "ts", "text", "engagement")
    return m.join(post, on="post_id").collect()


def _number(v: Any) -> float | None:
    """A score field, rounded; None when missing or NaN (imported series have no counts)."""
    return None if v is None or not math.isfinite(v) else round(float(v), 4)


def evidence(dataset: Dataset, alert: dict[str, Any]) -> Evidence:
    """Evidence for one alert row of :func:`current_alerts`."""
    seg = _segment(alert)
    d: date = alert["date"]
    numbers = tuple((k, _number(alert[k])) for k in (*SCORE_FIELDS, *EVIDENCE_FIELDS) if k in alert)
    recent = _mention_posts(
        dataset, alert["element"], seg, d - timedelta(weeks=TOP_POSTS_WEEKS, days=-1), d
    )
    cols = ["post_id", "ts", "platform", "author_tier", "engagement", "text"]
    top = (
        recent.sort("engagement", descending=True).head(5).select(cols)
        if recent.height
        else pl.DataFrame()
    )
    earlier = _mention_posts(
        dataset, alert["element"], seg, d - timedelta(weeks=FIRST_KOL_WEEKS), d
    )
    first_kol = (
        earlier.filter(pl.col("author_tier") == "kol").sort("ts").head(1).select(cols)
        if earlier.height
        else pl.DataFrame()
    )
    spread: tuple[tuple[str, int], ...] = ()
    if recent.height:
        spread = (
            ("authors", recent["author_id"].n_unique()),
            ("platforms", recent["platform"].n_unique()),
            ("markets", recent["market"].n_unique()),
        )
    events = tuple(events_between(d, d + timedelta(weeks=EVENTS_AHEAD_WEEKS), market=seg.market))
    return Evidence(
        alert["element"],
        seg,
        d,
        numbers,
        top,
        first_kol,
        spread,
        events,
        alert_confidence(alert),
    )


def alert_confidence(row: dict[str, Any], rule: AlertRule = ALERT_RULE) -> str:
    """:func:`~infimate.trends.confidence.confidence` of one alert row (score, history, and
    for an imported series its evidence)."""
    chance, projection = row.get("chance"), row.get("projection")
    return confidence(
        float(row.get("score") or 0.0),
        row.get("history_weeks"),
        chance=None if chance is None else float(chance),
        projected=projection is not None and projection >= rule.evidence.projection_k,
    )


def current_alerts(dataset: Dataset, *, asof: date | None = None) -> pl.DataFrame:
    """Alerts fired in the 4 weeks up to ``asof`` over every stored segment, strongest first."""
    signals = dataset.read("signals")
    if signals is None:
        raise InfimateError(
            f"{dataset.path}: no signals yet — ingest posts and run `tag`, or import a series"
        )
    return recent_alerts(signals, asof=asof, segments=dataset.read("segments"))


def week_index(panel: Panel, asof: date | None) -> int:
    """Index of the last panel week on or before ``asof`` (the last week when None)."""
    if asof is None:
        return len(panel.weeks) - 1
    idx = [i for i, w in enumerate(panel.weeks) if w <= asof]
    if not idx:
        from infimate.errors import InfimateError

        raise InfimateError(f"--asof {asof} is before the first week of data ({panel.weeks[0]})")
    return idx[-1]


def recent_alerts(
    signals: pl.DataFrame,
    *,
    asof: date | None = None,
    segments: pl.DataFrame | None = None,
    window_days: int = 7 * FEED_WEEKS,
    rule: AlertRule = ALERT_RULE,
) -> pl.DataFrame:
    """Alerts fired in the ``window_days`` up to ``asof``, strongest first, one per series."""
    panels = panels_by_kind(signals, segments=segments)
    frames = []
    for kind, p in panels.items():
        t = week_index(p, asof)
        p = p.upto(t)
        corr = (
            corroboration_for(p, panels["imported"].upto(week_index(panels["imported"], asof)))
            if kind == "posts" and "imported" in panels
            else None
        )
        a = replay(p, rule=rule, corroboration=corr, start=max(0, t - 40))
        frames.append(a.filter(pl.col("date") > p.weeks[-1] - timedelta(days=window_days)))
    if not frames:
        return pl.DataFrame()
    out = pl.concat(frames, how="diagonal_relaxed")
    if out.is_empty():
        return out
    out = out.sort("date", descending=True).unique(
        [*["element", *SEGMENT_COLS], "source"], keep="first"
    )
    bands = [alert_confidence(r, rule) for r in out.iter_rows(named=True)]
    notes = [confidence_note(r) for r in out.iter_rows(named=True)]
    return out.with_columns(
        pl.Series("confidence", bands, dtype=pl.String),
        pl.Series("why", notes, dtype=pl.String),
    ).sort("score", descending=True)
