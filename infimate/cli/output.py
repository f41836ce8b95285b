"""Printing for the CLI: the ``--json`` contract and option parsing shared by the verbs."""

from __future__ import annotations

import json
import unicodedata
from datetime import date

from infimate.errors import InfimateError


def option_date(value: str | None, flag: str) -> date | None:
    """The date given to a ``--flag YYYY-MM-DD`` option (None when not given).

    >>> option_date("2026-11-30", "--asof")
    datetime.date(2026, 11, 30)
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InfimateError(f"{flag} {value!r} is not a date (use YYYY-MM-DD)") from exc


def print_json(obj: object) -> None:
    """Print one JSON object (the ``--json`` contract)."""
    print(json.dumps(obj, ensure_ascii=False, default=str))


def plain_cell(text: str | None, width: int) -> str:
    """Untrusted text for a terminal: control characters removed, cut and padded to
    ``width`` display columns (CJK characters take two)."""
    out, used = [], 0
    for c in text or "":
        if unicodedata.category(c)[0] == "C":
            c = " "
        w = 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        if used + w > width:
            break
        out.append(c)
        used += w
    return "".join(out) + " " * (width - used)
