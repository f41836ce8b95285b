"""The forecast-interval calibration saved beside its dataset, so a restarted server
need not re-run the dataset-wide backtest (measured: a cold Trends page on the 1,070-series
Google Trends import 7.7 s before, 0.8 s with the saved calibration; 1.7 s of backtest on
the demo).

Saved as ``<dataset>/.cache/interval_calibration/<key>/calibration.json`` (plain JSON);
the key (:mod:`infimate.data.artifacts`) covers the signals table's content hash, the
lexicon, the backtest options and the source of every module the backtest runs. An
unreadable file means "not saved" (recompute), never an error on a page.

Example
-------
>>> cal = load("data/demo") or save("data/demo", ev.calibration)   # doctest: +SKIP
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
