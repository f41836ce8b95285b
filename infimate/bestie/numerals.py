"""Chinese numerals as shoppers write them: 三百, 两千五, 一千二百, 十五, 五万.

>>> [zh_number(s) for s in ("三百", "两千五", "一千二百", "十五", "二十", "五万", "三百五十")]
[300.0, 2500.0, 1200.0, 15.0, 20.0, 50000.0, 350.0]
>>> zh_number("abc") is None
True
"""

from __future__ import annotations

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DIGITS |= {"八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def zh_number(text: str) -> float | None:
    """The value of a Chinese numeral (``None`` when ``text`` is not one)."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    total, section, digit, last_unit = 0, 0, 0, 1
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
            continue
        unit = _UNITS[c]
        if unit == 10000:
            total += (section + digit) * unit
            section, digit, last_unit = 0, 0, 10000
        else:
            section += (digit or 1) * unit
            digit, last_unit = 0, unit
    if digit:  # a trailing digit after a unit means the next unit down: 两千五 = 2500
        section += digit * (last_unit // 10 if last_unit >= 100 else 1)
    return float(total + section)
