"""Infimate dashboard entry point: page config, sidebar dataset picker, navigation."""

import streamlit as st

from infimate.ui import components

st.set_page_config(page_title="Infimate", page_icon="🧵", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
]

nav = st.navigation(PAGES)
st.session_state["dataset_path"] = components.dataset_picker()
nav.run()
