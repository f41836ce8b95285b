"""Tables for people: names instead of ids, headers in the UI language, one number format.

:func:`show` is the one way pages draw a data table: element ids become the lexicon's
names (in the UI language), segment values read as words (``women_35_plus`` → "Women
35+"), known columns get a header in English or 中文 and a format (percentages, one
decimal for scores, whole days), ISO timestamps read as dates, and missing cells show
"—". Untrusted text stays plain cells (``st.dataframe`` never renders HTML).

Example
-------
>>> df = pl.DataFrame({"element": ["klein_blue"], "crowd": ["women_35_plus"],
...                    "growth_4w": [1.3437], "median_lead_days": [28.0]})
>>> people(df, {"klein_blue": "Klein blue"}, "en").row(0)
('Klein blue', 'Women 35+', 1.3437, 28.0)
>>> list(headers(df.columns, "zh").values())
['元素', '人群', '4周增长', '中位提前天数']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import polars as pl
import streamlit as st

from infimate.ui.labels import Lang, current_lang

Kind = Literal["text", "pct", "num1", "num3", "int", "days", "date"]

#: column -> (English header, 中文 header, format)
COLUMNS: dict[str, tuple[str, str, Kind]] = {
    "element": ("Element", "元素", "text"),
    "name": ("Element", "元素", "text"),
    "market": ("Market", "市场", "text"),
    "crowd": ("Crowd", "人群", "text"),
    "scene": ("Scene", "场景", "text"),
    "platform": ("Platform", "平台", "text"),
    "source": ("Source", "来源", "text"),
    "metric": ("Metric", "指标", "text"),
    "stage": ("Stage", "阶段", "text"),
    "kind": ("Kind", "类型", "text"),
    "date": ("Week", "周", "date"),
    "asof": ("As of", "截至", "date"),
    "sov": ("Level", "声量", "num3"),
    "level": ("Level", "水平", "num3"),
    "growth_4w": ("4-week growth", "4周增长", "pct"),
    "growth_12w": ("12-week growth", "12周增长", "pct"),
    "kol_share": ("KOL share", "KOL占比", "pct"),
    "score": ("Score", "评分", "num1"),
    "confidence": ("Confidence", "置信度", "text"),
    "why": ("Why", "原因", "text"),
    "rule": ("Rule", "规则", "text"),
    "series": ("Series", "序列数", "int"),
    "breakouts": ("Breakouts", "爆发次数", "int"),
    "alerts": ("Alerts", "预警数", "int"),
    "precision": ("Precision", "精确率", "pct"),
    "recall": ("Recall", "召回率", "pct"),
    "median_lead_days": ("Median lead (days)", "中位提前天数", "days"),
    "false_alarms_per_series_year": ("False alarms / series-year", "每序列年误报", "num3"),
    "false alarms": ("False alarms", "误报", "int"),
    "picks_hit_rate": ("Picks hit rate", "精选命中率", "pct"),
    "base_rate": ("Base rate", "基础爆款率", "pct"),
    "lift": ("Lift", "提升倍数", "num1"),
    "auc": ("AUC", "AUC", "num3"),
    "brier": ("Brier score", "Brier分数", "num3"),
    "n_train": ("Styles trained on", "训练款数", "int"),
    "n_test": ("Styles tested", "测试款数", "int"),
    "model": ("Model", "模型", "text"),
    "mase": ("MASE", "MASE", "num3"),
    "recent_mase": ("Recent MASE", "近期MASE", "num3"),
    "vs_naive": ("× naive", "相对朴素", "num3"),
    "weight": ("Weight", "权重", "pct"),
    "fallback": ("Note", "说明", "text"),
    "posts": ("Posts", "帖子数", "int"),
    "mentions": ("Mentions", "提及数", "int"),
    "count": ("Count", "数量", "int"),
    "rows": ("Rows", "行数", "int"),
    "reason": ("Reason", "原因", "text"),
}
SEGMENT_VALUES = ("market", "crowd", "scene", "platform")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$")


def pretty(value: str) -> str:
    """A stored segment value as a word: ``women_35_plus`` → "Women 35+", ``all`` → "all".

    >>> pretty("women_35_plus"), pretty("gen_z"), pretty("US"), pretty("all")
    ('Women 35+', 'Gen z', 'US', 'all')
    """
    if value == "all" or not value or value.isupper():
        return value
    text = value.replace("_plus", "+").replace("_", " ")
    return text[:1].upper() + text[1:]


def when(stamp: str | None) -> str:
    """An ISO timestamp as people read it: ``2026-12-07T01:42:17Z`` → "2026-12-07 01:42 UTC".

    >>> when("2026-12-07T01:42:17Z"), when(None)
    ('2026-12-07 01:42 UTC', '—')
    """
    if not stamp:
        return "—"
    if _ISO.match(stamp):
        return f"{stamp[:10]} {stamp[11:16]} UTC"
    return stamp


def people(df: pl.DataFrame, names: Mapping[str, str], lang: Lang) -> pl.DataFrame:
    """Values for people: element names, worded segment values, ISO stamps as dates,
    "—" in empty text cells (headers are :func:`headers`)."""
    out = df
    for c in ("element",):
        if c in out.columns and out.schema[c] == pl.String:
            out = out.with_columns(pl.col(c).replace(dict(names)))
    for c in SEGMENT_VALUES:
        if c in out.columns and out.schema[c] == pl.String:
            out = out.with_columns(pl.col(c).map_elements(pretty, return_dtype=pl.String))
    for c, dtype in out.schema.items():
        if dtype == pl.String and c not in ("element", *SEGMENT_VALUES):
            out = out.with_columns(
                pl.when(pl.col(c).str.contains(_ISO.pattern))
                .then(pl.col(c).map_elements(when, return_dtype=pl.String))
                .otherwise(pl.col(c))
                .fill_null("—")
                .alias(c)
            )
    return out


def headers(columns: Sequence[str], lang: Lang) -> dict[str, str]:
    """column -> header in ``lang`` (known columns; others as words)."""
    i = 1 if lang == "zh" else 0
    return {c: str(COLUMNS[c][i]) if c in COLUMNS else c.replace("_", " ") for c in columns}


def column_config(columns: Sequence[str], lang: Lang) -> dict[str, Any]:
    """``st.column_config`` per known column: its header and number format."""
    cc = st.column_config
    out: dict[str, Any] = {}
    for c, label in headers(columns, lang).items():
        kind = COLUMNS[c][2] if c in COLUMNS else "text"
        if kind == "pct":
            out[c] = cc.NumberColumn(label, format="percent")
        elif kind == "num1":
            out[c] = cc.NumberColumn(label, format="%.1f")
        elif kind == "num3":
            out[c] = cc.NumberColumn(label, format="%.3f")
        elif kind in ("int", "days"):
            out[c] = cc.NumberColumn(label, format="%d")
        elif kind == "date":
            out[c] = cc.DateColumn(label, format="YYYY-MM-DD")
        else:
            out[c] = cc.Column(label)
    return out


def show(
    df: pl.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    key: str | None = None,
    width: Literal["stretch", "content"] = "stretch",
    target: Any = st,
) -> None:
    """Draw ``df`` for people (module docstring); ``target`` is ``st`` or a container."""
    lang = current_lang()
    shown = people(df, names or {}, lang)
    target.dataframe(
        shown,
        hide_index=True,
        width=width,
        key=key,
        column_config=column_config(shown.columns, lang),
    )
