"""Writer plumbing (infimate.copywriting.writer): write() results and accumulating a stream."""

from __future__ import annotations

from infimate.copywriting.providers import get_writer
from infimate.copywriting.writer import RESTART, accumulate, write
from tests.fixtures.copy_briefs import BRIEFS


def test_write_returns_result_without_flags() -> None:
    r = write(get_writer("offline", seed=3), BRIEFS[0], voice="bestie", fmt="hook", lang="en")
    assert r.provider == "offline" and r.flags == () and not r.fallback
    assert set(r.as_json()) >= {"text", "flags", "provider", "fallback"}


def test_accumulate_discards_text_before_restart() -> None:
    assert list(accumulate(["ab", "c", RESTART, "x", "y"])) == ["ab", "abc", "", "x", "xy"]
