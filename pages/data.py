"""Data: upload posts / signals / products, validation report, quarantine, manifest, datasets."""

import streamlit as st

from infimate.data.datasets import Dataset
from infimate.errors import InfimateError
from infimate.ui import cached, components, upload

path = components.page_start("data", dataset=False)
st.caption(f"Dataset: `{path}`")
up, qt, ds_tab, man = st.tabs(["Upload", "Quarantine", "Datasets", "Manifest"])

with up:
    kind = st.radio("Table", ["posts", "signals", "products"], horizontal=True, key="upload_kind")
    st.caption(
        "CSV (comma, semicolon or tab separated) or Parquet following the data contract; "
        "signals also accept a Google Trends "
        "multiTimeline.csv export or a wide CSV (date + one column per term). Bad rows go "
        "to quarantine with a reason; good rows load."
    )
    f = st.file_uploader("File", type=["csv", "tsv", "parquet", "pq", "txt"], key="upload_file")
    if f is not None and st.button("Ingest", type="primary", key="upload_go"):
        report = upload.handle_upload(path, kind, f.name, f.getvalue())
        if report is not None and kind == "posts":
            st.info(
                "Posts loaded. Tag them (Overview → `python -m infimate tag`) to update signals."
            )

with qt:
    files = Dataset(path).quarantine_files()
    if not files:
        st.caption("No quarantined rows.")
    for q in files[:20]:
        st.download_button(f"⬇ {q.name}", q.read_bytes(), file_name=q.name, key=f"q_{q.name}")

with ds_tab:
    st.write("Datasets:", ", ".join(f"`{d}`" for d in components.available_datasets()))
    name = st.text_input("New empty dataset name", key="new_ds_name", placeholder="spring_drop")
    if st.button("Create dataset", key="new_ds_go") and name:
        try:
            new = components.create_dataset(name)
        except InfimateError as exc:
            components.show_error(exc)
        else:
            st.query_params["dataset"] = new
            st.success(f"Created `{new}`; pick it in the sidebar.")

with man:
    if components.require_dataset(path):
        st.json(cached.manifest(path))
