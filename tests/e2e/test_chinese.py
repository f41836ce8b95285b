"""In 中文 mode no page shows an English word (issue #22: full 中文 from one catalogue).

Every page listed in ``app.py`` is opened with ``?lang=zh`` in real Chromium; once the
script run has finished and the page has painted, every *visible* text node of the
document (HTML and the SVG text of plotly charts: titles, axes, legends, annotations)
is collected with a ``TreeWalker``, and any ASCII word of two letters or more that is
not an allowed token fails the test, listing the word and where it was seen.

Allowed, because they are not English prose:

* element names that have no 中文 name in the dataset's lexicon (they are shown as is);
* the brand ``Infimate``, and the tokens of the dataset's own path / name (user data);
* two- and three-letter upper-case codes (country codes like ``US``; ``KOL``, ``SKU``,
  ``CSV`` …) — see :data:`ALLOWED` for the few longer abbreviations;
* numbers, ``%``, units (``d``, ``MB``, ``km`` — single letters never count), ISO dates.

Excluded from the scan (Streamlit's own chrome, English in the Streamlit bundle and out of
the app's control; the app never puts its own text there):

* ``stToolbar``, ``stHeader`` main menu / deploy button, ``stStatusWidget`` ("Running…");
* ``stFileUploaderDropzoneInstructions`` ("Drag and drop file here · Limit 200MB per
  file") and the uploader's "Browse files" button (``stBaseButton-secondary`` inside
  ``stFileUploaderDropzone``);
* ``stDecoration`` and ``stSkipToContent`` (the visually hidden "Skip to main content"
  link), and other ``aria-hidden`` helpers;
* user data and code, the same in every language: ``stText`` (post text is only ever
  drawn with ``st.text``), ``stCode`` (generated copy, an error's original message) and
  inline ``code`` (commands such as ``python -m infimate demo``, file names);
* the sidebar language toggle (``.st-key-ui_lang_toggle``): it is bilingual on purpose
  ("Language / 语言", "EN / 中文"), so someone lost in either language can switch back.

Glide data grids draw cells and headers on a canvas: those are not text nodes (their
headers are checked by the AppTests, ``tests/pages``).
"""

from __future__ import annotations

import csv
import re

import pytest

from infimate.benchmarks.live import app_pages, goto
from infimate.data.datasets import Dataset

#: longer abbreviations and units that read the same in Chinese text
ALLOWED = {
    "Infimate",  # the brand
    "KOL",
    "AI",
    "CSV",
    "PDF",
    "JSON",
    "HTML",
    "URL",
    "SKU",
    "AUC",
    "MASE",
    "ETS",
    "ARIMA",
    "LLM",
    "UTC",
    "Parquet",  # a file format's name
    "Google",  # the Google Trends import (a product name)
    "Trends",
    "MB",
    "KB",
    "km",
}
#: Streamlit's own widget chrome (module docstring says why each is excluded)
EXCLUDE = (
    '[data-testid="stToolbar"]',
    '[data-testid="stHeader"]',
    '[data-testid="stStatusWidget"]',
    '[data-testid="stDecoration"]',
    '[data-testid="stSkipToContent"]',
    '[data-testid="stText"]',
    '[data-testid="stCode"]',
    "code",
    '[data-testid="stFileUploaderDropzoneInstructions"]',
    '[data-testid="stFileUploaderDropzone"] button',
    ".st-key-ui_lang_toggle",
)

VISIBLE_TEXT_JS = """(exclude) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const skip = exclude.join(',');
  const shown = (el) => {
    if (!el || el.closest(skip)) return false;
    if (el.closest('[aria-hidden="true"], script, style, noscript, template')) return false;
    if (typeof el.checkVisibility === 'function'
        && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  while (walker.nextNode()) {
    const n = walker.currentNode;
    const text = n.nodeValue.trim();
    if (!text || !shown(n.parentElement)) continue;
    const host = n.parentElement.closest('[data-testid]');
    out.push([text, host ? host.getAttribute('data-testid') : n.parentElement.tagName]);
  }
  return out;
}"""
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def element_tokens(dataset) -> set[str]:
    """Words of the English names of elements that have no 中文 name (shown as is)."""
    lex = Dataset(dataset).lexicon_path
    if not lex.exists():
        return set()
    words: set[str] = set()
    with lex.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if not (r.get("name_zh") or "").strip():
                words |= set(WORD.findall(r.get("name_en") or ""))
                words |= set(WORD.findall(r.get("element_id") or ""))
    return words


def english_words(texts: list[list[str]], allowed: set[str]) -> list[str]:
    """``word — in <testid>: "text"`` for each disallowed English word.

    >>> english_words([["趋势 Overview", "stMarkdown"], ["US · KOL 12%", "x"]], set())
    ['Overview — in stMarkdown: "趋势 Overview"']
    """
    bad: list[str] = []
    for text, where in texts:
        for w in WORD.findall(text):
            if w in allowed or w in ALLOWED or (w.isupper() and len(w) <= 3):
                continue
            bad.append(f'{w} — in {where}: "{text[:120]}"')
    return bad


@pytest.fixture(scope="module")
def allowed(e2e_dataset) -> set[str]:
    path_words = set(WORD.findall(str(e2e_dataset)))
    return element_tokens(e2e_dataset) | path_words


@pytest.mark.parametrize("stem", app_pages())
def test_no_english_in_chinese_mode(page, app_url, allowed, stem):
    path = "" if stem == "overview" else stem
    goto(page, f"{app_url}/{path}?lang=zh")
    page.wait_for_function(  # plotly charts painted (their SVG text is checked too)
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('svg.main-svg'))""",
        timeout=120_000,
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    texts = page.evaluate(VISIBLE_TEXT_JS, list(EXCLUDE))
    assert texts, "no visible text collected"
    bad = english_words(texts, allowed)
    assert not bad, f"English on /{path}?lang=zh ({len(bad)}):\n" + "\n".join(dict.fromkeys(bad))
