"""Table schemas of the data contract: columns, types, keys and the shared vocabularies.

A :class:`Schema` lists a table's columns (name, dtype, required, rule, default) and the
key that must be unique; :data:`SCHEMAS` holds the four tables that cross the boundary
from users into a dataset (``posts``, ``signals``, ``products``, ``lexicon``).
Validation against these schemas is :mod:`infimate.data.contract`.

Example
-------
>>> schema("signals").required
('date', 'element', 'value')
>>> SEGMENT_COLS
('market', 'crowd', 'scene', 'platform')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

#: The segment columns of signals and mentions (each a value or ``"all"``).
SEGMENT_COLS: tuple[str, ...] = ("market", "crowd", "scene", "platform")


AUTHOR_TIERS: tuple[str, ...] = ("kol", "koc", "consumer")


LEXICON_TYPES: tuple[str, ...] = (
    "color",
    "pattern",
    "print",
    "silhouette",
    "detail",
    "fabric",
    "item",
    "aesthetic",
    "accessory",
)


FREE_TEXT: tuple[str, ...] = ("text",)


TRUE_WORDS: tuple[str, ...] = ("true", "1", "yes")


FALSE_WORDS: tuple[str, ...] = ("false", "0", "no")


Kind = Literal["posts", "signals", "products", "lexicon"]


KINDS: tuple[str, ...] = ("posts", "signals", "products", "lexicon")


ColumnType = Literal["str", "datetime", "date", "int", "float", "bool", "list"]


Rule = Literal["", "nonneg", "positive", "market", "tier", "lexicon_type", "slug", "hex"]


POLARS_TYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "datetime": pl.Datetime("us", "UTC"),
    "date": pl.Date(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
    "list": pl.List(pl.String),
}


@dataclass(frozen=True)
class Column:
    """One contract column: name, type, whether required, a value rule and a default."""

    name: str
    dtype: ColumnType
    required: bool = False
    rule: Rule = ""
    default: str | None = None


@dataclass(frozen=True)
class Schema:
    """A table's contract: ordered columns, the unique key and stand-ins for required values.

    ``stand_ins`` maps a required column to columns that may stand in for it: a row
    whose required value is blank is fine when one of them is not (a post that is only an
    image; a product whose elements are read from its name/description), and the
    required column may then be absent from the file.
    """

    kind: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    stand_ins: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def polars_schema(self) -> pl.Schema:
        return pl.Schema({c.name: POLARS_TYPES[c.dtype] for c in self.columns})


SCHEMAS: dict[str, Schema] = {
    "posts": Schema(
        "posts",
        (
            Column("post_id", "str", True),
            Column("ts", "datetime", True),
            Column("platform", "str", True),
            Column("market", "str", True, "market"),
            Column("author_id", "str", True),
            Column("author_tier", "str", False, "tier", "consumer"),
            Column("followers", "int", False, "nonneg"),
            Column("text", "str", True),
            Column("engagement", "int", False, "nonneg"),
            Column("crowd", "str", False, "", "unknown"),
            Column("scene", "str"),
            Column("image_path", "str"),
        ),
        ("post_id",),
        (("text", ("image_path",)),),
    ),
    "signals": Schema(
        "signals",
        (
            Column("date", "date", True),
            Column("element", "str", True),
            Column("value", "float", True, "nonneg"),
            Column("market", "str", False, "market", "all"),
            Column("crowd", "str", False, "", "all"),
            Column("scene", "str", False, "", "all"),
            Column("platform", "str", False, "", "all"),
            Column("source", "str", False, "", "upload"),
            Column("metric", "str", False, "", "value"),
        ),
        ("date", "element", "market", "crowd", "scene", "platform", "source", "metric"),
    ),
    "products": Schema(
        "products",
        (
            Column("sku", "str", True),
            Column("launch_date", "date", True),
            Column("category", "str", True),
            Column("elements", "list", True),
            Column("price", "float", False, "positive"),
            Column("market", "str", False, "market"),
            Column("crowd", "str"),
            Column("scene", "str"),
            Column("units", "float", False, "nonneg"),
            Column("hit", "bool"),
            Column("name", "str"),
            Column("description", "str"),
            Column("image_path", "str"),
        ),
        ("sku",),
        (("elements", ("name", "description")),),
    ),
    "lexicon": Schema(
        "lexicon",
        (
            Column("element_id", "str", True, "slug"),
            Column("type", "str", True, "lexicon_type"),
            Column("name_en", "str", True),
            Column("name_zh", "str"),
            Column("aliases", "str"),
            Column("hex", "str", False, "hex"),
            Column("parent", "str"),
            Column("scope", "str"),
        ),
        ("element_id",),
    ),
}


def schema(kind: str) -> Schema:
    """The :class:`Schema` for ``kind`` (posts, signals, products, lexicon)."""
    if kind not in SCHEMAS:
        raise ValueError(f"unknown table kind {kind!r}; expected one of {', '.join(KINDS)}")
    return SCHEMAS[kind]
