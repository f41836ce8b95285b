"""EN / 中文 toggle: sidebar labels follow it, the choice is in the URL, English by default."""

from __future__ import annotations

from infimate.ui.labels import LABELS, label
from tests.pages.conftest import open_page


def test_every_page_has_both_labels():
    from infimate.benchmarks.live import app_pages

    keys = {k for k, _, _ in LABELS}
    assert set(app_pages()) <= keys
    # the same text only for abbreviations that read the same in both (AUC, MASE, KOL)
    assert all(en and zh and (en != zh or zh.isupper()) for _, en, zh in LABELS)


def test_sidebar_labels_in_chinese_from_the_url(demo):
    at = open_page("pages/overview.py", query={"lang": "zh"})
    assert at.radio(key="ui_lang_toggle").value == "zh"
    assert at.selectbox(key="seg_market").label == label("market", "zh") == "市场"
    assert at.selectbox(key="dataset").label == "数据集"
    assert at.query_params["lang"] in ("zh", ["zh"])


def test_english_by_default_and_the_toggle_switches(demo):
    at = open_page("pages/overview.py")
    assert at.radio(key="ui_lang_toggle").value == "en"
    assert at.selectbox(key="seg_crowd").label == "Crowd"
    assert "lang" not in at.query_params  # English is never written to the URL
    at.radio(key="ui_lang_toggle").set_value("zh").run()
    assert not at.exception
    assert at.selectbox(key="seg_crowd").label == "人群"
    at.run()  # the choice survives the rerun (the navigation titles changed with it)
    assert at.selectbox(key="seg_crowd").label == "人群"


def test_page_titles_and_headings_follow_the_language(demo):
    at = open_page("pages/overview.py", query={"lang": "zh"})
    assert not at.exception
    assert at.title[0].value == "总览"
    heads = [h.value for h in at.subheader]
    assert any(h.startswith("上升最快的元素 · ") for h in heads)
    assert "最新预警" in heads and "爆款率成绩单" in heads
    at = open_page("pages/trends.py", query={"lang": "zh"})
    assert not at.exception
    assert at.title[0].value == "趋势"
    assert "预测模型" in [h.value for h in at.subheader]
    at = open_page("pages/report.py")  # English by default
    assert at.title[0].value == "Brand-partner report"
