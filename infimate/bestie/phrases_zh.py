"""中文 phrase bank of the bestie's answers (same keys as :mod:`.phrases_en`).

Written as a Chinese shopping friend would say it, not translated word for word.

Example
-------
>>> PHRASES["outfit_head"].format(k=2, total="80.00")
'**第2套** — 80.00'
"""

from __future__ import annotations

PHRASES: dict[str, str] = {
    "intro": "给你挑了{n}{looks}{occ}{when}{budget}：",
    "are": "",
    "is": "",
    "look": "套",
    "looks": "套",
    "occ": "，适合{occ}",
    "when": "（{when_text}，{date}起）",
    "budget": "，都在预算{budget}以内",
    "outfit_head": "**第{k}套** — {total}",
    "item": "- {name}（{category}）— {price}，{store}",
    "over_budget": "预算{budget}以内{occ}凑不出一整套：最便宜的一套要{total}，超出预算{gap}。先给你看看，能加点预算的话可以考虑：",
    "nothing": "现在在售的商品里{occ}{without}搭不出一整套。",
    "without": "（不要{items}）",
    "currency": "说明：价格是店铺自己的标价，你的预算我按{budget}来算（没有做{currency}汇率换算）。",
    "pick": "上一轮的第{k}套 — {total}：",
    "no_such": "没有第{k}套哦，上次给了你{n}套。先看第1套：",
    "timing_head": "第{k}套什么时候买：",
    "buy_now": "- {name}：现在就买，{price}。",
    "wait": "- {name}：等{sale}（{date}）再买，预计{pct}%折扣，大约{expected}。",
    "too_late": "- {name}：现在就买，{price}。下一次大促（{sale}，{date}）要等到你需要之后了。",
    "plan_head": "第{k}套最省钱的下单方式：实付**{total}**，原本要{baseline}，省{saving}。",
    "order": "- {store}：{items} — {coupons} → {total}",
    "no_coupon": "不用券",
    "fit": "{shape}身材：多选{flatter}；避开{avoid}。适合你的颜色：{colours}。",
    "hint": "可以接着问我「第二套什么时候买？」或者「第一套怎么买最便宜？」",
    "notice_fail": "AI 暂时用不了（{why}），下面是离线回答。",
    "notice_number": "AI 的回答里有一个数字在店铺数据里查不到（{num}），下面是离线回答。",
    "reason": "我只挑了{scope}{budget}{without}{with_items}，再从里面选了{why}的单品。",
    "reason_scope_occ": "适合{occ}的单品",
    "reason_scope": "在售单品",
    "reason_budget": "、总价在{budget}以内",
    "reason_over": "（预算{budget}以内凑不出，所以给了最便宜的一套）",
    "reason_without": "、不含{items}",
    "reason_with": "、每套都有{items}",
    "reason_why": "显{shape}身材优点、又正当流行",
    "timing_sum": "{name}：等待的价值 = {d}% ×（1 − {r}%）− {r}% × {miss} = {v}%（≥ {min}% 才值得等）",
    "plan_sum": "{store}：{sub} − {disc} + 运费 {ship} = {total}",
    "sum": "第{k}套：{parts} = {total}",
    "sum_budget": "（预算{budget}：{delta}）",
    "left": "还剩{x}",
    "over": "超出{x}",
    "and": "和",
    "sep": "、",
}
CATEGORY: dict[str, str] = {
    "dress": "连衣裙",
    "skirt": "半身裙",
    "top": "上衣",
    "trousers": "裤子",
    "jeans": "牛仔裤",
    "shoes": "鞋子",
    "bag": "包",
    "outerwear": "外套",
    "knitwear": "针织衫",
}
OCCASION: dict[str, str] = {
    "interview": "面试",
    "wedding": "参加婚礼",
    "date": "约会",
    "office": "上班通勤",
    "party": "派对",
    "vacation": "度假",
    "workout": "运动健身",
    "home": "居家",
}
OCCASION_ADJ: dict[str, str] = OCCASION
SHAPE: dict[str, str] = {
    "pear": "梨形",
    "apple": "苹果型",
    "hourglass": "沙漏型",
    "rectangle": "H型",
    "inverted_triangle": "倒三角",
}
SALE: dict[str, str] = {
    "Christmas": "圣诞节",
    "Black Friday": "黑五",
    "Back to school": "开学季",
    "Chinese New Year (春节)": "春节",
    "Double 11 (双11)": "双11",
    "618 (年中大促)": "618年中大促",
}
