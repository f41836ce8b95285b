"""What a shopper's question asks for, read without a model: language, budget and currency,
occasion, date, items wanted or excluded, body shape and which outfit ("outfit 2", 第二套).

Deterministic, English and 中文. The same slots feed the tools whether an LLM agent or the
offline bestie answers, so the page works with no key.

* **language**: ``zh`` when the question has Chinese characters, else ``en``.
* **budget**: the first amount next to a currency sign or word ($80, 80 dollars, £50, €60,
  300元, ¥300, 三百块, RMB 300) or after "budget"/"under"/预算/以内; ``currency`` is ISO 4217
  (an amount without one is ``None``: the shop's currency).
* **occasion**: the most specific match (interview before office), mapped to a dataset
  ``scene`` (:data:`OCCASION_SCENE`).
* **when**: tomorrow, this weekend, next week, next month, in N weeks, a month name ("in
  March", 三月, 3月) — the first day it names, from ``today``.
* **items / exclude**: product categories named; a category after a negation ("no heels",
  "without a bag", 不要裙子, 不穿高跟鞋) is excluded instead.
* **outfit**: "outfit 2", "look 2", "#2", "the second one", 第二套, 第2套 → 2.

Example
-------
>>> s = read("我是梨形身材，下周要去上班面试，预算300元，穿什么？", today=date(2026, 12, 7))
>>> s.language, s.budget, s.currency, s.occasion, s.scene, s.when, s.body_shape
('zh', 300.0, 'CNY', 'interview', 'office', datetime.date(2026, 12, 14), 'pear')
>>> s = read("Wedding in March, $80 budget, no heels please", today=date(2026, 12, 7))
>>> s.budget, s.currency, s.occasion, s.when, s.items, s.exclude
(80.0, 'USD', 'wedding', datetime.date(2027, 3, 1), (), ('shoes',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from infimate.bestie.numerals import zh_number

#: occasion -> the dataset scene whose products suit it
OCCASION_SCENE = {
    "interview": "office",
    "wedding": "wedding_guest",
    "date": "date_night",
    "office": "office",
    "party": "party",
    "vacation": "vacation",
    "workout": "athleisure",
    "home": "lounge_home",
}
#: (occasion, pattern), most specific first
_OCCASIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(p, re.I))
    for k, p in (
        ("interview", r"\binterview|面试|应聘"),
        ("wedding", r"\bwedding|bridesmaid|婚礼|喜宴|婚宴|伴娘"),
        ("date", r"\bdate\b|date night|dinner date|约会"),
        ("party", r"\bpart(y|ies)\b|birthday|club|派对|聚会|生日"),
        ("vacation", r"vacation|holiday|beach|\btrip\b|travel|度假|旅行|旅游|海边"),
        ("workout", r"\bgym\b|workout|yoga|\brun(ning)?\b|健身|运动|瑜伽"),
        ("office", r"\boffice\b|\bwork\b|commut|上班|通勤|办公|职场"),
        ("home", r"lounge|at home|stay(ing)? in|在家|居家"),
    )
)
#: product category -> words that name it (EN, 中文)
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "dress": ("dress", "dresses", "gown", "连衣裙", "裙子", "礼服"),
    "skirt": ("skirt", "skirts", "半身裙", "短裙", "长裙"),
    "top": ("top", "tops", "shirt", "blouse", "tee", "t-shirt", "上衣", "衬衫", "t恤"),
    "trousers": ("trousers", "pants", "slacks", "裤子", "西裤", "长裤"),
    "jeans": ("jeans", "denim", "牛仔裤"),
    "shoes": ("shoes", "shoe", "heels", "sneakers", "boots", "flats", "鞋", "高跟鞋", "靴"),
    "bag": ("bag", "bags", "handbag", "purse", "tote", "包"),
    "outerwear": ("jacket", "coat", "blazer", "trench", "外套", "大衣", "西装"),
    "knitwear": ("sweater", "jumper", "cardigan", "knit", "毛衣", "针织"),
}
_NEG = re.compile(
    r"(?:\bno\b|\bnot\b|\bwithout\b|don'?t want|\bhate\b|\bskip\b|except|不要|不穿|别|除了|不想要)"
    r"[\s\w,'-]{0,12}$",
    re.I,
)
BODY_WORDS: dict[str, tuple[str, ...]] = {
    "pear": ("pear", "梨形"),
    "apple": ("apple-shaped", "apple shape", "apple body", "苹果型", "苹果形"),
    "hourglass": ("hourglass", "沙漏"),
    "inverted_triangle": ("inverted triangle", "倒三角"),
    "rectangle": ("rectangle", "straight body", "h型", "直筒身材"),
}
_CURRENCY_BEFORE = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "CNY", "￥": "CNY"}
_CURRENCY_WORDS = {
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "gbp": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "元": "CNY",
    "块": "CNY",
    "块钱": "CNY",
}
_NUM = r"(\d+(?:[.,]\d+)?k?|[零一二两三四五六七八九十百千万]+)"
_PRE = r"(?P<pre>us\$|\$|£|€|¥|￥|\b(?:usd|gbp|eur|rmb|cny)\b)\s?(?P<a>\d+(?:[.,]\d+)?k?)"
_POST = (
    r"(?P<b>\d+(?:[.,]\d+)?k?|[零一二两三四五六七八九十百千万]+)\s?"
    r"(?P<post>块钱|元|块|dollars?\b|bucks\b|pounds\b|quid\b|euros?\b|yuan\b|rmb\b|usd\b|gbp\b|eur\b|cny\b)"
)
_MONEY = re.compile(f"{_PRE}|{_POST}", re.I)
_BARE = re.compile(r"(?:budget(?: of| is)?|under|below|less than|up to|预算)\s*" + _NUM, re.I)
_BARE_AFTER = re.compile(r"(\d+(?:\.\d+)?k?)\s*(?:budget|以内|之内)", re.I)
_MONTHS_EN: tuple[str, ...] = ("january", "february", "march", "april", "may", "june")
_MONTHS_EN += ("july", "august", "september", "october", "november", "december")
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "1": 1,
    "2": 2,
    "3": 3,
}
_OUTFIT = re.compile(
    r"(?:outfit|look|option|set|#)\s*(?:no\.?\s*)?(\d)"
    r"|(first|second|third) (?:one|outfit|look|option)"
    r"|第\s*([一二两三123])\s*(?:套|个|款)|([123])\s*号",
    re.I,
)

Lang = Literal["en", "zh"]


@dataclass(frozen=True)
class Slots:
    """What was understood (see the module docstring); ``None`` / empty = not said."""

    language: Lang
    budget: float | None = None
    currency: str | None = None
    occasion: str | None = None
    scene: str | None = None
    when: date | None = None
    when_text: str | None = None
    items: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    body_shape: str | None = None
    outfit: int | None = None


def language(text: str) -> Lang:
    """``zh`` when the text has a Chinese character."""
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def _amount(raw: str) -> float | None:
    raw = raw.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?k", raw):
        return float(raw[:-1]) * 1000
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return float(raw)
    return zh_number(raw)


def budget(text: str) -> tuple[float | None, str | None]:
    """(amount, ISO currency) of the budget (see the module docstring)."""
    for m in _MONEY.finditer(text):
        if m.group("pre"):
            amount, cur = (
                _amount(m.group("a")),
                _CURRENCY_BEFORE.get(m.group("pre").strip().lower()),
            )
            cur = cur or _CURRENCY_WORDS.get(m.group("pre").strip().lower())
        else:
            amount, cur = _amount(m.group("b")), _CURRENCY_WORDS.get(m.group("post").lower())
        if amount:
            return amount, cur
    bare = _BARE.search(text) or _BARE_AFTER.search(text)
    if bare and (amount := _amount(bare.group(1))):
        return amount, None
    return None, None


def occasion(text: str) -> str | None:
    return next((k for k, rx in _OCCASIONS if rx.search(text)), None)


def _next_month_start(today: date, month: int) -> date:
    year = today.year if month > today.month else today.year + 1
    return date(year, month, 1)


def when(text: str, today: date) -> tuple[date | None, str | None]:
    """The first day the question names (relative to ``today``) and the words that named it."""
    low = text.lower()
    monday = today - timedelta(days=today.weekday())
    rules: tuple[tuple[str, date], ...] = (
        (r"tomorrow|明天", today + timedelta(days=1)),
        (r"this weekend|weekend|这周末|周末", monday + timedelta(days=5)),
        (r"next week|下周|下个星期|下星期|下礼拜", monday + timedelta(days=7)),
        (r"next month|下个月|下月", _next_month_start(today, today.month % 12 + 1)),
    )
    for rx, day in rules:
        if m := re.search(rx, low):
            return day, text[m.start() : m.end()]
    if m := re.search(r"in (\d+|two|three|four) weeks|(\d+|两|三|四)\s*(?:周|个星期)后", low):
        n = m.group(1) or m.group(2)
        k = {"two": 2, "three": 3, "four": 4, "两": 2, "三": 3, "四": 4}.get(n) or int(n)
        return today + timedelta(weeks=k), text[m.start() : m.end()]
    for i, name in enumerate(_MONTHS_EN, start=1):
        if m := re.search(rf"\b{name}\b|\b{name[:3]}\b(?!\w)", low):
            if name == "may" and not re.search(r"\bin may\b|\bmay \d", low):
                continue  # "may" the verb
            return _next_month_start(today, i), text[m.start() : m.end()]
    if m := re.search(r"([一二三四五六七八九十]{1,2}|1[0-2]|[1-9])\s*月(?!份?底)", text):
        month = int(m.group(1)) if m.group(1).isdigit() else zh_number(m.group(1))
        if month and 1 <= month <= 12:
            return _next_month_start(today, int(month)), m.group(0)
    return None, None


def _mentions(text: str) -> list[tuple[int, str]]:
    """(position, category) of every category word in ``text`` (lower-cased)."""
    out = []
    for cat, words in CATEGORY_WORDS.items():
        for w in words:
            rx = re.escape(w) if re.search(r"[\u4e00-\u9fff]", w) else rf"\b{re.escape(w)}\b"
            out += [(m.start(), cat) for m in re.finditer(rx, text)]
    return sorted(out)


def items(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(wanted, excluded) categories, in the order first named."""
    low = text.lower()
    want: list[str] = []
    skip: list[str] = []
    for pos, cat in _mentions(low):
        before = re.split(r"[.;!?。；！？，,]| but | and | 但| 和", low[:pos])[-1]
        target = skip if _NEG.search(before) else want
        if cat not in target:
            target.append(cat)
    return tuple(c for c in want if c not in skip), tuple(skip)


def outfit_ref(text: str) -> int | None:
    m = _OUTFIT.search(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    return _ORDINALS.get(raw.lower()) or (int(raw) if raw.isdigit() else None)


def body_shape(text: str) -> str | None:
    low = text.lower()
    return next((k for k, ws in BODY_WORDS.items() if any(w in low for w in ws)), None)


def read(text: str, *, today: date) -> Slots:
    """All slots of one question."""
    amount, cur = budget(text)
    occ = occasion(text)
    day, day_text = when(text, today)
    want, skip = items(text)
    return Slots(
        language=language(text),
        budget=amount,
        currency=cur,
        occasion=occ,
        scene=OCCASION_SCENE.get(occ) if occ else None,
        when=day,
        when_text=day_text,
        items=want,
        exclude=skip,
        body_shape=body_shape(text),
        outfit=outfit_ref(text),
    )
