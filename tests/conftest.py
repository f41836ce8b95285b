"""Shared fixtures: the real Google Trends file, a small demo world once per session, an
empty dataset. No test touches the internet."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
DEMO_POSTS = 60_000
sys.path.insert(0, str(ROOT))
# CI replays the same property-test examples every run (a failure there is reproducible);
# local runs keep exploring new ones
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def shared_trends() -> Path:
    """The real Google Trends file from ../shared/data (skips cleanly when absent)."""
    p = SHARED_DATA / "google-trends-garments-32-countries.csv"
    if not p.exists():
        pytest.skip(f"real data not present at {p}")
    return p


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m infimate demo --posts 60000`` into a temp dir, once per session."""
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
def demo(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The session's demo world as ``INFIMATE_DATA``, with streamlit's data cache cleared."""
    monkeypatch.setenv("INFIMATE_DATA", str(demo_dir))
    st.cache_data.clear()
    yield demo_dir
    st.cache_data.clear()


@pytest.fixture
def empty_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A dataset directory with only a manifest, as ``INFIMATE_DATA``."""
    from infimate.data.datasets import Dataset

    d = Dataset(tmp_path / "data" / "empty").create().path
    monkeypatch.setenv("INFIMATE_DATA", str(d))
    st.cache_data.clear()
    yield d
    st.cache_data.clear()
