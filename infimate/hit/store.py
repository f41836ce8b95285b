"""The fitted hit model saved beside its dataset, so a restarted server need not refit it.

Saved under ``<dataset>/.cache/hit_model/<key>/`` without pickle: ``arrays.npz`` (read
with ``allow_pickle=False``), ``meta.json`` (encoding, tuning, scalars, scores) and parquet
frames (the evaluation's tables and the training launches' history). The *key* (:mod:`infimate.data.artifacts`) is a SHA-256 of
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
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from infimate.data import artifacts
from infimate.hit.design import Encoding
from infimate.hit.features import LEAD_DAYS
from infimate.hit.model import HitResults
from infimate.hit.ridge import StandardFit
from infimate.hit.tuning import Tuning

if TYPE_CHECKING:
    from infimate.hit.evaluate import HitEvaluation

    Fitted = tuple[HitResults, HitEvaluation]  # what fit_dataset_model returns

TABLES = ("products", "signals", "segments")
KIND = "hit_model"
FRAMES = ("calibration", "baseline_calibration", "predictions")
ARRAYS = ("mean", "sd", "params", "boot", "zrange")
MODULES = ("design", "evaluate", "features", "model", "ridge", "tuning")


def model_key(path: str | Path, *, lead_days: int = LEAD_DAYS) -> str | None:
    """The key of the model a fit on this dataset version would give (None: no products)."""
    import importlib

    return artifacts.version_key(
        path,
        tables=TABLES,
        modules=tuple(importlib.import_module(f"infimate.hit.{m}") for m in MODULES),
        extra=f"lead_days={lead_days};",
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
        f = res.fit
        arrays = {
            "mean": f.mean,
            "sd": f.sd,
            "params": f.params,
            "boot": res.boot,
            "zrange": res.zrange,
        }
        np.savez(tmp / "arrays.npz", allow_pickle=False, **arrays)  # float arrays: no pickle
        for name in FRAMES:
            getattr(ev, name).write_parquet(tmp / f"{name}.parquet")
        res.history.write_parquet(tmp / "history.parquet")
        enc = f.encoding
        meta = {
            "encoding": {
                "categories": list(enc.categories),
                "elements": list(enc.elements),
                "medians": list(enc.medians),
                "cuts": list(enc.cuts),
                "rates": list(enc.rates),
                "base_rate": enc.base_rate,
            },
            "tuning": asdict(res.tuning),
            "n_train": res.n_train,
            "base_rate": res.base_rate,
            "levels": list(res.levels),
            "model": ev.model.as_dict(),
            "baseline": ev.baseline.as_dict(),
            "test_from": ev.test_from.isoformat(),
            "lead_days": ev.lead_days,
        }
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    artifacts.write(path, KIND, key, fill)
    return fitted


def _tuning(d: dict[str, Any]) -> Tuning:
    return Tuning(
        float(d["precision"]),
        tuple((float(g), float(a)) for g, a in d["inner_auc"]),
        int(d["origins"]),
        float(d["shift"]),
        float(d["slope"]),
        int(d["n_out_of_time"]),
        float(d["calibrated_max"]),
    )


def load(path: str | Path, *, lead_days: int = LEAD_DAYS) -> Fitted | None:
    """The saved ``(HitResults, HitEvaluation)`` of this dataset version and lead time,
    or None."""
    from infimate.hit.evaluate import HitEvaluation, Scores

    key = model_key(path, lead_days=lead_days)
    if key is None or not (d := artifacts.entry(path, KIND, key)).is_dir():
        return None
    try:
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        with np.load(d / "arrays.npz", allow_pickle=False) as z:
            a = {name: np.array(z[name]) for name in ARRAYS}
        frames = {name: pl.read_parquet(d / f"{name}.parquet") for name in FRAMES}
        e = meta["encoding"]
        enc = Encoding(
            tuple(e["categories"]),
            tuple(e["elements"]),
            tuple(math.nan if m is None else float(m) for m in e["medians"]),
            (float(e["cuts"][0]), float(e["cuts"][1])),
            tuple(float(r) for r in e["rates"]),
            float(e["base_rate"]),
        )
        tuning = _tuning(meta["tuning"])
        res = HitResults(
            StandardFit(enc, a["mean"], a["sd"], a["params"]),
            a["boot"],
            tuning,
            int(meta["n_train"]),
            float(meta["base_rate"]),
            (float(meta["levels"][0]), float(meta["levels"][1])),
            a["zrange"],
            pl.read_parquet(d / "history.parquet"),
        )
        ev = HitEvaluation(
            Scores(**meta["model"]),
            Scores(**meta["baseline"]),
            date.fromisoformat(meta["test_from"]),
            int(meta["lead_days"]),
            frames["calibration"],
            frames["baseline_calibration"],
            frames["predictions"],
            tuning,
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError, pl.exceptions.PolarsError):
        return None  # unreadable or from another layout: refit
    return res, ev


def ensure(path: str | Path) -> Fitted | None:
    """The saved model of this dataset version, fitted and saved first when missing (None
    without products): what ``ingest``, ``tag`` and the demo build call, so no page visit
    waits for a fit. Raises :class:`~infimate.errors.InfimateError` when the products
    cannot support a model (no units or hit column)."""
    from infimate.hit.evaluate import fit_dataset_model

    if model_key(path) is None:
        return None
    return load(path) or save(path, fit_dataset_model(str(path)))
