"""A 4-turn Bestie chat in 中文 in real Chromium: every answer in Chinese, outfit 2 followed up."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from infimate.benchmarks.live import goto, settle

TURNS = (
    ("我是梨形身材，下周要去上班面试，预算300元，穿什么？", "面试"),
    ("第二套怎么买最便宜？", "第2套"),
    ("第二套什么时候买？", "第2套什么时候买"),
    ("不要裙子，换成裤子呢？", "裤子"),
)


def test_four_turn_chat_in_chinese(page, app_url):
    goto(page, f"{app_url}/bestie?lang=zh")
    box = page.locator('[data-testid="stChatInput"] textarea')
    answers = page.locator('[data-testid="stChatMessage"]')
    for i, (question, expected) in enumerate(TURNS):
        box.fill(question)
        box.press("Enter")
        expect(answers).to_have_count(2 * (i + 1), timeout=120_000)
        settle(page)
        text = answers.nth(2 * i + 1).inner_text()
        assert expected in text, text
        assert not re.search(r"\b(Here are|Outfit|budget|buy now)\b", text), text
        assert not re.search(r"\b[a-z]+:[a-z0-9-]+\b", text), "a store id is shown"
    assert page.locator('[data-testid="stException"]').count() == 0
