"""Alerts at the edge: cached current alerts, their evidence and the backtest scorecard.

Alerts come from :func:`infimate.trends.alerts.current_alerts` (fired in the last 4 weeks);
the scorecard replays history week by week (:func:`infimate.trends.backtest.backtest_signals`)
beside the naive baseline. Cached like :mod:`infimate.ui.cached` (keyed on the dataset
path and its :func:`~infimate.ui.cached.cache_stamp`); the names stay importable from
there.

Example
-------
>>> import datetime as dt, tempfile
>>> weeks = [dt.date(2025, 1, 6) + dt.timedelta(weeks=i) for i in range(22)]
>>> climb = [10.0, 11.0] * 9 + [15.0, 20.0, 25.0, 30.0]
>>> jump = pl.DataFrame({"date": weeks, "element": "tweed", "value": climb})
>>> with tempfile.TemporaryDirectory() as tmp:
...     Dataset(tmp).create().write("signals", jump)
...     alerts_in(tmp, Segment()).select("element", "date", "kind", "confidence").rows()
[('tweed', datetime.date(2025, 5, 26), 'new rise', 'low')]
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.schema import SEGMENT_COLS
from infimate.trends.curves import Segment
from infimate.ui.cached import cache_stamp, segments_table, signals


@st.cache_data(show_spinner="Scoring alerts…")
def _alerts(path: str, stamp: str) -> pl.DataFrame:
    from infimate.trends.alerts_store import ensure

    return ensure(path)  # read back when ingest/tag/demo saved it (no 4 s on a cold start)


def alerts(path: str) -> pl.DataFrame:
    """Alerts fired in the last 4 weeks, strongest first (raises InfimateError w/o signals)."""
    return _alerts(path, cache_stamp(path))


def newest_alerts(path: str, *, n: int = 8) -> pl.DataFrame:
    """The ``n`` most recent alerts (element, segment, week, score, confidence)."""
    a = alerts(path)
    if a.is_empty():
        return a
    cols = ["element", *SEGMENT_COLS, "date", "score", "confidence"]
    return a.sort(["date", "score"], descending=True).head(n).select(cols)


def alerts_in(path: str, segment: Segment) -> pl.DataFrame:
    """Current alerts within a segment filter (``all`` in the filter matches any value)."""
    a = alerts(path)
    if a.is_empty():
        return a
    for c in SEGMENT_COLS:
        v = getattr(segment, c)
        if v != "all":
            a = a.filter(pl.col(c) == v)
    return a


def scorecard(path: str) -> pl.DataFrame:
    """Backtest scorecard: one row for the early-signal score, one for the naive baseline."""
    bt = backtest(path)
    if bt is None:
        return pl.DataFrame()
    keys = ("alerts", "precision", "recall", "median_lead_days", "false_alarms_per_series_year")
    rows = [
        {"rule": name, "series": s.series, "breakouts": s.breakouts}
        | {k: getattr(s, k) for k in keys}
        for name, s in (("early-signal score", bt.model), ("naive baseline", bt.baseline))
    ]
    return pl.DataFrame(rows)


@st.cache_data(show_spinner="Gathering evidence…")
def _evidence(path: str, stamp: str, alert: dict[str, Any]):
    from infimate.trends.alerts import evidence as _ev

    return _ev(Dataset(path), alert)


def evidence(path: str, alert: dict[str, Any]):
    """:class:`~infimate.trends.alerts.Evidence` of one alert row."""
    return _evidence(path, cache_stamp(path), alert)


@st.cache_data(show_spinner="Replaying history week by week (backtest)…")
def _backtest(path: str, stamp: str):
    from infimate.trends.backtest import backtest_signals

    sig = signals(path)
    if sig is None:
        return None
    return backtest_signals(sig, segments=segments_table(path))


def backtest(path: str):
    """Walk-forward :class:`~infimate.trends.backtest.AlertBacktest` of the scorer vs the naive baseline."""
    return _backtest(path, cache_stamp(path))


def matched_sentence(model: Any, matched: dict[str, Any]) -> str:
    """The naive baseline at the alert score's precision, in one sentence.

    >>> from types import SimpleNamespace as NS
    >>> m = {"threshold": 1.8, "precision": 0.56, "recall": 0.5, "median_lead_days": 7.0,
    ...      "reaches": True}
    >>> print(matched_sentence(NS(precision=0.5, recall=0.6, median_lead_days=28.0), m))
    At the alert score's precision (0.50) the naive level threshold (1.8× the usual level) catches 0.50 of the breakouts with a median lead of 7 days; the alert score catches 0.60 with 28 days.
    """
    lead = matched["median_lead_days"]
    verb = "" if matched["reaches"] else " never gets that precise; at its most precise it"
    return (
        f"At the alert score's precision ({model.precision:.2f}) the naive level threshold "
        f"({matched['threshold']:g}× the usual level){verb} catches {matched['recall'] or 0:.2f} "
        f"of the breakouts with a median lead of {lead or 0:.0f} days; the alert score catches "
        f"{model.recall or 0:.2f} with {model.median_lead_days or 0:.0f} days."
    )


def kinds_table(bt: Any) -> pl.DataFrame:
    """One row per alert kind: alerts, precision, breakouts, recall, median lead."""
    rows = [{"kind": k} | v for k, v in bt.kinds.items()]
    return pl.DataFrame(rows) if rows else pl.DataFrame()


def false_by_stage(bt: Any) -> pl.DataFrame:
    """False alarms counted by the curve's stage when the alert fired."""
    if bt.false.is_empty():
        return pl.DataFrame()
    return bt.false.group_by("stage").len("false alarms").sort("false alarms", descending=True)
