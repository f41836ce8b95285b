"""The forecast-interval calibration saved beside its dataset, so a restarted server
need not re-run the dataset-wide backtest that produced it.

Saved as ``<dataset>/.cache/interval_calibration/<key>/calibration.json`` (plain JSON);
the key (:mod:`infimate.data.artifacts`) covers the signals table's content hash, the
lexicon, the backtest options and the source of every module the backtest runs. An
unreadable file means "not saved" (recompute), never an error on a page.

Example
-------
>>> import datetime as dt, tempfile, polars as pl
>>> from infimate.data.datasets import Dataset
>>> from infimate.forecast.evaluate import forecast_eval
>>> weeks = [dt.date(2023, 1, 2) + dt.timedelta(weeks=i) for i in range(156)]
>>> signals = pl.DataFrame({"date": weeks, "element": "tweed", "value": [float(i % 9) for i in range(156)]})
>>> tmp = tempfile.TemporaryDirectory()
>>> Dataset(tmp.name).create().write("signals", signals)
>>> cal = load(tmp.name) or save(tmp.name, forecast_eval(signals, origins=ORIGINS).calibration)
>>> load(tmp.name) == cal  # what a restarted server reads instead of re-running the backtest
True
>>> Dataset(tmp.name).write("signals", signals.head(150))  # new data: recompute
>>> load(tmp.name) is None
True
>>> tmp.cleanup()
"""

from __future__ import annotations

import json
from pathlib import Path

from infimate.data import artifacts
from infimate.forecast.intervals import IntervalCalibration
from infimate.forecast.series import HORIZON

KIND = "interval_calibration"
ORIGINS = 3


def key(path: str | Path) -> str | None:
    """The key of the calibration for this dataset version (None: no signals table)."""
    import infimate.forecast.backtest
    import infimate.forecast.intervals
    import infimate.forecast.models
    import infimate.forecast.weekly
    import infimate.trends.curves

    return artifacts.version_key(
        path,
        tables=("signals",),
        modules=(
            infimate.forecast.backtest,
            infimate.forecast.models,
            infimate.forecast.intervals,
            infimate.trends.curves,
            infimate.forecast.weekly,
        ),
        extra=f"horizon={HORIZON};origins={ORIGINS};",
        require="signals",
    )


def save(path: str | Path, cal: IntervalCalibration) -> IntervalCalibration:
    """Write ``cal`` for this dataset version (silently not, if read-only); returns it."""
    if (k := key(path)) is not None:
        body = json.dumps(cal.to_dict())
        artifacts.write(
            path, KIND, k, lambda tmp: (tmp / "calibration.json").write_text(body, "utf-8")
        )
    return cal


def load(path: str | Path) -> IntervalCalibration | None:
    """The saved calibration of this dataset version, or None."""
    if (k := key(path)) is None:
        return None
    f = artifacts.entry(path, KIND, k) / "calibration.json"
    try:
        return IntervalCalibration.from_dict(json.loads(f.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
