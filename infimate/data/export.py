"""Every table the app writes or offers for download, safe to open in a spreadsheet.

Post and product text is untrusted. A cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is a formula to Excel / LibreOffice / Sheets
(``=HYPERLINK("http://evil.example","q")``, ``+cmd|' /C calc'!A0``). Following OWASP's
CSV-injection guidance, such text cells are prefixed with a single quote, which makes the
spreadsheet show them as text; numbers stay numbers. :func:`xlsx_bytes` writes every cell
of a text column as an inline string, so nothing in it is ever evaluated.

Example
-------
>>> df = pl.DataFrame({"text": ['=HYPERLINK("http://evil.example","q")', "tweed"], "n": [-1, 2]})
>>> neutralise(df).rows()
[('\\'=HYPERLINK("http://evil.example","q")', -1), ('tweed', 2)]
>>> csv_bytes(df).decode().splitlines()[1]
'"\\'=HYPERLINK(""http://evil.example"",""q"")",-1'
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import polars as pl

#: first characters that make a spreadsheet read a cell as a formula (OWASP)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with every text cell that starts like a formula prefixed with ``'``."""
    risky = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_START) + "]"
    cols = [c for c, t in df.schema.items() if t == pl.String]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(risky)).then("'" + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in cols
    )


def _flat(df: pl.DataFrame) -> pl.DataFrame:
    """Lists and structs as text (CSV has no nested values)."""
    nested = [c for c, t in df.schema.items() if isinstance(t, pl.List | pl.Array | pl.Struct)]
    return df.with_columns(
        pl.col(c).map_elements(str, return_dtype=pl.String).alias(c) for c in nested
    )


def csv_bytes(df: pl.DataFrame) -> bytes:
    """UTF-8 CSV of ``df`` with formula cells neutralised (nested values as text)."""
    return neutralise(_flat(df)).write_csv().encode("utf-8")


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def xlsx_bytes(df: pl.DataFrame, *, sheet: str = "data") -> bytes:
    """A one-sheet XLSX of ``df``: text as inline strings (never formulas), numbers as
    numbers, empty cells left out. Written with the standard library only.

    >>> import zipfile, io
    >>> z = zipfile.ZipFile(io.BytesIO(xlsx_bytes(pl.DataFrame({"a": ["=1+1"]}))))
    >>> '<is><t xml:space="preserve">=1+1</t></is>' in z.read("xl/worksheets/sheet1.xml").decode()
    True
    """
    flat = _flat(df)
    rows = [list(flat.columns), *flat.rows()]
    cells = []
    for r, row in enumerate(rows, start=1):
        out = []
        for c, v in enumerate(row):
            ref = f"{_col(c)}{r}"
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int | float):
                text = escape(str(v))
                out.append(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
            else:
                out.append(f'<c r="{ref}"><v>{v!r}</v></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{pkg}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel}">'
            f'<sheets><sheet name="{escape(sheet[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>'
            + "".join(cells)
            + "</sheetData></worksheet>"
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()
