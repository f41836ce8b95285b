"""The brand a report is made for: a name and an optional logo, checked before any work.

:func:`load_brand` validates both up front (so a bad ``--logo`` fails in a second, not
after the briefing is collected): the name is one line of at most :data:`MAX_NAME`
characters, the logo any image Pillow reads (PNG, JPEG, …), re-encoded as a PNG of at
most :data:`MAX_LOGO_PX` pixels a side — so neither renderer ever embeds the user's bytes
as given.

Example
-------
>>> import io
>>> from PIL import Image
>>> buf = io.BytesIO()
>>> Image.new("RGB", (1200, 300), "navy").save(buf, "PNG")
>>> b = load_brand("  Maison Lumière ", buf.getvalue())
>>> b.name, b.logo_size, b.logo_png[:4]
('Maison Lumière', (600, 150), b'\\x89PNG')
>>> load_brand(None, None) is None
True
>>> load_brand("x", b"not an image")
Traceback (most recent call last):
infimate.errors.InfimateError: logo: not an image Pillow can read (use a PNG or JPEG file)
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from infimate.errors import InfimateError

MAX_NAME = 80
MAX_LOGO_PX = 600
MAX_LOGO_BYTES = 20_000_000


@dataclass(frozen=True)
class Brand:
    """A brand name (may be empty when only a logo is given) and its logo as PNG bytes."""

    name: str
    logo_png: bytes | None = None
    logo_size: tuple[int, int] = (0, 0)  # pixels


def _logo(logo: str | Path | bytes) -> tuple[bytes, tuple[int, int]]:
    if isinstance(logo, bytes):
        data, label = logo, "logo"
    else:
        path = Path(logo)
        if not path.is_file():
            raise InfimateError(f"{path}: no such logo file")
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise InfimateError(f"{path}: logo larger than {MAX_LOGO_BYTES // 1_000_000} MB")
        data, label = path.read_bytes(), str(path)
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            img = im.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InfimateError(
            f"{label}: not an image Pillow can read (use a PNG or JPEG file)"
        ) from exc
    img.thumbnail((MAX_LOGO_PX, MAX_LOGO_PX))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue(), img.size


def load_brand(name: str | None, logo: str | Path | bytes | None) -> Brand | None:
    """The checked brand, or None when neither a name nor a logo is given."""
    text = " ".join((name or "").split())
    if len(text) > MAX_NAME:
        raise InfimateError(f"brand name longer than {MAX_NAME} characters")
    if not text and logo is None:
        return None
    if logo is None:
        return Brand(text)
    png, size = _logo(logo)
    return Brand(text, png, size)
