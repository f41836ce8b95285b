"""Shared fixtures. No test touches the internet."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


@pytest.fixture
def shared_trends() -> Path:
    """The real Google Trends file from ../shared/data (skips cleanly when absent)."""
    p = SHARED_DATA / "google-trends-garments-32-countries.csv"
    if not p.exists():
        pytest.skip(f"real data not present at {p}")
    return p
