"""Reading a catalogue: what a product *is* (its item), what it *has* (details), its colours.

Product text (a title, a description, or both) is read like a buyer reads it:

* **Item** — the head of the product phrase. A phrase ends at a connector (``with``,
  ``in``, ``featuring``, ``made of``, ``for``, ``from``, a comma, a sentence end;
  ``，``/``。``/``搭配`` in Chinese), and its head is the *last* item named in it: English
  and Chinese noun phrases are head-final ("polo-neck jumper" → jumper, "T-shirt and
  joggers set" → set, "带腰带的连衣裙" → 连衣裙). The phrase read is the text's first one;
  in a title with an audience word ("Men", "Women's", "Girls", "女款" …, but not "for
  women") it is the phrase that starts there, because what comes before is the brand
  ("U.S. Polo Assn. Men Blue Shirt" is a shirt, not a polo). A phrase naming no item falls
  back to the first item after it (or of the text). Items are ``item``/``accessory``
  elements. A **qualifier** earlier in the phrase narrows a generic head to the lexicon's
  item for both words ("Arrow Men Formal Black Shoes" → formal shoes, "Men Canvas Navy
  Shoes" → canvas shoes): the qualifiers are read off the lexicon's own compound names
  ("formal shoes" = *formal* + an ancestor item named "shoes"), never from a shop's labels.
  A **kind** of the head named earlier in the phrase is the item ("Baby Doll Nightdress"
  → babydoll, "Polo T-shirt" → polo shirt, "Blazer Jacket" → blazer), the lexicon's
  ``parent`` chain deciding what is a kind of what; an item named after a neckline
  ("polo-neck jumper") stays a detail of its head. Item words that are everyday words too
  ("short", "brief", "body", "jersey": :data:`~.catalogue_words.ELSEWHERE`) name their
  item only as the head, and not before a comma ("Short, fitted skirt"); anywhere else
  "jersey" is the fabric ("Jersey top") and the others nothing ("short sleeves").
  A set named after the parts is the item ("Tie, Cufflink and Pocket Square Combo Set").
* **Colours** — colour elements in text order, after the last audience word when there is
  one ("Red Tape Men Brown Shoes" is brown); ``colours[0]`` is the main colour.
* **Details** — every other element named (details, fabrics, patterns, silhouettes …) and
  the items that are not the head ("tie belt" of a jumpsuit, the T-shirt of a set); a
  title's brand part is skipped.

The text is matched once by the tagger's word-boundary matcher
(:func:`infimate.elements.matching.match_many`), with the connectors and audience words as
extra patterns; its hits come in text order, and the rules above are array operations over
them (no per-row Python).

Example
-------
>>> from infimate.elements.lexicon import builtin_lexicon
>>> t = pl.DataFrame({"id": ["a", "b"], "text": ["Puma Men Grey Solid Round Neck T-Shirt",
...                                             "Jumper in merino wool with a polo neck"]})
>>> tag_catalogue(t, builtin_lexicon()).rows()
[('a', 't_shirt', ['grey'], ['round_neck']), ('b', 'sweater', [], ['wool', 'turtleneck'])]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa

from infimate.elements.catalogue_words import (
    AUDIENCE,
    CONNECTORS,
    ELSEWHERE,
    ITEM_TYPES,
    SETS,
    compound_items,
    names_a_part,
    qualifiers,
)
from infimate.elements.labels import ancestors
from infimate.elements.matching import CompiledPatterns, compile_patterns, match_many
from infimate.elements.patterns import match_patterns

__all__ = ["ITEM_TYPES", "tag_catalogue"]

ITEM, COLOUR, AUDIENCE_WORD, CONNECTOR, OTHER, QUALIFIER = 0, 1, 2, 3, 4, 5


@dataclass(frozen=True)
class _Patterns:
    """The catalogue's patterns and, per pattern id: kind, element code, item code.

    ``item`` is the item a pattern names: its own element for items, the item a compound
    ends with for other elements ("tweed jacket", a tweed alias, names a jacket;
    "A字裙" a skirt), -1 otherwise.
    """

    compiled: CompiledPatterns
    kind: np.ndarray
    code: np.ndarray
    item: np.ndarray
    names: tuple[str, ...]
    qualifier: np.ndarray  # per pattern: its qualifier number, -1 when it qualifies nothing
    # (sorted keys, narrower item codes): qualifier * len(names) + head item → narrower item
    narrows: tuple[np.ndarray, np.ndarray]
    whole: np.ndarray  # per pattern: it names a set (outfit set, gift set) — a whole product
    # (sorted keys, item codes): head * len(names) + item, for every item under a head
    kinds: tuple[np.ndarray, np.ndarray]
    elsewhere: np.ndarray  # per pattern: -2, or read away from the head as this code (-1: none)
    comma: np.ndarray  # per pattern: it is a comma


def _patterns(lexicon: pl.DataFrame) -> _Patterns:
    """Patterns (lexicon + audience + connectors) with their kind, element and item codes."""
    pats = match_patterns(lexicon).select("pattern", "element_id", "type")
    quals = qualifiers(pats, lexicon)
    words = sorted({q for q, _, _ in quals})
    extra = pl.DataFrame(
        {
            "pattern": [*AUDIENCE, *CONNECTORS, *words],
            "element_id": "",
            "type": ["audience"] * len(AUDIENCE)
            + ["connector"] * len(CONNECTORS)
            + ["qualifier"] * len(words),
        }
    ).join(pats.select("pattern"), on="pattern", how="anti")
    pats = pl.concat([pats, extra])
    kinds = {
        "color": COLOUR,
        "audience": AUDIENCE_WORD,
        "connector": CONNECTOR,
        "qualifier": QUALIFIER,
    }
    kind = pats.select(
        pl.when(pl.col("type").is_in(ITEM_TYPES))
        .then(ITEM)
        .otherwise(pl.col("type").replace_strict(kinds, default=OTHER))
        .cast(pl.Int8)
    ).to_series()
    names = tuple(pats["element_id"].unique(maintain_order=True).to_list())
    number = {name: i for i, name in enumerate(names)}
    code = np.array([number[e] for e in pats["element_id"].to_list()], dtype=np.int64)
    compound = compound_items(pats)
    item = np.array(
        [
            c if k == ITEM else (number[x] if x else -1)
            for c, k, x in zip(code, kind, compound, strict=True)
        ],
        dtype=np.int64,
    )
    word = {w: i for i, w in enumerate(words)}
    qualifier = np.array([word.get(p, -1) for p in pats["pattern"].to_list()], dtype=np.int64)
    width = len(names)
    narrows = _table({word[q] * width + number[h]: number[e] for q, h, e in quals})
    up = ancestors(lexicon)
    sets = {number[e] for e in names if e and set(up.get(e, ())) & set(SETS)}
    whole = np.isin(item, list(sets))
    # an item named after a neckline ("polo neck": PARTS) is no kind of the head it stands before
    parted = {e for p, e in pats.select("pattern", "element_id").rows() if names_a_part(p)}
    under = _table(
        {
            number[a] * width + number[e]: number[e]
            for e in names
            if e and e not in parted
            for a in up.get(e, ())[1:]
            if a in number
        }
    )
    other = {p: number.get(e, -1) if e else -1 for p, e in ELSEWHERE.items()}
    elsewhere = np.array(
        [other.get(p, -2) if k == ITEM else -2 for p, k in zip(pats["pattern"], kind, strict=True)],
        dtype=np.int64,
    )
    return _Patterns(
        compile_patterns(pats),
        kind.to_numpy(),
        code,
        item,
        names,
        qualifier,
        narrows,
        whole,
        under,
        elsewhere,
        pats["pattern"].is_in([",", "，"]).to_numpy(),
    )


def tag_catalogue(texts: pl.DataFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    """One row per text: ``id``, ``item`` (element id or null), ``colours``, ``details``.

    ``texts`` has an ``id`` column (any type, one row per product) and ``text``.
    """
    pats = _patterns(lexicon)
    n = texts.height
    rows = texts.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("id"),
        pl.col("text").cast(pl.String).fill_null(""),
    )
    hits = match_many(rows, [pats.compiled])[0]
    row, pid = hits["id"].to_numpy().astype(np.int64), hits["pid"].to_numpy()
    if row.size and (np.diff(row) < 0).any():  # re-matched texts come last: group by row
        order = np.argsort(row, kind="stable")
        row, pid = row[order], pid[order]
    kind, code, names_item = pats.kind[pid], pats.code[pid], pats.item[pid]
    first = np.ones(row.size, dtype=bool)
    first[1:] = row[1:] != row[:-1]
    start = np.flatnonzero(first)[np.cumsum(first) - 1]  # each hit's row's first hit

    def so_far(flag: np.ndarray) -> np.ndarray:  # flagged hits in the row up to this one
        total = np.cumsum(flag, dtype=np.int64)
        return total - np.where(start > 0, total[start - 1], 0)

    is_item = names_item >= 0
    only_head = pats.elsewhere[pid] > -2  # names its item only as the head (ELSEWHERE)
    comma_next = np.zeros(row.size, dtype=bool)
    comma_next[:-1] = pats.comma[pid[1:]] & (row[1:] == row[:-1])
    is_item &= ~(only_head & comma_next)  # "Short, fitted skirt": an adjective
    hit = np.arange(row.size)
    phrase = so_far(kind == CONNECTOR)  # phrase number of each hit (0 = first)
    audience = kind == AUDIENCE_WORD
    # a title's audience slot: its first audience word, when an item follows it
    slot = np.full(n, row.size, dtype=np.int64)
    slot[row[np.flatnonzero(audience)[::-1]]] = np.flatnonzero(audience)[::-1]
    after = hit > slot[row]
    titled = np.zeros(n, dtype=bool)
    titled[row[is_item & after]] = True
    read = ~titled[row] | after  # hits outside a title's brand part
    own = np.where(titled[row], phrase[np.minimum(slot[row], row.size - 1)], 0)
    item, head = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    for rank in (
        np.flatnonzero(is_item & ~only_head & read)[::-1],  # the first item read (reverse)
        np.flatnonzero(is_item & read & (phrase == own)),  # the last item of the phrase
    ):
        item[row[rank]] = names_item[rank]
        head[row[rank]] = rank
    named = item.copy()
    aside = only_head & (hit != head[row])  # read as its other meaning, or as nothing
    code = np.where(aside, pats.elsewhere[pid], code)
    is_item &= ~aside
    before = read & (phrase == phrase[head[row]]) & (hit < head[row])  # the head's phrase
    # a qualifier before the head narrows it ("Formal … Shoes"), then a kind of it named
    # there does ("Polo … T-shirt"); the last such hit wins
    width, qualifier = len(pats.names), pats.qualifier[pid]
    at = np.flatnonzero((qualifier >= 0) & before)
    _narrow(item, row, at, qualifier[at] * width + item[row[at]], pats.narrows)
    at = np.flatnonzero(is_item & before)
    _narrow(item, row, at, item[row[at]] * width + names_item[at], pats.kinds)
    whole = np.flatnonzero(is_item & read & pats.whole[pid])
    whole = whole[whole > head[row[whole]]]  # a set named after the head's phrase
    item[row[whole]] = named[row[whole]] = names_item[whole]
    after_audience = so_far(audience) == np.bincount(row, weights=audience, minlength=n)[row]
    colour = (kind == COLOUR) & after_audience
    detail = ((kind == ITEM) | (kind == OTHER)) & (code >= 0) & read
    detail &= (code != item[row]) & (code != named[row])
    lookup = np.asarray(pats.names, dtype=object)
    return pl.DataFrame(
        {
            "id": texts["id"],
            "item": pl.Series(lookup[np.maximum(item, 0)], dtype=pl.String).scatter(
                np.flatnonzero(item < 0), None
            ),
            "colours": _lists(row, code, colour, n, lookup),
            "details": _lists(row, code, detail, n, lookup),
        }
    )


def _table(pairs: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """A key → value look-up as (sorted keys, values), for :func:`_narrow`."""
    keys = np.array(list(pairs), dtype=np.int64)
    values = np.array(list(pairs.values()), dtype=np.int64)
    order = np.argsort(keys)
    return keys[order], values[order]


def _narrow(
    item: np.ndarray,
    row: np.ndarray,
    at: np.ndarray,
    want: np.ndarray,
    table: tuple[np.ndarray, np.ndarray],
) -> None:
    """Set each row's item to ``table``'s value for the key ``want`` of its hits ``at``
    (ascending), where ``table`` (:func:`_table`) has that key; in place, the last wins."""
    keys, values = table
    if not at.size or not keys.size:
        return
    pos = np.minimum(np.searchsorted(keys, want), keys.size - 1)
    found = keys[pos] == want
    item[row[at[found]]] = values[pos[found]]


def _lists(
    row: np.ndarray, code: np.ndarray, keep: np.ndarray, n: int, lookup: np.ndarray
) -> pl.Series:
    """Per text, the names of the kept hits' elements, first mention first, no repeats."""
    idx = np.flatnonzero(keep)
    _, first = np.unique(row[idx] * len(lookup) + code[idx], return_index=True)
    idx = np.sort(idx[first])
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row[idx], minlength=n), out=offsets[1:])
    values = pa.array(lookup[code[idx]], type=pa.large_string())
    return pl.Series(pl.from_arrow(pa.LargeListArray.from_arrays(offsets, values))).cast(
        pl.List(pl.String)
    )
