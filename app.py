"""Infimate dashboard entry point: page config, sidebar dataset picker, navigation."""

from pathlib import Path

import streamlit as st

from infimate.ui import components, labels

HERE = Path(__file__).parent
# (file, icon) — listed explicitly; a page whose file is not there yet is skipped. Titles
# come from infimate/ui/labels.py (key = file stem) in the sidebar's language.
PAGES = (
    ("pages/overview.py", "🏠"),
    ("pages/trends.py", "📈"),
    ("pages/alerts.py", "🚨"),
    ("pages/compare.py", "⚖️"),
    ("pages/hit_predictor.py", "🎯"),
    ("pages/copy_studio.py", "✍️"),
    ("pages/new_words.py", "🆕"),
    ("pages/data.py", "🗂️"),
    ("pages/lexicon.py", "📚"),
    ("pages/report.py", "📰"),
    ("pages/bestie.py", "💁"),
)

st.set_page_config(page_title="Infimate", page_icon="🧵", layout="wide")
lang = labels.language_picker()  # EN / 中文 for navigation, sidebar, titles and headings
nav = st.navigation(
    [
        st.Page(f, title=labels.label(Path(f).stem, lang), icon=i, default=f == PAGES[0][0])
        for f, i in PAGES
        if (HERE / f).exists()
    ]
)
st.session_state["dataset_path"] = components.dataset_picker()
nav.run()
