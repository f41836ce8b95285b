"""Tables for people: names instead of ids, headers in the UI language, one number format.

:func:`show` is the one way pages draw a data table: element ids become the lexicon's
names (in the UI language), stored codes read as words (``women_35_plus`` → "Women
35+" / "35岁以上女性"), columns get their header from the string catalogue
(``col_<column>`` in ``strings/tables.csv``) and a format (percentages, one decimal for
scores, whole days), ISO timestamps read as dates, and missing cells show
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

from infimate.data.export import neutralise
from infimate.ui.labels import Lang, current_lang, label
from infimate.ui.words import pretty as pretty  # importable from here
from infimate.ui.words import value

Kind = Literal["text", "pct", "num1", "num3", "int", "days", "date"]

#: column -> number format; headers are the catalogue's ``col_<column>`` (strings/tables.csv)
KINDS: dict[str, Kind] = {
    "date": "date",
    "asof": "date",
    "sov": "num3",
    "level": "num3",
    "growth_4w": "pct",
    "growth_12w": "pct",
    "kol_share": "pct",
    "score": "num1",
    "series": "int",
    "breakouts": "int",
    "alerts": "int",
    "precision": "pct",
    "recall": "pct",
    "median_lead_days": "days",
    "false_alarms_per_series_year": "num3",
    "false alarms": "int",
    "picks_hit_rate": "pct",
    "base_rate": "pct",
    "lift": "num1",
    "auc": "num3",
    "brier": "num3",
    "n_train": "int",
    "n_test": "int",
    "mase": "num3",
    "recent_mase": "num3",
    "vs_naive": "num3",
    "weight": "pct",
    "posts": "int",
    "mentions": "int",
    "count": "int",
    "rows": "int",
    "engagement": "int",
    "probability": "pct",
    "lo": "pct",
    "hi": "pct",
    "predicted": "pct",
    "observed": "pct",
    "growth": "num1",
    "price": "num1",
}
#: columns whose values are stored codes shown in the UI language (:func:`words.value`)
VALUE_COLUMNS = (
    *("market", "crowd", "scene", "platform", "stage", "kind", "confidence", "model"),
    *("method", "rule", "spread", "author_tier", "category", "type", "source", "metric"),
)
SEGMENT_VALUES = ("market", "crowd", "scene", "platform")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$")


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


def header_key(column: str) -> str:
    """Catalogue key of a column's header: ``col_<column>`` (spaces as ``_``)."""
    return "col_" + column.replace(" ", "_")


def people(df: pl.DataFrame, names: Mapping[str, str], lang: Lang) -> pl.DataFrame:
    """Values for people: element names, stored codes in words (:func:`words.value`),
    ISO stamps as dates, "—" in empty text cells (headers are :func:`headers`)."""
    out = df
    if "element" in out.columns and out.schema["element"] == pl.String:
        out = out.with_columns(pl.col("element").replace(dict(names)))
    for c in VALUE_COLUMNS:
        if c in out.columns and out.schema[c] == pl.String:
            shown = {v: value(c, v, lang) for v in out[c].unique().drop_nulls().to_list()}
            out = out.with_columns(pl.col(c).replace(shown))
    for c, dtype in out.schema.items():
        if dtype == pl.String and c not in ("element", *VALUE_COLUMNS):
            out = out.with_columns(
                pl.when(pl.col(c).str.contains(_ISO.pattern))
                .then(pl.col(c).map_elements(when, return_dtype=pl.String))
                .otherwise(pl.col(c))
                .fill_null("—")
                .alias(c)
            )
    return out


def headers(columns: Sequence[str], lang: Lang) -> dict[str, str]:
    """column -> header in ``lang``: the catalogue's ``col_<column>``, else the name as words."""
    out = {}
    for c in columns:
        key = header_key(c)
        text = label(key, lang)
        out[c] = text if text != key else c.replace("_", " ")
    return out


def column_config(columns: Sequence[str], lang: Lang) -> dict[str, Any]:
    """``st.column_config`` per column: its header and number format."""
    cc = st.column_config
    out: dict[str, Any] = {}
    for c, text in headers(columns, lang).items():
        kind = KINDS.get(c, "text")
        if kind == "pct":
            out[c] = cc.NumberColumn(text, format="percent")
        elif kind == "num1":
            out[c] = cc.NumberColumn(text, format="%.1f")
        elif kind == "num3":
            out[c] = cc.NumberColumn(text, format="%.3f")
        elif kind in ("int", "days"):
            out[c] = cc.NumberColumn(text, format="%d")
        elif kind == "date":
            out[c] = cc.DateColumn(text, format="YYYY-MM-DD")
        else:
            out[c] = cc.Column(text)
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
    shown = neutralise(people(df, names or {}, lang))  # safe in the grid's CSV download
    target.dataframe(
        shown,
        hide_index=True,
        width=width,
        key=key,
        column_config=column_config(shown.columns, lang),
    )
