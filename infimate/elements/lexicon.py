"""The element lexicon: built-in bilingual elements plus per-dataset additions.

An **element** is one thing a trend can be about: a colour (Tiffany blue, 牛油果绿), a
pattern, a print, a silhouette, a detail (泡泡袖), a fabric, an item (barrel jeans), an
aesthetic (老钱风, quiet luxury) or an accessory. Each has an English and a Chinese name
and ``;``-separated aliases in both languages (plurals, spelling variants, coinages).

The built-in lexicon lives in ``infimate/elements/lexicon.csv``. A dataset may add or
override entries (by ``element_id``) in its own ``lexicon.csv``; coined-term discovery
writes there through :func:`add_terms`.

Example
-------
>>> lex = builtin_lexicon()
>>> lex.filter(pl.col("element_id") == "puff_sleeve")["name_zh"].item()
'泡泡袖'
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from pathlib import Path

import polars as pl

from infimate.data.datasets import Dataset, atomic_write_bytes
from infimate.data.schema import LEXICON_TYPES
from infimate.errors import DataFileError, InfimateError

ELEMENT_TYPES: tuple[str, ...] = LEXICON_TYPES  # one vocabulary, defined with the contract
COLUMNS: tuple[str, ...] = (
    "element_id",
    "type",
    "name_en",
    "name_zh",
    "aliases",
    "hex",
    "parent",
    "scope",
)
OPTIONAL: tuple[str, ...] = ("aliases", "hex", "parent", "scope")
#: ``scope`` of an element: read everywhere (empty / ``all``), or only in product text
#: (``catalogue``: generic garment words such as "top", "set", "watch" that social posts use
#: in other senses; :func:`post_lexicon` leaves them out of post tagging).
SCOPES: tuple[str, ...] = ("all", "catalogue")
BUILTIN_PATH = Path(__file__).resolve().parent / "lexicon.csv"

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_REGEX = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]"

LEXICON_SCHEMA = pl.Schema(
    {
        "element_id": pl.String(),
        "type": pl.String(),
        "name_en": pl.String(),
        "name_zh": pl.String(),
        "aliases": pl.List(pl.String),
        "hex": pl.String(),
        "parent": pl.String(),
        "scope": pl.String(),
    }
)


class LexiconError(InfimateError):
    """The lexicon (built-in or a dataset's ``lexicon.csv``) is inconsistent."""


def normalize_term(text: str) -> str:
    """Normalise a surface form for comparison.

    Unicode compatibility folding, accents stripped, lower case, every run of
    characters that are not letters or digits becomes one space.

    Examples
    --------
    >>> normalize_term("Puff-Sleeves")
    'puff sleeves'
    >>> normalize_term("BOUCLÉ")
    'boucle'
    >>> normalize_term("#老钱风")
    '老钱风'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = stripped.casefold()
    out = [ch if unicodedata.category(ch)[0] in "LN" else " " for ch in lowered]
    return " ".join("".join(out).split())


def is_cjk(text: str) -> bool:
    """True when ``text`` contains a CJK (Han, kana, hangul) character."""
    return _CJK.search(text) is not None


def _split_aliases(value: str | None) -> list[str]:
    if value is None:
        return []
    return [a.strip() for a in value.split(";") if a.strip()]


def _from_csv_frame(raw: pl.DataFrame, *, source: str) -> pl.DataFrame:
    missing = [c for c in COLUMNS if c not in raw.columns and c not in OPTIONAL]
    if missing:
        raise LexiconError(f"{source}: missing column(s) {', '.join(missing)}")
    for c in OPTIONAL:
        if c not in raw.columns:
            raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias(c))
    raw = raw.select(COLUMNS).with_columns(
        pl.col(c).cast(pl.String).str.strip_chars() for c in COLUMNS if c != "aliases"
    )
    aliases = raw["aliases"]
    if aliases.dtype == pl.String:
        aliases = pl.Series(
            "aliases", [_split_aliases(v) for v in aliases.to_list()], dtype=pl.List(pl.String)
        )
    return raw.with_columns(aliases.alias("aliases")).with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
        for c in ("element_id", "type", "name_en", "name_zh", "hex", "parent", "scope")
    )


def read_lexicon_csv(path: str | Path, *, source: str | None = None) -> pl.DataFrame:
    """Read and validate one lexicon CSV file (``aliases`` split into a list).

    Example
    -------
    >>> read_lexicon_csv(BUILTIN_PATH).height >= 300
    True
    """
    path = Path(path)
    try:
        raw = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except FileNotFoundError as exc:
        raise DataFileError(path, "file not found") from exc
    except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"not a readable UTF-8 CSV ({exc.__class__.__name__})") from exc
    except pl.exceptions.NoDataError as exc:
        raise DataFileError(path, "file is empty") from exc
    df = _from_csv_frame(raw, source=source or str(path))
    validate_lexicon(df, source=source or str(path))
    return df


@functools.lru_cache(maxsize=1)
def builtin_lexicon() -> pl.DataFrame:
    """The built-in lexicon (validated, cached; treat the frame as immutable).

    Example
    -------
    >>> sorted(builtin_lexicon()["type"].unique()) == sorted(ELEMENT_TYPES)
    True
    """
    return read_lexicon_csv(BUILTIN_PATH, source="built-in lexicon")


def _row_label(df: pl.DataFrame, i: int, *, csv_rows: bool) -> str:
    eid = df["element_id"][i]
    where = f"row {i + 2}" if csv_rows else f"row {i}"
    return f"{where} (element_id {eid!r})" if eid else where


def validate_lexicon(df: pl.DataFrame, *, source: str, csv_rows: bool = True) -> None:
    """Check a lexicon frame; raise :class:`LexiconError` naming the first bad row.

    Rules: ids are unique slugs; type is one of :data:`ELEMENT_TYPES`; ``name_en`` and
    ``name_zh`` are present; colours have a ``#RRGGBB`` hex (other rows may leave it
    empty); no name or alias (after :func:`normalize_term`) belongs to two elements.
    Row numbers count the CSV header as row 1 when ``csv_rows``.

    Example
    -------
    >>> bad = builtin_lexicon().head(2).with_columns(pl.lit("x").alias("element_id"))
    >>> validate_lexicon(bad, source="demo")
    Traceback (most recent call last):
    ...
    infimate.elements.lexicon.LexiconError: demo: row 3 (element_id 'x'): duplicate element_id 'x' (also row 2)
    """
    missing = [c for c in COLUMNS if c not in df.columns and c not in OPTIONAL]
    if missing:
        raise LexiconError(f"{source}: missing column(s) {', '.join(missing)}")
    df = df.with_columns(pl.lit(None, pl.String).alias(c) for c in OPTIONAL if c not in df.columns)
    seen_ids: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    rows = df.select(COLUMNS).to_dicts()
    for i, row in enumerate(rows):
        label = _row_label(df, i, csv_rows=csv_rows)
        eid = row["element_id"]
        for field in ("element_id", "type", "name_en", "name_zh"):
            if not row[field]:
                raise LexiconError(f"{source}: {label}: {field} is empty")
        if not _SLUG.match(eid):
            raise LexiconError(f"{source}: {label}: element_id must be a lower-case slug [a-z0-9_]")
        if eid in seen_ids:
            first = seen_ids[eid] + (2 if csv_rows else 0)
            raise LexiconError(
                f"{source}: {label}: duplicate element_id {eid!r} (also row {first})"
            )
        seen_ids[eid] = i
        if row["type"] not in ELEMENT_TYPES:
            raise LexiconError(
                f"{source}: {label}: type {row['type']!r} is not one of {', '.join(ELEMENT_TYPES)}"
            )
        if row["scope"] not in (None, *SCOPES):
            raise LexiconError(
                f"{source}: {label}: scope {row['scope']!r} is not one of {', '.join(SCOPES)}"
            )
        hx = row["hex"]
        if row["type"] == "color" and not hx:
            raise LexiconError(f"{source}: {label}: colour needs a hex like #A1B2C3")
        if hx and not _HEX.match(hx):
            raise LexiconError(f"{source}: {label}: hex {hx!r} is not #RRGGBB")
        forms = [row["name_en"], row["name_zh"], *(row["aliases"] or [])]
        for form in forms:
            key = normalize_term(form)
            if not key:
                raise LexiconError(f"{source}: {label}: name or alias {form!r} has no letters")
            prev = owner.get(key)
            if prev is not None and prev[0] != eid:
                other = _row_label(df, prev[1], csv_rows=csv_rows)
                raise LexiconError(f"{source}: {label}: {form!r} is also a name/alias of {other}")
            owner[key] = (eid, i)


def load_lexicon(dataset: Dataset | None = None) -> pl.DataFrame:
    """Built-in lexicon plus the dataset's ``lexicon.csv`` (added or overriding by id).

    Example
    -------
    >>> load_lexicon().columns
    ['element_id', 'type', 'name_en', 'name_zh', 'aliases', 'hex', 'parent', 'scope']
    """
    base = builtin_lexicon()
    if dataset is None or not dataset.lexicon_path.exists():
        return base
    extra = read_lexicon_csv(dataset.lexicon_path)
    merged = pl.concat(
        [base.join(extra.select("element_id"), on="element_id", how="anti"), extra],
        how="vertical",
    )
    validate_lexicon(merged, source=f"{dataset.lexicon_path} merged with built-in", csv_rows=False)
    return merged


def post_lexicon(lexicon: pl.DataFrame) -> pl.DataFrame:
    """The elements read in social posts: all but the ``catalogue``-only ones.

    >>> lex = builtin_lexicon()
    >>> post_lexicon(lex).height <= lex.height
    True
    """
    return lexicon.filter(pl.col("scope").fill_null("all") != "catalogue")


def _to_csv_bytes(df: pl.DataFrame) -> bytes:
    out = df.select(COLUMNS).with_columns(pl.col("aliases").list.join(";"))
    buf = io.BytesIO()
    out.write_csv(buf)
    return buf.getvalue()


def add_terms(dataset: Dataset, rows: pl.DataFrame, *, source: str = "add_terms") -> pl.DataFrame:
    """Add or override entries in the dataset's ``lexicon.csv`` (atomic write).

    ``rows`` has the lexicon columns; ``aliases`` may be a list or a ``;`` string.
    The merged lexicon is validated before anything is written. Returns the new
    dataset-level table.

    Example
    -------
    >>> new = pl.DataFrame({"element_id": ["latte_brown"], "type": ["color"],
    ...     "name_en": ["latte brown"], "name_zh": ["拿铁棕"], "aliases": ["latte"],
    ...     "hex": ["#B38B6D"], "parent": ["brown"]})
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ds = Dataset(tmp).create()
    ...     add_terms(ds, new)["element_id"].to_list()
    ...     load_lexicon(ds).filter(pl.col("aliases").list.contains("latte"))["element_id"].item()
    ['latte_brown']
    'latte_brown'
    """
    incoming = _from_csv_frame(rows, source=source)
    validate_lexicon(incoming, source=source, csv_rows=False)
    existing = (
        read_lexicon_csv(dataset.lexicon_path)
        if dataset.lexicon_path.exists()
        else pl.DataFrame(schema=LEXICON_SCHEMA)
    )
    table = pl.concat(
        [existing.join(incoming.select("element_id"), on="element_id", how="anti"), incoming],
        how="vertical",
    )
    base = builtin_lexicon()
    merged = pl.concat([base.join(table.select("element_id"), on="element_id", how="anti"), table])
    validate_lexicon(merged, source=f"{source} merged with {dataset.lexicon_path}", csv_rows=False)
    atomic_write_bytes(dataset.lexicon_path, _to_csv_bytes(table))
    dataset.record("lexicon", rows=table.height, source=source)
    return table
