"""How good hit probabilities are: AUC, the hit rate of the top picks, Brier, reliability.

Example
-------
>>> import numpy as np
>>> p, y = np.array([0.9, 0.4, 0.3, 0.1]), np.array([1.0, 0.0, 1.0, 0.0])
>>> auc(p, y), picks_hit_rate(p, y, top=0.25), brier(p, y)
(0.75, 1.0, 0.16749999999999998)
"""

from __future__ import annotations

import numpy as np
import polars as pl


def reliability(p: np.ndarray, y: np.ndarray, *, bins: int = 10) -> pl.DataFrame:
    """Reliability table: quantile bins of ``p`` → mean predicted, observed rate, n.

    >>> import numpy as np
    >>> reliability(np.array([0.1, 0.2, 0.7, 0.8]), np.array([0.0, 0.0, 1.0, 1.0]), bins=2).rows()
    [(0, 0.15000000000000002, 0.0, 2), (1, 0.75, 1.0, 2)]
    """
    df = pl.DataFrame({"p": p, "y": y})
    k = min(bins, max(df.height, 1))
    b = (pl.col("p").rank("ordinal") - 1) * k // max(df.height, 1)
    return (
        df.with_columns(b.cast(pl.Int64).alias("bin"))
        .group_by("bin")
        .agg(
            pl.col("p").mean().alias("mean_predicted"),
            pl.col("y").mean().alias("observed_rate"),
            pl.len().alias("n"),
        )
        .sort("bin")
    )


def auc(p: np.ndarray, y: np.ndarray) -> float | None:
    """Area under the ROC curve (Mann–Whitney, ties count half); None without both classes."""
    pos = int(y.sum())
    neg = len(y) - pos
    if pos == 0 or neg == 0:
        return None
    r = pl.Series(p).rank("average").to_numpy()
    return float((r[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def picks_hit_rate(p: np.ndarray, y: np.ndarray, *, top: float = 0.1) -> float | None:
    """Hit rate of the top ``top`` share by ``p``; tied scores at the cut count fractionally."""
    n = len(p)
    if n == 0:
        return None
    k = max(1, round(top * n))
    v = np.sort(p)[::-1][k - 1]
    above, at = p > v, p == v
    hits = y[above].sum() + (k - above.sum()) * y[at].mean()
    return float(hits / k)


def brier(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of the probabilities (NaN for no products)."""
    return float(np.mean((p - y) ** 2)) if len(y) else float("nan")
