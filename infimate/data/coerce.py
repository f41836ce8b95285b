"""Coercion of raw table cells to the contract types, with a reason for every failure.

:func:`coerce` turns one input column (strings as read from CSV, or already typed) into
a pair of polars expressions: the value in the contract dtype and a rejection reason
(a short fixed phrase such as ``missing post_id``, ``unparsable ts``, ``negative
engagement``, ``bad author_tier 'vip'``, ``bad JSON list in elements``) or null.
:func:`parse_timestamps` and :func:`parse_numbers` add the helper columns it needs first
(parsed once per column: the checks reuse them).
Validation of whole tables (keys, duplicates, quarantine) is :mod:`infimate.data.contract`.

Dates accept ISO dates, ISO datetimes with or without ``Z``/offset, ``YYYY/MM/DD`` and Unix
epoch seconds or milliseconds (10 or 13 digits, UTC).
Numbers accept a currency sign and comma thousands separators where unambiguous
(:func:`_plain_number`).

Example
-------
>>> import polars as pl
>>> from infimate.data.schema import Column
>>> v, why = coerce(Column("value", "float", True, "nonneg"), pl.String())
>>> lf = parse_numbers(pl.LazyFrame({"value": ["3", "-1", "x"]}), "value", integer=False)
>>> lf.select(v, why.alias("reason")).collect().rows()
[(3.0, None), (-1.0, 'negative value'), (None, 'unparsable value')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from infimate.data.schema import (
    AUTHOR_TIERS,
    FALSE_WORDS,
    FREE_TEXT,
    LEXICON_TYPES,
    TRUE_WORDS,
    Column,
)

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

_DATE_RX = r"^(\d{4}-\d{1,2}-\d{1,2})(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$"
_JSON_STR = r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"'
_JSON_LIST_RX = rf"^\[\s*(?:{_JSON_STR}\s*(?:,\s*{_JSON_STR}\s*)*)?\]$"


def as_string(name: str, dtype: pl.DataType) -> pl.Expr:
    """An expression rendering any column as strings (original values for quarantine)."""
    col = pl.col(name)
    if isinstance(dtype, pl.List | pl.Array):
        return col.cast(pl.List(pl.String), strict=False).list.join(";")
    if isinstance(dtype, pl.Struct):
        return col.struct.json_encode()
    return col.cast(pl.String, strict=False)


def is_blank(e: pl.Expr) -> pl.Expr:
    """Null or only white space."""
    return e.is_null() | (e.str.strip_chars() == "")


def parse_timestamps(lf: pl.LazyFrame, name: str) -> pl.LazyFrame:
    """Add ``__local_<name>`` (naive datetime as written) and ``__min_<name>`` (UTC offset).

    Parsing happens in stages (separate ``with_columns``) so each intermediate is
    computed once instead of being inlined into every expression that uses it.
    """
    g, day, t, off, tod = (f"__{x}_{name}" for x in ("g", "day", "t", "off", "tod"))
    norm = (
        pl.col(name)
        .cast(pl.String)
        .str.strip_chars()
        .str.replace(r"^(\d{4})/(\d{1,2})/(\d{1,2})", "$1-$2-$3")
    )
    raw_t = pl.col(g).struct.field("2")
    lf = lf.with_columns(norm.str.extract_groups(_DATE_RX).alias(g)).with_columns(
        pl.col(g).struct.field("1").str.to_date("%Y-%m-%d", strict=False).alias(day),
        pl.when(raw_t.str.count_matches(":") == 1).then(raw_t + ":00").otherwise(raw_t).alias(t),
        pl.col(g).struct.field("3").alias(off),
    )
    sign = pl.when(pl.col(off).str.starts_with("-")).then(-1).otherwise(1)
    digits = pl.col(off).str.replace_all(r"[+:\-]", "")
    minutes = sign * (
        digits.str.slice(0, 2).cast(pl.Int64, strict=False) * 60
        + digits.str.slice(2, 2).cast(pl.Int64, strict=False)
    )
    lf = lf.with_columns(
        pl.col(t).str.to_time("%H:%M:%S%.f", strict=False).alias(tod),
        pl.when(pl.col(off).is_null() | (pl.col(off) == "Z"))
        .then(0)
        .otherwise(minutes)
        .alias(f"__min_{name}"),
    )
    local = pl.col(day).cast(pl.Datetime("us")) + pl.coalesce(
        pl.col(tod).cast(pl.Duration("us"), strict=False), pl.duration(microseconds=0)
    )
    bad_time = pl.col(t).is_not_null() & pl.col(tod).is_null()
    # Unix epoch seconds (10 digits, e.g. 1740823200) or milliseconds (13 digits), UTC
    raw = pl.col(name).cast(pl.String).str.strip_chars()
    digits, n = raw.cast(pl.Int64, strict=False), raw.str.len_bytes()
    digits = (
        pl.when(raw.str.starts_with("+") | raw.str.starts_with("-")).then(None).otherwise(digits)
    )
    epoch = pl.when(n == 10).then(digits * 1_000_000).when(n == 13).then(digits * 1_000)
    return lf.with_columns(
        pl.when(epoch.is_not_null())
        .then(epoch.cast(pl.Datetime("us")))
        .when(bad_time)
        .then(None)
        .otherwise(local)
        .alias(f"__local_{name}")
    ).drop(g, day, t, off, tod)


def parse_numbers(lf: pl.LazyFrame, name: str, *, integer: bool) -> pl.LazyFrame:
    """Add ``__num_<name>``: the text column as Float64 (null where unparsable), once, so
    the checks in :func:`coerce` reuse it (see :func:`_plain_number` for what is accepted)."""
    s = pl.col(name).cast(pl.String).str.strip_chars()
    return lf.with_columns(
        _plain_number(s, integer=integer).cast(pl.Float64, strict=False).alias(f"__num_{name}")
    )


def _plain_number(s: pl.Expr, *, integer: bool) -> pl.Expr:
    """Spreadsheet-formatted numbers as plain ones: a currency sign before or after
    (``$19.99``, ``19,99 €`` stays unparsable: decimal commas are not guessed) is dropped,
    and comma thousands separators are removed where they cannot be a decimal comma — with
    a decimal point after them (``1,299.00``) or in an integer column (``1,234`` likes).
    """
    s = s.str.strip_chars("$€£¥￥ ")
    grouped = r"^-?\d{1,3}(,\d{3})+" + (r"(\.0+)?$" if integer else r"\.\d+$")
    return pl.when(s.str.contains(grouped)).then(s.str.replace_all(",", "")).otherwise(s)


def coerce(c: Column, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """(coerced value, reason-or-null) expressions for one present contract column."""
    col = pl.col(c.name)
    none = pl.lit(None, pl.String)
    reason: Then | ChainedThen  # a when/then chain, closed by .otherwise(none)
    if c.dtype == "datetime":
        if isinstance(dtype, pl.Datetime):
            v = col.dt.replace_time_zone("UTC") if dtype.time_zone is None else col
            v = v.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
            return v, pl.when(v.is_null()).then(pl.lit(f"missing {c.name}")).otherwise(none)
        if isinstance(dtype, pl.Date):
            v = col.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
            return v, pl.when(v.is_null()).then(pl.lit(f"missing {c.name}")).otherwise(none)
        s = col.cast(pl.String)
        local, minutes = pl.col(f"__local_{c.name}"), pl.col(f"__min_{c.name}")
        v = (local - pl.duration(minutes=minutes)).dt.replace_time_zone("UTC")
        reason = pl.when(is_blank(s)).then(pl.lit(f"missing {c.name}"))
        return v, reason.when(v.is_null()).then(pl.lit(f"unparsable {c.name}")).otherwise(none)
    if c.dtype == "date":
        if isinstance(dtype, pl.Date | pl.Datetime):
            v = col.cast(pl.Date)
            return v, pl.when(v.is_null()).then(pl.lit(f"missing {c.name}")).otherwise(none)
        s = col.cast(pl.String)
        v = pl.col(f"__local_{c.name}").dt.date()
        reason = pl.when(is_blank(s)).then(pl.lit(f"missing {c.name}"))
        return v, reason.when(v.is_null()).then(pl.lit(f"unparsable {c.name}")).otherwise(none)
    if c.dtype in ("int", "float"):
        if dtype.is_numeric():
            num = col.cast(pl.Float64)
            blank = col.is_null()
        else:
            s = col.cast(pl.String).str.strip_chars()
            num = pl.col(f"__num_{c.name}")  # parse_numbers ran first
            blank = is_blank(s)
        reason = pl.when(blank).then(pl.lit(f"missing {c.name}") if c.required else none)
        reason = reason.when(num.is_null() | ~num.is_finite()).then(pl.lit(f"unparsable {c.name}"))
        if c.dtype == "int":
            reason = reason.when(num != num.round(0)).then(pl.lit(f"non-integer {c.name}"))
        if c.rule == "nonneg":
            reason = reason.when(num < 0).then(pl.lit(f"negative {c.name}"))
        if c.rule == "positive":
            reason = reason.when(num <= 0).then(pl.lit(f"non-positive {c.name}"))
        v = num.cast(pl.Int64, strict=False) if c.dtype == "int" else num
        return v, reason.otherwise(none)
    if c.dtype == "bool":
        if dtype == pl.Boolean:
            v = col
            reason = pl.when(v.is_null()).then(pl.lit(f"missing {c.name}") if c.required else none)
            return v, reason.otherwise(none)
        s = as_string(c.name, dtype).str.strip_chars().str.to_lowercase()
        v = pl.when(s.is_in(TRUE_WORDS)).then(True).when(s.is_in(FALSE_WORDS)).then(False)
        reason = pl.when(is_blank(s)).then(pl.lit(f"missing {c.name}") if c.required else none)
        reason = reason.when(v.is_null()).then(pl.format(f"bad {c.name} '{{}}'", s))
        return v.otherwise(None), reason.otherwise(none)
    if c.dtype == "list":
        if isinstance(dtype, pl.List | pl.Array):
            raw = col.cast(pl.List(pl.String), strict=False)
            v = raw.list.eval(pl.element().str.strip_chars()).list.eval(
                pl.element().filter(pl.element().is_not_null() & (pl.element() != ""))
            )
            reason = pl.when(v.is_null() | (v.list.len() == 0)).then(pl.lit(f"missing {c.name}"))
            return v, reason.otherwise(none)
        s = col.cast(pl.String).str.strip_chars()
        is_json = s.str.starts_with("[")
        json_ok = s.str.contains(_JSON_LIST_RX)
        decoded = (
            pl.when(is_json & json_ok)
            .then(s)
            .otherwise(pl.lit("[]"))
            .str.json_decode(pl.List(pl.String))
        )
        split = s.str.split(";")
        v = pl.when(is_json).then(decoded).otherwise(split)
        v = v.list.eval(pl.element().str.strip_chars()).list.eval(
            pl.element().filter(pl.element() != "")
        )
        reason = pl.when(is_json & ~json_ok).then(pl.lit(f"bad JSON list in {c.name}"))
        reason = reason.when(v.is_null() | (v.list.len() == 0)).then(
            pl.lit(f"missing {c.name}") if c.required else none
        )
        return v, reason.otherwise(none)
    # strings
    s = as_string(c.name, dtype)
    blank = is_blank(s)
    if c.rule == "market":
        v = s.str.strip_chars().str.to_uppercase()
        v = pl.when(v == "ALL").then(pl.lit("all")).otherwise(v)
        ok = v.str.contains(r"^[A-Z]{2}$")
        if c.default == "all":
            ok = ok | (v == "all")
        v = pl.when(blank).then(pl.lit(c.default, pl.String)).otherwise(v)
        reason = pl.when(blank).then(pl.lit(f"missing {c.name}") if c.required else none)
        reason = reason.when(~ok).then(pl.format(f"bad {c.name} '{{}}'", s))
        return v, reason.otherwise(none)
    if c.rule in ("tier", "lexicon_type"):
        allowed = AUTHOR_TIERS if c.rule == "tier" else LEXICON_TYPES
        v = s.str.strip_chars().str.to_lowercase()
        v = pl.when(blank).then(pl.lit(c.default, pl.String)).otherwise(v)
        reason = pl.when(blank).then(pl.lit(f"missing {c.name}") if c.required else none)
        reason = reason.when(~v.is_in(allowed)).then(pl.format(f"bad {c.name} '{{}}'", s))
        return v, reason.otherwise(none)
    if c.rule in ("slug", "hex"):
        v = s.str.strip_chars()
        pattern = r"^[a-z0-9][a-z0-9_]*$" if c.rule == "slug" else r"^#[0-9A-Fa-f]{6}$"
        reason = pl.when(blank).then(pl.lit(f"missing {c.name}") if c.required else none)
        reason = reason.when(~v.str.contains(pattern)).then(pl.format(f"bad {c.name} '{{}}'", s))
        return pl.when(blank).then(None).otherwise(v), reason.otherwise(none)
    # identifiers and labels are trimmed; free text (posts.text) is kept verbatim
    kept = s if c.name in FREE_TEXT else s.str.strip_chars()
    if c.default is not None:
        v = pl.when(blank).then(pl.lit(c.default)).otherwise(kept)
    elif c.required:
        v = pl.when(blank).then(pl.lit("")).otherwise(kept)
    else:
        v = pl.when(blank).then(None).otherwise(kept)
    reason = pl.when(blank).then(pl.lit(f"missing {c.name}") if c.required else none)
    return v, reason.otherwise(none)
