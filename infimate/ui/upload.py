"""Uploads at the edge: ingest uploaded bytes with a progress bar and show the report.

Bad rows go to the dataset's quarantine (:mod:`infimate.data.ingest`); an unreadable file is
one clear error, never a traceback. The names stay importable from
:mod:`infimate.ui.components`.

Example (not run: needs a running Streamlit session)
----------------------------------------------------
>>> f = st.file_uploader("Posts (CSV or Parquet)")  # doctest: +SKIP
>>> report = handle_upload("data/mine", "posts", f.name, f.getvalue())  # doctest: +SKIP
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import polars as pl
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.ingest import IngestReport, ingest
from infimate.elements.products import tag_products
from infimate.errors import InfimateError
from infimate.ui.components import show_error
from infimate.ui.labels import t, tf
from infimate.ui.words import value

UploadKind = Literal["posts", "signals", "products"]


def ingest_upload(
    path: str,
    kind: UploadKind,
    name: str,
    data: bytes,
    *,
    progress: Callable[[float], None] | None = None,
) -> IngestReport:
    """Ingest uploaded bytes as if they were the file ``name`` (CSV, Parquet, Trends export).

    Bad rows go to quarantine; an unreadable file raises
    :class:`~infimate.errors.DataFileError` naming the upload and the problem.

    Example
    -------
    >>> data = b"post_id,ts,platform,market,author_id,text\\np1,2026-01-05,tiktok,US,a1,tweed\\n"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     r = ingest_upload(tmp, "posts", "my posts.csv", data)
    ...     r.accepted, Path(r.upload_file).name.endswith("-my_posts.csv")
    (1, True)
    >>> ingest_upload("unused", "posts", "posts.csv", b"\\x89PNG...")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    infimate.errors.DataFileError: .../posts.csv: is a PNG image, not a CSV or Parquet file
    """
    safe = Path(name).name or "upload.csv"
    ds = Dataset(path)
    # one lock around the ingest and the product tagging after it, so a concurrent ingest
    # (CLI or another session) cannot slip rows in between and have them overwritten
    with (
        tempfile.TemporaryDirectory(prefix="infimate-upload-") as tmp,
        ds.writing(what=f"ingest {kind} from {safe} (Data page)"),
    ):
        f = Path(tmp) / safe
        f.write_bytes(data)
        report = ingest(ds, kind, f, progress=progress)
        if kind == "products" and not report.unchanged:  # item, colours, missing elements
            tag_products(ds)
    return report


def handle_upload(path: str, kind: UploadKind, name: str, data: bytes) -> IngestReport | None:
    """Ingest an upload with a progress bar and show the validation report.

    Expected problems (unreadable file, missing columns, …) are shown with ``st.error``
    and return None — never a traceback.
    """
    bar = st.progress(0.0, text=tf("up_ingesting", name=name))
    try:

        def progress(x: float) -> None:
            bar.progress(x, text=tf("up_ingesting", name=name))

        report = ingest_upload(path, kind, name, data, progress=progress)
    except InfimateError as exc:
        bar.empty()
        show_error(exc)
        return None
    bar.progress(1.0, text=t("up_done"))
    ingest_report(report)
    if kind in ("products", "signals"):
        from infimate.ui.hit import hit_ready

        hit_ready(path)  # starts fitting the hit model now, not on the first page visit
    return report


def ingest_report(report: IngestReport) -> None:
    """Accepted / quarantined counts, reasons, and the quarantine file to download."""
    if report.unchanged:  # the same bytes were ingested before: nothing was written
        st.info(tf("up_unchanged", file=Path(report.file).name, rows=f"{report.total_rows:,}"))
        return
    c1, c2, c3 = st.columns(3)
    c1.metric(t("up_accepted"), f"{report.accepted:,}")
    c2.metric(t("up_quarantined"), f"{report.quarantined:,}")
    c3.metric(tf("up_rows_now", table=value("table", report.kind)), f"{report.total_rows:,}")
    if report.quarantined:
        st.warning(tf("up_some_quarantined", n=f"{report.quarantined:,}"))
        st.dataframe(
            pl.DataFrame(list(report.reasons), schema=["reason", "rows"], orient="row"),
            hide_index=True,
        )
    else:
        st.success(tf("up_all_accepted", n=f"{report.accepted:,}"))
    if report.quarantine_file and Path(report.quarantine_file).exists():
        q = Path(report.quarantine_file)
        st.download_button(
            t("up_download_quarantine"),
            q.read_bytes(),
            file_name=q.name,
            mime="text/csv",
            key=f"dl_{q.name}",
        )
