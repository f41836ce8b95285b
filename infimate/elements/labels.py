"""How catalogue tags agree with a shop's own labels (article type, base colour).

A shop label maps to the lexicon by name or alias, ignoring case, spaces, hyphens,
apostrophes and a plural ``-s`` ("Tshirts" → T-shirt, "Flip Flops" → flip flops). A
predicted item is right when it, or one of its ancestors through ``parent``, is the mapped
element (a "sneakers" prediction is right for "Casual Shoes" when sneakers sit under casual
shoes). Colours are compared by **family**: the root of a colour's ``parent`` chain (navy →
blue, grey melange → grey).

Example
-------
>>> from infimate.elements.lexicon import builtin_lexicon
>>> lex = builtin_lexicon()
>>> label_key("T-Shirts"), label_index(lex)["tshirt"]
('tshirt', 't_shirt')
>>> colour_family(lex)["navy"]
'blue'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

_DROP = re.compile(r"[\s\-_'’.]+")


def label_key(text: str) -> str:
    """A label or name for comparison: lower case, no spaces/hyphens/apostrophes, no final s."""
    k = _DROP.sub("", text.strip().lower())
    return k[:-1] if len(k) > 3 and k.endswith("s") else k


def label_index(lexicon: pl.DataFrame, types: tuple[str, ...] | None = None) -> dict[str, str]:
    """label key → element id over names and aliases (of ``types`` only, when given)."""
    lex = lexicon if types is None else lexicon.filter(pl.col("type").is_in(types))
    out: dict[str, str] = {}
    for eid, en, zh, aliases in lex.select("element_id", "name_en", "name_zh", "aliases").rows():
        for form in (en, zh, *(aliases or [])):
            if form:
                out.setdefault(label_key(form), eid)
    return out


def ancestors(lexicon: pl.DataFrame) -> dict[str, tuple[str, ...]]:
    """element → itself and its ancestors through ``parent`` (cycles cut)."""
    parent = dict(lexicon.select("element_id", "parent").rows())
    out = {}
    for eid in parent:
        chain, cur = [eid], parent.get(eid)
        while cur and cur not in chain:
            chain.append(cur)
            cur = parent.get(cur)
        out[eid] = tuple(chain)
    return out


def colour_family(lexicon: pl.DataFrame) -> dict[str, str]:
    """colour element → its family: the last colour of its ancestor chain."""
    colours = set(lexicon.filter(pl.col("type") == "color")["element_id"].to_list())
    return {
        e: [a for a in chain if a in colours][-1]
        for e, chain in ancestors(lexicon).items()
        if e in colours
    }


@dataclass(frozen=True)
class Agreement:
    """How tags agree with shop labels (shares in 0…1; None when nothing to compare).

    ``item_right`` and ``item_less_specific`` are shares of the products with both an item
    and a mapped label: the item is the label or sits under it; the item is an ancestor
    of the label (a true but broader reading, e.g. "shoes" for "Casual Shoes").
    """

    products: int
    label_coverage: float | None
    item_assigned: float | None
    item_right: float | None
    item_less_specific: float | None
    colour_named: int
    colour_family_match: float | None
    unmapped_labels: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, object]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["unmapped_labels"] = [list(x) for x in self.unmapped_labels]
        return d


def _share(ok: pl.Series) -> float | None:
    return round(float(ok.mean()), 4) if ok.len() else None  # type: ignore[arg-type]


def agreement(
    tags: pl.DataFrame,
    lexicon: pl.DataFrame,
    *,
    item_labels: pl.Series | None = None,
    colour_labels: pl.Series | None = None,
) -> Agreement:
    """Agreement of :func:`~infimate.elements.catalogue.tag_catalogue` output with labels
    given row by row (``item_labels`` such as "Tshirts", ``colour_labels`` such as "Navy Blue")."""
    n = tags.height
    coverage = assigned = right = broader = fam = None
    unmapped: tuple[tuple[str, int], ...] = ()
    named = 0
    if item_labels is not None:
        idx = label_index(lexicon)
        up = ancestors(lexicon)
        mapped = [idx.get(label_key(x or "")) for x in item_labels.to_list()]
        ok = pl.Series([m is not None for m in mapped])
        coverage = _share(ok)
        items = tags["item"].to_list()
        assigned = _share(pl.Series([i is not None for i in items]))
        pairs = [(i, m) for i, m in zip(items, mapped, strict=True) if i and m]
        right = _share(pl.Series([m in up.get(i, ()) for i, m in pairs], dtype=pl.Boolean))
        # right, but less specific than the label: "shoes" for "Casual Shoes"
        less = [i != m and i in up.get(m, ()) for i, m in pairs]
        broader = _share(pl.Series(less, dtype=pl.Boolean))
        miss = pl.DataFrame({"label": item_labels, "ok": ok}).filter(~pl.col("ok"))
        counts = miss.group_by("label").len().sort("len", descending=True)
        unmapped = tuple((str(a), int(b)) for a, b in counts.rows())
    if colour_labels is not None:
        cidx = label_index(lexicon, ("color",))
        family = colour_family(lexicon)
        colours = [
            (c[0], cidx.get(label_key(lab or "")))
            for c, lab in zip(tags["colours"].to_list(), colour_labels.to_list(), strict=True)
            if c
        ]
        named = len(colours)
        same = [family.get(p) == family.get(q) for p, q in colours if q]
        fam = _share(pl.Series(same, dtype=pl.Boolean))
    return Agreement(n, coverage, assigned, right, broader, named, fam, unmapped)
