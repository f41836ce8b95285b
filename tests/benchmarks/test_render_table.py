"""The README's render section is generated from the benchmark JSON only (known answers)."""

from infimate.benchmarks.render_table import render_markdown

RESULT = {
    "pages": ["overview", "trends"],
    "load_average_1m_at_start": 1.5,
    "load_average_1m_at_end": 2.0,
    "switch_page_shown_ms": {"overview": {"p95": 700.0}, "trends": {"p95": 1100.0}},
    "switch_page_settled_ms": {
        "overview": {"p50": 650.0, "p95": 720.0},
        "trends": {"p50": 1000.0, "p95": 2150.4},
    },
    "warm_render_ms": {"overview": {"p95": 900.0}, "trends": {"p95": 1234.0}},
    "warm_render_settled_ms": {"overview": {"p95": 1300.0}, "trends": {"p95": 2600.0}},
    "warm_server_ms": {"overview": {"p50": 80.0}, "trends": {"p50": 120.0}},
    "cold_render_ms": {"overview": 10400.0},
    "filter_change_server_ms": {"warm_ms": {"p95": 58.0}},
    "filter_change_browser_ms": {"p95": 448.0},
    "concurrent": {"sessions": 10, "errors": 0, "seconds": 30.1},
    "meets": {
        "switch_page_settled": False,
        "warm_render": True,
        "warm_render_settled": False,
        "filter_change_server": True,
        "concurrent_sessions": True,
    },
    "hit_model_saved_before_run": True,
    "cold_overview_scorecard_ms": 13100.0,
}


def test_rows_and_verdicts_come_from_the_json() -> None:
    text = render_markdown(RESULT)
    assert text == render_markdown(RESULT)  # deterministic
    assert "| overview | 700 | 650 | 720 | 900 | 1,300 | 80 | 10,400 |" in text
    assert "| trends | 1,100 | 1,000 | 2,150 | 1,234 | 2,600 | 120 | — |" in text
    assert "page switch settled (not met)" in text
    assert "full load drawn (met)" in text
    assert "full load settled (not met)" in text
    assert "p95 58 ms (met" in text
    assert "10 concurrent sessions: 0 errors in 30.1 s (met)" in text
    assert "load average 1.5 at start" in text


def test_missing_figures_show_a_dash() -> None:
    text = render_markdown({"pages": ["alerts"]})
    assert "| alerts | — | — | — | — | — | — | — |" in text
