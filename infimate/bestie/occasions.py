"""What an occasion allows: the product scenes that suit it and the categories that never do;
readable store names.

The occasion table (:data:`OCCASION_RULES`) is the single source the outfit tool filters by
and the tests check against:

==========  ======================================  ===========================
occasion    product scenes allowed                  categories never suggested
==========  ======================================  ===========================
interview   office                                  jeans
office      office                                  —
wedding     wedding_guest, date_night, party        jeans
date        date_night, party                       —
party       party, date_night                       —
vacation    vacation, lounge_home                   —
workout     athleisure                              bag, skirt
home        lounge_home, athleisure                 bag
==========  ======================================  ===========================

So an interview or office question never gets a party or vacation piece, and a wedding
never gets jeans or athleisure. No occasion = every scene and category.

Store ids are ``platform:store-slug`` (``taobao:luna-studio``); shoppers see
``Luna Studio (Taobao)`` / ``Luna Studio（淘宝）``.

Example
-------
>>> store_name("taobao:luna-studio"), store_name("jd:maple-and-co", "zh")
('Luna Studio (Taobao)', 'Maple & Co（京东）')
>>> OCCASION_RULES["wedding"].allows("dress", "wedding_guest"), OCCASION_RULES["wedding"].allows("jeans", "wedding_guest")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OccasionRule:
    """Scenes whose products suit an occasion, and categories that never do."""

    occasion: str
    scenes: tuple[str, ...]
    forbid: tuple[str, ...] = ()

    def allows(self, category: str, scene: str | None) -> bool:
        return category not in self.forbid and (scene is None or scene in self.scenes)


OCCASION_RULES: dict[str, OccasionRule] = {
    r.occasion: r
    for r in (
        OccasionRule("interview", ("office",), ("jeans",)),
        OccasionRule("office", ("office",)),
        OccasionRule("wedding", ("wedding_guest", "date_night", "party"), ("jeans",)),
        OccasionRule("date", ("date_night", "party")),
        OccasionRule("party", ("party", "date_night")),
        OccasionRule("vacation", ("vacation", "lounge_home")),
        OccasionRule("workout", ("athleisure",), ("bag", "skirt")),
        OccasionRule("home", ("lounge_home", "athleisure"), ("bag",)),
    )
}

PLATFORMS: dict[str, tuple[str, str]] = {
    "taobao": ("Taobao", "淘宝"),
    "tmall": ("Tmall", "天猫"),
    "jd": ("JD", "京东"),
    "pinduoduo": ("Pinduoduo", "拼多多"),
    "douyin": ("Douyin", "抖音"),
    "asos": ("ASOS", "ASOS"),
    "shein": ("SHEIN", "SHEIN"),
    "zalando": ("Zalando", "Zalando"),
    "amazon": ("Amazon", "亚马逊"),
    "shopee": ("Shopee", "Shopee"),
    "tokopedia": ("Tokopedia", "Tokopedia"),
    "unknown": ("", ""),
}
_SMALL_WORDS = {"and": "&", "of": "of", "the": "the", "co": "Co"}


def _title(slug: str) -> str:
    words = [w for w in slug.replace("_", "-").split("-") if w]
    return " ".join(_SMALL_WORDS.get(w, w[:1].upper() + w[1:]) for w in words)


def platform_name(platform: str, lang: str = "en") -> str:
    """``jd`` → ``JD`` / ``京东`` (unknown platforms title-cased)."""
    names = PLATFORMS.get(platform.lower())
    if names is None:
        return _title(platform)
    return names[1] if lang == "zh" else names[0]


def store_name(store: str, lang: str = "en") -> str:
    """A readable store name from a store id (see the module docstring)."""
    if ":" not in store:
        return _title(store) if store != "unknown" else ("未知店铺" if lang == "zh" else "the shop")
    platform, slug = store.split(":", 1)
    plat = platform_name(platform, lang)
    return f"{_title(slug)}（{plat}）" if lang == "zh" else f"{_title(slug)} ({plat})"
