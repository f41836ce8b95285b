"""Infimate dashboard entry point: page config, sidebar dataset picker, navigation."""

from pathlib import Path

import streamlit as st

from infimate.ui import components

HERE = Path(__file__).parent
# (file, title, icon) — listed explicitly; a page whose file is not there yet is skipped
PAGES = (
    ("pages/overview.py", "Overview", "🏠"),
    ("pages/trends.py", "Trends", "📈"),
    ("pages/alerts.py", "Alerts", "🚨"),
    ("pages/hit_predictor.py", "Hit predictor", "🎯"),
    ("pages/copy_studio.py", "Copy studio", "✍️"),
    ("pages/new_words.py", "New words", "🆕"),
    ("pages/data.py", "Data", "🗂️"),
    ("pages/lexicon.py", "Lexicon", "📚"),
    ("pages/report.py", "Report", "📰"),
    ("pages/bestie.py", "Bestie", "💁"),
)

st.set_page_config(page_title="Infimate", page_icon="🧵", layout="wide")
nav = st.navigation(
    [
        st.Page(f, title=t, icon=i, default=f == "pages/overview.py")
        for f, t, i in PAGES
        if (HERE / f).exists()
    ]
)
st.session_state["dataset_path"] = components.dataset_picker()
nav.run()
