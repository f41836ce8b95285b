"""Report PDF (built with Chromium): opens and has pages, also for a segment without series."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from infimate.report.build import build_report


def _has_chromium() -> bool:
    return Path("/usr/bin/chromium").exists() or shutil.which("chromium") is not None


needs_chromium = pytest.mark.skipif(
    not _has_chromium() and not os.environ.get("CI"),
    reason="PDF export needs Debian chromium (make browser); CI installs it",
)


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@needs_chromium
def test_pdf_opens_and_has_pages(tiny):
    data = build_report(tiny, fmt="pdf")
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")
    assert _pdf_pages(data) >= 1


@needs_chromium
def test_pdf_of_a_segment_without_series_explains_it(per_market):
    assert build_report(per_market, fmt="pdf").startswith(b"%PDF")
