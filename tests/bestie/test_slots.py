"""The offline reader of shoppers' questions: one table of EN and 中文 questions with what
must be understood (budget + currency, occasion, date, items, exclusions, outfit number)."""

from __future__ import annotations

from datetime import date

import pytest

from infimate.bestie.slots import read

TODAY = date(2026, 12, 7)  # a Monday
Q = [
    # question, expected slots (only the keys listed are checked)
    ("我是梨形身材，下周要去上班面试，预算300元，穿什么？什么时候买最划算？",
     {"language": "zh", "budget": 300, "currency": "CNY", "occasion": "interview",
      "scene": "office", "when": date(2026, 12, 14), "body_shape": "pear"}),
    ("Wedding in March, $80 budget — what do I wear?",
     {"language": "en", "budget": 80, "currency": "USD", "occasion": "wedding",
      "scene": "wedding_guest", "when": date(2027, 3, 1)}),
    ("What should I wear to the office?", {"occasion": "office", "budget": None, "when": None}),
    ("Date night outfit under £60 please", {"occasion": "date", "budget": 60, "currency": "GBP"}),
    ("cheapest way to buy a dress and shoes?", {"items": ("dress", "shoes"), "exclude": ()}),
    ("Beach holiday next month, no heels, budget of 120",
     {"occasion": "vacation", "when": date(2027, 1, 1), "exclude": ("shoes",), "budget": 120,
      "currency": None}),
    ("I need a blazer and trousers for work, €150 max",
     {"items": ("outerwear", "trousers"), "budget": 150, "currency": "EUR", "occasion": "office"}),
    ("party this weekend!! 100 dollars", {"occasion": "party", "when": date(2026, 12, 12),
                                         "budget": 100, "currency": "USD"}),
    ("how much is outfit 2 with coupons?", {"outfit": 2}),
    ("when should I buy the second one?", {"outfit": 2}),
    ("I'm apple-shaped, gym outfit without a bag", {"body_shape": "apple",
                                                   "occasion": "workout", "exclude": ("bag",)}),
    ("Something for a birthday party in 2 weeks, jeans and a top",
     {"occasion": "party", "when": date(2026, 12, 21), "items": ("jeans", "top")}),
    ("staying in, cosy sweater ideas", {"occasion": "home", "items": ("knitwear",)}),
    ("May I ask what to wear for an interview?", {"occasion": "interview", "when": None}),
    ("interview in May", {"when": date(2027, 5, 1)}),
    ("hourglass figure, 2k budget for a wedding gown", {"body_shape": "hourglass",
                                                       "budget": 2000, "items": ("dress",)}),
    ("婚礼穿搭，预算五百", {"language": "zh", "occasion": "wedding", "budget": 500,
                          "currency": None}),
    ("三月去海边度假，不要裙子", {"occasion": "vacation", "when": date(2027, 3, 1),
                              "exclude": ("dress",)}),
    ("约会穿什么？两百块以内", {"occasion": "date", "budget": 200, "currency": "CNY"}),
    ("第二套什么时候买最便宜", {"outfit": 2, "language": "zh"}),
    ("第3套用券怎么凑单", {"outfit": 3}),
    ("明天上班穿什么，想要衬衫和西裤", {"when": date(2026, 12, 8), "occasion": "office",
                                  "items": ("top", "trousers")}),
    ("我是倒三角身材，派对穿搭，不穿高跟鞋", {"body_shape": "inverted_triangle",
                                      "occasion": "party", "exclude": ("shoes",)}),
    ("下个月健身穿什么，¥400", {"when": date(2027, 1, 1), "occasion": "workout",
                             "budget": 400, "currency": "CNY"}),
    ("这周末约会，一千二百元以内，要一个包", {"when": date(2026, 12, 12), "budget": 1200,
                                      "items": ("bag",)}),
    ("10月通勤大衣", {"when": date(2027, 10, 1), "items": ("outerwear",), "occasion": "office"}),
    ("RMB 350 for a dress and jacket", {"budget": 350, "currency": "CNY",
                                       "items": ("dress", "outerwear")}),
    ("I hate skirts, show me trousers", {"items": ("trousers",), "exclude": ("skirt",)}),
    ("look 1 please, but without the coat", {"outfit": 1, "exclude": ("outerwear",)}),
    ("两周后去旅行，预算三百五十元", {"when": date(2026, 12, 21), "occasion": "vacation",
                                "budget": 350, "currency": "CNY"}),
    ("hello!", {"language": "en", "budget": None, "occasion": None, "items": (), "outfit": None}),
]  # fmt: skip


@pytest.mark.parametrize(("question", "expected"), Q, ids=[q for q, _ in Q])
def test_reads_what_the_shopper_asked(question, expected):
    slots = read(question, today=TODAY)
    got = {k: getattr(slots, k) for k in expected}
    assert got == expected


def test_the_table_is_big_enough_and_bilingual():
    langs = [read(q, today=TODAY).language for q, _ in Q]
    assert len(Q) >= 30 and langs.count("zh") >= 10 and langs.count("en") >= 10
