"""Literal multi-pattern matching with word boundaries: the tagger's matcher.

Rules (the tagger's, see :mod:`infimate.elements.tagging`): Latin-script patterns match whole
words only (an ASCII letter or digit, or an accented Latin letter U+00C0-U+027F, next
to a match disqualifies it; everything else - spaces, punctuation, emoji, CJK - is a
boundary); CJK patterns match as substrings; ASCII case is ignored; where matches
overlap the leftmost wins, and at one position the longest pattern wins.

Hyphens read as spaces ("puff-sleeve" is "puff sleeve"). A pattern is a literal.
Texts and patterns are first folded (:func:`~infimate.elements.folding.fold`: ASCII lower case, hyphen to space,
one table lookup per byte), so the automaton runs case-sensitively.

How (:func:`match_texts`): one leftmost-first Aho-Corasick pass
(``str.extract_many``, patterns longest first) over the raw text finds candidates.
Hits of patterns with Latin letters are located (``str.find``) and the bytes next to
them checked; "red" inside "tired" is dropped. When every candidate of a text passes,
the raw hits *are* the exact matches. The few texts where that is not proven (a
rejected candidate that could hide a shorter match, an ambiguous location) are matched
again on a boundary-marked copy (:func:`~infimate.elements.folding.mark`): every ASCII separator is wrapped in a
marker byte (``\\0``), a marker goes between a Latin word character and an adjacent
non-Latin one (流行|butter, yellow|😍) and at both ends, and every pattern gets the same
treatment plus a marker on each Latin edge - so "red" is searched as ``\\0red\\0``
and every hit is a valid match. The slices of a large input run in parallel threads.

Example
-------
>>> pats = pl.DataFrame({"pattern": ["red", "baby blue", "blue", "泡泡袖"]})
>>> find_terms(pl.DataFrame({"id": [1, 2], "text": ["tired of RED", "baby blue泡泡袖"]}),
...     pats)["pattern"].to_list()
['red', 'baby blue', '泡泡袖']
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from infimate.elements.folding import (
    ALNUM,
    MARK,
    OTHER,
    WORD,
    Folded,
    fold,
    mark_texts,
    marked_core,
    slices,
)

_SEED = 20261129  # fixed seed: pattern keys and hits are hashed with the same function


ALNUM.flags.writeable = False


@dataclass(frozen=True)
class CompiledPatterns:
    """Patterns ready for :func:`match_texts` (row number of ``patterns`` = pattern id).

    ``raw`` are the literal patterns, longest first (the leftmost-first priority);
    ``marked`` the same patterns in marked form (:func:`mark`), longest first;
    ``flags`` has one row per pattern id: ``latin`` (contains a Latin word character:
    its hits are located and checked), ``left``/``right`` (starts/ends with one: that
    edge needs a boundary), ``mixed`` (also contains other non-ASCII characters) and
    ``simple`` (one Latin word: nothing can hide inside a rejected hit of it);
    ``raw_keys``/``marked_keys`` map the hash of a lower-cased hit to its pattern id.
    """

    patterns: pl.DataFrame
    raw: tuple[str, ...]
    marked: tuple[str, ...]
    flags: pl.DataFrame
    raw_keys: pl.DataFrame
    marked_keys: pl.DataFrame


def _keys(forms: pl.DataFrame, col: str) -> pl.DataFrame:
    return forms.select(pl.col(col).hash(_SEED).alias("key"), "pid").unique(
        "key", keep="first", maintain_order=True
    )


def compile_patterns(patterns: pl.DataFrame) -> CompiledPatterns:
    """Search forms, boundary flags and hit keys for a frame with a ``pattern`` column.

    Example
    -------
    >>> c = compile_patterns(pl.DataFrame({"pattern": ["puff sleeve", "泡泡袖"]}))
    >>> c.marked
    ('\\x00puff\\x00 \\x00sleeve\\x00', '泡泡袖')
    >>> c.flags["left"].to_list()
    [True, False]
    """
    patterns_folded = patterns.with_columns(fold(patterns["pattern"].cast(pl.String)).text)
    p = pl.col("pattern").fill_null("")
    left, right = p.str.contains(f"^{WORD}"), p.str.contains(f"{WORD}$")
    # a pattern that starts (ends) with a separator leaves out the marker outside it: in
    # the marked text that marker is also the boundary of the word beside it (". " before
    # "men" in "mr\0.\0\0 \0men"), which it must not consume
    core = marked_core(p, mixed=True)
    starts, ends = p.str.contains(r"^[\x01-\x7f]") & ~left, p.str.contains(r"[\x01-\x7f]$") & ~right
    core = pl.when(starts).then(core.str.strip_prefix(MARK)).otherwise(core)
    core = pl.when(ends).then(core.str.strip_suffix(MARK)).otherwise(core)
    forms = patterns_folded.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("pid"),
        p.alias("raw"),
        pl.concat_str(
            pl.when(left).then(pl.lit(MARK)).otherwise(pl.lit("")),
            core,
            pl.when(right).then(pl.lit(MARK)).otherwise(pl.lit("")),
        ).alias("marked"),
        p.str.contains(WORD).alias("latin"),
        left.alias("left"),
        right.alias("right"),
        (p.str.contains(WORD) & p.str.contains(OTHER)).alias("mixed"),
        p.str.contains(f"^{WORD}+$").alias("simple"),
    )
    usable = forms.filter(pl.col("raw") != "").unique("raw", keep="first", maintain_order=True)
    by_raw = usable.sort(pl.col("raw").str.len_bytes(), "pid", descending=[True, False])
    by_marked = usable.sort(pl.col("marked").str.len_bytes(), "pid", descending=[True, False])
    return CompiledPatterns(
        patterns=patterns,
        raw=tuple(by_raw["raw"].to_list()),
        marked=tuple(by_marked["marked"].to_list()),
        flags=forms.select("latin", "left", "right", "mixed", "simple"),
        raw_keys=_keys(by_raw, "raw"),
        marked_keys=_keys(by_marked, "marked"),
    )


def _extract(texts: pl.LazyFrame, search: tuple[str, ...]) -> pl.LazyFrame:
    """(r, id, hit): one row per leftmost-first hit, in text order; r = row in ``texts``."""
    return (
        texts.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("r"),
            "id",
            pl.col("text").str.extract_many(list(search), leftmost=True).alias("hit"),
        )
        .explode("hit")
        .drop_nulls("hit")
    )


def _pattern_ids(hits: pl.DataFrame, keys: pl.DataFrame) -> pl.Series:
    """Pattern id of each hit (hits are folded, so they equal a folded pattern)."""
    return hits.select(
        pl.col("hit")
        .hash(_SEED)
        .replace_strict(keys["key"], keys["pid"], default=None)
        .alias("pid")
    ).to_series()


def _run(texts: pl.DataFrame, search: tuple[str, ...], keys: pl.DataFrame) -> pl.DataFrame:
    hits = pl.concat(pl.collect_all([_extract(s.lazy(), search) for s in slices(texts)]))
    return hits.with_columns(_pattern_ids(hits, keys)).drop_nulls("pid")


def _latin_before(data: np.ndarray, pos: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """Is the character ending just before byte ``pos`` (text starts at ``lo``) a Latin
    letter/digit: ASCII, or 2-byte U+00C0-U+027F (lead byte 0xC3-0xC9)?"""
    b1 = np.where(pos > lo, data.take(pos - 1, mode="clip"), 32)
    b2 = np.where(pos - 1 > lo, data.take(pos - 2, mode="clip"), 32)
    return ALNUM[b1] | ((b1 >= 128) & (b1 <= 191) & (b2 >= 195) & (b2 <= 201))


# polars' ``str.find`` gives byte offsets up to 2.1 and character offsets from 2.2
_FIND_IN_BYTES = pl.Series(["\u00e9 a"]).str.find("a", literal=True).item() == 3


def _first_byte_offsets(text: pl.Series, hit: pl.Series) -> np.ndarray:
    """Byte offset of the first occurrence of each ``hit`` in its ``text`` (0 if none).

    Character and byte offsets agree on ASCII texts; where ``str.find`` counts
    characters, the other texts are located by the byte length of the text before
    the hit's first occurrence (a split there), which does not depend on either.
    """
    start = text.str.find(pl.lit(hit), literal=True).fill_null(0).to_numpy().astype(np.int64)
    if _FIND_IN_BYTES:
        return start
    wide = np.flatnonzero((text.str.len_bytes() != text.str.len_chars()).to_numpy())
    if len(wide):
        pairs = pl.DataFrame({"text": text.gather(wide), "hit": hit.gather(wide)})
        before = pairs.select(
            pl.col("text").str.split(pl.col("hit")).list.first().str.len_bytes()
        ).to_series()
        found = start[wide] > 0  # offset 0 means at the start, or not found: both 0 bytes
        start[wide] = np.where(found, before.to_numpy(), 0)
    return start


def _check(
    folded: Folded, hits: pl.DataFrame, flags: pl.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Which raw hits are valid, and which texts must be matched again exactly.

    Hits of patterns with Latin letters are located with ``str.find`` (the first
    occurrence). A located hit must start at or after the end of the text's previous
    such hit; since matches are leftmost-first and non-overlapping, that proves the
    location right (an earlier occurrence would overlap an earlier hit). Then a Latin
    neighbour rejects a candidate ("red" in "tired"). A rejected single word hides
    nothing (no valid match can start inside it), so it is just dropped. A text is a
    suspect - returned for an exact rematch - if a location is unproven, a rejected
    candidate has an inner boundary ("vanilla girl aesthetic" in "... aesthetics"
    hides "vanilla girl"). A hit that mixes Latin and CJK (t恤) could have been located
    inside an earlier CJK hit, so it counts as proven only when it occurs once.

    Returns (keep: bool per hit, rows ``r`` of the suspect texts), as numpy arrays.
    """
    pid = hits["pid"].to_numpy()
    names = ("latin", "left", "right", "mixed", "simple")
    latin, left, right, mixed, simple = (flags[c].to_numpy()[pid] for c in names)
    rows = np.flatnonzero(latin)
    hit = hits["hit"].gather(rows)
    r = hits["r"].to_numpy()[rows]
    text = folded.text.gather(r)
    start = _first_byte_offsets(text, hit)
    end = start + hit.str.len_bytes().to_numpy()
    unproven = np.zeros(len(rows), dtype=bool)
    unproven[1:] = (r[1:] == r[:-1]) & (start[1:] < end[:-1])
    twice = np.flatnonzero(mixed[rows])
    if len(twice):  # could overlap a CJK hit: proven only if it occurs once
        n = text.gather(twice).str.count_matches(hit.gather(twice), literal=True).to_numpy()
        unproven[twice[n > 1]] = True
    lo = folded.offsets[r]
    hi = folded.offsets[r + 1]
    after = np.where(lo + end < hi, folded.data.take(lo + end, mode="clip"), 32)
    latin_after = ALNUM[after] | ((after >= 195) & (after <= 201))
    ok = ~((left[rows] & _latin_before(folded.data, lo + start, lo)) | (right[rows] & latin_after))
    keep = np.ones(hits.height, dtype=bool)
    keep[rows] = ok
    return keep, np.unique(r[unproven | (~ok & ~simple[rows])])


def match_texts(texts: pl.DataFrame, compiled: CompiledPatterns) -> pl.DataFrame:
    """All matches: one row (id, pid) per occurrence, duplicates kept.

    ``texts`` has ``id`` (u32 row numbers 0..n-1, in order) and ``text``. One
    leftmost-first Aho-Corasick pass over the raw text finds candidates; hits of
    patterns with Latin letters are located and their neighbours checked
    (:func:`_check`). Texts where every candidate is proven valid are exact as they
    are (each hit of the raw pass is then also the leftmost-longest valid match); the
    few others are matched again on their marked form (:func:`mark`), which is exact.

    Example
    -------
    >>> c = compile_patterns(pl.DataFrame({"pattern": ["red", "baby blue", "blue"]}))
    >>> t = pl.DataFrame({"id": [0, 1], "text": ["red, tired, Red", "baby blue bluer"]},
    ...     schema={"id": pl.UInt32, "text": pl.String})
    >>> match_texts(t, c).rows()
    [(0, 0), (0, 0), (1, 1)]
    """
    return match_many(texts, [compiled])[0]


def match_many(texts: pl.DataFrame, sets: Sequence[CompiledPatterns]) -> list[pl.DataFrame]:
    """:func:`match_texts` for several pattern sets over the same texts, folded once.

    The slices of ``texts`` run in parallel threads (polars releases the GIL), each
    doing every step: fold, one Aho-Corasick pass per set, pattern ids, checks.

    Example
    -------
    >>> a = compile_patterns(pl.DataFrame({"pattern": ["red"]}))
    >>> b = compile_patterns(pl.DataFrame({"pattern": ["date night"]}))
    >>> t = pl.DataFrame({"id": [0], "text": ["red for date night"]},
    ...     schema={"id": pl.UInt32, "text": pl.String})
    >>> [m.height for m in match_many(t, [a, b])]
    [1, 1]
    """
    parts = slices(texts)
    if len(parts) == 1:
        done = [_match_slice(parts[0], sets)]
    else:  # polars releases the GIL: the slices run on all cores, checks included
        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            done = list(pool.map(_match_slice, parts, [sets] * len(parts)))
    return [pl.concat([d[j] for d in done]) for j in range(len(sets))]


def _match_slice(texts: pl.DataFrame, sets: Sequence[CompiledPatterns]) -> list[pl.DataFrame]:
    """One slice, every step, per set: (id, pid) of the raw hits proven valid, plus the
    exact rematch of the suspect texts on their marked form."""
    folded = fold(texts["text"])
    base = pl.DataFrame({"id": texts["id"].cast(pl.UInt32), "text": folded.text})
    frame = base.lazy()
    live = [c for c in sets if c.raw]
    found = iter(pl.collect_all([_extract(frame, c.raw) for c in live]) if live else [])
    out = []
    for compiled in sets:
        if not compiled.raw:
            out.append(pl.DataFrame(schema={"id": pl.UInt32, "pid": pl.UInt32}))
            continue
        hits = next(found)
        hits = hits.with_columns(_pattern_ids(hits, compiled.raw_keys)).drop_nulls("pid")
        keep, suspects = _check(folded, hits, compiled.flags)
        if len(suspects) == 0:
            out.append(hits.filter(keep).select("id", "pid"))
            continue
        keep &= ~np.isin(hits["r"].to_numpy(), suspects)
        again = mark_texts(base[suspects])
        redone = _run(again, compiled.marked, compiled.marked_keys).select("id", "pid")
        out.append(pl.concat([hits.filter(keep).select("id", "pid"), redone]))
    return out


def unique_pairs(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """Distinct (id, col) pairs of two u32 columns, sorted by id then col (one u64 key).

    Example
    -------
    >>> unique_pairs(pl.DataFrame({"id": [1, 0, 1], "e": [2, 5, 2]},
    ...     schema={"id": pl.UInt32, "e": pl.UInt32}), "e").rows()
    [(0, 5), (1, 2)]
    """
    key = (pl.col("id").cast(pl.UInt64) * (1 << 32) + pl.col(col).cast(pl.UInt64)).alias("k")
    k = df.select(key).to_series().sort()
    k = k.filter(k.diff().fill_null(1) != 0)  # sorted: duplicates are neighbours
    return pl.DataFrame(
        {"id": (k // (1 << 32)).cast(pl.UInt32), col: (k % (1 << 32)).cast(pl.UInt32)}
    )


def find_terms(texts: pl.DataFrame, patterns: pl.DataFrame) -> pl.DataFrame:
    """Match ``patterns`` (a frame with a ``pattern`` column) in ``texts`` (id, text).

    Returns one row per (id, pattern) that occurs at least once, with the pattern's
    columns, sorted by text row then pattern row.

    Example
    -------
    >>> find_terms(pl.DataFrame({"id": [1], "text": ["tired of red"]}),
    ...     pl.DataFrame({"pattern": ["red"]}))["pattern"].to_list()
    ['red']
    """
    idc, textc = texts.columns[:2]
    rows = texts.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("r"), pl.col(textc).alias("text")
    )
    hits = match_texts(rows.rename({"r": "id"}), compile_patterns(patterns))
    pairs = unique_pairs(hits, "pid")
    ids = texts[idc][pairs["id"]].alias(idc)
    return pl.concat([ids.to_frame(), patterns[pairs["pid"]]], how="horizontal")
