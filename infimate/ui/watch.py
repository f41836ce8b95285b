"""Overview's watchlist: star elements and segments; "since your last visit".

The watchlist lives beside the dataset (:mod:`infimate.trends.watchlist`, plain JSON written
atomically), so it survives a server restart. The first Overview run of a browser session
reads the previous visit's snapshot and saves the current one; for the rest of the session
the page compares against that previous visit.

Example (not run: needs a running Streamlit session)
----------------------------------------------------
>>> since_last_visit("data/demo", Segment())  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import polars as pl
import streamlit as st

from infimate.errors import InfimateError
from infimate.trends import watchlist as wl
from infimate.trends.curves import Segment
from infimate.ui import cached, labels, words
from infimate.ui.alerts import alerts
from infimate.ui.compare import segment_words
from infimate.ui.components import display_names
from infimate.ui.tables import when


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current(path: str) -> wl.Watchlist:
    """The dataset's watchlist (a note shown once when an unreadable file was moved aside)."""
    loaded = wl.load(path)
    if loaded.note:
        st.warning(labels.tf("watch_bad_file", note=loaded.note), icon="⚠️")
    return loaded.watchlist


def _snapshot(path: str, segments: list[Segment]) -> wl.Snapshot:
    try:
        fired = alerts(path)
    except InfimateError:
        fired = pl.DataFrame()
    return wl.snapshot({s: cached.summaries(path, s) for s in segments}, fired, at=_now())


def editor(path: str, seg: Segment, options: list[str]) -> wl.Watchlist:
    """Starred elements (multiselect) and a toggle to watch the current segment; saved on
    every change."""
    w = current(path)
    names = display_names(path)
    starred = st.multiselect(
        labels.t("watch_elements"),
        sorted(set(options) | set(w.elements), key=lambda e: names.get(e, e)),
        default=list(w.elements),
        format_func=lambda e: names.get(e, e),
        key="watch_elements",
    )
    watched = st.toggle(
        labels.tf("watch_segment", segment=segment_words(seg)),
        value=seg in w.segments,
        key=f"watch_seg_{wl.seg_key(seg)}",
    )
    new = replace(w, elements=tuple(starred))
    new = new.watch(seg) if watched else new.unwatch(seg)
    if new != w:
        wl.save(path, new)
    others = [segment_words(s) for s in new.segments if s != seg]
    if others:
        st.caption(labels.tf("watch_other_segments", segments="; ".join(others)))
    return new


def since_last_visit(path: str, seg: Segment, w: wl.Watchlist) -> None:
    """New alerts, stage changes and biggest movers since the previous visit."""
    visits = st.session_state.setdefault("previous_visit", {})
    segments = list(dict.fromkeys([*w.segments, seg]))
    now = _snapshot(path, segments)
    if path not in visits:  # first Overview run of this session: keep the old, save the new
        visits[path] = w.last_visit
        wl.save(path, replace(w, last_visit=now))
    before: wl.Snapshot | None = visits[path]
    st.subheader(labels.t("watch_since"))
    if before is None:
        st.caption(labels.t("watch_first_visit"))
        return
    ch = wl.changes(before, now, elements=w.elements)
    scope = labels.t("watch_scope_starred") if w.elements else labels.t("watch_scope_all")
    st.caption(
        labels.tf(
            "watch_since_note",
            at=when(before.at),
            then=before.data_to or "—",
            now=now.data_to or "—",
            scope=scope,
        )
    )
    cols = st.columns(3)
    cols[0].metric(labels.t("watch_new_alerts"), len(ch.new_alerts))
    cols[1].metric(labels.t("watch_stage_changes"), len(ch.stage_changes))
    cols[2].metric(labels.t("watch_movers"), len(ch.movers))
    if not (ch.new_alerts or ch.stage_changes or ch.movers):
        st.caption(labels.tf("watch_nothing_new", week=now.data_to or "—"))
        return
    _changes_table(path, ch)


def _where(key: str) -> tuple[str, str]:
    element, rest = key.split("|", 1)
    seg = wl.key_segment("|".join(rest.split("|")[:4]))
    return element, segment_words(seg)


def _changes_table(path: str, ch: wl.Changes) -> None:
    names = display_names(path)
    rows = []
    for a in ch.new_alerts:
        el, where = _where(a)
        rows.append((labels.t("watch_new_alert"), names.get(el, el), where, a.rsplit("|", 1)[1]))
    for k, was, is_ in ch.stage_changes:
        el, where = _where(k)
        change = f"{words.value('stage', was)} → {words.value('stage', is_)}"
        rows.append((labels.t("watch_stage_change"), names.get(el, el), where, change))
    for k, before, after in ch.movers:
        el, where = _where(k)
        rows.append(
            (labels.t("watch_mover"), names.get(el, el), where, f"{after / before - 1:+.0%}")
        )
    cols = ("what", "element", "where", "change")
    frame = pl.DataFrame(rows, schema=list(cols), orient="row")
    config = {c: st.column_config.TextColumn(labels.t(f"watch_col_{c}")) for c in cols}
    st.dataframe(frame, hide_index=True, column_config=config, key="watch_changes")
