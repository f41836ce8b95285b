"""Offline copy: a seeded template grammar over native EN/ZH phrase banks.

No network, deterministic for a seed. Each slot (hook, why, sensory, styling, value,
cta, signoff) has several alternatives per voice and language; a seeded RNG orders
them and the first one whose placeholders are all available in the brief *and* which
passes :func:`~.compliance.check` (red lines and grounding) is used. Placeholders are
filled only from brief facts, so the writer never invents a number, and every format
contains the lead element's name in the target language.

Example
-------
>>> from infimate.copywriting.brief import Brief
>>> b = Brief(subject="puff_sleeve", elements=(("puff_sleeve", "puff sleeves", "泡泡袖", "detail"),),
...           growth_4w_pct=24)
>>> text = OfflineWriter(seed=3).render(b, "top-streamer", "hook", "zh")
>>> "泡泡袖" in text and len(text.splitlines()) <= 3
True
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from infimate.copywriting import phrases_en, phrases_zh
from infimate.copywriting.compliance import check
from infimate.copywriting.writer import CopyStream, Format, Lang, Outcome, Voice, validate

if TYPE_CHECKING:
    from infimate.copywriting.brief import Brief

_FIELDS = string.Formatter()
_EMPTY = ("", "all", "unknown", "none")
_FACT_FIELDS = frozenset({"g4", "g12", "sov", "hit", "price"})


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _label(value: str, table: Mapping[str, str]) -> str | None:
    """Known segment label, or the raw value de-slugged (never with digits)."""
    if value.strip().lower() in _EMPTY:
        return None
    out = table.get(value) or value.replace("_", " ").strip()
    return None if re.search(r"\d", out) else out


def context(brief: Brief, lang: Lang) -> dict[str, str]:
    """The placeholder values available for this brief in ``lang`` (facts only)."""
    bank = phrases_zh if lang == "zh" else phrases_en
    names = brief.element_names(lang)
    title = str.title if lang == "en" else str
    ctx: dict[str, str] = {"name": names[0], "Name": _cap(names[0]), "Title": title(names[0])}
    if len(names) > 1:
        ctx |= {"other": names[1], "Other": title(names[1])}
    if brief.growth_4w_pct is not None and brief.growth_4w_pct > 0:
        ctx["g4"] = f"{brief.growth_4w_pct}%"
    if brief.growth_12w_pct is not None and brief.growth_12w_pct > 0:
        ctx["g12"] = f"{brief.growth_12w_pct}%"
    if brief.sov_pct is not None and brief.sov_pct > 0:
        ctx["sov"] = brief.sov_text() or ""
    if brief.hit_probability_pct is not None:
        ctx["hit"] = f"{brief.hit_probability_pct}%"
    if (price := brief.price_text()) is not None:
        ctx["price"] = price
    if brief.stage in bank.STAGE:
        ctx["stage"], ctx["stage_plain"] = bank.STAGE[brief.stage]
    if (crowd := _label(brief.crowd, bank.CROWD)) is not None:
        ctx["crowd"] = crowd
    if (scene := _label(brief.scene, bank.SCENE)) is not None:
        ctx |= {"scene": scene, "Scene": title(scene)}
    if brief.evidence and (platform := bank.PLATFORM.get(brief.evidence[0][0])):
        ctx["platform"] = platform
    ctx["kind"] = bank.KIND.get(brief.lead_type, bank.KIND["item"])
    category = (brief.category or "").strip()
    if lang == "zh":
        ctx["item"] = phrases_zh.CATEGORY.get(category.lower(), "") or bank.ITEM.get(
            brief.lead_type, ""
        )
    else:
        ctx["item"] = category.title() or bank.ITEM.get(brief.lead_type, "Edit")
    if brief.product_name and not check(brief.product_name, lang):
        ctx["product"] = brief.product_name
    return ctx


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in _FIELDS.parse(template) if f}


@dataclass(frozen=True)
class _Grammar:
    brief: Brief
    lang: Lang
    ctx: Mapping[str, str]
    rng: random.Random

    def pick(self, templates: tuple[str, ...], used: set[str]) -> str | None:
        """First compliant rendering, in seeded order, of an unused template."""
        order = self.rng.sample(range(len(templates)), len(templates))
        # Templates quoting a fact (growth, share, price, hit probability) go first.
        order.sort(key=lambda i: not (_fields(templates[i]) & _FACT_FIELDS))
        for i in order:
            t = templates[i]
            if t in used or not _fields(t) <= self.ctx.keys():
                continue
            text = t.format_map(self.ctx)
            if not check(text, self.lang, brief=self.brief):
                used.add(t)
                return text
        return None


def _slots(voice: Voice, lang: Lang) -> Mapping[str, Any]:
    bank: Mapping[str, Mapping[str, Any]] = phrases_zh.BANK if lang == "zh" else phrases_en.BANK
    return bank[voice]


def compose(brief: Brief, voice: Voice, fmt: Format, lang: Lang, *, seed: int = 0) -> str:
    """Render the copy (the whole text). See :class:`OfflineWriter`."""
    validate(voice, fmt, lang)
    bank = phrases_zh if lang == "zh" else phrases_en
    slots = _slots(voice, lang)
    rng = random.Random(f"{seed}|{brief.subject}|{voice}|{fmt}|{lang}")
    g = _Grammar(brief, lang, context(brief, lang), rng)
    used: set[str] = set()

    def say(*names: str) -> str:
        for n in names:
            if (text := g.pick(slots[n], used)) is not None:
                return text
        return ""

    sep = "" if lang == "zh" else " "
    if fmt == "live-script":
        labels = [lbl for _, lbl in bank.BEATS]
        if voice == "editorial" and lang == "zh":
            labels[-1] = "行动"
        beats = (
            say("hook"),
            sep.join(filter(None, (say("why"), say("why")))),
            say("sensory"),
            sep.join(filter(None, (say("styling"), say("styling")))),
            say("value"),
            sep.join(filter(None, (say("cta"), say("signoff")))),
        )
        colon = "｜" if lang == "zh" else ": "
        lines = [
            f"{code} {lbl}{colon}{text}"
            for (code, _), lbl, text in zip(bank.BEATS, labels, beats, strict=True)
        ]
    elif fmt == "hook":
        last = ("styling", "cta") if voice == "editorial" else ("cta",)
        lines = [say("hook"), say("why"), say(*last)]
    elif fmt == "title-bullets":
        title = g.pick(bank.TITLES, used) or g.ctx["Name"]
        bullets = (
            say("why"),
            say("sensory"),
            say("styling"),
            say("styling", "sensory"),
            say("value"),
        )
        lines = [re.sub(r"\s{2,}", " ", title).strip()]
        lines += [
            f"• {lbl}{'' if lang == 'zh' else ': '}{b}"
            for lbl, b in zip(bank.BULLET_LABELS, bullets, strict=True)
        ]
    else:  # caption
        body = [say("hook"), say("why"), say("sensory", "styling"), say("cta")]
        names = brief.element_names(lang)[:2]
        if lang == "zh":
            tags = [f"#{n}" for n in names] + [f"#{names[0]}穿搭"]
        else:
            tags = ["#" + re.sub(r"\W", "", _cap(n).title()) for n in names]
        tags += list(bank.HASHTAGS[voice])
        lines = [("\n" if lang == "zh" else " ").join(filter(None, body)), "", " ".join(tags)]
    text = "\n".join(lines)
    if g.ctx["name"].casefold() not in text.casefold():
        text = f"{g.ctx['name']}\n{text}"
    return text


def _chunks(text: str, lang: Lang) -> Iterator[str]:
    """Split text into streaming-sized pieces that concatenate back exactly."""
    pattern = r"[^\n]{1,6}\n?|\n" if lang == "zh" else r"\S+\s*|\s+"
    yield from re.findall(pattern, text)


@dataclass(frozen=True)
class OfflineWriter:
    """Deterministic template writer (the default, and every fallback's target).

    Parameters
    ----------
    seed
        Same seed + same brief/voice/format/language → same text.
    """

    seed: int = 0
    name: str = "offline"

    def render(
        self,
        brief: Brief,
        voice: Voice = "top-streamer",
        fmt: Format = "live-script",
        lang: Lang = "en",
    ) -> str:
        """The whole copy as one string."""
        return compose(brief, voice, fmt, lang, seed=self.seed)

    def stream(
        self,
        brief: Brief,
        voice: Voice = "top-streamer",
        fmt: Format = "live-script",
        lang: Lang = "en",
    ) -> CopyStream:
        """Stream the copy in small pieces; the outcome is ``provider="offline"``."""
        text = self.render(brief, voice, fmt, lang)

        def items() -> Iterator[str | Outcome]:
            yield from _chunks(text, lang)
            yield Outcome(provider="offline")

        return CopyStream(items())
