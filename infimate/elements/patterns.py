"""Lexicon -> match patterns: every surface form an element is written with.

:func:`surface_forms` lists each element's names and aliases (EN and 中文);
:func:`match_patterns` adds the generated spelling variants (plurals of countable types,
hyphen/space/joined forms, folded accents) and :func:`finish_patterns` normalises them
into the frame :func:`infimate.elements.matching.compile_patterns` reads.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import polars as pl

from infimate.elements.lexicon import CJK_REGEX, is_cjk, normalize_term


def surface_forms(lex: pl.DataFrame) -> pl.DataFrame:
    """One row per normalised name/alias: form, element_id, type, is_cjk.

    Example
    -------
    >>> from infimate.elements.lexicon import builtin_lexicon
    >>> sf = surface_forms(builtin_lexicon())
    >>> sf.filter(pl.col("form") == "puff sleeves")["element_id"].item()
    'puff_sleeve'
    """
    long = (
        lex.select(
            "element_id",
            "type",
            pl.concat_list("name_en", "name_zh", "aliases").alias("raw"),
        )
        .explode("raw")
        .drop_nulls("raw")
    )
    forms = [normalize_term(s) for s in long["raw"].to_list()]
    return (
        long.with_columns(pl.Series("form", forms, dtype=pl.String))
        .filter(pl.col("form") != "")
        .with_columns(pl.col("form").str.contains(CJK_REGEX).alias("is_cjk"))
        .select("form", "element_id", "type", "is_cjk")
        .unique(subset=["form", "element_id"], keep="first", maintain_order=True)
    )


PLURAL_TYPES = frozenset(
    {"pattern", "print", "silhouette", "detail", "fabric", "item", "accessory"}
)


_NO_GENERATED = frozenset({"totes", "overall", "pant", "short"})


_SEP = re.compile(r"[\s\-_.'’]+")


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
    elif plural and (not last.endswith("s") or last.endswith("ss")):
        forms.append([*tokens[:-1], _plural(last)])
    out: list[str] = []
    for toks in forms:
        gaps = len(toks) - 1
        combos = itertools.product(" -", repeat=gaps) if gaps <= 3 else [" " * gaps, "-" * gaps]
        for seps in combos:
            out.append(toks[0] + "".join(sep + t for sep, t in zip(seps, toks[1:], strict=True)))
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
    >>> from infimate.elements.lexicon import builtin_lexicon
    >>> pats = match_patterns(builtin_lexicon())
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
    return finish_patterns(df)


def finish_patterns(df: pl.DataFrame) -> pl.DataFrame:
    """Keep explicit over generated spellings; drop spellings claimed by two elements.

    The matcher reads a hyphen as a space, so "a-b" and "a b" count as one spelling.
    """
    best = df.group_by("pattern").agg(pl.col("explicit").max().alias("best"))
    df = df.join(best, on="pattern").filter(pl.col("explicit") == pl.col("best")).drop("best")
    spelling = pl.col("pattern").str.replace_all("-", " ", literal=True).alias("spelling")
    owners = df.group_by(spelling).agg(pl.col("element_id").n_unique().alias("n"))
    df = (
        df.with_columns(spelling)
        .join(owners.filter(pl.col("n") == 1), on="spelling", how="semi")
        .drop("spelling")
    )
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
