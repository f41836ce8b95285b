"""AppTest fixtures: a small demo world generated once per session, and an empty dataset.

Every page test clears ``st.cache_data`` and points ``INFIMATE_DATA`` at its dataset.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DEMO_POSTS = 60_000


def _missing_backends() -> list[str]:
    need = (("infimate.tagging", "tag_dataset"), ("infimate.lexicon", "load_lexicon"))
    missing = []
    for mod, attr in need:
        if importlib.util.find_spec(mod) is None or not hasattr(importlib.import_module(mod), attr):
            missing.append(f"{mod}.{attr}")
    return missing


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """``python -m infimate demo --posts 60000`` into a temp dir, once per session."""
    missing = _missing_backends()
    if missing:
        pytest.skip(f"demo generator needs {', '.join(missing)} (not written yet)")
    out = tmp_path_factory.mktemp("demo") / "demo"
    res = subprocess.run(
        [sys.executable, "-m", "infimate", "demo", "--out", str(out), "--posts", str(DEMO_POSTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    return out


@pytest.fixture
def demo(demo_dir, monkeypatch) -> Path:
    monkeypatch.setenv("INFIMATE_DATA", str(demo_dir))
    st.cache_data.clear()
    yield demo_dir
    st.cache_data.clear()


@pytest.fixture
def empty_dataset(tmp_path, monkeypatch) -> Path:
    from infimate.datasets import Dataset

    d = tmp_path / "data" / "empty"
    d.mkdir(parents=True)
    ds = Dataset(d)
    ds.save_manifest(ds.manifest())
    monkeypatch.setenv("INFIMATE_DATA", str(d))
    st.cache_data.clear()
    yield d
    st.cache_data.clear()


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
