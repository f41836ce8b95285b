"""Issue #22's report acceptance, through the real command line.

``python -m infimate report --dataset D --out r.pdf`` on the demo and on a Google Trends
import (``python -m infimate ingest --signals multiTimeline.csv``, the export as Google
gives it): the PDF's extracted text (pypdf) holds every element name the briefing's
charts and tables show, each chart's y tick labels (in order, not all the same), and no
table row is cut across pages — every row's cells read whole, in order, on one page.

The rows are what the renderer draws for the same briefing, collected in this process
(:func:`infimate.report.pdf_tables.table` recorded); the PDF under test is the one the
command line wrote.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from infimate.data.datasets import Dataset
from infimate.report import pdf_tables
from infimate.report.briefing import Briefing, collect_briefing
from infimate.report.pdf import render_pdf
from tests.fixtures import FIXTURES
from tests.report.pdfs import flat, needs_cjk_font, pages
from tests.report.test_pdf import assert_ticks_in_text, element_names

pytestmark = needs_cjk_font
ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str | Path, timeout: int = 900) -> str:
    """``python -m infimate ARGS`` from the repo root; its stdout (fails on an error)."""
    cmd = [sys.executable, "-m", "infimate", *map(str, args)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{' '.join(cmd)} -> {r.returncode}\n{r.stderr[-3000:]}"
    return r.stdout


def squeeze(text: str) -> str:
    """Text without any whitespace: a cell wrapped over lines (EN or 中文) still matches."""
    return "".join(text.split())


def table_rows(b: Briefing, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every body row of every table the PDF renderer draws for ``b`` (cells as printed)."""
    rows: list[list[str]] = []
    draw = pdf_tables.table

    def record(pdf, header, body, **kw):
        rows.extend([pdf_tables.clean(c) for c in r] for r in body)
        return draw(pdf, header, body, **kw)

    monkeypatch.setattr(pdf_tables, "table", record)
    render_pdf(b)
    monkeypatch.undo()
    return rows


def assert_acceptance(pdf: Path, b: Briefing, rows: list[list[str]]) -> None:
    text = pages(pdf.read_bytes())
    body = "\n".join(text)
    names = element_names(b)
    assert names, "the briefing shows no element: nothing to check"
    for name in names:
        assert name in flat(body), name
    assert b.curves, "no chart in the briefing"
    assert_ticks_in_text(b, body)  # each chart's y ticks, in order, not all the same
    assert rows, "no table in the briefing"
    squeezed = [squeeze(t) for t in text]
    for r in rows:
        whole = squeeze("".join(r))
        on = [i + 1 for i, t in enumerate(squeezed) if whole in t]
        assert on, f"row not whole on any page (cut mid-row?): {r}"


@pytest.fixture
def trends_import(tmp_path) -> Path:
    """A Google Trends export (one country, four terms) imported by the real ingest verb."""
    ds = tmp_path / "gtrends"
    out = cli("ingest", "--dataset", ds, "--signals", FIXTURES / "multiTimeline.csv")
    assert "accepted 104" in out
    return ds


def test_demo_report_cli_pdf_has_every_name_ticks_and_whole_rows(demo_dir, tmp_path, monkeypatch):
    out = tmp_path / "r.pdf"
    cli("report", "--dataset", demo_dir, "--out", out)
    b = collect_briefing(Dataset(demo_dir))
    assert b.alerts and b.picks is not None  # rising, alerts and picks tables all drawn
    assert_acceptance(out, b, table_rows(b, monkeypatch))


def test_google_trends_import_report_cli_pdf_for_its_market(trends_import, tmp_path, monkeypatch):
    out = tmp_path / "r.pdf"
    cli("report", "--dataset", trends_import, "--out", out, "--market", "US")
    b = collect_briefing(Dataset(trends_import), market="US")
    assert_acceptance(out, b, table_rows(b, monkeypatch))
    assert "Google Trends index (0–100)" in "\n".join(pages(out.read_bytes()))


def test_google_trends_import_report_cli_pdf_by_default(trends_import, tmp_path, monkeypatch):
    """Without --market, a per-market import is reported for its largest market, and the
    cover says so (as the dashboard opens such a dataset)."""
    out = tmp_path / "r.pdf"
    cli("report", "--dataset", trends_import, "--out", out)
    b = collect_briefing(Dataset(trends_import))
    assert b.segment.market == "US" and b.rising.height and "most series" in b.scope_note
    assert_acceptance(out, b, table_rows(b, monkeypatch))
    assert "the market with the most series" in flat("\n".join(pages(out.read_bytes())))


def test_a_cut_row_would_be_caught():
    """The whole-row check fails on a row whose cells are split over two pages."""
    row = ["Tweed jacket", "market=US", "2026-01-05", "66 mentions vs 23 expected"]
    whole = squeeze("".join(row))
    cut = ["Tweed jacket\nmarket=US 2026-01-05\npage 1", "66 mentions vs\n23 expected\npage 2"]
    assert not [t for t in map(squeeze, cut) if whole in t]
    kept = ["Tweed jacket market=\nUS 2026-01-05 66 mentions vs\n23 expected\npage 1"]
    assert [t for t in map(squeeze, kept) if whole in t]
