"""Reading report PDFs back in tests: page texts (pypdf), and the skip without a CJK font."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader

from infimate.errors import InfimateError
from infimate.report.fonts import find_fonts


def _has_cjk_font() -> bool:
    try:
        find_fonts()
    except InfimateError:
        return False
    return True


#: rendering a PDF needs a CJK font; skip without one, except under CI where it is installed
needs_cjk_font = pytest.mark.skipif(
    not _has_cjk_font() and not os.environ.get("CI"),
    reason="the PDF report needs a CJK font (make browser installs fonts-wqy-microhei)",
)


def pages(data: bytes) -> list[str]:
    """The text of each page (asserting the bytes are a whole PDF)."""
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Whitespace folded to single spaces (a wrapped cell reads as one line)."""
    return " ".join(text.split())
