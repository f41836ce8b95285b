"""UI labels in English and Chinese, and the language toggle.

Labelled: the navigation, the sidebar pickers, page titles and section headings.

The table is small and flat: one row per label key with its ``en`` and ``zh`` text.
The language lives in the ``lang`` query parameter (``?lang=zh``), so a shared link
opens in the same language; English is the default and is never written to the URL.

Example
-------
>>> label("market", "zh")
'市场'
>>> label("no such key", "zh")
'no such key'
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
LANG_NAMES = {"en": "EN", "zh": "中文"}

#: (key, English, 中文)
LABELS: tuple[tuple[str, str, str], ...] = (
    ("overview", "Overview", "总览"),
    ("trends", "Trends", "趋势"),
    ("alerts", "Alerts", "预警"),
    ("hit_predictor", "Hit predictor", "爆款预测"),
    ("copy_studio", "Copy studio", "文案工作室"),
    ("new_words", "New words", "新词发现"),
    ("data", "Data", "数据"),
    ("lexicon", "Lexicon", "元素词库"),
    ("report", "Report", "品牌报告"),
    ("bestie", "Bestie", "穿搭闺蜜"),
    ("dataset", "Dataset", "数据集"),
    ("market", "Market", "市场"),
    ("crowd", "Crowd", "人群"),
    ("scene", "Scene", "场景"),
    ("platform", "Platform", "平台"),
    ("language", "Language", "语言"),
    # page titles that differ from the navigation label, and section headings
    ("report_title", "Brand-partner report", "品牌合作简报"),
    ("top_rising", "Top rising elements", "上升最快的元素"),
    ("newest_alerts", "Newest alerts", "最新预警"),
    ("forecast_models", "Forecast models", "预测模型"),
    (
        "alert_backtest",
        "Backtest: early-signal score vs naive baseline",
        "回测：早期信号评分 vs 朴素基线",
    ),
    ("hit_scorecard", "Hit-rate scorecard", "爆款率成绩单"),
    # the numbers behind an alert (infimate.trends.early_signal.SCORE_FIELDS)
    ("num_score", "Score", "评分"),
    ("num_z_all", "Surprise of all mentions (z)", "全部提及的意外度 (z)"),
    ("num_z_kol", "Surprise of KOL mentions (z)", "KOL提及的意外度 (z)"),
    ("num_z_slow", "Slow-rise surprise, 8 weeks (z)", "8周缓升意外度 (z)"),
    ("num_level", "Level, last 4 weeks", "近4周水平"),
    ("num_mentions", "Mentions, last 4 weeks", "近4周提及数"),
    ("num_expected", "Expected mentions", "预期提及数"),
    ("num_kol_mentions", "KOL mentions, last 4 weeks", "近4周KOL提及数"),
    ("num_kol_expected", "Expected KOL mentions", "预期KOL提及数"),
    (
        "freshness",
        "Data from {first} to {last} · dataset updated {updated}",
        "数据范围 {first} 至 {last} · 数据集更新于 {updated}",
    ),
    (
        "freshness_no_signals",
        "No series yet · dataset updated {updated}",
        "暂无序列 · 数据集更新于 {updated}",
    ),
    (
        "largest_market_note",
        "Stored per market only: opened on the market with the most series.",
        "数据仅按市场存储：默认打开序列最多的市场。",
    ),
)
_BY_KEY = {k: (en, zh) for k, en, zh in LABELS}  # constant lookup (never mutated)


def label(key: str, lang: Lang = "en") -> str:
    """The label of ``key`` in ``lang`` (the key itself when it has no label)."""
    pair = _BY_KEY.get(key)
    return pair[LANGS.index(lang)] if pair and lang in LANGS else key


def current_lang() -> Lang:
    """The language chosen in the sidebar (the URL's ``lang`` before the toggle is drawn)."""
    lang = st.session_state.get("ui_lang") or st.query_params.get("lang", "en")
    return lang if lang in LANGS else "en"


def t(key: str) -> str:
    """:func:`label` in the current language."""
    return label(key, current_lang())


def _keep_choice() -> None:
    # the toggle sits above st.navigation, whose page titles change with the language;
    # the choice is kept outside the widget so it survives the widget being rebuilt
    st.session_state["ui_lang"] = st.session_state["ui_lang_toggle"]


def language_picker() -> Lang:
    """Sidebar EN / 中文 toggle, synced with the ``lang`` query parameter."""
    wanted = current_lang()
    lang = st.sidebar.radio(
        "Language / 语言",
        LANGS,
        index=LANGS.index(wanted),
        format_func=LANG_NAMES.get,
        horizontal=True,
        key="ui_lang_toggle",
        on_change=_keep_choice,
    )
    st.session_state["ui_lang"] = lang
    if lang == "en":
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang
