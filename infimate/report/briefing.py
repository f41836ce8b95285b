"""Brand-partner briefing: what is rising, what is about to, what to make, how to say it.

:func:`collect_briefing` gathers the facts from a dataset into a frozen :class:`Briefing`;
:func:`~infimate.report.build.build_report` renders the same briefing as self-contained
HTML (:mod:`infimate.report.html`: plotly.js inlined once, no network at view time) or as
an A4 PDF (:mod:`infimate.report.pdf`: real text in an embedded CJK-capable font, vector
charts, tables that continue across pages). Text that comes from data — element names,
post text, copy — is untrusted: the HTML escapes it with :func:`html.escape`, the PDF
writes it as plain text (never markup). Notes in the briefing are written for the
reader of the report (no file paths, commands or module names).

Example
-------
>>> import tempfile
>>> from infimate.data import samples
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
...     b = collect_briefing(tmp)
>>> b.rising.select("element", "stage").rows(), [c.lang for c in b.copy]
([('butter_yellow', 'rising')], ['en', 'zh'])
>>> b.picks_note
'No products table in this dataset: no hit-rate picks.'
>>> b.data_from < b.asof
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import polars as pl

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.hit import evaluate as hit_evaluate
from infimate.trends.alerts import current_alerts, evidence
from infimate.trends.curves import Segment, curve, summaries, value_title

Format = Literal["html", "pdf"]
_RISING = ("emerging", "rising")


@dataclass(frozen=True)
class CurveView:
    """One element's recent curve and its combined forecast (``forecast`` may be empty)."""

    element: str
    label: str
    history: pl.DataFrame  # date, value
    forecast: pl.DataFrame  # date, point, lo80, hi80, lo95, hi95
    method: str
    y_title: str = "share of voice"


@dataclass(frozen=True)
class AlertView:
    """One current alert with the evidence summary a partner needs."""

    element: str
    label: str
    segment: str
    date: date
    score: float
    confidence: str
    numbers: tuple[tuple[str, float | None], ...]
    spread: tuple[tuple[str, int], ...]
    first_kol: str | None
    top_post: str | None
    events: tuple[str, ...]


@dataclass(frozen=True)
class CopySample:
    lang: str
    text: str
    flags: int
    provider: str


@dataclass(frozen=True)
class Briefing:
    """Everything in one report (see :func:`collect_briefing`)."""

    dataset: str
    synthetic: bool
    asof: date | None
    segment: Segment
    rising: (
        pl.DataFrame
    )  # element, label, name_zh, type, hex, stage, metric, sov, growth_4w, growth_12w, kol_share
    curves: tuple[CurveView, ...]
    alerts: tuple[AlertView, ...]
    picks: pl.DataFrame | None
    picks_note: str
    copy: tuple[CopySample, ...]
    copy_note: str
    generated: str
    rising_note: str = ""  # why ``rising`` is empty (e.g. series are stored per market)
    scope_note: str = ""  # how the segment was chosen when it was not given
    data_from: date | None = None  # the first week of data (``asof`` is the last)


# ---- collecting -------------------------------------------------------------


def _lexicon(dataset: Dataset) -> pl.DataFrame:
    from infimate.elements.lexicon import load_lexicon

    return load_lexicon(dataset)


def _rising(signals: pl.DataFrame, seg: Segment, dataset: Dataset, top: int) -> pl.DataFrame:
    s = summaries(signals, seg, segments=dataset.read("segments"))
    if s.is_empty():
        return pl.DataFrame()
    up = s.filter(pl.col("stage").is_in(_RISING))
    s = (up if up.height else s.sort(pl.col("growth_4w").fill_null(-1), descending=True)).head(top)
    lex = _lexicon(dataset).select(
        pl.col("element_id").alias("element"), "type", "name_en", "name_zh", "hex"
    )
    return s.join(lex, on="element", how="left").select(
        "element",
        pl.coalesce("name_en", "element").alias("label"),
        pl.col("name_zh").fill_null(""),
        pl.col("type").fill_null("term"),
        pl.col("hex").fill_null(""),
        "stage",
        pl.col("metric").fill_null("share"),
        "sov",
        "growth_4w",
        "growth_12w",
        "kol_share",
    )


def _curves(
    signals: pl.DataFrame, rising: pl.DataFrame, seg: Segment, dataset: Dataset, n: int
) -> tuple[CurveView, ...]:
    from infimate.forecast.series import HORIZON, forecast_series

    out = []
    for el, label in rising.select("element", "label").head(n).iter_rows():
        c = curve(signals, el, seg, segments=dataset.read("segments"))
        if c.is_empty():
            continue
        fc = forecast_series(c.select("date", "value"), horizon=HORIZON)
        hist = c.select("date", "value").tail(52)
        out.append(CurveView(el, label, hist, fc.frame, fc.method, value_title(c)))
    return tuple(out)


def _post_text(frame: pl.DataFrame) -> str | None:
    return str(frame["text"][0]) if frame.height and "text" in frame.columns else None


def _alerts(
    dataset: Dataset, labels: dict[str, str], n: int, seg: Segment
) -> tuple[AlertView, ...]:
    alerts = current_alerts(dataset)
    for col in ("market", "crowd", "scene"):
        if getattr(seg, col) != "all" and col in alerts.columns:
            alerts = alerts.filter(pl.col(col) == getattr(seg, col))
    out = []
    for row in alerts.head(n).iter_rows(named=True):
        ev = evidence(dataset, row)
        out.append(
            AlertView(
                element=row["element"],
                label=labels.get(row["element"], row["element"]),
                segment=ev.segment.label(),
                date=row["date"],
                score=float(row["score"]),
                confidence=ev.confidence,
                numbers=ev.numbers,
                spread=ev.spread,
                first_kol=_post_text(ev.first_kol),
                top_post=_post_text(ev.top_posts),
                events=tuple(f"{e.name} ({e.day})" for e in ev.events),
            )
        )
    return tuple(out)


def _picks(dataset: Dataset, top: int, fitted: Any = None) -> tuple[pl.DataFrame | None, str]:
    """Candidate (unlaunched) styles ranked by the hit model, with its held-out scorecard."""
    products = dataset.read("products")
    if products is None:
        return None, "No products table in this dataset: no hit-rate picks."
    has_units = "units" in products.columns
    candidates = products.filter(pl.col("units").is_null()) if has_units else products.head(0)
    if candidates.is_empty():
        return None, "No candidate (unlaunched) styles in the products table to score."
    try:
        model, ev = fitted or hit_evaluate.fit_dataset_model(dataset)
        scored = hit_evaluate.score_lineup(dataset, candidates, results=model)
    except InfimateError as exc:
        return None, f"No hit-rate picks: {str(exc).replace('`', '')}"
    keep = [
        c for c in ("sku", "name", "category", "elements", "price", "market") if c in scored.columns
    ]
    picks = scored.sort("probability", descending=True).head(top)
    picks = picks.select(
        *keep,
        pl.col("probability").alias("p_hit"),
        "lo",
        "hi",
        pl.when("extrapolation").then(pl.lit("extrapolation: ") + pl.col("why")).alias("caveat"),
    )
    m = ev.model
    held = "—" if m.picks_hit_rate is None else f"{m.picks_hit_rate:.0%}"
    note = (
        f"Top {picks.height} of {candidates.height} candidate styles by predicted hit probability "
        f"(80% interval lo–hi). Held-out check from {ev.test_from}: the model's top-10% picks hit "
        f"{held} vs a base rate of {m.base_rate:.0%}."
    )
    return picks, note


def _copy(
    dataset: Dataset, rising: pl.DataFrame, seg: Segment
) -> tuple[tuple[CopySample, ...], str]:
    """Sample copy for the first rising element the lexicon knows (names, translations)."""
    if not rising.height:
        return (), "No rising element to write about."
    known = set(_lexicon(dataset)["element_id"].to_list())
    pick = rising.filter(pl.col("element").is_in(list(known)))
    if not pick.height:
        return (), (
            "No sample copy: the rising terms are not in the element lexicon, whose names "
            "and translations the copy writer needs."
        )
    element, label = pick.row(0)[:2]
    try:
        from infimate.copywriting.brief import build_brief
        from infimate.copywriting.offline import OfflineWriter
        from infimate.copywriting.writer import write

        brief = build_brief(
            dataset, element=element, market=seg.market, crowd=seg.crowd, scene=seg.scene
        )
    except ImportError:  # copywriting not in this build
        return (), "Sample copy is not available in this build."
    except InfimateError:
        return (), f"No sample copy for {label}: the copy writer could not brief it."
    out = []
    for lang in ("en", "zh"):
        r = write(OfflineWriter(seed=0), brief, voice="top-streamer", fmt="caption", lang=lang)
        out.append(CopySample(lang, r.text, len(r.flags), r.provider))
    return tuple(out), (
        f"About {label}: offline writer, top-streamer voice, caption format; "
        "flags = compliance flags."
    )


def collect_briefing(
    dataset: Dataset | str | Path,
    *,
    market: str = "all",
    crowd: str = "all",
    scene: str = "all",
    top: int = 5,
    hit_model: Any = None,
) -> Briefing:
    """Gather the briefing facts for one market × crowd × scene (``"all"`` = not filtered).

    Rising elements, curves and copy are computed in that segment; alerts are those of
    the segment and its sub-segments (e.g. ``market=US`` keeps US alerts of any crowd).

    ``hit_model`` is an already fitted ``(HitResults, HitEvaluation)`` from
    :func:`infimate.hit.evaluate.fit_dataset_model` (the UI passes its cached one); when None
    the model is fitted here.

    Example
    -------
    >>> import tempfile
    >>> from infimate.data import samples
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # one all-market series
    ...     everywhere, us = collect_briefing(tmp), collect_briefing(tmp, market="US")
    >>> everywhere.rising["stage"].to_list(), us.rising.height, us.rising_note
    (['rising'], 0, 'No element series in segment market=US.')
    """
    ds = dataset if isinstance(dataset, Dataset) else Dataset(dataset)
    if not ds.exists and not ds.has("signals"):
        raise InfimateError(f"{ds.path}: no such dataset (no manifest.json)")
    signals = ds.read("signals")
    if signals is None:
        raise InfimateError(f"{ds.path}: no signals yet — ingest posts and run `tag` first")
    scope_note = ""
    if market == "all" and (largest := _largest_market(signals)):
        market = largest
        scope_note = (
            f"This dataset stores series per market only (no all-market total): the briefing "
            f"covers {largest}, the market with the most series."
        )
    seg = Segment(market=market, crowd=crowd, scene=scene)
    rising = _rising(signals, seg, ds, top)
    labels = dict(rising.select("element", "label").iter_rows()) if rising.height else {}
    picks, picks_note = _picks(ds, top, hit_model)
    copy, copy_note = _copy(ds, rising, seg)
    first_week, asof = signals.select(
        pl.col("date").cast(pl.Date).min().alias("first"), pl.col("date").cast(pl.Date).max()
    ).row(0)
    return Briefing(
        dataset=os.path.basename(os.path.abspath(ds.path)),
        synthetic=ds.synthetic,
        asof=asof,
        segment=seg,
        rising=rising,
        curves=_curves(signals, rising, seg, ds, 3) if rising.height else (),
        alerts=_alerts(ds, labels, top, seg),
        picks=picks,
        picks_note=picks_note,
        copy=copy,
        copy_note=copy_note,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        rising_note="" if rising.height else _no_series_note(signals, seg),
        data_from=first_week,
        scope_note=scope_note,
    )


def _largest_market(signals: pl.DataFrame) -> str | None:
    """The market with the most element series when no all-market series is stored (the
    dashboard opens such a dataset on it too); ``None`` when there is an all-market total.

    >>> s = pl.DataFrame({"element": ["a", "b", "a"], "market": ["US", "US", "FR"]})
    >>> _largest_market(s), _largest_market(s.with_columns(market=pl.lit("all")))
    ('US', None)
    """
    if "market" not in signals.columns or (signals["market"] == "all").any():
        return None
    counts = (
        signals.group_by("market")
        .agg(pl.col("element").n_unique().alias("n"))
        .sort(["n", "market"], descending=[True, False])
    )
    return str(counts["market"][0]) if counts.height else None


def _no_series_note(signals: pl.DataFrame, seg: Segment) -> str:
    """Why a segment has no element series, and which markets do have some."""
    note = f"No element series in segment {seg.label()}."
    if seg.market != "all" or "market" not in signals.columns:
        return note
    present = set(signals["market"].drop_nulls().unique().to_list())
    markets = sorted(present - {"all"})
    if markets and "all" not in present:
        shown = ", ".join(markets[:10]) + (", …" if len(markets) > 10 else "")
        note += (
            f" This dataset stores series per market ({len(markets)}: {shown}), with no "
            "all-market total: build the report for one market."
        )
    return note
