"""UI labels in English and Chinese, and the language toggle.

Every user-facing string of the dashboard lives in one catalogue: the CSV files in
``infimate/ui/strings/`` (``key,en,zh``; one file per page or part, so no two people edit
the same file). :func:`t` looks a key up in the current language; ``{name}`` placeholders
are filled with :func:`tf`.
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

import csv
from pathlib import Path
from typing import Literal

import streamlit as st

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
LANG_NAMES = {"en": "EN", "zh": "中文"}

STRINGS = Path(__file__).parent / "strings"


def load_strings(folder: Path = STRINGS) -> tuple[tuple[str, str, str], ...]:
    """Every ``key,en,zh`` row of the CSV files in ``folder`` (one file per page or part).

    A key defined twice, or a row missing its English or Chinese text, is an error: the
    catalogue is the only place a user-facing string lives.
    """
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for rec in csv.DictReader(f):
                key, en, zh = rec["key"], rec["en"], rec["zh"]
                if key in seen:
                    raise ValueError(f"string {key!r} in both {seen[key]} and {path.name}")
                if not (key and en and zh):
                    raise ValueError(f"string {key!r} in {path.name} lacks en or zh text")
                seen[key] = path.name
                rows.append((key, en, zh))
    return tuple(rows)


#: (key, English, 中文), from ``infimate/ui/strings/*.csv``
LABELS: tuple[tuple[str, str, str], ...] = load_strings()
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


def tf(key: str, **values: object) -> str:
    """:func:`t` with its ``{name}`` placeholders filled (``tf("freshness", first=...)``)."""
    return t(key).format(**values)


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
