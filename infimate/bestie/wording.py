"""Wording shared by the offline and the LLM bestie: the phrase bank of a language, money
formatting, outfit lines and the outfit sums shown in the numbers expander.

Example
-------
>>> outfit_sum({"items": [{"price": 16.99}, {"price": 27.71}], "total": 44.7}, 1, 80.0, "en")
'Outfit 1: 16.99 + 27.71 = 44.70 (budget 80.00: 35.30 left)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from infimate.bestie import phrases_en, phrases_zh


@dataclass(frozen=True)
class Bank:
    """One language's phrases and names (from :mod:`.phrases_en` / :mod:`.phrases_zh`)."""

    phrases: dict[str, str]
    category: dict[str, str]
    occasion: dict[str, str]
    shape: dict[str, str]
    sale: dict[str, str]


_BANKS = {
    m.__name__.rsplit("_", 1)[-1]: Bank(m.PHRASES, m.CATEGORY, m.OCCASION, m.SHAPE, m.SALE)
    for m in (phrases_en, phrases_zh)
}


def bank(lang: str) -> Bank:
    """The phrases of a language (``zh``, else English)."""
    return _BANKS["zh" if lang == "zh" else "en"]


def md(text: Any) -> str:
    r"""Data-derived text (product and store names come from uploads) with markdown escaped,
    so a name can never become a link, an image or a heading.

    >>> print(md("[click](http://evil.example) *now*"))
    \[click\](http://evil.example) \*now\*
    """
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", str(text))  # no [..](..) or <..>


def money(x: float) -> str:
    return f"{x:.2f}"


def join(words: list[str], lang: str) -> str:
    p = bank(lang).phrases
    if len(words) <= 1:
        return "".join(words)
    return p["sep"].join(words[:-1]) + p["and"] + words[-1]


def cats(cats: tuple[str, ...] | list[str], lang: str) -> str:
    return join([bank(lang).category.get(c, c) for c in cats], lang)


def outfit_lines(o: dict[str, Any], k: int, lang: str) -> list[str]:
    b = bank(lang)
    lines = [b.phrases["outfit_head"].format(k=k, total=money(o["total"]))]
    for i in o["items"]:
        lines.append(
            b.phrases["item"].format(
                name=md(i["name"]),
                category=b.category.get(i["category"], i["category"]),
                price=money(i["price"]),
                store=md(i["store"]),
            )
        )
    return lines


def outfit_sum(o: dict[str, Any], k: int, budget: float | None, lang: str) -> str:
    """``Outfit 1: 16.99 + 27.71 = 44.70 (budget 80.00: 35.30 left)``."""
    p = bank(lang).phrases
    parts = " + ".join(money(i["price"]) for i in o["items"])
    line = p["sum"].format(k=k, parts=parts, total=money(o["total"]))
    if budget is not None:
        d = budget - o["total"]
        delta = p["left" if d >= -1e-9 else "over"].format(x=money(abs(d)))
        line += p["sum_budget"].format(budget=money(budget), delta=delta)
    return line
