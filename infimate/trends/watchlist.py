"""The watchlist: starred elements and segments, and what changed since the last visit.

Saved beside the dataset as plain JSON (``<dataset>/watchlist.json``), written atomically
(a temporary file in the same folder, then ``os.replace``), so a crash never leaves half a
file. A file that cannot be read is moved aside to ``watchlist.json.bad`` (kept, not
deleted) and the watchlist starts empty; :func:`load` says so in its ``note``.

A **visit snapshot** records, for the watched segments (the whole market when none is
watched), every element's stage and level and the alerts in force. The next visit compares
the current snapshot with the previous one (:func:`changes`): alerts that are new, elements
whose stage changed, and the biggest movers in level. One watchlist per dataset: people who
share a dataset share its watchlist.

Example
-------
>>> import tempfile
>>> from infimate.trends.curves import Segment
>>> with tempfile.TemporaryDirectory() as d:
...     save(d, Watchlist(elements=("tweed",), segments=(Segment(market="US"),)))
...     load(d).watchlist.elements, load(d).watchlist.segments[0].market
(('tweed',), 'US')
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.trends.curves import Segment

FILE = "watchlist.json"
VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    """What a visit saw: ``at`` (UTC ISO time), the data's last week, per element × segment
    key (``element|market|crowd|scene|platform``) its stage and level, and alert keys."""

    at: str
    data_to: str | None
    stages: dict[str, str] = field(default_factory=dict)
    levels: dict[str, float] = field(default_factory=dict)
    alerts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Watchlist:
    elements: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = ()
    last_visit: Snapshot | None = None

    def star(self, element: str) -> Watchlist:
        return (
            self if element in self.elements else replace(self, elements=(*self.elements, element))
        )

    def unstar(self, element: str) -> Watchlist:
        return replace(self, elements=tuple(e for e in self.elements if e != element))

    def watch(self, segment: Segment) -> Watchlist:
        return (
            self if segment in self.segments else replace(self, segments=(*self.segments, segment))
        )

    def unwatch(self, segment: Segment) -> Watchlist:
        return replace(self, segments=tuple(s for s in self.segments if s != segment))


@dataclass(frozen=True)
class Loaded:
    watchlist: Watchlist
    note: str | None = None  # set when an unreadable file was moved aside


def seg_key(segment: Segment) -> str:
    return "|".join(getattr(segment, c) for c in SEGMENT_COLS)


def key_segment(key: str) -> Segment:
    return Segment(**dict(zip(SEGMENT_COLS, key.split("|"), strict=True)))


def _to_json(w: Watchlist) -> dict[str, Any]:
    snap = w.last_visit
    return {
        "version": VERSION,
        "elements": list(w.elements),
        "segments": [seg_key(s) for s in w.segments],
        "last_visit": None
        if snap is None
        else {
            "at": snap.at,
            "data_to": snap.data_to,
            "stages": snap.stages,
            "levels": snap.levels,
            "alerts": list(snap.alerts),
        },
    }


def _from_json(raw: dict[str, Any]) -> Watchlist:
    if raw.get("version") != VERSION:
        raise ValueError(f"unknown watchlist version {raw.get('version')!r}")
    snap = raw.get("last_visit")
    return Watchlist(
        elements=tuple(str(e) for e in raw.get("elements", [])),
        segments=tuple(key_segment(str(k)) for k in raw.get("segments", [])),
        last_visit=None
        if not snap
        else Snapshot(
            at=str(snap["at"]),
            data_to=snap.get("data_to"),
            stages={str(k): str(v) for k, v in snap.get("stages", {}).items()},
            levels={str(k): float(v) for k, v in snap.get("levels", {}).items()},
            alerts=tuple(str(a) for a in snap.get("alerts", [])),
        ),
    )


def load(dataset: str | Path) -> Loaded:
    """The dataset's watchlist (empty when there is none; see the module docstring)."""
    path = Path(dataset) / FILE
    if not path.exists():
        return Loaded(Watchlist())
    try:
        return Loaded(_from_json(json.loads(path.read_text(encoding="utf-8"))))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        aside = path.with_name(FILE + ".bad")
        os.replace(path, aside)
        return Loaded(Watchlist(), note=f"{FILE} could not be read ({exc}); moved to {aside.name}")


def save(dataset: str | Path, watchlist: Watchlist) -> None:
    """Write the watchlist atomically beside the dataset."""
    folder = Path(dataset)
    text = json.dumps(_to_json(watchlist), ensure_ascii=False, indent=1, sort_keys=True)
    fd, tmp = tempfile.mkstemp(prefix=".watchlist-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, folder / FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def alert_key(row: dict[str, Any]) -> str:
    parts = [str(row.get("element")), *(str(row.get(c, "all")) for c in SEGMENT_COLS)]
    return "|".join([*parts, str(row.get("date"))])


def snapshot(summaries: dict[Segment, pl.DataFrame], alerts: pl.DataFrame, *, at: str) -> Snapshot:
    """A visit snapshot from each watched segment's element summaries and current alerts."""
    stages: dict[str, str] = {}
    levels: dict[str, float] = {}
    weeks = []
    for seg, s in summaries.items():
        if s.is_empty():
            continue
        for r in s.select("element", "stage", "sov", "asof").iter_rows(named=True):
            k = f"{r['element']}|{seg_key(seg)}"
            stages[k] = r["stage"]
            if r["sov"] is not None:
                levels[k] = float(r["sov"])
            if r["asof"] is not None:
                weeks.append(r["asof"])
    last = str(max(weeks)) if weeks else None
    keys = tuple(sorted(alert_key(r) for r in alerts.iter_rows(named=True)))
    return Snapshot(at, last, stages, levels, keys)


@dataclass(frozen=True)
class Changes:
    new_alerts: tuple[str, ...]
    stage_changes: tuple[tuple[str, str, str], ...]  # (element|segment key, was, now)
    movers: tuple[tuple[str, float, float], ...]  # (key, was, now), biggest relative first


def changes(
    before: Snapshot, now: Snapshot, *, elements: tuple[str, ...] = (), top: int = 5
) -> Changes:
    """What differs between two visits (only ``elements`` when given).

    >>> a = Snapshot("t0", "2026-11-02", {"tweed|US|all|all|all": "emerging"},
    ...              {"tweed|US|all|all|all": 0.01})
    >>> b = Snapshot("t1", "2026-11-09", {"tweed|US|all|all|all": "rising"},
    ...              {"tweed|US|all|all|all": 0.02}, ("tweed|US|all|all|all|2026-11-09",))
    >>> c = changes(a, b)
    >>> c.new_alerts, c.stage_changes, c.movers
    (('tweed|US|all|all|all|2026-11-09',), (('tweed|US|all|all|all', 'emerging', 'rising'),), (('tweed|US|all|all|all', 0.01, 0.02),))
    """

    def kept(key: str) -> bool:
        return not elements or key.split("|", 1)[0] in elements

    new = tuple(a for a in now.alerts if a not in set(before.alerts) and kept(a))
    staged = tuple(
        (k, before.stages[k], s)
        for k, s in sorted(now.stages.items())
        if k in before.stages and before.stages[k] != s and kept(k)
    )
    moves = [
        (k, before.levels[k], v)
        for k, v in now.levels.items()
        if k in before.levels and before.levels[k] > 0 and v != before.levels[k] and kept(k)
    ]
    moves.sort(key=lambda m: abs(m[2] / m[1] - 1), reverse=True)
    return Changes(new, staged, tuple(moves[:top]))
