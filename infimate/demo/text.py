"""Phrase banks for the synthetic demo world's post text (EN and ZH).

Templates are ``{opener} {elements} {closer}`` plus optional scene words and hashtags;
element surface forms come from the built-in lexicon. None of these phrases contain a
lexicon alias, so the only elements a demo post mentions are the ones that were planted.
"""

from __future__ import annotations

EN_OPENERS = (
    "obsessed with this",
    "can't stop wearing my",
    "just picked up a",
    "styling the",
    "okay but the",
    "new in:",
    "trying the",
    "honest review of the",
    "my go-to look right now:",
    "haul time!",
    "outfit check with",
    "finally found the perfect",
    "wore the",
    "everyone keeps asking about my",
)
EN_CLOSERS = (
    "and I love it",
    "so comfy",
    "what do you think?",
    "10/10 would recommend",
    "link in bio",
    "fits true to size",
    "the details though",
    "saving this for later",
    "",
    "",
    "worth every penny",
    "the vibe is unmatched",
)
EN_JOINERS = (" with ", " and ", " + ", ", ")
EN_OFFTOPIC = (
    "coffee run before a long day",
    "sunday reset routine, who else",
    "weekend plans anyone?",
    "morning skincare routine update",
    "what I ate today, honestly",
    "rainy day playlist recs please",
    "moving vlog part 3",
    "study with me session",
    "so sleepy today lol",
    "book club pick of the month",
)
EN_SCENES = {
    "office": ("for the office", "work outfit", "for work"),
    "lounge_home": ("for lounging at home", "cozy at home", "wfh comfy"),
    "party": ("for the party tonight", "party look", "birthday party outfit"),
    "vacation": ("for vacation", "holiday packing", "beach vacation"),
    "date_night": ("for date night", "dinner date look", "date night outfit"),
    "athleisure": ("gym to brunch", "athleisure vibes", "post-workout look"),
    "wedding_guest": ("as a wedding guest", "wedding guest outfit", "for a summer wedding"),
}
EN_COINED = ("{} is the new thing", "giving {}", "my {} era", "the {} trend is here")

ZH_OPENERS = (
    "今日分享",
    "被种草了",
    "真的爱了",
    "入手了一件",
    "姐妹们看这件",
    "最近一直在穿",
    "小众又好看",
    "开箱",
    "今天的搭配是",
    "分享一套",
    "试穿了",
    "回购第三次",
)
ZH_CLOSERS = (
    "太好看了",
    "显瘦又显白",
    "质感很好",
    "链接在评论区",
    "大家觉得怎么样",
    "",
    "",
    "上身效果绝了",
    "百搭",
    "温柔又高级",
)
ZH_JOINERS = ("+", "和", "配", "、")
ZH_OFFTOPIC = (
    "今天天气好好出去走走",
    "周末在家追剧",
    "早餐吃了什么",
    "护肤心得分享",
    "打卡一家咖啡店",
    "读书笔记",
    "下班路上的晚霞",
    "健身打卡第十天",
)
ZH_SCENES = {
    "office": ("通勤", "上班穿", "职场穿搭"),
    "lounge_home": ("居家", "在家穿", "宅家"),
    "party": ("派对", "聚会穿", "生日派对"),
    "vacation": ("度假", "海边度假", "旅行穿搭"),
    "date_night": ("约会", "约会穿", "晚餐约会"),
    "athleisure": ("运动风", "健身后", "运动休闲"),
    "wedding_guest": ("婚礼", "参加婚礼", "伴娘"),
}
ZH_COINED = ("{}太火了", "最近流行{}", "{}真的好看", "试试{}")
