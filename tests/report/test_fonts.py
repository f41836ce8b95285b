"""PDF fonts (report.fonts): a CJK font is found or the error says what to install."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fpdf import FPDF

from infimate.errors import InfimateError
from infimate.report import fonts


def _cjk_file() -> Path:
    try:
        return fonts.find_fonts().cjk.path
    except InfimateError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no CJK font on this machine: {exc}")


def test_no_cjk_font_is_one_line_naming_the_package(tmp_path):
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")  # a Latin font alone is not enough
    with pytest.raises(InfimateError) as err:
        fonts.find_fonts((str(tmp_path),), use_fc_list=False)
    msg = str(err.value)
    assert "\n" not in msg
    assert "CJK font" in msg and "fonts-wqy-microhei" in msg and "fonts-noto-cjk" in msg


def test_the_cjk_font_also_sets_latin_text_when_no_latin_font_is_there(tmp_path):
    src = _cjk_file()
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / src.name).symlink_to(src)
    found = fonts.find_fonts((str(tmp_path),), use_fc_list=False)
    assert found.cjk.path.name == src.name
    assert found.regular == found.bold == found.cjk


def test_known_cjk_files_are_preferred_in_order(tmp_path):
    src = _cjk_file()
    for name, _ in fonts.CJK_FONTS[-2:]:  # the least preferred two, as stand-ins
        (tmp_path / name).symlink_to(src)
    found = fonts.find_fonts((str(tmp_path),), use_fc_list=False)
    assert found.cjk.path.name == fonts.CJK_FONTS[-2][0]


def test_chinese_runs_are_set_in_the_cjk_family():
    _cjk_file()
    pdf = FPDF()
    fonts.register(pdf)
    assert fonts.family_for(pdf, "butter yellow — 4% · →") == fonts.BODY
    assert fonts.family_for(pdf, "奶油黄 #OOTD") == fonts.CJK
    assert fonts.family_for(pdf, "Double 11 (双11)") == fonts.CJK
