"""Hit fixtures: the post world with planted hit elements, built once per module."""

from __future__ import annotations

import pytest

from tests.fixtures.hit_world import post_world


@pytest.fixture(scope="module")
def world():
    return post_world(seed=3)
