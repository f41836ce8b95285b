"""The fitted hit model saved beside its dataset, so a restarted server need not refit it.

Saved under ``<dataset>/.cache/hit_model/<key>/`` without pickle: ``arrays.npz`` (read
with ``allow_pickle=False``), ``meta.json`` (encoding, scalars, scores) and three parquet
frames of the evaluation. The *key* (:mod:`infimate.data.artifacts`) is a SHA-256 of
what the fit depends on: the content hashes of the products / signals / segments tables in
the manifest, the bytes of the dataset's ``lexicon.csv``, the source of the hit-model
modules and the lead time — a new upload, a lexicon edit or a code change gives a new key,
so a stale model is never read.
Anything unreadable or unexpected in a saved model means "not saved" (refit), never an
error on a page.

Example
-------
>>> import tempfile
>>> from infimate.data.datasets import Dataset
>>> from infimate.data.samples import launches
>>> from infimate.hit.evaluate import fit_dataset_model
>>> products, signals = launches()  # tweed searches grow; every other tweed style hit
>>> tmp = tempfile.TemporaryDirectory()
>>> ds = Dataset(tmp.name).create()
>>> ds.write("signals", signals)
>>> ds.write("products", products)
>>> fitted = load(tmp.name) or save(tmp.name, fit_dataset_model(tmp.name))  # fits, saves
>>> again = load(tmp.name)  # what a restarted server reads
>>> again[0].n_train, again[1].model.picks_hit_rate == fitted[1].model.picks_hit_rate
(32, True)
>>> ds.write("products", products.head(30))  # a new dataset version: the saved fit is stale
>>> load(tmp.name) is None
True
>>> tmp.cleanup()
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from infimate.data import artifacts

if TYPE_CHECKING:
    from infimate.hit.evaluate import HitEvaluation
    from infimate.hit.model import HitResults

    Fitted = tuple[HitResults, HitEvaluation]  # what fit_dataset_model returns

TABLES = ("products", "signals", "segments")
KIND = "hit_model"
FRAMES = ("reliability", "baseline_reliability", "predictions")
ARRAYS = ("mean", "sd", "params", "boot")


def model_key(path: str | Path, *, lead_days: int | None = None) -> str | None:
    """The key of the model a fit on this dataset version would give (None: no products)."""
    import infimate.hit.evaluate
    import infimate.hit.features
    import infimate.hit.model

    lead = lead_days if lead_days is not None else infimate.hit.features.LEAD_DAYS
    return artifacts.version_key(
        path,
        tables=TABLES,
        modules=(infimate.hit.model, infimate.hit.evaluate, infimate.hit.features),
        extra=f"lead_days={lead};",
        require="products",
    )


def save(path: str | Path, fitted: Fitted) -> Fitted:
    """Write ``(HitResults, HitEvaluation)`` for this dataset version; returns ``fitted``.

    Written to a temporary directory and renamed into place (readers never see half a
    model). A read-only dataset directory is not an error: the model just is not saved.
    """
    key = model_key(path, lead_days=fitted[1].lead_days)
    if key is None:
        return fitted
    res, ev = fitted

    def fill(tmp: Path) -> None:
        arrays = {a: np.asarray(getattr(res, a), float) for a in ARRAYS}
        np.savez(tmp / "arrays.npz", allow_pickle=False, **arrays)  # float arrays: no pickle
        for f in FRAMES:
            getattr(ev, f).write_parquet(tmp / f"{f}.parquet")
        meta = {
            "encoding": {
                "categories": list(res.encoding.categories),
                "medians": list(res.encoding.medians),
                "cuts": list(res.encoding.cuts),
            },
            "names": list(res.names),
            "n_train": res.n_train,
            "base_rate": res.base_rate,
            "alpha": res.alpha,
            "levels": list(res.levels),
            "model": ev.model.as_dict(),
            "baseline": ev.baseline.as_dict(),
            "test_from": ev.test_from.isoformat(),
            "lead_days": ev.lead_days,
        }
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    artifacts.write(path, KIND, key, fill)
    return fitted


def load(path: str | Path) -> Fitted | None:
    """The saved ``(HitResults, HitEvaluation)`` of this dataset version, or None."""
    from infimate.hit.evaluate import HitEvaluation, Scores
    from infimate.hit.model import Encoding, HitResults

    key = model_key(path)
    if key is None or not (d := artifacts.entry(path, KIND, key)).is_dir():
        return None
    try:
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        with np.load(d / "arrays.npz", allow_pickle=False) as z:
            arrays = {a: np.array(z[a]) for a in ARRAYS}
        frames = {f: pl.read_parquet(d / f"{f}.parquet") for f in FRAMES}
        enc = meta["encoding"]
        res = HitResults(
            Encoding(
                tuple(enc["categories"]),
                tuple(math.nan if m is None else float(m) for m in enc["medians"]),
                (float(enc["cuts"][0]), float(enc["cuts"][1])),
            ),
            tuple(meta["names"]),
            arrays["mean"],
            arrays["sd"],
            arrays["params"],
            arrays["boot"],
            int(meta["n_train"]),
            float(meta["base_rate"]),
            float(meta["alpha"]),
            (float(meta["levels"][0]), float(meta["levels"][1])),
        )
        ev = HitEvaluation(
            Scores(**meta["model"]),
            Scores(**meta["baseline"]),
            date.fromisoformat(meta["test_from"]),
            int(meta["lead_days"]),
            frames["reliability"],
            frames["baseline_reliability"],
            frames["predictions"],
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError, pl.exceptions.PolarsError):
        return None  # unreadable or from another layout: refit
    return res, ev
