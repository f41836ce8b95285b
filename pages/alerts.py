"""Alerts: current early-signal alerts with evidence, and the walk-forward backtest scorecard."""

import polars as pl
import streamlit as st

from infimate.data.schema import SEGMENT_COLS
from infimate.errors import InfimateError
from infimate.forecast.series import HORIZON
from infimate.trends.alerts import FEED_WEEKS, FIRST_KOL_WEEKS, TOP_POSTS_WEEKS
from infimate.trends.curves import Segment
from infimate.trends.early_signal import BASELINE, RECENT
from infimate.ui import alerts, components, figures, labels, tables, words
from infimate.ui.labels import t, tf

path = components.page_start("alerts", signals=True)
seg = components.segment_picker(path, with_platform=True)
try:
    feed = alerts.alerts_in(path, seg)
except InfimateError as exc:
    components.show_error(exc)
    st.stop()
names = components.element_names(path)
people = components.display_names(path)
st.caption(words.alert_rule() + t("al_evidence_below"))
if feed.is_empty():
    st.info(tf("al_none", weeks=FEED_WEEKS, segment=words.segment_label(seg)))
else:
    cols = ["element", *SEGMENT_COLS, "date", "kind", "score", "confidence"]
    shown = feed.select([c for c in cols if c in feed.columns])
    if "why" in feed.columns:  # the library's note, in the UI language
        why = [words.alert_why(r) for r in feed.iter_rows(named=True)]
        shown = shown.with_columns(pl.Series("why", why, dtype=pl.String))
    tables.show(shown, names=people)
    choices = [
        " · ".join(
            (
                names.get(r["element"], r["element"]),
                "/".join(words.value(c, r[c]) for c in SEGMENT_COLS),
                str(r["date"]),
                tf("al_score", score=r["score"]),
            )
        )
        for r in feed.iter_rows(named=True)
    ]
    i = st.selectbox(
        t("al_evidence_for"), range(len(choices)), format_func=choices.__getitem__, key="alert_i"
    )
    row = feed.row(i, named=True)
    ev = alerts.evidence(path, row)
    if row.get("why"):
        st.info(words.alert_why(row))
    a, b = st.columns([1, 2])
    a.metric(t("col_confidence"), words.value("confidence", ev.confidence))
    tables.show(
        pl.DataFrame(
            [(labels.t(f"num_{k}"), v) for k, v in ev.numbers if v is not None],
            schema=["number", "value"],
            orient="row",
        ),
        target=a,
        width="content",
    )
    a.write(
        t("al_calendar")
        + (", ".join(f"{words.value('event', e.name)} ({e.day})" for e in ev.events) or "—")
    )
    if row.get("source", "posts") != "posts":  # an imported series: no posts behind it
        src = words.value("source", row["source"])
        b.markdown(tf("al_imported", source=src, metric=words.value("metric", row.get("metric"))))
        b.caption(tf("al_imported_note", recent=RECENT, baseline=BASELINE))
    else:
        tables.show(
            pl.DataFrame(list(ev.spread), schema=["spread", "count"], orient="row"),
            target=a,
            width="content",
        )
        b.markdown(tf("al_top_posts", weeks=TOP_POSTS_WEEKS))
        with b:
            components.posts_table(ev.top_posts)
        b.markdown(tf("al_first_kol", weeks=FIRST_KOL_WEEKS))
        if ev.first_kol.height:
            r = ev.first_kol.row(0, named=True)
            plat = words.value("platform", r["platform"])
            b.caption(tf("al_first_kol_line", ts=r["ts"], platform=plat, n=r["engagement"]))
            b.text(r["text"])
        else:
            b.caption(t("al_no_kol"))
    seg_row = Segment(*(row[c] for c in SEGMENT_COLS))
    st.plotly_chart(figures.alert_chart(path, row["element"], seg_row), key="alert_forecast")
    st.caption(tf("al_chart_caption", horizon=HORIZON))

st.subheader(labels.t("alert_backtest"))
bt = alerts.backtest(path)
if bt is not None:
    tables.show(alerts.scorecard(path))
    st.caption(tf("al_backtest_caption", days=bt.horizon_days))
    matched = bt.baseline_at_matched_precision
    if matched is not None and bt.model.precision is not None:
        st.markdown(words.matched_sentence(bt.model, matched))
    tables.show(alerts.kinds_table(bt))
    st.caption(t("al_kinds_caption"))
    st.plotly_chart(figures.lead_time_histogram(path), key="lead_hist")
    false = alerts.false_by_stage(bt)
    if false.height:
        st.markdown(t("al_false_by_stage"))
        tables.show(false, width="content")
