"""The data contract: table schemas and vectorised row validation (see DESIGN.md).

Four kinds of table cross the boundary from users into a dataset: ``posts``,
``signals``, ``products`` and ``lexicon``. Each has a :class:`Schema` listing its
columns (name, dtype, required, rule, default) and a key that must be unique.

:func:`validate` splits an input frame (usually all-string, as read from CSV) into

* ``good`` — rows coerced to the contract dtypes, optional columns filled with
  their defaults, extra columns kept (as they came);
* ``bad`` — rejected rows with ``row`` (1-based row number in the file, header
  excluded), ``reason`` (a short fixed phrase such as ``missing post_id``,
  ``unparsable ts``, ``negative engagement``, ``bad author_tier 'vip'``,
  ``duplicate post_id (first at row 3)``, ``bad JSON list in elements``) and the
  original values as strings.

A missing *required column* is not a row problem: it raises
:class:`~infimate.errors.DataFileError` naming the file and the columns.

Cells are coerced column by column in :mod:`infimate.data.coerce`. Dates accept ISO dates,
ISO datetimes with or without ``Z``/offset, and ``YYYY/MM/DD``. ``posts.ts`` becomes a UTC datetime (offsets are converted);
``date``/``launch_date`` keep the calendar date as written.

Example
-------
>>> import polars as pl
>>> v = validate("signals", pl.DataFrame({"date": ["2026-01-05", "bad"],
...                                        "element": ["tweed", "tweed"],
...                                        "value": ["3", "4"]}))
>>> v.good.height, v.bad["reason"].to_list()
(1, ['unparsable date'])
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from infimate.data.coerce import as_string, coerce, is_blank, parse_numbers, parse_timestamps
from infimate.data.schema import POLARS_TYPES, Kind, Schema, schema
from infimate.errors import DataFileError

_ROW = "__row"
#: Reserved input column: a non-null value pre-rejects the row with that reason
#: (the CSV reader uses it for rows with too many fields).
REJECT = "__reject"


@dataclass(frozen=True)
class Validation:
    """Result of :func:`validate`: coerced good rows and quarantined bad rows."""

    kind: str
    good: pl.DataFrame
    bad: pl.DataFrame

    @property
    def reasons(self) -> pl.DataFrame:
        """Bad-row counts per reason category (``reason`` without the quoted value/row)."""
        return reason_counts(self.bad)


def reason_counts(bad: pl.DataFrame) -> pl.DataFrame:
    """Count bad rows by reason category, most frequent first.

    The category drops the quoted offending value and the parenthesised row
    reference: ``bad author_tier 'vip'`` -> ``bad author_tier``.
    """
    cat = pl.col("reason").str.replace(r" '.*'$", "").str.replace(r" \(.*\)$", "").alias("category")
    return (
        bad.select(cat)
        .group_by("category")
        .agg(pl.len().alias("count"))
        .sort(["count", "category"], descending=[True, False])
    )


def _normalise_headers(df: pl.DataFrame, sch: Schema) -> pl.DataFrame:
    """Rename ``Post ID``/`` post_id `` style headers to the contract spelling."""
    wanted = set(sch.names)
    renames: dict[str, str] = {}
    for name in df.columns:
        norm = name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_")
        if norm != name and norm in wanted and norm not in df.columns:
            renames[name] = norm
    return df.rename(renames) if renames else df


def validate(
    kind: Kind | str,
    df: pl.DataFrame,
    *,
    file: str = "<frame>",
    row_numbers: pl.Series | None = None,
) -> Validation:
    """Split ``df`` into contract-conforming ``good`` rows and quarantined ``bad`` rows.

    Parameters
    ----------
    kind
        ``"posts"``, ``"signals"``, ``"products"`` or ``"lexicon"``.
    df
        Input rows; string columns are parsed, typed columns are checked.
    file
        Name used in the :class:`DataFileError` for missing required columns.
    row_numbers
        Row numbers to report (defaults to 1..n); used when ``df`` was reshaped,
        e.g. a wide CSV melted to long format.

    Raises
    ------
    DataFileError
        When a required column is missing (the whole file is unusable).

    Example
    -------
    >>> import polars as pl
    >>> v = validate("posts", pl.DataFrame({
    ...     "post_id": ["a", "a"], "ts": ["2026-01-05T10:00Z"] * 2,
    ...     "platform": ["tiktok"] * 2, "market": ["us", "US"],
    ...     "author_id": ["u1", "u2"], "text": ["tweed", "tweed"]}))
    >>> v.good["market"].to_list(), v.bad["reason"].to_list()
    (['US'], ['duplicate post_id (first at row 1)'])
    """
    sch = schema(kind)
    df = _normalise_headers(df, sch)
    stand_ins = {c: [a for a in alts if a in df.columns] for c, alts in sch.stand_ins}
    missing = [c for c in sch.required if c not in df.columns and not stand_ins.get(c)]
    if missing:
        options = dict(sch.stand_ins)
        named = [f"{c} (or {'/'.join(options[c])})" if c in options else c for c in missing]
        raise DataFileError(file, f"missing required column(s) for {sch.kind}: {', '.join(named)}")
    pre = df.get_column(REJECT) if REJECT in df.columns else None
    df = df.drop(REJECT, strict=False)
    originals = list(df.columns)
    rows = (
        pl.Series(_ROW, row_numbers, dtype=pl.Int64)
        if row_numbers is not None
        else pl.int_range(1, df.height + 1, dtype=pl.Int64, eager=True).alias(_ROW)
    )
    if rows.len() != df.height:
        raise ValueError("row_numbers must have one entry per row")
    frame = df.with_columns(rows)

    values: list[pl.Expr] = []
    reasons: list[pl.Expr] = []
    for c in sch.columns:
        if c.name in df.columns:
            v, r = coerce(c, df.schema[c.name])
            values.append(v.cast(POLARS_TYPES[c.dtype]).alias(f"__v_{c.name}"))
            reasons.append(r)
        else:
            values.append(pl.lit(c.default, POLARS_TYPES[c.dtype]).alias(f"__v_{c.name}"))
    for name, alts in stand_ins.items():  # e.g. a post that is only an image
        if alts:
            given = pl.any_horizontal(*[~is_blank(as_string(a, df.schema[a])) for a in alts])
            reasons = [
                pl.when((r == f"missing {name}") & given).then(None).otherwise(r) for r in reasons
            ]
            if name not in df.columns:
                reasons.append(pl.when(~given).then(pl.lit(f"missing {name}")))
    strings = [as_string(n, df.schema[n]).alias(f"__s_{n}") for n in originals]
    empty = pl.all_horizontal(*[is_blank(pl.col(f"__s_{n}")) for n in originals])
    first_reasons: list[pl.Expr] = [pl.when(empty).then(pl.lit("empty row"))]
    if pre is not None:
        frame = frame.with_columns(pre.cast(pl.String).alias(REJECT))
        first_reasons.insert(0, pl.col(REJECT))
    reasons = [*first_reasons, *reasons]
    lf = frame.lazy()
    for c in sch.columns:
        is_text = c.name in df.columns and not isinstance(df.schema[c.name], pl.Date | pl.Datetime)
        if c.dtype in ("date", "datetime") and is_text:
            lf = parse_timestamps(lf, c.name)
        if (
            c.dtype in ("int", "float")
            and c.name in df.columns
            and not df.schema[c.name].is_numeric()
        ):
            lf = parse_numbers(lf, c.name, integer=c.dtype == "int")
    checked = (
        lf.with_columns(*values, *strings)
        .with_columns(pl.coalesce(*reasons).alias("__reason"))
        # CSE only costs planning time here: the repeated sub-expressions are cheap
        .collect(optimizations=pl.QueryOptFlags(comm_subexpr_elim=False))
    )
    extras = [n for n in originals if n not in sch.names]
    good_cols = [pl.col(f"__v_{c.name}").alias(c.name) for c in sch.columns] + [
        pl.col(n) for n in extras
    ]
    bad_cols = [pl.col(_ROW).alias("row"), pl.col("__reason").alias("reason")] + [
        pl.col(f"__s_{n}").alias(n) for n in originals
    ]
    # duplicates among otherwise-good rows: the first occurrence wins
    key = [f"__v_{k}" for k in sch.key]
    first = pl.col(_ROW).min().over(key)
    key_name = sch.key[0] if len(sch.key) == 1 else f"{sch.kind} key"
    dup_reason = pl.format(f"duplicate {key_name} (first at row {{}})", first)
    is_bad = pl.col("__reason").is_not_null()
    ok = checked.filter(~is_bad).with_columns(
        pl.when(pl.col(_ROW) != first).then(dup_reason).otherwise(None).alias("__reason")
    )
    good = ok.filter(~is_bad).select(good_cols)
    bad = pl.concat([checked.filter(is_bad).select(bad_cols), ok.filter(is_bad).select(bad_cols)])
    collected = (good, bad.sort("row"))
    return Validation(kind=sch.kind, good=collected[0], bad=collected[1])


def empty_table(kind: Kind | str) -> pl.DataFrame:
    """An empty frame with the contract columns and dtypes of ``kind``."""
    return pl.DataFrame(schema=schema(kind).polars_schema)
