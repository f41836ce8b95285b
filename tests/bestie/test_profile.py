"""Shopper profile: JSON round trip and errors that name the bad field or file."""

from __future__ import annotations

import pytest

from infimate.bestie.profile import Profile, ProfileError
from infimate.errors import DataFileError
from tests.fixtures.bestie_world import PEAR


def test_profile_json_round_trip_and_errors(tmp_path):
    assert Profile.from_json(PEAR.to_json()) == PEAR
    assert Profile.from_dict({"likes": "butter_yellow; camel"}).likes == ("butter_yellow", "camel")
    with pytest.raises(ProfileError, match="body_shape 'round'"):
        Profile(body_shape="round")
    with pytest.raises(ProfileError, match="budget_total"):
        Profile(budget_total=-5)
    with pytest.raises(ProfileError, match="unknown profile field"):
        Profile.from_dict({"body": "pear"})
    with pytest.raises(DataFileError, match="file not found"):
        Profile.load(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid JSON"):
        Profile.load(bad)
