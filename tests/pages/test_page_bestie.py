"""Bestie page: scripted chats with the offline agent (EN, and 4 turns in 中文): outfits in
budget for the occasion, the cheapest checkout of "outfit 2", when to buy, a change of mind;
store names instead of ids, formulas only in the numbers expander."""

from __future__ import annotations

import re

from tests.pages.conftest import open_page

STORE_ID = re.compile(r"\b[a-z]+:[a-z0-9-]+\b")  # e.g. taobao:luna-studio


def _last(at) -> tuple[str, str]:
    """(answer text, the numbers expander's text) of the newest assistant message."""
    msgs = at.chat_message
    assert msgs and msgs[-1].name == "assistant"
    return "\n".join(m.value for m in msgs[-1].markdown), "\n".join(c.value for c in msgs[-1].code)


def _totals(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"\*\*(?:Outfit|第)\s?\d(?:套)?\*\* — (\d+\.\d\d)", text)]


def _ask(at, text: str) -> tuple[str, str]:
    at.chat_input(key="bestie_input").set_value(text).run()
    assert not at.exception, at.exception
    answer, numbers = _last(at)
    assert not STORE_ID.search(answer) and not re.search(r"SKU-\d{5}", answer)
    assert "×" not in answer and "value of waiting" not in answer  # formulas stay in numbers
    return answer, numbers


def test_english_chat_budget_occasion_checkout_timing(demo):
    at = open_page("pages/bestie.py")
    assert any("Synthetic demo data" in i.value for i in at.info)
    at.selectbox(key="bestie_shape").set_value("pear")
    at.button(key="bestie_save").click().run()
    answer, numbers = _ask(at, "Date night on Friday, budget $150, no bag please")
    totals = _totals(answer)
    assert totals and all(t <= 150 for t in totals) and "date" in answer.lower()
    assert " bag)" not in answer  # excluded category
    assert "150.00" in numbers
    plan, _ = _ask(at, "Cheapest way to buy outfit 2?")
    m = re.search(r"pay \*\*(\d+\.\d\d)\*\* instead of (\d+\.\d\d)", plan)
    assert m and float(m.group(1)) <= float(m.group(2))
    timing, numbers = _ask(at, "When should I buy outfit 2?")
    assert "When to buy outfit 2" in timing and re.search(r"buy now|wait for", timing)
    assert "value of waiting" in numbers
    assert len(at.session_state["bestie_messages"]) == 6


def test_four_turn_chat_in_chinese(demo):
    at = open_page("pages/bestie.py", query={"lang": "zh"})
    first, numbers = _ask(at, "我是梨形身材，下周要去上班面试，预算300元，穿什么？")
    totals = _totals(first)
    assert len(totals) == 3 and all(t <= 300 for t in totals)
    assert "面试" in first and "梨形" in first and "300.00" in numbers
    assert not re.search(r"\b(Here|Outfit|budget)\b", first)  # answered in Chinese
    plan, _ = _ask(at, "第二套怎么买最便宜？")
    assert plan.startswith("第2套") and "实付" in plan
    timing, _ = _ask(at, "第二套什么时候买？")
    assert "第2套什么时候买" in timing and re.search(r"现在就买|等到", timing)
    again, _ = _ask(at, "不要裙子，换成裤子呢？")
    assert len(_totals(again)) >= 1 and "（连衣裙）" not in again and "（裤子）" in again
    assert len(at.session_state["bestie_messages"]) == 8


def test_empty_dataset_says_there_are_no_products(empty_dataset):
    at = open_page("pages/bestie.py")
    assert any("No products" in w.value for w in at.warning) and not at.error
