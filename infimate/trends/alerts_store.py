"""Current alerts saved beside their dataset version, so no first page visit scores them.

Scoring every element × segment of a 700k-post demo takes ~4 s; the dashboard's first
request (Overview's newest alerts, "since your last visit") would otherwise pay it on
every server start. Saved as ``<dataset>/.cache/current_alerts/<key>/alerts.parquet``
(:mod:`infimate.data.artifacts`): the key covers the signals and segments tables, the
lexicon and the source of the alert code, so a stale result is never read. ``ingest``,
``tag`` and the demo build call :func:`ensure`.

Example
-------
>>> import datetime as dt, tempfile
>>> from infimate.data.datasets import Dataset
>>> weeks = [dt.date(2025, 1, 6) + dt.timedelta(weeks=i) for i in range(22)]
>>> climb = [10.0, 11.0] * 9 + [15.0, 20.0, 25.0, 30.0]
>>> jump = pl.DataFrame({"date": weeks, "element": "tweed", "value": climb})
>>> with tempfile.TemporaryDirectory() as tmp:
...     Dataset(tmp).create().write("signals", jump)
...     first = ensure(tmp)  # scored and saved
...     again = load(tmp)  # what a restarted server reads
...     again.equals(first), again["element"].to_list()
(True, ['tweed'])
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from infimate.data import artifacts
from infimate.data.datasets import Dataset
from infimate.trends import alerts, breakouts, confidence, curves, early_signal, evidence, stages

KIND = "current_alerts"
FILE = "alerts.parquet"


def key(path: str | Path) -> str | None:
    """The key of this dataset version's current alerts (None without signals)."""
    code = (alerts, breakouts, confidence, curves, early_signal, evidence, stages)
    return artifacts.version_key(
        path, tables=("signals", "segments"), modules=code, require="signals"
    )


def load(path: str | Path) -> pl.DataFrame | None:
    """The saved alerts of this dataset version (None when not saved or unreadable)."""
    k = key(path)
    if k is None:
        return None
    f = artifacts.entry(path, KIND, k) / FILE
    try:
        return pl.read_parquet(f) if f.exists() else None
    except (OSError, pl.exceptions.PolarsError):
        return None  # unreadable means "not saved": score again


def ensure(path: str | Path) -> pl.DataFrame:
    """The current alerts, scored and saved first when missing (raises InfimateError
    without signals, as :func:`~infimate.trends.alerts.current_alerts` does)."""
    saved = load(path)
    if saved is not None:
        return saved
    fired = alerts.current_alerts(Dataset(path))
    k = key(path)
    if k is not None:
        artifacts.write(path, KIND, k, lambda tmp: fired.write_parquet(tmp / FILE))
    return fired
