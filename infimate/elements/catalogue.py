"""Reading a catalogue: what a product *is* (its item), what it *has* (details), its colours.

Product text (a title, a description, or both) is read like a buyer reads it:

* **Item** — the head of the product phrase. A phrase ends at a connector (``with``,
  ``in``, ``featuring``, ``made of``, ``for``, ``from``, a comma, a colon, a sentence end;
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
  ("polo-neck jumper") stays a detail of its head. A **defining detail** makes a generic
  head its kind ("Jacket with notch lapels" → blazer, "Sweatshirt with a hood" → hoodie:
  :data:`~.catalogue_words.DEFINING`). Item words that are everyday words too
  ("short", "brief", "body", "jersey": :data:`~.catalogue_words.ELSEWHERE`) name their
  item only as the head, and not before a comma ("Short, fitted skirt"); anywhere else
  "jersey" is the fabric ("Jersey top") and the others nothing ("short sleeves").
  A set named after the parts is the item ("Tie, Cufflink and Pocket Square Combo Set").
* **Styling advice** — from "style it with", "pairs with" … to the end of the sentence
  (:data:`~.catalogue_words.STYLING`) the text names other products: they are neither the
  item nor its details or colours ("Style it with white trainers. This black midi dress …").
* **Colours** — colour elements in text order, after the last audience word when there is
  one ("Red Tape Men Brown Shoes" is brown); ``colours[0]`` is the main colour.
* **Details** — every other element named (details, fabrics, patterns, silhouettes …) and
  the items that are not the head ("tie belt" of a jumpsuit, the T-shirt of a set); a
  title's brand part is skipped.

The text, its gaps read as one space (double spaces, tabs, no-break spaces, "T- Shirts"), is
matched once by the tagger's word-boundary matcher
(:func:`infimate.elements.matching.match_many`), with the connectors and audience words as
extra patterns (built once per lexicon); its hits come in text order, and the rules above are
array operations over them (no per-row Python).

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
    DEFINING,
    ELSEWHERE,
    ITEM_TYPES,
    SETS,
    STOPS,
    STYLING,
    compound_items,
    names_a_part,
    qualifiers,
)
from infimate.elements.labels import ancestors
from infimate.elements.matching import CompiledPatterns, compile_patterns, match_many
from infimate.elements.patterns import match_patterns

__all__ = ["ITEM_TYPES", "tag_catalogue"]

#: A gap between words that is not one plain space (runs of spaces, tabs, no-break spaces,
#: loose hyphens), read as one space so multi-word names match across it ("Innerwear  T-shirt",
#: "T- Shirts"); line breaks stay (they end a phrase).
_GAP = r"[ \t\x{a0}-]*(?:[\t\x{a0}]|  | -|- )[ \t\x{a0}-]*"

BLOCK = 250_000  # texts read at a time by tag_catalogue

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
    # (sorted keys, item codes): detail * len(names) + generic head → its kind (DEFINING)
    defines: tuple[np.ndarray, np.ndarray]
    defining: np.ndarray  # per pattern: it names a DEFINING detail
    stop: np.ndarray  # per pattern: it ends a sentence (STOPS)
    styling: np.ndarray  # per pattern: it starts styling advice (STYLING)


_BUILT: dict[bytes, _Patterns] = {}  # lexicon content → its patterns (a few lexicons at most)


def _patterns(lexicon: pl.DataFrame) -> _Patterns:
    """:func:`_build` for a lexicon, built once per lexicon content (a row-hash key)."""
    key = lexicon.hash_rows().to_numpy().tobytes() + str(lexicon.schema).encode()
    if key not in _BUILT:
        if len(_BUILT) >= 4:
            _BUILT.pop(next(iter(_BUILT)))
        _BUILT[key] = _build(lexicon)
    return _BUILT[key]


def _build(lexicon: pl.DataFrame) -> _Patterns:
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
    known = [(d, h, e) for (d, h), e in DEFINING.items() if {d, h, e} <= number.keys()]
    defines = _table({number[d] * width + number[h]: number[e] for d, h, e in known})
    defining = np.isin(code, [number[d] for d, _, _ in known]) & (item < 0)
    other = {p: number.get(e, -1) if e else -1 for p, e in ELSEWHERE.items()}
    elsewhere = np.array(
        [other.get(p, -2) if k == ITEM else -2 for p, k in zip(pats["pattern"], kind, strict=True)],
        dtype=np.int64,
    )
    built = _Patterns(
        compile_patterns(pats),
        kind=kind.to_numpy(),
        code=code,
        item=item,
        names=names,
        qualifier=qualifier,
        narrows=narrows,
        whole=whole,
        kinds=under,
        elsewhere=elsewhere,
        comma=pats["pattern"].is_in([",", "，"]).to_numpy(),
        defines=defines,
        defining=defining,
        stop=pats["pattern"].is_in(STOPS).to_numpy(),
        styling=pats["pattern"].is_in(STYLING).to_numpy(),
    )
    for value in vars(built).values():  # shared by every call (cached): read-only
        for a in value if isinstance(value, tuple) else (value,):
            if isinstance(a, np.ndarray):
                a.flags.writeable = False
    return built


def tag_catalogue(texts: pl.DataFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    """One row per text: ``id``, ``item`` (element id or null), ``colours``, ``details``.

    ``texts`` has an ``id`` column (any type, one row per product) and ``text``. The texts
    are matched in one pass; their hits are then read in blocks of :data:`BLOCK` texts, so
    each block's arrays are small enough to be reused from the heap instead of fresh pages
    from the OS (reading 1M titles' hits in one block spent as long faulting pages in).
    """
    pats = _patterns(lexicon)
    n = texts.height
    rows = texts.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("id"),
        pl.col("text").cast(pl.String).fill_null("").str.replace_all(_GAP, " "),
    )
    hits = match_many(rows, [pats.compiled])[0]
    row, pid = hits["id"].to_numpy().astype(np.int64), hits["pid"].to_numpy()
    if row.size and (np.diff(row) < 0).any():  # re-matched texts come last: group by row
        order = np.argsort(row, kind="stable")
        row, pid = row[order], pid[order]
    starts = np.arange(0, max(n, 1), BLOCK)
    ends = np.minimum(starts + BLOCK, n)
    lo, hi = np.searchsorted(row, starts), np.searchsorted(row, ends)
    blocks = [
        _read(row[a:b] - s, pid[a:b], e - s, pats)
        for s, e, a, b in zip(starts, ends, lo, hi, strict=True)
    ]
    return pl.concat(blocks).insert_column(0, texts["id"])


def _read(row: np.ndarray, pid: np.ndarray, n: int, pats: _Patterns) -> pl.DataFrame:
    """``item``, ``colours``, ``details`` of ``n`` texts from their hits (row, pattern id),
    grouped by row in text order."""
    kind, code, names_item = pats.kind[pid], pats.code[pid], pats.item[pid]
    first = np.ones(row.size, dtype=bool)  # each row's first hit
    first[1:] = row[1:] != row[:-1]

    def so_far(flag: np.ndarray) -> np.ndarray:  # flagged hits in the row up to this one
        return _so_far(flag, first)

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
    at = _one_per_row(row, np.flatnonzero(audience), last=False)
    slot[row[at]] = at
    after = hit > slot[row]
    titled = np.zeros(n, dtype=bool)
    titled[row[is_item & after]] = True
    styled = _styled(first, pid, pats)
    read = (~titled[row] | after) & ~styled  # outside a title's brand part and styling advice
    own = np.where(titled[row], phrase[np.minimum(slot[row], row.size - 1)], 0)
    item, head = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    for rank in (
        _one_per_row(row, np.flatnonzero(is_item & ~only_head & read), last=False),
        _one_per_row(row, np.flatnonzero(is_item & read & (phrase == own))),
    ):  # the first item read, then (where there is one) the last item of the phrase
        item[row[rank]] = names_item[rank]
        head[row[rank]] = rank
    named = item.copy()
    aside = np.flatnonzero(only_head)  # read as its other meaning, or as nothing
    aside = aside[aside != head[row[aside]]]
    code[aside] = pats.elsewhere[pid[aside]]
    is_item[aside] = False
    at = head[row]
    before = read & (phrase == phrase[at]) & (hit < at)  # in the head's phrase, before it
    # a qualifier before the head narrows it ("Formal … Shoes"), then a kind of it named
    # there does ("Polo … T-shirt"); the last such hit wins
    width, qualifier = len(pats.names), pats.qualifier[pid]
    at = np.flatnonzero((qualifier >= 0) & before)
    _narrow(item, row, at, qualifier[at] * width + item[row[at]], pats.narrows)
    at = np.flatnonzero(is_item & before)
    _narrow(item, row, at, item[row[at]] * width + names_item[at], pats.kinds)
    at = np.flatnonzero(pats.defining[pid] & read)  # "Jacket with notch lapels": a blazer
    _narrow(item, row, at, code[at] * width + item[row[at]], pats.defines)
    whole = np.flatnonzero(is_item & read & pats.whole[pid])
    whole = _one_per_row(row, whole[whole > head[row[whole]]])  # a set named after the head
    item[row[whole]] = named[row[whole]] = names_item[whole]
    last = np.full(n, -1, dtype=np.int64)  # each row's last audience word
    at = _one_per_row(row, np.flatnonzero(audience))
    last[row[at]] = at
    colour = (kind == COLOUR) & (hit > last[row]) & ~styled
    detail = ((kind == ITEM) | (kind == OTHER)) & (code >= 0) & read
    detail &= (code != item[row]) & (code != named[row])
    lookup = np.asarray(pats.names, dtype=object)
    return pl.DataFrame(
        {
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
    found = np.flatnonzero(keys[pos] == want)
    found = found[_one_per_row(row, at[found], positions=True)]
    item[row[at[found]]] = values[pos[found]]


def _so_far(flag: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per hit, the flagged hits from the last segment start (``starts``) up to this one."""
    firsts = np.flatnonzero(starts)  # each segment's first hit; it runs to the next one's
    total = np.cumsum(flag, dtype=np.int64)
    before = total[firsts] - flag[firsts]  # flagged hits before each segment
    out: np.ndarray = total - np.repeat(before, np.diff(firsts, append=flag.size))
    return out


def _styled(first: np.ndarray, pid: np.ndarray, pats: _Patterns) -> np.ndarray:
    """Per hit: it follows styling advice in its sentence ("Style it with … trainers.");
    ``first`` marks each row's first hit."""
    styling: np.ndarray = pats.styling[pid]
    if not styling.any():  # most texts (every title) give none: skip the sentence scan
        return styling
    starts = first.copy()  # a sentence starts a row or follows a stop
    starts[1:] |= pats.stop[pid[:-1]]
    out: np.ndarray = _so_far(styling, starts) > 0
    return out


def _one_per_row(
    row: np.ndarray, at: np.ndarray, *, last: bool = True, positions: bool = False
) -> np.ndarray:
    """Of hits ``at`` (ascending), each row's last (or first) one — or its position in ``at``."""
    keep = np.ones(at.size, dtype=bool)
    if at.size:
        change = row[at[1:]] != row[at[:-1]]
        if last:
            keep[:-1] = change
        else:
            keep[1:] = change
    out: np.ndarray = np.flatnonzero(keep) if positions else at[keep]
    return out


def _lists(
    row: np.ndarray, code: np.ndarray, keep: np.ndarray, n: int, lookup: np.ndarray
) -> pl.Series:
    """Per text, the names of the kept hits' elements, first mention first, no repeats."""
    idx = np.flatnonzero(keep)
    _, first = np.unique(row[idx] * len(lookup) + code[idx], return_index=True)
    idx = np.sort(idx[first])
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row[idx], minlength=n), out=offsets[1:])
    values = pa.array(list(lookup), type=pa.large_string()).take(pa.array(code[idx]))
    return pl.Series(pl.from_arrow(pa.LargeListArray.from_arrays(offsets, values))).cast(
        pl.List(pl.String)
    )
