"""Report brand (report.brand): the name and logo are checked before any work is done."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from infimate.errors import InfimateError
from infimate.report.brand import MAX_LOGO_PX, load_brand


def _png(size=(40, 20), color="teal", fmt="PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


def test_name_is_one_trimmed_line():
    assert load_brand("  Maison\n Lumière  ", None).name == "Maison Lumière"
    assert load_brand("", None) is None and load_brand("   ", None) is None
    with pytest.raises(InfimateError, match="longer than 80"):
        load_brand("x" * 81, None)


def test_logo_from_a_file_is_re_encoded_as_png(tmp_path):
    jpg = tmp_path / "logo.jpg"
    jpg.write_bytes(_png((2000, 500), fmt="JPEG"))
    b = load_brand(None, jpg)
    assert b is not None and b.name == "" and b.logo_png.startswith(b"\x89PNG")
    assert b.logo_size == (MAX_LOGO_PX, MAX_LOGO_PX // 4)
    assert Image.open(io.BytesIO(b.logo_png)).size == b.logo_size


def test_bad_logos_fail_with_one_line(tmp_path):
    with pytest.raises(InfimateError, match="no such logo file"):
        load_brand("x", tmp_path / "missing.png")
    fake = tmp_path / "fake.png"
    fake.write_text("<svg onload=alert(1)>")
    with pytest.raises(InfimateError, match="not an image Pillow can read"):
        load_brand("x", fake)
