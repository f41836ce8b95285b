"""Element and scene tagging of post text, vectorised with polars.

Matching rules (exact, no fuzzy matching):

* **Latin script matches whole words.** "red" is found in "red dress" and "#red", not
  in "tired" or "bored"; "tee" is not found in "teen". A Latin letter or digit (ASCII
  or accented) next to a match disqualifies it; punctuation, spaces, emoji and CJK
  characters are boundaries, so "今年流行butter yellow" finds butter yellow.
* **Variants.** Every name/alias also matches with spaces or hyphens between its words
  ("puff sleeve", "puff-sleeve"), run together as a hashtag when every word has 3+
  letters ("#puffsleeves"), and in plural/singular for garment-like types (items,
  details, fabrics, prints, patterns, silhouettes, accessories; not colours or
  aesthetics, where "blues" is not a colour mention).
* **Case.** ASCII case is ignored; for aliases with accented letters both lower- and
  upper-case accents match ("bouclé", "BOUCLÉ") and the accent-free spelling too.
* **Chinese (CJK) aliases match as substrings**: "泡泡袖" inside "法式泡泡袖连衣裙".
* **Longest match wins** where aliases overlap: "baby blue" is not also "blue",
  "off-white" is not also "white", "克莱因蓝色" is Klein blue, not also blue. (Matching
  is leftmost-first over patterns ordered longest first, then each match is checked.)

One Aho-Corasick pass (``str.extract_many``) finds candidate matches; a byte-level
check of the characters around each candidate enforces word boundaries. There is no
Python loop over posts.

Example
-------
>>> import datetime as dt
>>> posts = pl.DataFrame({"post_id": ["p1"], "text": ["Baby blue puff-sleeves, so tired"],
...     "ts": [dt.datetime(2026, 11, 25)], "market": ["US"], "platform": ["tiktok"],
...     "author_id": ["a1"]})
>>> sorted(tag_posts(posts, load_lexicon())["element_id"])
['baby_blue', 'puff_sleeve']
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

from infimate.errors import DataFileError
from infimate.lexicon import CJK_REGEX, is_cjk
from infimate.scenes import UNKNOWN_SCENE, scene_keywords

PLURAL_TYPES = frozenset(
    {"pattern", "print", "silhouette", "detail", "fabric", "item", "accessory"}
)
_NO_GENERATED = frozenset({"totes", "overall", "pant", "short"})
_SEP = re.compile(r"[\s\-_/.'’]+")
MENTION_COLUMNS = (
    "post_id",
    "element_id",
    "type",
    "week",
    "ts",
    "market",
    "crowd",
    "scene",
    "platform",
    "author_id",
    "author_tier",
    "engagement",
)


def _plural(word: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def _fold(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _variants(raw: str, *, plural: bool) -> list[str]:
    """All literal spellings matched for one lexicon name/alias (lower-case)."""
    s = unicodedata.normalize("NFC", raw).strip().lower()
    if is_cjk(s):
        return [re.sub(r"\s+", "", s)]
    tokens = [t for t in _SEP.split(s) if t]
    if not tokens:
        return []
    forms = [tokens]
    last = tokens[-1]
    if plural and len(tokens) > 1 and last.endswith("s") and not last.endswith("ss"):
        forms.append([*tokens[:-1], last[:-1]])
    elif plural and not last.endswith("s"):
        forms.append([*tokens[:-1], _plural(last)])
    out: list[str] = []
    for toks in forms:
        out += [" ".join(toks), "-".join(toks)]
        if len(toks) > 1 and all(len(t) >= 3 for t in toks):
            out.append("".join(toks))
    accented = [v for v in out if not v.isascii()]
    out += [_fold(v) for v in accented]
    out += ["".join(ch.upper() if not ch.isascii() else ch for ch in v) for v in accented]
    return list(dict.fromkeys(out))


def match_patterns(lexicon: pl.DataFrame) -> pl.DataFrame:
    """Literal patterns for the tagger: pattern, element_id, type, explicit, nbytes, checks.

    Explicit names/aliases win over generated variants; a generated variant claimed by
    two elements is dropped. Sorted longest first (the leftmost-first priority).

    Example
    -------
    >>> pats = match_patterns(load_lexicon())
    >>> pats.filter(pl.col("pattern") == "puffsleeves")["element_id"].item()
    'puff_sleeve'
    """
    rows: list[tuple[str, str, str, bool]] = []
    for eid, typ, en, zh, aliases in lexicon.select(
        "element_id", "type", "name_en", "name_zh", "aliases"
    ).iter_rows():
        for form in [en, zh, *(aliases or [])]:
            if not form:
                continue
            for j, v in enumerate(_variants(form, plural=typ in PLURAL_TYPES)):
                explicit = j == 0 or v == form.lower()
                if explicit or v not in _NO_GENERATED:
                    rows.append((v, eid, typ, explicit))
    df = pl.DataFrame(
        rows,
        schema={
            "pattern": pl.String,
            "element_id": pl.String,
            "type": pl.String,
            "explicit": pl.Boolean,
        },
        orient="row",
    )
    return _finish_patterns(df)


def _finish_patterns(df: pl.DataFrame) -> pl.DataFrame:
    best = df.group_by("pattern").agg(pl.col("explicit").max().alias("best"))
    df = df.join(best, on="pattern").filter(pl.col("explicit") == pl.col("best")).drop("best")
    owners = df.group_by("pattern").agg(pl.col("element_id").n_unique().alias("n"))
    df = df.join(owners.filter(pl.col("n") == 1), on="pattern", how="semi")
    df = df.unique(subset=["pattern"], keep="first", maintain_order=True)
    latin_start = pl.col("pattern").str.contains(r"^[\p{Latin}0-9]")
    latin_end = pl.col("pattern").str.contains(r"[\p{Latin}0-9]$")
    return (
        df.with_columns(
            pl.col("pattern").str.len_bytes().cast(pl.Int64).alias("nbytes"),
            latin_start.alias("check_left"),
            latin_end.alias("check_right"),
        )
        .sort(["nbytes", "pattern"], descending=[True, False])
        .with_columns(pl.col("pattern").str.contains(CJK_REGEX).alias("is_cjk"))
    )


def _alnum(b: pl.Expr) -> pl.Expr:
    return b.is_between(48, 57) | b.is_between(65, 90) | b.is_between(97, 122)


def _latin_lead(b: pl.Expr) -> pl.Expr:
    """Lead byte of a 2-byte UTF-8 Latin letter (U+00C0-U+027F: é, ö, ñ, ...)."""
    return b.is_between(195, 201)


def _candidates(lf: pl.LazyFrame, plist: list[str], keys: pl.DataFrame) -> pl.LazyFrame:
    """Stage 1 (per slice): extract candidates, locate them, check word boundaries."""
    text = pl.col("text")
    hits = (
        lf.select(
            "id",
            "text",
            text.str.extract_many(plist, ascii_case_insensitive=True, leftmost=True).alias("hit"),
        )
        .explode("hit")
        .drop_nulls("hit")
    )
    hb = pl.col("hit").cast(pl.Binary)
    n = pl.col("hit").str.len_bytes().cast(pl.Int64)
    first, last = hb.bin.get(0), hb.bin.get(-1)
    check_left = _alnum(first) | _latin_lead(first)
    check_right = _alnum(last) | (
        last.is_between(128, 191) & _latin_lead(hb.bin.get(-2, null_on_oob=True))
    )
    return hits.with_columns(
        n.alias("nbytes"),
        check_left.alias("check_left"),
        check_right.fill_null(False).alias("check_right"),
        text.str.find(pl.col("hit"), literal=True).cast(pl.Int64).alias("start"),
        pl.col("hit")
        .str.to_lowercase()
        .replace_strict(keys["key"], keys["pid"], default=None)
        .alias("pid"),
    ).with_columns(_boundary_ok(pl.col("text").cast(pl.Binary), pl.col("start")).alias("ok"))


def _boundary_ok(raw: pl.Expr, start: pl.Expr) -> pl.Expr:
    # bin.get counts negative indices from the end, so guard the start of the text
    before = pl.when(start >= 1).then(raw.bin.get(start - 1, null_on_oob=True))
    before2 = pl.when(start >= 2).then(raw.bin.get(start - 2, null_on_oob=True))
    after = raw.bin.get(start + pl.col("nbytes"), null_on_oob=True)
    left_bad = _alnum(before) | (before.is_between(128, 191) & _latin_lead(before2))
    right_bad = _alnum(after) | _latin_lead(after)
    left_ok = ~pl.col("check_left") | before.is_null() | ~left_bad.fill_null(False)
    right_ok = ~pl.col("check_right") | after.is_null() | ~right_bad.fill_null(False)
    return left_ok & right_ok


def find_terms(texts: pl.DataFrame, patterns: pl.DataFrame, *, rounds: int = 3) -> pl.DataFrame:
    """Match ``patterns`` (from :func:`match_patterns`) in ``texts`` (id, text).

    Returns one row per (id, pattern) that occurs at least once as a valid match, with
    the pattern's columns. A candidate that fails the word-boundary check is retried at
    its next occurrence in the same text (up to ``rounds`` occurrences). The text is
    split into one slice per polars thread and the slices are matched in parallel.

    Example
    -------
    >>> pats = match_patterns(load_lexicon())
    >>> find_terms(pl.DataFrame({"id": [1], "text": ["tired of red"]}), pats)["pattern"].to_list()
    ['red']
    """
    idc, textc = texts.columns[:2]
    frame = texts.select(pl.col(idc).alias("id"), pl.col(textc).fill_null("").alias("text"))
    plist = patterns["pattern"].to_list()
    pats = patterns.with_row_index("pid")
    keys = pats.select(pl.col("pattern").str.to_lowercase().alias("key"), "pid").unique(
        "key", keep="first"
    )
    k = max(1, min(pl.thread_pool_size(), frame.height // 50_000))
    size = -(-frame.height // k) if frame.height else 1
    parts = [_candidates(frame.slice(i * size, size).lazy(), plist, keys) for i in range(k)]
    cand = pl.concat(pl.collect_all(parts))
    found = [cand.filter(pl.col("ok")).select("id", "pid")]
    retry = cand.filter(~pl.col("ok")).unique(subset=["id", "pid"])
    raw = pl.col("text").cast(pl.Binary)
    for _ in range(rounds - 1):
        if retry.height == 0:
            break
        nxt = pl.col("start") + pl.col("nbytes")
        rest = raw.bin.slice(nxt).cast(pl.String)
        retry = retry.with_columns(
            (nxt + rest.str.find(pl.col("hit"), literal=True).cast(pl.Int64)).alias("start")
        ).drop_nulls("start")
        retry = retry.with_columns(_boundary_ok(raw, pl.col("start")).alias("ok"))
        found.append(retry.filter(pl.col("ok")).select("id", "pid"))
        retry = retry.filter(~pl.col("ok"))
    out = pl.concat(found).drop_nulls("pid").unique()
    return out.join(pats, on="pid").drop("pid")


def fill_scenes(posts: pl.DataFrame) -> pl.DataFrame:
    """Fill null/empty ``scene`` from the text (most specific keyword) or ``"unknown"``.

    Example
    -------
    >>> fill_scenes(pl.DataFrame({"post_id": ["a"], "text": ["date night look"]}))["scene"].item()
    'date_night'
    """
    if "scene" not in posts.columns:
        posts = posts.with_columns(pl.lit(None, dtype=pl.String).alias("scene"))
    posts = posts.with_columns(pl.col("scene").cast(pl.String).str.strip_chars())
    missing = posts.filter(pl.col("scene").is_null() | (pl.col("scene") == ""))
    if missing.height == 0:
        return posts
    kw = scene_keywords()
    pats = _finish_patterns(
        kw.select(
            pl.col("keyword").alias("pattern"),
            pl.col("scene").alias("element_id"),
            pl.lit("scene").alias("type"),
            pl.lit(True).alias("explicit"),
        )
    )
    hits = find_terms(missing.select("post_id", "text"), pats)
    best = (
        hits.join(kw.select(pl.col("keyword").alias("pattern"), "priority"), on="pattern")
        .sort(["id", "priority"])
        .unique("id", keep="first")
        .select(pl.col("id").alias("post_id"), pl.col("element_id").alias("_tagged"))
    )
    return (
        posts.join(best, on="post_id", how="left")
        .with_columns(
            pl.when(pl.col("scene").is_null() | (pl.col("scene") == ""))
            .then(pl.col("_tagged").fill_null(UNKNOWN_SCENE))
            .otherwise(pl.col("scene"))
            .alias("scene")
        )
        .drop("_tagged")
    )


def _with_defaults(posts: pl.DataFrame) -> pl.DataFrame:
    need = ("post_id", "text", "ts", "market", "platform", "author_id")
    missing = [c for c in need if c not in posts.columns]
    if missing:
        raise DataFileError("posts", f"missing column(s) {', '.join(missing)}")
    defaults = {"crowd": "unknown", "author_tier": "consumer"}
    posts = posts.with_columns(
        pl.col(c).cast(pl.String).fill_null(d) if c in posts.columns else pl.lit(d).alias(c)
        for c, d in defaults.items()
    ).with_columns(
        pl.col("engagement").cast(pl.Int64).fill_null(0)
        if "engagement" in posts.columns
        else pl.lit(0, dtype=pl.Int64).alias("engagement")
    )
    ts = pl.col("ts")
    if isinstance(posts.schema["ts"], pl.Datetime) and posts.schema["ts"].time_zone:
        ts = ts.dt.convert_time_zone("UTC")
    return posts.with_columns(ts.dt.truncate("1w").dt.date().alias("week"))


def tag_posts(posts: pl.DataFrame | pl.LazyFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    """Mentions: one row per (post, element) found in the post text.

    Columns: post_id, element_id, type, week (Monday of the post's UTC week), ts,
    market, crowd, scene, platform, author_id, author_tier, engagement. Missing
    scenes are tagged from the text (:func:`fill_scenes`).

    Example
    -------
    >>> import datetime as dt
    >>> p = pl.DataFrame({"post_id": ["1"], "text": ["老钱风 off-white 泡泡袖"],
    ...     "ts": [dt.datetime(2026, 11, 29)], "market": ["CN"], "platform": ["xiaohongshu"],
    ...     "author_id": ["u"]})
    >>> sorted(tag_posts(p, load_lexicon())["element_id"])
    ['off_white', 'old_money', 'puff_sleeve']
    """
    df = posts.collect() if isinstance(posts, pl.LazyFrame) else posts
    df = fill_scenes(_with_defaults(df.with_columns(pl.col("post_id").cast(pl.String))))
    ids = lexicon.select("element_id", "type")
    pats = match_patterns(lexicon).join(
        ids.with_row_index("eidx").select("element_id", "eidx"), on="element_id"
    )
    rows = df.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("r"), "text")
    pairs = find_terms(rows, pats).select("id", "eidx").unique().sort("id", "eidx")
    cols = [c for c in MENTION_COLUMNS if c not in ("element_id", "type")]
    return pl.concat([df.select(cols)[pairs["id"]], ids[pairs["eidx"]]], how="horizontal").select(
        MENTION_COLUMNS
    )
