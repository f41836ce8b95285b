"""Colour space maths: hex ↔ sRGB, sRGB → CIELAB (D65) and the CIEDE2000 difference.

Colour difference is **CIEDE2000** (Sharma, Wu & Dalal 2005) on CIELAB (D65, sRGB).
As a rule of thumb ΔE00 < 1 is invisible, 2–10 is "similar at a glance", > 12 is a
different named colour. Everything here is vectorised numpy (no Pillow).

Example
-------
>>> hex_to_rgb("#0ABAB5"), rgb_to_hex((10, 186, 181))
((10, 186, 181), '#0ABAB5')
>>> round(float(ciede2000(srgb_to_lab((10, 186, 181)), srgb_to_lab((12, 180, 178)))), 2) < 2
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

# D65 reference white (CIE 1931 2°), sRGB -> XYZ matrix (IEC 61966-2-1).
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])
_SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)


def hex_to_rgb(hex_code: str) -> tuple[int, int, int]:
    """``"#0ABAB5"`` -> ``(10, 186, 181)``; raises ``ValueError`` on a malformed code."""
    h = hex_code.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6:
        raise ValueError(f"not a hex colour: {hex_code!r}")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def rgb_to_hex(rgb: tuple[int, int, int] | np.ndarray) -> str:
    """``(10, 186, 181)`` -> ``"#0ABAB5"``."""
    r, g, b = (int(np.clip(round(float(v)), 0, 255)) for v in rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


def srgb_to_lab(rgb: np.ndarray | tuple[float, float, float]) -> np.ndarray:
    """sRGB (0–255, shape ``(..., 3)``) to CIELAB (D65), same leading shape.

    Example
    -------
    >>> (srgb_to_lab((255, 255, 255)).round(2) + 0.0).tolist()
    [100.0, 0.0, 0.0]
    """
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = lin @ _SRGB_TO_XYZ.T / _WHITE_D65
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    lab = np.stack(
        [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])],
        axis=-1,
    )
    return lab + 0.0  # turn -0.0 into 0.0


def ciede2000(
    lab1: np.ndarray | tuple[float, float, float],
    lab2: np.ndarray | tuple[float, float, float],
    *,
    kl: float = 1.0,
    kc: float = 1.0,
    kh: float = 1.0,
) -> np.ndarray:
    """CIEDE2000 colour difference, vectorised and broadcasting over ``(..., 3)`` arrays.

    Implements Sharma, Wu & Dalal (2005), eqs. 1–22, including the hue-angle edge cases
    (C' = 0 and |Δh'| > 180°).

    Example
    -------
    >>> round(float(ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485))), 4)
    2.0425
    """
    a = np.asarray(lab1, dtype=np.float64)
    b = np.asarray(lab2, dtype=np.float64)
    l1, a1, b1 = a[..., 0], a[..., 1], a[..., 2]
    l2, a2, b2 = b[..., 0], b[..., 1], b[..., 2]
    p25 = 25.0**7
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + p25)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    h1p = np.where((a1p == 0) & (b1 == 0), 0.0, h1p)
    h2p = np.where((a2p == 0) & (b2 == 0), 0.0, h2p)
    zero_c = (c1p * c2p) == 0

    dl = l2 - l1
    dc = c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(zero_c, 0.0, dh)
    d_big_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))

    l_bar = (l1 + l2) / 2
    cp_bar = (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_bar = np.where(
        np.abs(h1p - h2p) <= 180,
        h_sum / 2,
        np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2),
    )
    h_bar = np.where(zero_c, h_sum, h_bar)
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_bar**7 / (cp_bar**7 + p25))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    tl, tc, th = dl / (kl * s_l), dc / (kc * s_c), d_big_h / (kh * s_h)
    de: np.ndarray = np.sqrt(tl**2 + tc**2 + th**2 + r_t * tc * th)
    return de


def distinct_colors(
    elements: Sequence[str],
    own: Mapping[str, str] | None,
    palette: Sequence[str],
    *,
    min_delta_e: float = 20.0,
) -> dict[str, str]:
    """A line colour per element: a colour element keeps its own hex (``own``), the others
    take the next ``palette`` colour at least ``min_delta_e`` (CIEDE2000) from every colour
    already used, so two selected elements never look alike (Tiffany blue and coquette).

    >>> distinct_colors(["tiffany_blue", "coquette"], {"tiffany_blue": "#0ABAB5"},
    ...                 ["#00CC96", "#636EFA"])
    {'tiffany_blue': '#0ABAB5', 'coquette': '#636EFA'}
    """
    mine = {e: str(own[e]) for e in elements if own and own.get(e)}
    used = [srgb_to_lab(hex_to_rgb(c)) for c in mine.values()]
    spare = list(palette)
    out: dict[str, str] = {}
    for e in elements:
        if e in mine:
            out[e] = mine[e]
            continue
        far = [
            c
            for c in spare
            if all(float(ciede2000(srgb_to_lab(hex_to_rgb(c)), u)) >= min_delta_e for u in used)
        ]
        pick = (far or spare or list(palette))[0]
        if pick in spare:
            spare.remove(pick)
        used.append(srgb_to_lab(hex_to_rgb(pick)))
        out[e] = pick
    return out


def rgba(hex_code: str, alpha: float) -> str:
    """``#RRGGBB`` with an opacity, as CSS ``rgba(...)`` (plotly fills).

    >>> rgba("#0ABAB5", 0.25)
    'rgba(10,186,181,0.25)'
    """
    r, g, b = hex_to_rgb(hex_code)
    return f"rgba({r},{g},{b},{alpha})"
