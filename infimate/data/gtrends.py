"""Signals input layouts: long CSVs, Google Trends "multiTimeline.csv" exports, wide CSVs.

Three layouts are recognised (:func:`detect_layout`):

``long``
    Already in the signals contract: has ``element`` and ``value`` columns.
``google_trends``
    A Google Trends export as downloaded: a preamble such as
    ``Category: All categories`` and a blank line, then a header like
    ``Week,butter yellow: (United States),tiffany blue: (United States)``
    (or ``Day``/``Month``/``Time``). Values ``<1`` mean "less than one" and are
    read as 0.5; the region in parentheses becomes an ISO alpha-2 ``market``
    (``Worldwide`` -> ``all``). Output has ``source="google_trends"``,
    ``metric="index"``.
``wide``
    A date column plus one column per term; output has ``source="upload"``,
    ``metric="value"``.

Everything here returns *string* frames in the long layout plus the file row
number of every long row; :func:`infimate.data.contract.validate` does the typing, so
one bad cell quarantines one (date, term) row, never the whole file.

Example
-------
>>> text = "Category: All categories\\n\\nWeek,tweed: (United States)\\n2026-01-04,<1\\n"
>>> s = signals_from_text(text)
>>> s.layout, s.frame.row(0)
('google_trends', ('2026-01-04', 'tweed', '0.5', 'US', 'google_trends', 'index'))
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import polars as pl

from infimate.data.contract import REJECT
from infimate.data.countries import COUNTRIES
from infimate.errors import DataFileError

Layout = Literal["long", "google_trends", "wide"]

#: Google Trends region names (as shown in export headers) -> ISO 3166 alpha-2.
REGIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "worldwide": "all",
        "argentina": "AR",
        "australia": "AU",
        "austria": "AT",
        "belgium": "BE",
        "brazil": "BR",
        "canada": "CA",
        "chile": "CL",
        "china": "CN",
        "colombia": "CO",
        "czechia": "CZ",
        "czech republic": "CZ",
        "denmark": "DK",
        "egypt": "EG",
        "finland": "FI",
        "france": "FR",
        "germany": "DE",
        "greece": "GR",
        "hong kong": "HK",
        "hungary": "HU",
        "india": "IN",
        "indonesia": "ID",
        "ireland": "IE",
        "israel": "IL",
        "italy": "IT",
        "japan": "JP",
        "kenya": "KE",
        "malaysia": "MY",
        "mexico": "MX",
        "netherlands": "NL",
        "new zealand": "NZ",
        "nigeria": "NG",
        "norway": "NO",
        "pakistan": "PK",
        "peru": "PE",
        "philippines": "PH",
        "poland": "PL",
        "portugal": "PT",
        "romania": "RO",
        "russia": "RU",
        "saudi arabia": "SA",
        "singapore": "SG",
        "south africa": "ZA",
        "south korea": "KR",
        "spain": "ES",
        "sweden": "SE",
        "switzerland": "CH",
        "taiwan": "TW",
        "thailand": "TH",
        "turkey": "TR",
        "türkiye": "TR",
        "ukraine": "UA",
        "united arab emirates": "AE",
        "united kingdom": "GB",
        "united states": "US",
        "vietnam": "VN",
    }
)

_COUNTRY_CODES = {c.en.lower(): c.iso2 for c in COUNTRIES.values()}

_GT_TIME_COLUMNS = ("week", "day", "month", "time", "date")
#: First header cells of Google Trends exports that are not time series (interest by
#: region: geoMap.csv; related queries / topics).
_GT_NOT_TIME = ("region", "country", "subregion", "metro", "city", "dma", "top", "rising")
_GT_HEADER_RX = re.compile(r"^(.*):\s*\(([^()]*)\)\s*$")


@dataclass(frozen=True)
class SignalsInput:
    """A signals upload reshaped to the long layout (all strings) + file row numbers."""

    layout: Layout
    frame: pl.DataFrame
    row_numbers: pl.Series


def region_code(name: str) -> str:
    """ISO alpha-2 code for a Google Trends region name; unknown names pass through.

    Names missing from :data:`REGIONS` are looked up among the country names of
    :mod:`infimate.data.countries`.

    >>> region_code("United States"), region_code("Worldwide"), region_code("Narnia")
    ('US', 'all', 'Narnia')
    >>> region_code("Morocco")
    'MA'
    """
    key = name.strip().lower()
    return REGIONS.get(key) or _COUNTRY_CODES.get(key, name.strip())


def _norm(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_")


def detect_layout(columns: list[str], *, preamble: bool = False) -> Layout:
    """Which layout a header describes (``preamble``: the file had GT header lines)."""
    names = {_norm(c) for c in columns}
    if {"element", "value"} <= names:
        return "long"
    if preamble or (
        columns
        and _norm(columns[0]) in _GT_TIME_COLUMNS
        and any(_GT_HEADER_RX.match(c) for c in columns[1:])
    ):
        return "google_trends"
    return "wide"


def _split_preamble(text: str) -> tuple[str, bool]:
    """Drop Google Trends preamble lines (``Category: ...`` and blanks) before the header."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    i = 0
    preamble = False
    while i < len(lines):
        first = lines[i].strip()
        if first == "":
            i += 1
            continue
        if first.lower().startswith(("category:", "kategorie:", "catégorie:", "类别：")):
            preamble = True
            i += 1
            continue
        break
    return "".join(lines[i:]), preamble


def _separator(text: str) -> str:
    """``,`` unless the header line has no comma but semicolons or tabs (spreadsheet
    exports in many locales write ``;``-separated "CSV")."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    best = max((";", "\t"), key=header.count)
    return best if best in header else ","


def _csv_with_ragged_rows(text: str, *, name: str, sep: str = ",") -> pl.DataFrame:
    """Fallback parse for CSVs where some rows have more fields than the header.

    Such rows are kept (truncated) and pre-rejected through the contract's
    ``REJECT`` column, so they land in quarantine with a reason instead of
    sinking the file or vanishing. Only used when the polars reader refuses the
    file; short rows are padded with nulls, as polars does.
    """
    # blank lines stay as all-null rows, as in the polars reader ("empty row" later)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    if not rows:
        raise DataFileError(name, "file is empty")
    header, body = rows[0], rows[1:]
    n = len(header)
    cols = [[(r[i] if i < len(r) else None) for r in body] for i in range(n)]
    frame = pl.DataFrame(
        dict(zip(header, cols, strict=True)), schema=dict.fromkeys(header, pl.String)
    )
    counts = pl.Series("n", [len(r) for r in body], dtype=pl.Int64)
    reject = pl.when(counts > n).then(pl.format(f"too many fields ({{}}, expected {n})", counts))
    return frame.with_columns(pl.select(reject.otherwise(None)).to_series().alias(REJECT))


def read_csv_text(text: str, *, name: str = "<text>") -> pl.DataFrame:
    """Parse CSV text with every column as a string (no type guessing).

    Rows with too many fields are kept and flagged in the ``REJECT`` column.
    Raises :class:`DataFileError` when the text is not CSV at all; cells are
    never rejected here. A header with no comma but ``;`` or tabs sets the separator.

    Example
    -------
    >>> read_csv_text("a,b\\n1,2\\n3,4,5\\n")[REJECT].to_list()
    [None, 'too many fields (3, expected 2)']
    >>> read_csv_text("a;b\\n1;2,5\\n")["b"].to_list()
    ['2,5']
    """
    sep = _separator(text)
    try:
        return pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            separator=sep,
            infer_schema=False,
            truncate_ragged_lines=False,
            raise_if_empty=True,
        )
    except (pl.exceptions.PolarsError, ValueError) as exc:
        msg = str(exc).strip()
        if "more fields" in msg:
            return _csv_with_ragged_rows(text, name=name, sep=sep)
        first = msg.splitlines()[0] if msg else type(exc).__name__
        raise DataFileError(name, f"not a readable CSV file ({first[:160]})") from exc


def _clean_values(e: pl.Expr) -> pl.Expr:
    s = e.str.strip_chars()
    return pl.when(s == "<1").then(pl.lit("0.5")).otherwise(s)


def _clean_dates(e: pl.Expr) -> pl.Expr:
    s = e.str.strip_chars()
    return pl.when(s.str.contains(r"^\d{4}-\d{2}$")).then(s + "-01").otherwise(s)


def wide_to_long(
    df: pl.DataFrame,
    *,
    layout: Literal["google_trends", "wide"] = "wide",
    name: str = "<frame>",
) -> SignalsInput:
    """Melt a date column + one column per term into long signals rows.

    Google Trends headers ``term: (Region)`` split into ``element`` and ``market``.

    Example
    -------
    >>> wide = pl.DataFrame({"date": ["2026-01-05"], "tweed": ["3"], "linen": ["<1"]})
    >>> wide_to_long(wide).frame["value"].to_list()
    ['3', '0.5']
    """
    cols = [c for c in df.columns if _norm(c) != "ispartial" and c != REJECT]
    keep = [REJECT] if REJECT in df.columns else []
    if len(cols) < 2:
        raise DataFileError(name, "a wide signals file needs a date column and one column per term")
    date_col = next((c for c in cols if _norm(c) in (*_GT_TIME_COLUMNS, "week_start")), cols[0])
    terms = [c for c in cols if c != date_col]
    elements: list[str] = []
    markets: list[str] = []
    for t in terms:
        m = _GT_HEADER_RX.match(t)
        if m and layout == "google_trends":
            elements.append(m.group(1).strip())
            markets.append(region_code(m.group(2)))
        else:
            elements.append(t.strip())
            markets.append("all")
    meta = pl.DataFrame({"__col": terms, "element": elements, "market": markets})
    source, metric = (
        ("google_trends", "index") if layout == "google_trends" else ("upload", "value")
    )
    long = (
        df.select(date_col, *terms, *keep)
        .cast(pl.String)
        .with_row_index("__row", offset=1)
        .unpivot(
            index=["__row", date_col, *keep], on=terms, variable_name="__col", value_name="value"
        )
        .join(meta, on="__col", how="left", maintain_order="left")
        .select(
            pl.col("__row").cast(pl.Int64),
            _clean_dates(pl.col(date_col)).alias("date"),
            pl.col("element"),
            _clean_values(pl.col("value")).alias("value"),
            pl.col("market"),
            pl.lit(source).alias("source"),
            pl.lit(metric).alias("metric"),
            *[pl.col(k) for k in keep],
        )
    )
    return SignalsInput(layout=layout, frame=long.drop("__row"), row_numbers=long["__row"])


def signals_from_frame(df: pl.DataFrame, *, name: str = "<frame>") -> SignalsInput:
    """Long frames pass through; wide (or GT-shaped) frames are melted."""
    layout = detect_layout(df.columns)
    if layout == "long":
        rows = pl.int_range(1, df.height + 1, dtype=pl.Int64, eager=True)
        return SignalsInput(layout="long", frame=df, row_numbers=rows)
    return wide_to_long(df, layout=layout, name=name)


def signals_from_text(text: str, *, name: str = "<text>") -> SignalsInput:
    """Auto-detect and parse a signals CSV (long, Google Trends export, or wide)."""
    body, preamble = _split_preamble(text)
    if not body.strip():
        raise DataFileError(name, "no header row found")
    df = read_csv_text(body, name=name)
    if preamble and df.columns and _norm(df.columns[0]) in _GT_NOT_TIME:
        raise DataFileError(
            name,
            f"a Google Trends '{df.columns[0].strip()}' export (interest by region or related "
            "queries) is not a time series: export 'Interest over time' (multiTimeline.csv)",
        )
    layout = detect_layout(df.columns, preamble=preamble)
    if layout == "long":
        rows = pl.int_range(1, df.height + 1, dtype=pl.Int64, eager=True)
        return SignalsInput(layout="long", frame=df, row_numbers=rows)
    return wide_to_long(df, layout=layout, name=name)
