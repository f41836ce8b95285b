"""The README's dashboard-render rows, generated from ``bench/results/render.json``.

``python -m infimate bench render --markdown`` prints a Markdown section: one row
per page (page switch and full load in Chromium, shown/drawn and settled; warm
server-side p50; cold first visit) and the filter-change, concurrency and cold-Overview
figures, each against its target; then, when the JSON has them, issue #22's per-page
targets (warm page switch ≤ 1 s, first visit in a new session ≤ 3 s), met or not. Output depends only on the JSON (deterministic), like
:mod:`infimate.benchmarks.table`.

Example
-------
>>> print(render_markdown({"pages": [], "warm_render_ms": {}}))   # doctest: +ELLIPSIS
### Dashboard render...
"""

from __future__ import annotations

from typing import Any


def _ms(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def _met(x: bool | None) -> str:
    return "—" if x is None else ("met" if x else "**not met**")


def issue_targets(r: dict[str, Any]) -> list[str]:
    """Issue #22's per-page rows: switch settled p95 ≤ 1 s, first visit in a new session
    (settled p95) ≤ 3 s, and the cold-server first visit beside it (reported, no target).
    Empty for a JSON from before these were measured.

    >>> r = {"pages": ["trends"], "first_visit_settled_ms": {"trends": {"p95": 3120.0}},
    ...      "switch_page_settled_ms": {"trends": {"p95": 640.0}}, "cold_render_ms": {},
    ...      "meets_per_page": {"trends": {"switch": True, "first_visit": False}}}
    >>> issue_targets(r)[-1]
    '| trends | 640 | met | — | 3,120 | **not met** | — (—) | — |'
    >>> issue_targets({"pages": ["trends"]})
    []
    """
    first = r.get("first_visit_settled_ms")
    if not first:
        return []
    drawn, switched = r.get("first_visit_drawn_ms", {}), r.get("switch_page_settled_ms", {})
    cold, per_page = r.get("cold_render_ms", {}), r.get("meets_per_page", {})
    meets = r.get("meets", {})
    yes = {True: "met", False: "**not met**"}
    lines = [
        "",
        "Issue #22 targets, every page: warm page switch ≤ 1 s "
        f"({yes.get(meets.get('switch_page_1s'), '—')}) and first visit ≤ 3 s "
        f"({yes.get(meets.get('first_visit_3s'), '—')}). Switch = the sidebar click above "
        "(settled p95). First visit = a new browser session opening the page's URL on the "
        "running server, other sessions' caches warm (settled p95, "
        f"{r.get('first_visits_per_page', '—')} sessions per page): the target applies to "
        "this. Cold server = the page's first visit since the server started (one session, "
        "pages in menu order, drawn), reported honestly but not held to the target "
        f"(≤ 3 s on every page: {yes.get(meets.get('cold_server_3s'), '—')}). Long tasks = "
        "the renderer's main thread busy ≥ 50 ms at a stretch during a first visit (script "
        "compile and run, chart drawing): the browser-side share of the time.",
        "",
        "| page | switch settled p95 | ≤ 1 s | first visit drawn p95 "
        "| first visit settled p95 | ≤ 3 s | first visit long tasks p50 (longest) "
        "| cold server drawn |",
        "|---|---|---|---|---|---|---|---|",
    ]
    busy = r.get("first_visit_long_tasks_ms", {})
    for page in r.get("pages", []):
        m = per_page.get(page, {})
        lines.append(
            f"| {page} | {_ms(switched.get(page, {}).get('p95'))} | {_met(m.get('switch'))} "
            f"| {_ms(drawn.get(page, {}).get('p95'))} | {_ms(first.get(page, {}).get('p95'))} "
            f"| {_met(m.get('first_visit'))} "
            f"| {_ms(busy.get(page, {}).get('total', {}).get('p50'))} "
            f"({_ms(busy.get(page, {}).get('longest', {}).get('p50'))}) "
            f"| {_ms(cold.get(page))} |"
        )
    return lines


def render_markdown(r: dict[str, Any]) -> str:
    """The dashboard-render section of the README from one render result."""
    warm, settled = r.get("warm_render_ms", {}), r.get("warm_render_settled_ms", {})
    shown, switched = r.get("switch_page_shown_ms", {}), r.get("switch_page_settled_ms", {})
    server, cold = r.get("warm_server_ms", {}), r.get("cold_render_ms", {})
    lines = [
        "### Dashboard render (default 700k-post demo, real Chromium)",
        "",
        "`python -m infimate bench render --save` → `bench/results/render.json` "
        f"(load average {r.get('load_average_1m_at_start', '—')} at start, "
        f"{r.get('load_average_1m_at_end', '—')} at end, after the benchmark's own "
        "concurrent sessions; 2 cores)",
        "",
        "Page switch = click in the sidebar with the app open; full load = a new browser "
        "document. Shown/drawn = title in place and script run finished; settled = the "
        "browser's main thread calm after it (charts painted). All ms.",
        "",
        "| page | switch shown p95 | switch settled p50 | switch settled p95 "
        "| full load drawn p95 | full load settled p95 | server-side p50 | cold first visit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page in r.get("pages", []):
        a, b = shown.get(page, {}), switched.get(page, {})
        w, s, v = warm.get(page, {}), settled.get(page, {}), server.get(page, {})
        lines.append(
            f"| {page} | {_ms(a.get('p95'))} | {_ms(b.get('p50'))} | {_ms(b.get('p95'))} "
            f"| {_ms(w.get('p95'))} | {_ms(s.get('p95'))} | {_ms(v.get('p50'))} "
            f"| {_ms(cold.get(page))} |"
        )
    f = r.get("filter_change_server_ms", {}).get("warm_ms", {})
    fb = r.get("filter_change_browser_ms", {})
    c = r.get("concurrent", {})
    meets = r.get("meets", {})
    yes = {True: "met", False: "not met"}
    lines += [
        "",
        f"Targets: warm render p95 ≤ 2,000 ms — page switch settled "
        f"({yes.get(meets.get('switch_page_settled'), '—')}); full load drawn "
        f"({yes.get(meets.get('warm_render'), '—')}), full load settled "
        f"({yes.get(meets.get('warm_render_settled'), '—')}); "
        f"filter change on Overview ≤ 300 ms server-side, warm: p95 {_ms(f.get('p95'))} ms "
        f"({yes.get(meets.get('filter_change_server'), '—')}; in the browser p95 "
        f"{_ms(fb.get('p95'))} ms); {c.get('sessions', '—')} concurrent sessions: "
        f"{c.get('errors', '—')} errors in {c.get('seconds', '—')} s "
        f"({yes.get(meets.get('concurrent_sessions'), '—')}). Cold Overview (fresh server, "
        f"empty caches): drawn in {_ms(cold.get('overview'))} ms; the hit model was "
        + (
            "read back from the copy saved beside the dataset by an earlier run"
            if r.get("hit_model_saved_before_run")
            else "fitted in the background (no saved copy yet)"
        )
        + f" and its scorecard showed at {_ms(r.get('cold_overview_scorecard_ms'))} ms.",
    ]
    return "\n".join([*lines, *issue_targets(r)]) + "\n"
