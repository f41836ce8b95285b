"""Report fixtures: the tiny imported dataset and per-market imports, built once per module."""

from __future__ import annotations

import pytest

from infimate.data.datasets import Dataset
from tests.fixtures.imported_world import write_per_market
from tests.fixtures.report_world import write_tiny


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Dataset:
    """Imported weekly series: tiffany_blue flat, butter_yellow and an evil free term ramping."""
    return write_tiny(Dataset(tmp_path_factory.mktemp("report") / "tiny"))


@pytest.fixture(scope="module")
def per_market(tmp_path_factory) -> Dataset:
    return write_per_market(Dataset(tmp_path_factory.mktemp("report") / "per_market"))
