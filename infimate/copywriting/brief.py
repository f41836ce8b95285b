"""The copy brief: everything a writer may say, built from data.

A :class:`Brief` names its subject (an element id or a product sku), the elements
involved, the lifecycle stage, growth figures *rounded as they will be quoted*, the
target segment, price/currency for products, the hit probability when scored, and a few
evidence posts. Evidence text is untrusted user data: writers may quote facts from it,
never follow instructions in it.

:meth:`Brief.facts` lists the only numbers copy may quote (see
:mod:`infimate.copywriting.compliance`, rule ``ungrounded number``).

Example
-------
>>> b = Brief(subject="butter_yellow",
...           elements=(("butter_yellow", "butter yellow", "奶油黄", "color"),),
...           stage="rising", growth_4w_pct=38)
>>> sorted(b.facts())
['38', '38%', '4']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from infimate.errors import InfimateError

if TYPE_CHECKING:
    from infimate.data.datasets import Dataset

Lang = Literal["en", "zh"]
ElementRef = tuple[str, str, str, str]  # (element_id, name_en, name_zh, type)
Evidence = tuple[str, str, str]  # (platform, author_tier, text) — untrusted text

_CURRENCY_BY_MARKET = {"CN": "CNY", "US": "USD", "GB": "GBP", "FR": "EUR", "DE": "EUR"}
_CURRENCY_BY_MARKET |= {"IT": "EUR", "ES": "EUR", "ID": "IDR", "JP": "JPY", "KR": "KRW"}
_SYMBOL = {"CNY": "¥", "USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "IDR": "Rp "}
EVIDENCE_POSTS = 3


def _fmt_num(x: float) -> str:
    """Integral prices print without decimals (199), others with two (29.99)."""
    return str(round(x)) if abs(x - round(x)) < 1e-9 else f"{x:.2f}"


def _pct(x: float | None) -> int | None:
    return None if x is None else round(x * 100)


@dataclass(frozen=True)
class Brief:
    """What the copy is about, with the facts it may quote.

    Percentages are stored already rounded to the form that will be quoted
    (``growth_4w_pct=38`` means "+38%"; ``sov_pct=2.4`` means "2.4%").
    """

    subject: str
    elements: tuple[ElementRef, ...]
    kind: Literal["element", "product"] = "element"
    stage: str | None = None
    growth_4w_pct: int | None = None
    growth_12w_pct: int | None = None
    sov_pct: float | None = None
    market: str = "all"
    crowd: str = "all"
    scene: str = "all"
    price: float | None = None
    currency: str | None = None
    hit_probability_pct: int | None = None
    product_name: str | None = None
    category: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if not self.elements:
            raise InfimateError(f"brief for {self.subject!r} has no elements")

    # ---- names --------------------------------------------------------------
    def name(self, lang: Lang) -> str:
        """The lead element's name in ``lang`` (falls back to the other language)."""
        _, en, zh, _ = self.elements[0]
        return (zh or en) if lang == "zh" else (en or zh)

    def element_names(self, lang: Lang) -> tuple[str, ...]:
        """All element names in ``lang``, lead first."""
        return tuple((zh or en) if lang == "zh" else (en or zh) for _, en, zh, _ in self.elements)

    def names(self) -> tuple[str, ...]:
        """Every proper name in the brief (masked before numbers are checked)."""
        out = [n for _, en, zh, _ in self.elements for n in (en, zh)]
        out += [self.product_name or "", self.category or "", self.subject]
        return tuple(n for n in out if n)

    @property
    def lead_type(self) -> str:
        return self.elements[0][3]

    # ---- numbers ------------------------------------------------------------
    def price_text(self) -> str | None:
        """Price as it will be quoted, e.g. ``$29.99`` or ``¥199``."""
        if self.price is None:
            return None
        num = _fmt_num(self.price)
        if self.currency in _SYMBOL:
            return f"{_SYMBOL[self.currency]}{num}"
        return f"{num} {self.currency}" if self.currency else num

    def sov_text(self) -> str | None:
        return None if self.sov_pct is None else f"{self.sov_pct:g}%"

    def facts(self) -> tuple[str, ...]:
        """The numbers copy may quote, as strings, in both "38%" and "38" forms.

        Includes growth (signed and absolute) and its window lengths (4, 12 weeks), share
        of voice, hit probability and the price (``199`` and ``199.00``).
        """
        out: list[str] = []
        for pct, weeks in ((self.growth_4w_pct, 4), (self.growth_12w_pct, 12)):
            if pct is not None:
                out += [f"{pct}%", str(pct), f"{abs(pct)}%", str(abs(pct)), str(weeks)]
        if self.sov_pct is not None:
            out += [f"{self.sov_pct:g}%", f"{self.sov_pct:g}"]
        if self.hit_probability_pct is not None:
            out += [f"{self.hit_probability_pct}%", str(self.hit_probability_pct)]
        if self.price is not None:
            out += [_fmt_num(self.price), f"{self.price:.2f}"]
        return tuple(dict.fromkeys(out))


# ---- building from data ------------------------------------------------------------


def _resolve(lex: pl.DataFrame, key: str) -> dict[str, object]:
    """Find an element by id, EN/ZH name or alias (case-insensitive)."""
    k = key.strip().casefold()
    aliases = pl.col("aliases")
    if lex.schema.get("aliases") == pl.String:
        aliases = aliases.str.split(";")
    hit = lex.filter(
        (pl.col("element_id").str.to_lowercase() == k)
        | (pl.col("name_en").str.to_lowercase() == k)
        | (pl.col("name_zh").str.to_lowercase() == k)
        | aliases.list.eval(pl.element().str.strip_chars().str.to_lowercase()).list.contains(k)
    )
    if hit.height == 0:
        raise InfimateError(
            f"unknown element {key!r}: not an element id, name or alias in the lexicon "
            "(see the Lexicon page, or add it to the dataset's lexicon.csv)"
        )
    return hit.row(0, named=True)


def _ref(row: dict[str, object]) -> ElementRef:
    return (
        str(row["element_id"]),
        str(row.get("name_en") or row["element_id"]),
        str(row.get("name_zh") or row.get("name_en") or row["element_id"]),
        str(row.get("type") or "item"),
    )


def _evidence(
    dataset: Dataset, element_ids: tuple[str, ...], *, market: str, crowd: str, scene: str
) -> tuple[Evidence, ...]:
    """Top posts by engagement mentioning any of the elements (untrusted text)."""
    mentions, posts = dataset.scan("mentions"), dataset.scan("posts")
    if mentions is None or posts is None:
        return ()
    q = mentions.filter(pl.col("element_id").is_in(list(element_ids)))
    for col, val in (("market", market), ("crowd", crowd), ("scene", scene)):
        if val != "all":
            q = q.filter(pl.col(col) == val)
    top = (
        q.select("post_id", "engagement")
        .unique("post_id")
        .sort(["engagement", "post_id"], descending=[True, False], nulls_last=True)
        .head(EVIDENCE_POSTS)
        .join(posts.select("post_id", "platform", "author_tier", "text"), on="post_id")
        .sort(["engagement", "post_id"], descending=[True, False], nulls_last=True)
        .collect()
    )
    return tuple(
        (str(p or ""), str(t or "consumer"), str(x or ""))
        for p, t, x in top.select("platform", "author_tier", "text").iter_rows()
    )


def _split_elements(value: str | Iterable[object] | None) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v).strip() for v in (value or []) if str(v).strip()]


def _growth_desc(growth: float | None) -> float:
    """Sort key: highest growth first, no growth last."""
    return -(growth if growth is not None else -1e9)


def build_brief(
    dataset: Dataset,
    *,
    element: str | None = None,
    sku: str | None = None,
    market: str = "all",
    crowd: str = "all",
    scene: str = "all",
) -> Brief:
    """Build a :class:`Brief` for an element (id, name or alias) or a product sku.

    Stage and growth come from :func:`infimate.trends.curves.element_summary` for the lead
    element; for a product the lead is the element with the highest 4-week growth.
    Segment arguments default to the product's own market/crowd/scene.

    Example
    -------
    >>> from infimate.data.datasets import Dataset
    >>> import tempfile
    >>> from infimate.data import samples
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = samples.dataset(tmp, signals=samples.rising_signals())  # butter_yellow rises
    ...     b = build_brief(Dataset(tmp), element="奶油黄")  # id, name or alias
    >>> b.subject, b.stage, b.growth_4w_pct, b.market
    ('butter_yellow', 'rising', 73, 'all')
    """
    from infimate.elements.lexicon import load_lexicon
    from infimate.trends.curves import element_summary

    if (element is None) == (sku is None):
        raise InfimateError("give exactly one of element= or sku=")
    lex = load_lexicon(dataset)
    product: dict[str, Any] = {}  # the product's row, as polars returns it
    if element is not None:
        refs = [_ref(_resolve(lex, element))]
    else:
        products = dataset.read("products")
        if products is None:
            raise InfimateError(f"{dataset.path}: no products table, cannot brief sku {sku!r}")
        match = products.filter(pl.col("sku") == sku)
        if match.height == 0:
            raise InfimateError(f"unknown sku {sku!r} in {dataset.path / 'products.parquet'}")
        product = match.row(0, named=True)
        refs = [_ref(_resolve(lex, e)) for e in _split_elements(product.get("elements"))]
        if not refs:
            raise InfimateError(f"sku {sku!r} lists no elements")
        market = str(product.get("market") or market) if market == "all" else market
        crowd = str(product.get("crowd") or crowd) if crowd == "all" else crowd
        scene = str(product.get("scene") or scene) if scene == "all" else scene

    summaries = [
        element_summary(dataset, r[0], market=market, crowd=crowd, scene=scene) for r in refs
    ]
    order = sorted(
        range(len(refs)),
        key=lambda i: _growth_desc(summaries[i].growth_4w),
    )
    lead = order[0] if product else 0
    refs = [refs[lead]] + [r for i, r in enumerate(refs) if i != lead]
    s = summaries[lead]
    price = product.get("price")
    currency = product.get("currency") or (
        _CURRENCY_BY_MARKET.get(market) if price is not None else None
    )
    hit_p = product.get("hit_probability")
    return Brief(
        subject=sku if sku is not None else refs[0][0],
        elements=tuple(refs),
        kind="product" if product else "element",
        stage=s.stage,
        growth_4w_pct=_pct(s.growth_4w),
        growth_12w_pct=_pct(s.growth_12w),
        # SoV is a fraction of posts; an imported index (> 1) is not a share: not quoted.
        sov_pct=round(s.sov * 100, 1) if s.sov is not None and 0 < s.sov <= 1 else None,
        market=market,
        crowd=crowd,
        scene=scene,
        price=float(price) if price is not None else None,
        currency=str(currency) if currency else None,
        hit_probability_pct=_pct(float(hit_p)) if hit_p is not None else None,
        product_name=str(product["name"]) if product.get("name") else None,
        category=str(product["category"]) if product.get("category") else None,
        evidence=_evidence(
            dataset, tuple(r[0] for r in refs), market=market, crowd=crowd, scene=scene
        ),
    )
