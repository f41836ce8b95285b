"""Bestie page: a scripted chat (profile → outfit → cheapest way → when to buy), offline."""

from __future__ import annotations

import re

from tests.pages.conftest import open_page


def _last_answer(at) -> str:
    msgs = at.chat_message
    assert msgs and msgs[-1].name == "assistant"
    return "\n".join(m.value for m in msgs[-1].markdown)


def test_scripted_conversation_with_the_offline_bestie(demo):
    at = open_page("pages/bestie.py")
    assert any("Synthetic demo data" in i.value for i in at.info)
    # profile set-up in the sidebar form
    at.selectbox(key="bestie_shape").set_value("pear")
    at.selectbox(key="bestie_tone").set_value("warm")
    at.number_input(key="bestie_total").set_value(200.0)
    at.selectbox(key="bestie_market").set_value("US")
    at.selectbox(key="bestie_crowd").set_value("gen_z")
    at.selectbox(key="bestie_scene").set_value("office")
    at.button(key="bestie_save").click().run()
    assert not at.exception

    at.chat_input(key="bestie_input").set_value("What should I wear to the office?").run()
    assert not at.exception, at.exception
    outfit = _last_answer(at)
    totals = [float(x) for x in re.findall(r"\*\*Outfit \d\*\* — (\d+\.\d\d)", outfit)]
    assert len(totals) == 3 and all(t <= 200.0 for t in totals)
    assert re.search(r"SKU-\d{5}", outfit) and "pear shape" in outfit

    at.chat_input(key="bestie_input").set_value("Cheapest way to buy outfit 1?").run()
    plan = _last_answer(at)
    m = re.search(r"pay \*\*(\d+\.\d\d)\*\* instead of (\d+\.\d\d)", plan)
    assert m and float(m.group(1)) <= float(m.group(2))
    assert "Order 1 at" in plan

    at.chat_input(key="bestie_input").set_value("When should I buy outfit 1?").run()
    timing = _last_answer(at)
    assert re.search(r"\d{4}-\d{2}-\d{2}", timing)  # the next event's date
    assert re.search(r"(buy now at|wait until) ", timing)
    # history is just the messages: 3 questions, 3 answers
    assert len(at.session_state["bestie_messages"]) == 6
    assert at.get("download_button")


def test_empty_dataset_says_there_are_no_products(empty_dataset):
    at = open_page("pages/bestie.py")
    assert any("No products" in w.value for w in at.warning) and not at.error
