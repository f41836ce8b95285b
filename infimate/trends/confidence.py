"""What kind of rise an alert is, which evidence held, and how confident to be.

* **Kind** — "seasonal return" when the curve moved the same way at the same weeks of an
  earlier year (:func:`~infimate.trends.stages.seasonal_matches`), else "new rise".
* **Evidence** — how far above its usual level the curve is (the breakout rule's baseline:
  the median of the 52 weeks before the last 4), whether the rise held the week before,
  and in how many of the element's other markets it is rising too.
* **Confidence** — low with less than a year of history (a rise that returns every year
  cannot be told from a new one), else by score (imported series: by the weighted
  evidence's chance, :mod:`infimate.trends.evidence`); :func:`confidence_note` says why in
  words.

Example
-------
>>> confidence(8.0), confidence(8.0, history_weeks=30)
('high', 'low')
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from infimate.trends.curves import Panel
from infimate.trends.stages import YEAR, seasonal_matches

#: Weeks of the recent window and of the usual level's history (the breakout baseline).
RECENT_WEEKS, USUAL_HISTORY = 4, 52


def usual_level(value: np.ndarray, history: int = USUAL_HISTORY) -> np.ndarray:
    """The usual level of every series at its last week: the median of the ``history``
    weeks before the last ``RECENT_WEEKS`` (the breakout rule's baseline)."""
    T = value.shape[1]
    hist = value[:, max(0, T - RECENT_WEEKS - history) : max(0, T - RECENT_WEEKS)]
    if hist.shape[1] == 0:
        return np.zeros(len(value))
    usual: np.ndarray = np.median(hist, axis=1)
    return usual


#: What a rise must show besides its score to count as sustained and broad (evidence only).
HOLD_K = 1.35


def alert_context(p: Panel, idx: np.ndarray) -> dict[str, pl.Series]:
    """What kind of rise an alert is and which evidence held, for series ``idx`` at the
    last week of ``p`` (see :func:`confidence`):

    * ``kind`` — "seasonal return" when the curve moved the same way at the same weeks of
      an earlier year (``seasonal_in`` names the years), else "new rise";
    * ``history_weeks`` — weeks since the series' first non-zero value;
    * ``vs_usual`` — the last 4 weeks over the series' usual level (the breakout baseline);
    * ``held`` — the rise already held the week before (≥ 1.35× usual);
    * ``markets_rising`` — other markets of the element ≥ 1.35× their usual level now, of
      ``markets_other`` (0 of 0 when the data has one market).
    """
    T = p.value.shape[1]
    years = seasonal_matches(p.value[idx])
    labels = [p.weeks[T - 1 - YEAR * (k + 1)].year for k in range(years.shape[1])]
    seasonal_in = [
        ", ".join(str(y) for y, hit in sorted(zip(labels, row, strict=True)) if hit) or None
        for row in years
    ]
    nonzero = p.value[idx] > 0
    first = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), T - 1)
    usual = usual_level(p.value)
    level = p.value[:, -RECENT_WEEKS:].mean(axis=1)
    ratio = np.divide(level, usual, out=np.full(len(usual), np.inf), where=usual > 0)
    before = p.value[:, -RECENT_WEEKS - 1 : -1].mean(axis=1) if T > RECENT_WEEKS else level
    held = before[idx] >= HOLD_K * usual[idx]
    group = market_groups(p.keys)
    up = (ratio >= HOLD_K).astype(float)
    n_up = np.bincount(group, weights=up)[group[idx]] - up[idx]
    n_other = np.bincount(group)[group[idx]] - 1
    return {
        "kind": pl.Series(
            ["seasonal return" if y.any() else "new rise" for y in years], dtype=pl.String
        ),
        "seasonal_in": pl.Series(seasonal_in, dtype=pl.String),
        "history_weeks": pl.Series(T - first, dtype=pl.Int64),
        "vs_usual": pl.Series(ratio[idx], dtype=pl.Float64),
        "held": pl.Series(held, dtype=pl.Boolean),
        "markets_rising": pl.Series(n_up.round().astype(np.int64), dtype=pl.Int64),
        "markets_other": pl.Series(n_other, dtype=pl.Int64),
    }


def market_groups(keys: pl.DataFrame) -> np.ndarray:
    """Per series, a code shared by the same element and segment in every market (the
    series that count for breadth); 0 for all when there is no element column.

    >>> k = pl.DataFrame({"element": ["a", "a", "a", "b"], "market": ["US", "GB", "US", "US"],
    ...                   "crowd": ["x", "x", "y", "x"]})
    >>> market_groups(k).tolist()
    [0, 0, 1, 2]
    """
    if "element" not in keys.columns:
        return np.zeros(keys.height, dtype=np.int64)
    cols = [c for c in keys.columns if c != "market"]
    codes: np.ndarray = (
        keys.select(pl.struct(cols).rank("dense") - 1).to_series().to_numpy().astype(np.int64)
    )
    return codes


#: A series needs a year to tell a seasonal return from a new rise.
CONFIDENT_HISTORY = 52
#: Imported series: the evidence's chance from which an alert is "high".
HIGH_CHANCE = 0.7


def confidence(
    score: float,
    history_weeks: int | None = None,
    *,
    chance: float | None = None,
    projected: bool = False,
) -> str:
    """A plain-language band for an alert: low with less than a year of history, else by
    score — or, for an imported series (``chance`` given), high when the evidence's chance
    is ≥ 0.7 or last year's level ahead fired it (``projected``), else medium.

    >>> confidence(8.0), confidence(8.0, history_weeks=30), confidence(0.0, chance=0.75)
    ('high', 'low', 'high')
    """
    if history_weeks is not None and history_weeks < CONFIDENT_HISTORY:
        return "low"
    if chance is not None and math.isfinite(chance):
        return "high" if chance >= HIGH_CHANCE or projected else "medium"
    return "high" if score >= 7 else "medium" if score >= 5.5 else "low"


def confidence_note(row: dict[str, object]) -> str:
    """Why an alert row has its confidence and which evidence held, in words.

    >>> confidence_note({"kind": "seasonal return", "seasonal_in": "2018, 2019",
    ...                  "history_weeks": 150, "vs_usual": 1.9, "held": True,
    ...                  "markets_rising": 3, "markets_other": 5})
    'Seasonal return, as in 2018, 2019. 1.9x its usual level; held for 2 weeks; rising in 3 of 5 other markets.'
    """
    hist, kind = row.get("history_weeks"), row.get("kind")
    parts = []
    if kind == "seasonal return":
        parts.append(f"Seasonal return, as in {row.get('seasonal_in')}.")
    elif isinstance(hist, int) and hist < CONFIDENT_HISTORY:
        parts.append(
            f"Low confidence: only {hist} weeks of history, so a rise that returns every "
            "year cannot be told from a new one."
        )
    else:
        parts.append("New rise (not seen at these weeks in earlier years).")
    facts = []
    vs = row.get("vs_usual")
    if isinstance(vs, float) and math.isfinite(vs):
        facts.append(f"{vs:.1f}x its usual level")
    facts.append("held for 2 weeks" if row.get("held") else "first week up")
    other = row.get("markets_other")
    if isinstance(other, int) and other > 0:
        facts.append(f"rising in {row.get('markets_rising')} of {other} other markets")
    return " ".join(parts) + " " + "; ".join(facts) + "."
