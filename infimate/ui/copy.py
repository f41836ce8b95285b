"""Copy studio at the edge: the cached brief, the LLM switch and the copy widgets.

Generated copy is untrusted model output: it is streamed escaped
(:func:`escape_markdown`) and shown as escaped HTML with the compliance flags marked
(:func:`highlight_html`), never as markdown. The names stay importable from
:mod:`infimate.ui.cached` and :mod:`infimate.ui.components`.

Example
-------
>>> import tempfile
>>> from infimate.data import samples
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
...     b = brief(tmp, element="奶油黄", segment=Segment())  # id, name or alias
>>> b.subject, b.stage, b.growth_4w_pct
('butter_yellow', 'rising', 73)

Example (not run: needs a running Streamlit session)
----------------------------------------------------
>>> show_copy(result, file_stem="butter-yellow-copy")  # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from typing import Any

import polars as pl
import streamlit as st

from infimate.copywriting.writer import Lang
from infimate.data.datasets import Dataset
from infimate.trends.curves import Segment
from infimate.ui.cached import cache_stamp, summaries
from infimate.ui.labels import current_lang, t, tf
from infimate.ui.words import value


# ---- cached ----------------------------------------------------------------------------------
@st.cache_data(show_spinner="Building the brief…")
def _brief(path: str, stamp: str, element: str | None, sku: str | None, segment: Segment):
    from infimate.copywriting.brief import build_brief

    return build_brief(
        Dataset(path),
        element=element,
        sku=sku,
        market=segment.market,
        crowd=segment.crowd,
        scene=segment.scene,
    )


def brief(path: str, *, element: str | None = None, sku: str | None = None, segment: Segment):
    """The copy :class:`~infimate.copywriting.brief.Brief` for an element or a sku."""
    return _brief(path, cache_stamp(path), element, sku, segment)


@st.cache_resource(show_spinner=False)
def llm_configured() -> bool:
    """True when an OpenAI-compatible key is configured (the key itself is never returned)."""
    return bool(os.environ.get("OPENAI_API_KEY"))


# ---- widgets -------------------------------------------------------------------------------
def highlight_html(text: str, flags: Sequence[Any]) -> str:
    """Escaped HTML of ``text`` with each flag's ``[start, end)`` span in ``<mark>``.

    Everything from ``text`` is escaped (the copy is model output: untrusted); only the
    ``<mark>`` tags and line breaks are ours. Overlapping flags are merged.

    Example
    -------
    >>> from types import SimpleNamespace as F
    >>> highlight_html("the best <b>", [F(start=4, end=8, rule="absolute term")])
    'the <mark title="absolute term">best</mark> &lt;b&gt;'
    """
    out: list[str] = []
    pos = 0
    for f in sorted(flags, key=lambda f: (f.start, -f.end)):
        start, end = max(f.start, pos), min(f.end, len(text))
        if end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        rule = html.escape(str(f.rule), quote=True)
        out.append(f'<mark title="{rule}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def element_order(path: str, segment: Segment, names: dict[str, str]) -> list[str]:
    """The elements the copy studio offers: those with a curve in the segment first
    (fastest risers first, :func:`infimate.ui.cached.summaries`), then the rest of the
    lexicon by name — only ids the brief resolves (:func:`writable`), so the picker never
    offers an element the writer then refuses."""
    s = summaries(path, segment)
    with_data = list(dict.fromkeys(s["element"].to_list())) if "element" in s.columns else []
    ok = writable(path)
    seen = set(with_data)
    rest = sorted((e for e in names if e not in seen), key=lambda e: names[e])
    return [e for e in with_data + rest if e.strip().casefold() in ok]


@st.cache_data(show_spinner=False)
def _writable(path: str, stamp: str) -> frozenset[str]:
    from infimate.elements.lexicon import load_lexicon

    lex = load_lexicon(Dataset(path))
    aliases = lex["aliases"]
    if aliases.dtype == pl.String:
        aliases = aliases.str.split(";")
    keys = [*lex["element_id"], *lex["name_en"], *lex["name_zh"], *aliases.explode()]
    return frozenset(str(k).strip().casefold() for k in keys if k)


def writable(path: str) -> frozenset[str]:
    """What :func:`infimate.copywriting.brief.build_brief` resolves (casefolded): element
    ids, English and 中文 names and aliases of the lexicon it reads (built-in plus the
    dataset's ``lexicon.csv``)."""
    return _writable(path, cache_stamp(path))


def flags_frame(flags: Sequence[Any], lang: Lang = "en") -> pl.DataFrame:
    """The compliance flags as a table: text, rule (in ``lang``), suggestion, start, end."""
    return pl.DataFrame(
        [
            {
                "text": f.text,
                "rule": value("flag", f.rule, lang),
                "suggestion": f.suggestion,
                "start": f.start,
                "end": f.end,
            }
            for f in flags
        ],
        schema={
            "text": pl.Utf8,
            "rule": pl.Utf8,
            "suggestion": pl.Utf8,
            "start": pl.Int64,
            "end": pl.Int64,
        },
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def escape_markdown(text: str) -> str:
    """Backslash-escape markdown/LaTeX syntax so model output renders as literal text.

    Example
    -------
    >>> escape_markdown("[x](javascript:y) *hi* $5")
    '\\\\[x\\\\]\\\\(javascript\\\\:y\\\\) \\\\*hi\\\\* \\\\$5'
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def stream_copy(stream: Any, *, brief: Any, lang: Lang) -> Any:
    """Show a writer's stream live (``st.write_stream``) and return the checked CopyResult.

    If an LLM stream breaks mid-way (``RESTART``), the partial text is cleared and the
    offline copy streams in its place. Text is escaped: the copy is untrusted.
    """
    from infimate.copywriting.compliance import check
    from infimate.copywriting.writer import RESTART, CopyResult

    box = st.empty()
    it = iter(stream)
    parts: list[str] = []
    while True:
        restarted = False

        def until_restart():
            nonlocal restarted
            for d in it:
                if d is RESTART:
                    restarted = True
                    parts.clear()
                    return
                parts.append(d)
                yield escape_markdown(d)

        with box.container():
            st.write_stream(until_restart())
        if not restarted:
            break
        box.empty()
    box.empty()
    text = "".join(parts)
    o = stream.outcome
    return CopyResult(
        text, check(text, lang, brief=brief), o.provider, o.fallback, o.notice, removed=o.removed
    )


def show_copy(result: Any, *, file_stem: str) -> None:
    """Finished copy: provenance notice, flagged spans highlighted, copy + download."""
    from infimate.ui import tables
    from infimate.ui.words import value

    lang = current_lang()
    if result.notice:
        st.warning(result.notice if lang == "en" else t("cs_fallback_notice"))
    st.caption(tf("cs_written_by", provider=value("provider", result.provider)))
    st.html(
        f'<div style="white-space:normal;line-height:1.6">{highlight_html(result.text, result.flags)}</div>'
    )
    if result.flags:
        st.error(tf("cs_flags", n=len(result.flags)))
        flags = flags_frame(result.flags, lang)
        st.dataframe(
            flags,
            hide_index=True,
            width="stretch",
            column_config=tables.column_config(flags.columns, lang),
        )
    else:
        st.success(t("cs_no_flags"))
    st.code(result.text, language=None, wrap_lines=True)
    st.download_button(
        t("cs_download"),
        result.text.encode("utf-8"),
        file_name=f"{file_stem}.txt",
        mime="text/plain",
        key="copy_dl",
    )
