"""Scene keywords: which occasion a post is about when the data does not say.

A **scene** is the occasion an outfit is for (office, lounge_home, party, vacation,
date_night, athleisure, wedding_guest, campus). Posts that arrive without a ``scene``
get one from their text: :func:`infimate.elements.tagging.fill_scenes` matches these keywords
with the same whole-word / CJK-substring rules as element tagging and keeps the most
specific scene found (lowest ``priority``); posts with no keyword get ``"unknown"``.

Keywords are deliberately specific phrases ("date night", not "date"; "at work", not
"work") so ordinary words do not assign a scene.

Example
-------
>>> kw = scene_keywords()
>>> kw.filter(pl.col("keyword") == "通勤")["scene"].item()
'office'
"""

from __future__ import annotations

import polars as pl

UNKNOWN_SCENE = "unknown"

# scene -> (priority, keywords); lower priority = more specific, wins when several match.
_SCENES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "wedding_guest",
        0,
        (
            "wedding guest",
            "wedding",
            "weddings",
            "bridesmaid",
            "bridesmaids",
            "rehearsal dinner",
            "婚礼",
            "伴娘",
            "喜宴",
            "参加婚礼",
        ),
    ),
    (
        "date_night",
        1,
        (
            "date night",
            "first date",
            "dinner date",
            "on a date",
            "date outfit",
            "anniversary dinner",
            "约会",
            "情人节",
            "见男朋友",
        ),
    ),
    (
        "vacation",
        2,
        (
            "vacation",
            "holiday outfit",
            "on holiday",
            "beach",
            "resort",
            "resortwear",
            "getaway",
            "travel outfit",
            "holiday packing",
            "road trip",
            "度假",
            "旅行",
            "旅游",
            "海边",
            "沙滩",
        ),
    ),
    (
        "party",
        3,
        (
            "party",
            "parties",
            "night out",
            "clubbing",
            "birthday dinner",
            "nye",
            "festival outfit",
            "派对",
            "蹦迪",
            "聚会",
            "生日会",
        ),
    ),
    (
        "athleisure",
        4,
        (
            "athleisure",
            "gym",
            "workout",
            "yoga class",
            "pilates",
            "running errands",
            "hiking",
            "运动风",
            "运动休闲",
            "健身",
            "瑜伽",
            "普拉提",
            "跑步",
            "爬山",
        ),
    ),
    (
        "campus",
        5,
        (
            "campus",
            "college",
            "back to school",
            "uni",
            "lecture",
            "class outfit",
            "校园",
            "开学",
            "上学",
            "上课",
            "学生党",
        ),
    ),
    (
        "office",
        6,
        (
            "office",
            "at work",
            "to work",
            "for work",
            "work outfit",
            "workday",
            "business casual",
            "corporate",
            "9 to 5",
            "interview outfit",
            "通勤",
            "上班",
            "职场",
            "办公室",
            "面试",
        ),
    ),
    (
        "lounge_home",
        7,
        (
            "loungewear",
            "lounge set",
            "at home",
            "wfh",
            "work from home",
            "cozy night in",
            "sofa",
            "居家",
            "在家",
            "宅家",
            "家居服",
        ),
    ),
)

SCENES: tuple[str, ...] = tuple(name for name, _, _ in _SCENES)


def scene_keywords() -> pl.DataFrame:
    """The bilingual scene keyword table: scene, keyword, priority (lower = more specific).

    Example
    -------
    >>> scene_keywords().filter(pl.col("keyword") == "date night")["priority"].item()
    1
    """
    rows = [(name, kw, prio) for name, prio, kws in _SCENES for kw in kws]
    return pl.DataFrame(
        rows,
        schema={"scene": pl.String, "keyword": pl.String, "priority": pl.Int32},
        orient="row",
    )
