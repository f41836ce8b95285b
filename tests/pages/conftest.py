"""AppTest helpers: open a page of app.py, read its plotly charts.

The datasets (``demo``, ``empty_dataset``) are the shared fixtures of ``tests/conftest.py``;
each clears ``st.cache_data`` and points ``INFIMATE_DATA`` at its dataset.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def open_page(page: str, *, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run app.py, switch to ``page`` and run it (no exception allowed)."""
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plotly_specs(at: AppTest) -> list[dict]:
    """The JSON specs of every plotly chart on the page."""
    import json

    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def named(elements) -> list[str]:
    """Element ids as the tables show them: the built-in lexicon's English names."""
    from infimate.elements.lexicon import builtin_lexicon

    names = dict(builtin_lexicon().select("element_id", "name_en").rows())
    return [names.get(e, e) for e in elements]
