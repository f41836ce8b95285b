"""Fonts for the PDF report: a CJK-capable font found on this machine, plus a Latin one.

The PDF embeds (a subset of) real fonts so its text is text: selectable, searchable and
extractable. Chinese element names and copy need a CJK font; the first found of
:data:`CJK_FONTS` (Noto Sans CJK, WenQuanYi, Droid Sans Fallback, AR PL) under
:data:`FONT_DIRS` is used, then whatever ``fc-list :lang=zh`` names. Latin text uses
DejaVu Sans, Liberation Sans or Noto Sans when present (regular and bold), else the CJK
font itself. Without any CJK font :func:`find_fonts` raises a one-line
:class:`~infimate.errors.InfimateError` naming the Debian package to install.

Example
-------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as empty:
...     find_fonts((empty,), use_fc_list=False)  # doctest: +ELLIPSIS
Traceback (most recent call last):
infimate.errors.InfimateError: the PDF report needs a CJK font for Chinese text and none was found in ... install one (Debian: apt-get install fonts-wqy-microhei, or fonts-noto-cjk)
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from infimate.errors import InfimateError

BODY, CJK = "body", "cjk"  # the font families registered on a report's FPDF

FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    str(Path.home() / ".local/share/fonts"),
    str(Path.home() / ".fonts"),
)

#: (file name, font number in a collection), best first; Noto's collections hold SC at 2
CJK_FONTS: tuple[tuple[str, int], ...] = (
    ("NotoSansCJK-Regular.ttc", 2),
    ("NotoSansCJKsc-Regular.otf", 0),
    ("NotoSansSC-Regular.otf", 0),
    ("NotoSansSC-Regular.ttf", 0),
    ("wqy-microhei.ttc", 0),
    ("wqy-zenhei.ttc", 0),
    ("DroidSansFallbackFull.ttf", 0),
    ("DroidSansFallback.ttf", 0),
    ("uming.ttc", 0),
    ("ukai.ttc", 0),
)

#: (regular, bold) Latin faces, best first
LATIN_FONTS: tuple[tuple[str, str], ...] = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
)


@dataclass(frozen=True)
class FontFile:
    path: Path
    number: int = 0  # the font's index inside a .ttc collection


@dataclass(frozen=True)
class Fonts:
    """The font files of one report: Latin regular and bold, and the CJK fallback."""

    regular: FontFile
    bold: FontFile
    cjk: FontFile


def _index(dirs: Sequence[str]) -> dict[str, Path]:
    """File name -> first path with that name under ``dirs`` (sorted, so deterministic)."""
    found: dict[str, Path] = {}
    for d in dirs:
        root = Path(d)
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            if p.suffix.lower() in (".ttf", ".otf", ".ttc") and p.is_file():
                found.setdefault(p.name, p)
    return found


def _fc_list_cjk() -> FontFile | None:
    """The first TrueType/OpenType file ``fc-list :lang=zh`` names (None without fc-list)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    for f in files:
        if f.lower().endswith((".ttf", ".otf", ".ttc")) and Path(f).is_file():
            return FontFile(Path(f))
    return None


@lru_cache(maxsize=4)
def find_fonts(dirs: Sequence[str] = FONT_DIRS, *, use_fc_list: bool = True) -> Fonts:
    """The fonts to embed (see the module docstring); raises when no CJK font exists."""
    files = _index(dirs)
    cjk = next((FontFile(files[n], i) for n, i in CJK_FONTS if n in files), None)
    if cjk is None and use_fc_list:
        cjk = _fc_list_cjk()
    if cjk is None:
        raise InfimateError(
            "the PDF report needs a CJK font for Chinese text and none was found in "
            f"{', '.join(dirs)} or by fc-list; install one (Debian: apt-get install "
            "fonts-wqy-microhei, or fonts-noto-cjk)"
        )
    for reg, bold in LATIN_FONTS:
        if reg in files and bold in files:
            return Fonts(FontFile(files[reg]), FontFile(files[bold]), cjk)
    return Fonts(cjk, cjk, cjk)


def register(pdf: FPDF, fonts: Fonts | None = None) -> None:
    """Add the report fonts to ``pdf`` (families :data:`BODY` and :data:`CJK`, each regular
    and bold) and select BODY. Choose the family per text with :func:`use_font`."""
    f = fonts or find_fonts()
    faces = ((BODY, "", f.regular), (BODY, "B", f.bold), (CJK, "", f.cjk), (CJK, "B", f.cjk))
    for family, style, file in faces:
        try:
            pdf.add_font(family, style, str(file.path), collection_font_number=file.number)
        except Exception as exc:  # fontTools raises many types on a broken file
            raise InfimateError(
                f"{file.path}: cannot load this font for the PDF report ({type(exc).__name__})"
            ) from exc
    pdf.set_fallback_fonts([CJK, BODY], exact_match=False)  # only for glyphs a family lacks
    pdf.set_font(BODY, size=9)


def family_for(pdf: FPDF, text: str) -> str:
    """:data:`BODY` when its font has every character of ``text``, else :data:`CJK`.

    One family per text run: fpdf2 can lose the font of a line that starts in the main
    font after a line that ended in a fallback font, so fallbacks are kept for the rare
    glyph and a Chinese run is set in the CJK font as a whole.
    """
    cmap = getattr(pdf.fonts.get(BODY), "cmap", None)
    if not cmap:
        return CJK
    return BODY if all(ord(c) in cmap for c in text if not c.isspace()) else CJK


def use_font(pdf: FPDF, text: str, style: str = "", size: float = 0) -> None:
    """Select the family for ``text`` (:func:`family_for`) with this style and size."""
    pdf.set_font(family_for(pdf, text), style, size)
