"""Alerts: current early-signal alerts with evidence, and the walk-forward backtest scorecard."""

import polars as pl
import streamlit as st

from infimate.data.schema import SEGMENT_COLS
from infimate.errors import InfimateError
from infimate.forecast.series import HORIZON
from infimate.trends.alerts import FEED_WEEKS, FIRST_KOL_WEEKS, TOP_POSTS_WEEKS
from infimate.trends.curves import Segment
from infimate.trends.early_signal import ALERT_RULE, BASELINE, RECENT
from infimate.ui import alerts, components, figures, labels, tables

path = components.page_start("alerts", signals=True)
seg = components.segment_picker(path, with_platform=True)
try:
    feed = alerts.alerts_in(path, seg)
except InfimateError as exc:
    components.show_error(exc)
    st.stop()
names = components.element_names(path)
people = components.display_names(path)
st.caption(ALERT_RULE.describe() + " Evidence below; post text is shown as plain text.")
if feed.is_empty():
    st.info(f"No alerts in the last {FEED_WEEKS} weeks for {seg.label()}.")
else:
    cols = ["element", *SEGMENT_COLS, "date", "kind", "score", "confidence"]
    tables.show(feed.select([c for c in cols if c in feed.columns]), names=people)
    choices = [
        f"{names.get(r['element'], r['element'])} · {r['market']}/{r['crowd']}/{r['scene']}/{r['platform']} · {r['date']} · score {r['score']:.1f}"
        for r in feed.iter_rows(named=True)
    ]
    i = st.selectbox(
        "Evidence for", range(len(choices)), format_func=choices.__getitem__, key="alert_i"
    )
    row = feed.row(i, named=True)
    ev = alerts.evidence(path, row)
    if row.get("why"):
        st.info(row["why"])
    a, b = st.columns([1, 2])
    a.metric("Confidence", ev.confidence)
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
        "Retail calendar ahead: " + (", ".join(f"{e.name} ({e.day})" for e in ev.events) or "—")
    )
    if row.get("source", "posts") != "posts":  # an imported series: no posts behind it
        b.markdown(f"**Imported series** ({row['source']} {row.get('metric', '')})")
        b.caption(
            "No posts behind this curve: the evidence is the score above (robust z-score of "
            f"the last {RECENT} weeks against the {BASELINE} before) and the curve below."
        )
    else:
        tables.show(
            pl.DataFrame(list(ev.spread), schema=["spread", "count"], orient="row"),
            target=a,
            width="content",
        )
        b.markdown(f"**Top posts (last {TOP_POSTS_WEEKS} weeks)**")
        components.posts_table(ev.top_posts)
        b.markdown(f"**First KOL post ({FIRST_KOL_WEEKS} weeks)**")
        if ev.first_kol.height:
            r = ev.first_kol.row(0, named=True)
            b.caption(f"{r['ts']} · {r['platform']} · engagement {r['engagement']}")
            b.text(r["text"])
        else:
            b.caption("no KOL post")
    seg_row = Segment(*(row[c] for c in SEGMENT_COLS))
    st.plotly_chart(figures.alert_chart(path, row["element"], seg_row), key="alert_forecast")
    st.caption(
        f"The alerted curve with its combined {HORIZON}-week forecast (80 % and 95 % bands)."
    )

st.subheader(labels.t("alert_backtest"))
bt = alerts.backtest(path)
if bt is not None:
    tables.show(alerts.scorecard(path))
    st.caption(
        f"Walk-forward replay, week by week, element × market series; an alert counts when a "
        f"breakout follows within {bt.horizon_days} days. Lead time = breakout − first alert."
    )
    matched = bt.baseline_at_matched_precision
    if matched is not None and bt.model.precision is not None:
        st.markdown(alerts.matched_sentence(bt.model, matched))
    tables.show(alerts.kinds_table(bt))
    st.caption(
        "Seasonal return = the curve moved the same way at the same weeks of an earlier "
        "year; new rise = otherwise. Precision of each kind's alerts; recall of each kind's "
        "breakouts."
    )
    st.plotly_chart(figures.lead_time_histogram(path), key="lead_hist")
    false = alerts.false_by_stage(bt)
    if false.height:
        st.markdown("**False alarms by the stage the curve was in when the alert fired**")
        tables.show(false, width="content")
