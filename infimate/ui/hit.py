"""Hit predictor at the edge: the cached hit model, lineup scoring and their widgets.

The hit model is fitted once per dataset version in a background thread (a
``st.cache_resource`` holding the job); the fit is saved beside the dataset by
:mod:`infimate.hit.store` and read back after a restart. Fitted results are immutable
and shared by every page: never mutate them. :func:`hit_scorecard` shows a placeholder
that fills itself in when the fit is done, while pages that need a prediction wait for
it. Scored lineups and explanations are ``st.cache_data`` keyed on the lineup's bytes and
the dataset's :func:`~infimate.ui.cached.cache_stamp`. The names stay importable from
:mod:`infimate.ui.cached` and :mod:`infimate.ui.components`.

Example
-------
>>> import tempfile
>>> from infimate.data.samples import launches
>>> products, signals = launches()  # tweed searches grow; every other tweed style hit
>>> data = lineup_bytes([{"sku": sku, "launch_date": "2026-03-02", "category": "dress",
...                       "elements": el} for sku, el in (("n1", "denim"), ("n2", "tweed"), ("n3", ""))])
>>> with tempfile.TemporaryDirectory() as tmp:
...     ds = Dataset(tmp).create()
...     ds.write("signals", signals)
...     ds.write("products", products)
...     scored, rejected = score(tmp, "lineup.csv", data)  # waits for the background fit
>>> scored.select("rank", "sku").rows(), rejected.rows()
([(1, 'n2'), (2, 'n1')], [('missing elements', 1)])

Example (not run: needs a running Streamlit session)
----------------------------------------------------
>>> lineup_result("data/demo", "lineup.csv", data)  # doctest: +SKIP
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.export import csv_bytes, xlsx_bytes
from infimate.errors import InfimateError
from infimate.hit import store as hit_store
from infimate.ui import labels, tables, words
from infimate.ui.cached import cache_stamp, products, segments_table, signals
from infimate.ui.components import pct, show_error
from infimate.ui.copy import escape_markdown


# ---- cached model and scores ------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=4)
def _hit_job(path: str, stamp: str) -> Future:
    """The fit of the dataset's hit model, started once per dataset version in a worker
    thread, so a page that only *shows* hit figures (Overview) never waits for it."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="infimate-hit-fit")
    try:
        return pool.submit(_load_or_fit, path)
    finally:
        pool.shutdown(wait=False)  # the worker finishes the fit, then exits


def _load_or_fit(path: str):
    """The model saved for this dataset version (:mod:`infimate.hit.store`), else fit
    it and save it for the next server start."""
    return hit_store.ensure(path)


def hit_ready(path: str) -> bool:
    """True when :func:`hit_model` would answer at once (fitted, failed, or no products).

    Starts the background fit when it has not started yet.
    """
    return products(path) is None or _hit_job(path, cache_stamp(path)).done()


def hit_model(path: str):
    """``(HitResults, HitEvaluation)`` for the dataset, None when it has no products.

    Waits for the background fit (:func:`hit_ready` says whether it would wait). Fitted
    results are shared by every session (immutable; never mutate them). Raises
    InfimateError when the dataset cannot support a model (e.g. no products).
    """
    if products(path) is None:
        return None
    return _hit_job(path, cache_stamp(path)).result()


def lineup_bytes(rows: list[dict[str, Any]]) -> bytes:
    """A lineup (products-contract rows) as CSV bytes: the cache key of :func:`score`."""
    return pl.DataFrame(rows).write_csv().encode("utf-8")


def _lineup(name: str, data: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    import tempfile

    from infimate.data.contract import validate
    from infimate.data.ingest import read_table
    from infimate.errors import InfimateError

    with tempfile.TemporaryDirectory(prefix="infimate-lineup-") as tmp:
        f = Path(tmp) / (Path(name).name or "lineup.csv")
        f.write_bytes(data)
        v = validate("products", read_table(f), file=name)
    if v.good.is_empty():
        first = v.bad["reason"][0] if v.bad.height else "no rows"
        raise InfimateError(f"{name}: no valid candidate rows ({v.bad.height} rejected: {first})")
    return v.good, v.reasons


@st.cache_data(show_spinner="Scoring the lineup…")
def _score(path: str, stamp: str, name: str, data: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    from infimate.hit.evaluate import score_lineup

    good, reasons = _lineup(name, data)
    fitted = hit_model(path)
    return score_lineup(Dataset(path), good, results=fitted[0] if fitted else None), reasons


def score(path: str, name: str, data: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Scored lineup (rank, sku, probability, lo, hi, top_elements, …) and reject reasons.

    Raises InfimateError / DataFileError for an unreadable or entirely invalid lineup.
    """
    return _score(path, cache_stamp(path), name, data)


@st.cache_data(show_spinner="Explaining…")
def _explain(path: str, stamp: str, name: str, data: bytes, sku: str):
    from infimate.hit.bank import load_aliases
    from infimate.hit.design import with_element_ids
    from infimate.hit.explain import effects, similar_styles
    from infimate.hit.features import product_features

    good, _ = _lineup(name, data)
    fitted, sig = hit_model(path), signals(path)
    if fitted is None or sig is None:
        return None
    feats = product_features(
        good.filter(pl.col("sku") == sku),
        sig,
        segments=segments_table(path),
        aliases=load_aliases(Dataset(path).lexicon_path),
        lead_days=fitted[1].lead_days,
    )
    ex = fitted[0].explain(feats, sku)
    row = with_element_ids(feats).row(0, named=True)
    alike = similar_styles(fitted[0], row["category"], row["element_ids"])
    return ex, effects(ex), alike, fitted[0].caveats(feats)[0]


def explain(path: str, name: str, data: bytes, sku: str):
    """(:class:`~infimate.hit.model.Explanation`, what lifts or sinks it (attribute, odds
    factor), how similar past styles sold (:class:`~infimate.hit.explain.SimilarStyles`),
    why it is an extrapolation (:class:`~infimate.hit.model.Caveat`)) of one style; None
    without a model or signals. The page words them in the UI language."""
    return _explain(path, cache_stamp(path), name, data, sku)


def calibration(path: str) -> pl.DataFrame:
    """Held-out reliability of the hit model: predicted, observed, n per bin."""
    fitted = hit_model(path)
    if fitted is None:
        return pl.DataFrame()
    return fitted[1].calibration.select(
        pl.col("mean_predicted").alias("predicted"), pl.col("observed_rate").alias("observed"), "n"
    )


# ---- widgets -----------------------------------------------------------------------------
def hit_scorecard(path: str, *, wait: bool = True) -> None:
    """Held-out hit rate of the top-10% picks vs the base rate and the baseline model.

    With ``wait=False`` a model still being fitted shows a placeholder that polls every
    2 s and redraws the page once the fit is done (the rest of the page is not blocked).
    """
    st.subheader(labels.t("hit_scorecard"))
    if not wait and not hit_ready(path):
        _await_fit(path)
        return
    try:
        with st.spinner(labels.t("hit_fitting")):
            fitted = hit_model(path)
    except InfimateError as exc:
        show_error(exc)
        return
    if fitted is None:
        st.caption(labels.t("hit_no_model"))
        return
    ev = fitted[1]
    rows = [
        {"model": name} | s.as_dict()
        for name, s in (("hit model", ev.model), ("baseline (category × price)", ev.baseline))
    ]
    c1, c2, c3 = st.columns(3)
    c1.metric(labels.t("hit_base_rate"), pct(ev.model.base_rate, signed=False))
    c2.metric(labels.t("hit_picks_rate"), pct(ev.model.picks_hit_rate, signed=False))
    c3.metric(labels.t("hit_baseline_picks"), pct(ev.baseline.picks_hit_rate, signed=False))
    tables.show(pl.DataFrame(rows))
    lang = labels.current_lang()
    tuned = ev.tuning is not None and lang == "en"  # the tuning sentence is library English
    st.caption(
        labels.tf("hit_held_out", test_from=ev.test_from, lead_days=ev.lead_days)
        + (f" Model: {ev.tuning.sentence()}." if tuned else "")
    )


@st.fragment(run_every=2)
def _await_fit(path: str) -> None:
    if hit_ready(path):
        st.rerun()  # the whole page once, now drawing the scorecard
    st.caption(labels.t("hit_await"))


def lineup_result(path: str, name: str, data: bytes) -> None:
    """Scored lineup: the top style's probability + interval and element contributions,
    the ranked table (rejected rows listed) and its CSV download."""
    from infimate.charts import contributions_figure
    from infimate.ui.components import display_names

    lang = labels.current_lang()
    try:
        scored, rejected = score(path, name, data)
        top = scored.row(0, named=True)
        why = explain(path, name, data, top["sku"])
    except InfimateError as exc:
        show_error(exc)
        return
    sku = "候选款" if top["sku"] == "candidate" and lang == "zh" else top["sku"]
    st.subheader(labels.tf("hit_result", sku=sku, p=top["probability"], lo=top["lo"], hi=top["hi"]))
    names = display_names(path, lang)
    if top.get("extrapolation"):
        caveat = f" — {words.caveat_sentence(why[3], names, lang)}" if why is not None else ""
        st.warning(labels.tf("hit_extrapolation", why=caveat), icon="⚠️")
    if why is not None:
        ex, moves, alike, _ = why
        said = words.hit_reasons(moves, names, lang)
        if said:
            said_text = ("；" if lang == "zh" else "; ").join(said)
            st.markdown(f"**{labels.t('hit_why')}** " + escape_markdown(said_text))
        st.caption(words.similar_sentence(alike, names, lang))
        contrib = ex.elements.with_columns(pl.col("element").replace(names))
        fig = contributions_figure(contrib, label="element")
        fig.update_layout(xaxis_title=labels.t("fig_contribution"))
        fig.update_traces(name=labels.t("fig_contribution_trace"))
        st.plotly_chart(fig, key="contrib")
        st.caption(labels.tf("hit_contrib_caption", other=ex.other))
    tables.show(scored, names=display_names(path, lang))
    if rejected.height:
        st.warning(labels.t("hit_rejected"))
        tables.show(rejected, width="content")
    left, right = st.columns(2)
    left.download_button(
        labels.t("hit_download"),
        csv_bytes(scored),  # formula cells neutralised (infimate.data.export)
        file_name="lineup-ranked.csv",
        mime="text/csv",
        key="ranked_dl",
    )
    right.download_button(
        labels.t("hit_download_xlsx"),
        xlsx_bytes(scored),
        file_name="lineup-ranked.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="ranked_dl_xlsx",
    )
