"""Shared, keyed widgets and the few UI actions pages need (new dataset, errors).

Uploads, the copy studio and the hit predictor have their own modules beside this one
(:mod:`infimate.ui.upload`, :mod:`infimate.ui.copy`, :mod:`infimate.ui.hit`).

Deep links: the dataset, segment (market / crowd / scene) and the selected elements
live in ``st.query_params`` (``?element=tweed&market=US&crowd=gen_z``). Widgets read
them on load and write them back when the user changes a widget, so a shared URL opens
the same view.

Untrusted text (post text, generated copy) is only ever shown through ``st.text``,
``st.dataframe``, ``st.code`` or escaped HTML (:func:`highlight_html`).

Example (not run: needs a running Streamlit session)
----------------------------------------------------
>>> seg = segment_picker("data/demo")  # in a page: sidebar pickers, synced with the URL  # doctest: +SKIP
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import polars as pl
import streamlit as st

from infimate.data.datasets import Dataset
from infimate.data.export import neutralise
from infimate.errors import InfimateError
from infimate.ui import cached, labels
from infimate.ui.pickers import element_picker as element_picker  # importable from here
from infimate.ui.pickers import freshness
from infimate.ui.pickers import segment_picker as segment_picker
from infimate.ui.pickers import single_element_picker as single_element_picker

BadgeColor = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray"]
STAGE_BADGE: dict[str, tuple[BadgeColor, str]] = {
    "emerging": ("orange", "🌱"),
    "rising": ("red", "🚀"),
    "peaking": ("violet", "⛰️"),
    "seasonal": ("green", "🔁"),
    "one-off spike": ("yellow", "⚡"),
    "declining": ("blue", "📉"),
    "dormant": ("gray", "💤"),
}


def value_help(sources: pl.DataFrame) -> str:
    """What the value on a curve means, for the ``source`` × ``metric`` pairs shown.

    Example (not run: the text is in the UI language, read from a Streamlit session)
    ---------------------------------------------------------------------------------
    >>> value_help(pl.DataFrame({"source": ["google_trends"], "metric": ["index"]}))[:22]  # doctest: +SKIP
    'Google Trends interest'
    """
    parts = []
    for src, metric in sources.select("source", "metric").unique().sort("source").rows():
        if src == "posts":
            parts.append(labels.t("help_sov"))
        elif src == "google_trends":
            parts.append(labels.t("help_google_trends"))
        else:
            parts.append(labels.tf("help_uploaded", source=src, metric=metric))
    return " ".join(dict.fromkeys(parts)) or labels.t("help_sov")


# ---- dataset ----------------------------------------------------------------------
def available_datasets() -> list[str]:
    """Dataset directories under the data root (those with a manifest), default first."""
    default = cached.default_dataset()
    found = {default}
    root = cached.dataset_root()
    if root.exists():
        for d in sorted(root.iterdir()):
            if Dataset(d).exists:
                found.add(str(d))
    return [default, *sorted(found - {default})]


def dataset_name(path: str) -> str:
    """A dataset as people know it: its directory name (``demo``, ``spring_drop``).

    >>> dataset_name("/tmp/x/data/spring_drop")
    'spring_drop'
    """
    return Path(path).name or path


def dataset_picker() -> str:
    """Sidebar dataset picker; the choice lives in the ``dataset`` query parameter."""
    options = available_datasets()
    wanted = st.query_params.get("dataset", options[0])
    index = options.index(wanted) if wanted in options else 0
    choice = st.sidebar.selectbox(
        labels.t("dataset"), options, index=index, key="dataset", format_func=dataset_name
    )
    if choice != options[0]:
        st.query_params["dataset"] = choice
    elif "dataset" in st.query_params:
        del st.query_params["dataset"]
    return choice


def current_dataset() -> str:
    """The dataset chosen in the sidebar (or the default one).

    Every page starts here, so this is also where a page run *without* ``app.py`` is
    caught: until some session has run ``st.navigation``, Streamlit serves a deep link
    such as ``/trends`` by running ``pages/trends.py`` alone (its older ``pages/``
    directory mode: raw file names in the sidebar, no pickers). That happens when a
    fresh server's first request is a shared link. Switch the mode off and rerun, so
    ``app.py`` opens the same page with its navigation and sidebar.
    """
    from streamlit.runtime.pages_manager import PagesManager

    chosen = st.session_state.get("dataset_path")  # set by app.py on every run
    if chosen is None and PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return chosen or cached.default_dataset()


def synthetic_banner(path: str) -> None:
    """Say plainly when the data shown is the generated demo world."""
    if cached.manifest(path).get("synthetic"):
        st.info(labels.t("banner_synthetic"), icon="🧪")


def require_dataset(path: str) -> bool:
    """Show a clear message (not a traceback) when the dataset directory is missing."""
    if not Dataset(path).exists:
        st.error(labels.tf("err_no_dataset", path=path))
        return False
    return True


def require_signals(path: str) -> bool:
    """False (with a message) when the dataset has no signals yet."""
    if cached.signals(path) is None:
        st.warning(labels.t("warn_no_signals"))
        return False
    return True


def page_start(page: str, *, signals: bool = False, dataset: bool = True) -> str:
    """Open a page: its title (label ``page``), the chosen dataset and its checks.

    Stops the page with a clear message when the dataset is missing (``dataset``) or has
    no signals (``signals``); labels a synthetic dataset. Returns the dataset path.
    """
    path = current_dataset()
    st.title(labels.t(page))
    if dataset and not require_dataset(path):
        st.stop()
    if signals and not require_signals(path):
        st.stop()
    if dataset:
        synthetic_banner(path)
        freshness(path)  # infimate.ui.pickers
    return path


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_NAME_RX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$")


def create_dataset(name: str, *, root: Path | None = None) -> str:
    """Create an empty dataset ``<root>/<name>`` (a manifest only) and return its path.

    Raises :class:`InfimateError` for a bad name or an existing dataset.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     made = Path(create_dataset("spring_drop", root=Path(tmp)))
    ...     made.name, sorted(p.name for p in made.iterdir())
    ('spring_drop', ['manifest.json'])
    >>> create_dataset("spring drop!")
    Traceback (most recent call last):
    infimate.errors.InfimateError: dataset name 'spring drop!': use letters, digits, '_' or '-' (at most 41 characters)
    """
    if not _NAME_RX.match(name or ""):
        raise InfimateError(
            f"dataset name {name!r}: use letters, digits, '_' or '-' (at most 41 characters)"
        )
    target = (root or cached.dataset_root()) / name
    if Dataset(target).exists:
        raise InfimateError(f"dataset {target} already exists")
    return str(Dataset(target).create().path)


#: (pattern of a library message, catalogue key of its 中文 text with the pattern's groups)
ERROR_TEXTS = (
    (re.compile(r"^dataset name (?P<name>.*): use letters"), "err_dataset_name"),
    (re.compile(r"^dataset (?P<path>.*) already exists$"), "err_dataset_exists"),
    (re.compile(r"^unknown element (?P<element>'.*?'|\".*?\"):"), "err_unknown_element"),
    (
        re.compile(r"^(?P<name>.*): no valid candidate rows \((?P<n>\d+) rejected"),
        "err_no_candidates",
    ),
)


def error_text(exc: BaseException, lang: labels.Lang) -> str:
    """The one line shown for ``exc`` in ``lang``.

    Library errors are English sentences; in 中文 a known message gets its catalogue
    text (file names and values kept, they are data), any other one the text of its
    class (``err_DataFileError``, ``err_InfimateError``, ``err_other``).

    Example
    -------
    >>> error_text(InfimateError("dataset /d/x already exists"), "zh")
    '数据集 /d/x 已存在。'
    >>> from infimate.errors import DataFileError
    >>> error_text(DataFileError("up/posts.csv", "is a PNG image"), "zh")
    '无法读取文件 posts.csv（原因见下方详情）。'
    >>> error_text(ValueError("boom"), "en")
    'boom'
    """
    if lang == "en":
        return str(exc)
    from infimate.errors import DataFileError

    for rx, key in ERROR_TEXTS:
        m = rx.search(str(exc))
        if m:
            return labels.label(key, lang).format(**m.groupdict())
    if isinstance(exc, DataFileError):
        return labels.label("err_DataFileError", lang).format(name=Path(exc.path).name)
    key = "err_InfimateError" if isinstance(exc, InfimateError) else "err_other"
    return labels.label(key, lang)


def show_error(exc: BaseException) -> None:
    """One clear line for an expected problem (never a traceback), in the UI language;
    in 中文 the library's own message stays one click away (an expander)."""
    lang = labels.current_lang()
    st.error(error_text(exc, lang), icon="⚠️")
    if lang != "en":
        with st.expander(labels.t("err_details")):
            st.code(str(exc), language=None, wrap_lines=True)


# ---- segment and element pickers -----------------------------------------------------
def element_names(path: str) -> dict[str, str]:
    """element_id -> "name_en · name_zh" for pickers (ids when there is no lexicon yet);
    in 中文 mode the 中文 name alone (:func:`display_names`)."""
    if labels.current_lang() == "zh":
        return display_names(path, "zh")
    try:
        lex = cached.lexicon(path)
    except InfimateError:
        return {}
    return {
        r["element_id"]: " · ".join(x for x in (r["name_en"], r["name_zh"]) if x)
        for r in lex.select("element_id", "name_en", "name_zh").iter_rows(named=True)
    }


def display_names(path: str, lang: labels.Lang | None = None) -> dict[str, str]:
    """element_id -> its name in the UI language (English name, or 中文 name in 中文 mode;
    the English name when there is no 中文 one) for legends, tables and axes."""
    try:
        lex = cached.lexicon(path)
    except InfimateError:
        return {}
    zh = (lang or labels.current_lang()) == "zh"
    return {
        r["element_id"]: (r["name_zh"] if zh and r["name_zh"] else r["name_en"]) or r["element_id"]
        for r in lex.select("element_id", "name_en", "name_zh").iter_rows(named=True)
    }


def element_hex(path: str) -> dict[str, str]:
    """element_id -> hex for colour elements (empty when there is no lexicon yet)."""
    try:
        lex = cached.lexicon(path)
    except InfimateError:
        return {}
    lex = lex.filter(pl.col("hex").is_not_null() & (pl.col("hex") != ""))
    return dict(zip(lex["element_id"].to_list(), lex["hex"].to_list(), strict=True))


# ---- small renderers ---------------------------------------------------------------------
def stage_badge(stage: str) -> None:
    """A coloured lifecycle-stage badge."""
    from infimate.ui.words import value

    color, icon = STAGE_BADGE.get(stage, ("gray", "•"))
    st.badge(value("stage", stage), color=color, icon=icon)


def swatch(hex_code: str | None, *, size: int = 32) -> None:
    """A colour swatch image (not HTML), or nothing for non-colour elements."""
    if not hex_code:
        return
    from infimate.elements.colors import swatch as _swatch

    st.image(_swatch(hex_code, size=(size, size)), caption=hex_code, width=size)


#: an empty (transparent) image cell: tables show "None" for a missing value
NO_SWATCH = "data:image/svg+xml;utf8," + quote(
    "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'/>"
)


def swatch_url(hex_code: str | None) -> str:
    """A tiny SVG square of ``hex_code`` as a data URL (:data:`NO_SWATCH` unless the value
    is a ``#RRGGBB`` colour), for an image column of a table.

    Example
    -------
    >>> swatch_url("#0ABAB5")[:26]
    'data:image/svg+xml;utf8,%3'
    >>> swatch_url("red") == NO_SWATCH
    True
    """
    if not hex_code or not _HEX.fullmatch(hex_code):
        return NO_SWATCH  # lexicon data never reaches the SVG unvalidated
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'>"
        f"<rect width='20' height='20' rx='3' fill='{hex_code}' stroke='#999'/></svg>"
    )
    return "data:image/svg+xml;utf8," + quote(svg)


def posts_table(posts: pl.DataFrame) -> None:
    """Posts (untrusted text) as a plain data table — never markdown or HTML."""
    from infimate.ui import tables

    if posts.is_empty():
        st.caption(labels.t("no_posts"))
        return
    lang = labels.current_lang()
    st.dataframe(  # formula-like cells quoted: the grid's own CSV download is then safe
        neutralise(tables.people(posts, {}, lang)),
        hide_index=True,
        width="stretch",
        column_config=tables.column_config(posts.columns, lang),
    )


def pct(x: float | None, *, signed: bool = True) -> str:
    """``0.38`` -> ``+38%`` (``—`` for None)."""
    if x is None:
        return "—"
    return f"{x:+.0%}" if signed else f"{x:.0%}"
