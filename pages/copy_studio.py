"""Copy studio: grounded selling copy for an element or a style, streamed, compliance-checked."""

import streamlit as st

from infimate.copywriting.providers import get_writer
from infimate.copywriting.writer import FORMATS, LANGS, VOICES
from infimate.errors import InfimateError
from infimate.ui import cached, components, copy
from infimate.ui.labels import current_lang, t
from infimate.ui.words import values

path = components.page_start("copy_studio")
seg = components.segment_picker(path)
names = components.element_names(path)
prods = cached.products(path)
kinds = ["element", "style (sku)"] if prods is not None else ["element"]
kind = st.radio(
    t("cs_write_about"), kinds, horizontal=True, key="copy_kind", format_func=values("subject")
)
if kind == "element":
    subject = components.single_element_picker(
        copy.element_order(path, seg, names),
        format_func=lambda e: names.get(e, e),
        key="copy_element",
    )
else:
    subject = st.selectbox(t("cs_style"), prods["sku"].head(2000).to_list(), key="copy_sku")
c1, c2, c3, c4 = st.columns(4)
voice = c1.selectbox(t("cs_voice"), VOICES, key="copy_voice", format_func=values("voice"))
fmt = c2.selectbox(t("cs_format"), FORMATS, key="copy_fmt", format_func=values("format"))
ui_lang = current_lang()  # the copy is written in the UI language unless changed
lang = c3.selectbox(
    t("cs_language"),
    LANGS,
    index=LANGS.index(ui_lang) if ui_lang in LANGS else 0,
    format_func=values("copylang"),
    key="copy_lang",
)
providers = ["offline", "openai"] if copy.llm_configured() else ["offline"]
provider = c4.selectbox(
    t("cs_provider"),
    providers,
    key="copy_provider",
    format_func=values("provider"),
    help=t("cs_provider_help"),
)

if st.button(t("cs_write"), type="primary", key="copy_go") and subject:
    try:
        brief = copy.brief(
            path,
            element=subject if kind == "element" else None,
            sku=subject if kind != "element" else None,
            segment=seg,
        )
    except InfimateError as exc:
        components.show_error(exc)
        st.stop()
    with st.expander(t("cs_facts")):
        st.text("\n".join(brief.facts()) or t("cs_no_numbers"))
    if provider == "openai":
        from infimate.copywriting.providers import writer_from_env

        writer = writer_from_env()
    else:
        writer = get_writer("offline")
    st.session_state["copy_result"] = copy.stream_copy(
        writer.stream(brief, voice, fmt, lang), brief=brief, lang=lang
    )
    st.session_state["copy_stem"] = f"{subject}-{voice}-{fmt}-{lang}"
if "copy_result" in st.session_state:
    copy.show_copy(st.session_state["copy_result"], file_stem=st.session_state["copy_stem"])
