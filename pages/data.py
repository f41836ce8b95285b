"""Data: upload posts / signals / products, validation report, quarantine, manifest, datasets."""

import streamlit as st

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.ui import cached, components, upload
from infimate.ui.labels import t, tf
from infimate.ui.words import values

path = components.page_start("data", dataset=False)
st.caption(tf("da_dataset", path=path))
up, qt, ds_tab, man = st.tabs(
    [t("da_tab_upload"), t("da_tab_quarantine"), t("da_tab_datasets"), t("ov_manifest")]
)

with up:
    kind = st.radio(
        t("da_table"),
        ["posts", "signals", "products"],
        horizontal=True,
        key="upload_kind",
        format_func=values("table"),
    )
    st.caption(t("da_formats"))
    f = st.file_uploader(
        t("da_file"), type=["csv", "tsv", "parquet", "pq", "txt"], key="upload_file"
    )
    if f is not None and st.button(t("da_ingest"), type="primary", key="upload_go"):
        report = upload.handle_upload(path, kind, f.name, f.getvalue())
        if report is not None and kind == "posts":
            st.info(t("da_posts_loaded"))

with qt:
    files = Dataset(path).quarantine_files()
    if not files:
        st.caption(t("da_no_quarantine"))
    for q in files[:20]:
        st.download_button(f"⬇ {q.name}", q.read_bytes(), file_name=q.name, key=f"q_{q.name}")

with ds_tab:
    st.write(t("da_datasets"), ", ".join(f"`{d}`" for d in components.available_datasets()))
    name = st.text_input(t("da_new_name"), key="new_ds_name", placeholder="spring_drop")
    if st.button(t("da_create"), key="new_ds_go") and name:
        try:
            new = components.create_dataset(name)
        except InfimateError as exc:
            components.show_error(exc)
        else:
            st.query_params["dataset"] = new
            st.success(tf("da_created", path=new))

with man:
    if components.require_dataset(path):
        st.json(cached.manifest(path))
