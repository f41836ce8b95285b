"""Data values and rule texts in the UI language, from the string catalogue.

Stored values (``women_35_plus``, ``office``, ``tiktok``, ``rising``, ``new rise``,
``Black Friday``) are shown through :func:`value`: the catalogue's ``v_<column>_<value>``
entry when there is one, else the value as people read it (``pretty`` in English, the
value itself in 中文 — a value we have never seen is user data, not our text).

The rules' plain-language descriptions (``StageRule.describe()`` and friends) are
catalogue templates filled with the rule objects' own numbers (``rule_stage`` …); the
English template filled is exactly the library's text (``tests/ui/test_strings.py``), so
the two cannot drift apart.

Example
-------
>>> value("crowd", "women_35_plus", "zh"), value("crowd", "women_35_plus", "en")
('35岁以上女性', 'Women 35+')
>>> value("crowd", "cat_people", "zh"), value("market", "US", "zh")
('cat_people', '美国')
>>> stage_rule("en") == STAGE_RULE.describe()
True
"""

from __future__ import annotations

import re
from typing import Any

from infimate.data.countries import market_name
from infimate.data.schema import SEGMENT_COLS
from infimate.trends.curves import Segment
from infimate.trends.stages import STAGE_RULE
from infimate.ui.labels import Lang, current_lang, label

_SLUG = re.compile(r"[^0-9a-z]+")
_NOTE = re.compile(r"\s*\([^)]*[^\x00-\x7f][^)]*\)$")  # a trailing note in 中文


def value_key(column: str, v: str) -> str:
    """Catalogue key of a stored value: ``v_<column>_<slug>``.

    >>> value_key("event", "Double 11 (双11)")
    'v_event_double_11'
    """
    v = _NOTE.sub("", str(v))  # "Double 11 (双11)": the English part names it
    return f"v_{column}_{_SLUG.sub('_', v.lower()).strip('_')}"


def pretty(v: str) -> str:
    """A stored value as a word: ``women_35_plus`` → "Women 35+", ``US`` stays ``US``."""
    if v == "all" or not v or v.isupper():
        return v
    text = v.replace("_plus", "+").replace("_", " ")
    return text[:1].upper() + text[1:]


def value(column: str, v: Any, lang: Lang | None = None) -> str:
    """``v`` (a value of ``column``) in the UI language (module docstring)."""
    lang = lang or current_lang()
    if v is None:
        return "—"
    v = str(v)
    if v == "all":
        return label("v_all", lang)
    if column == "market" and lang == "zh":  # country names: one table (data/countries.csv)
        return market_name(v, "zh")
    key = value_key(column, v)
    text = label(key, lang)
    if text != key:
        return text
    return pretty(v) if lang == "en" and column in (*SEGMENT_COLS, "crowd", "scene") else v


def values(column: str, lang: Lang | None = None):
    """A ``format_func`` for a picker of ``column`` values (in the language of now: the
    function may be called later, outside the script run)."""
    fixed = lang or current_lang()
    return lambda v: value(column, v, fixed)


def segment_label(seg: Segment, lang: Lang | None = None) -> str:
    """The segment in words: "Market: US, Crowd: Gen Z" (all values: "all")."""
    lang = lang or current_lang()
    sep = "，" if lang == "zh" else ", "
    colon = "：" if lang == "zh" else ": "
    parts = [
        f"{label(c, lang)}{colon}{value(c, getattr(seg, c), lang)}"
        for c in SEGMENT_COLS
        if getattr(seg, c) != "all"
    ]
    return sep.join(parts) or label("v_all", lang)


# ---- rule texts ------------------------------------------------------------------------
def stage_rule(lang: Lang | None = None) -> str:
    """:meth:`StageRule.describe` in the UI language."""
    r = STAGE_RULE
    return label("rule_stage", lang or current_lang()).format(
        w=r.smooth,
        spike_k=r.spike_k,
        spike_len=r.spike_len,
        rise=r.rise,
        breakout_k=r.breakout_k,
        fall=r.fall,
        off_top=r.off_top,
    )


def alert_rule(lang: Lang | None = None) -> str:
    """:meth:`AlertRule.describe` (``ALERT_RULE``) in the UI language."""
    from infimate.trends.early_signal import ALERT_RULE, BASELINE, RECENT, SLOW

    r = ALERT_RULE
    return label("rule_alert", lang or current_lang()).format(
        recent=RECENT,
        baseline=BASELINE,
        slow=SLOW,
        score=r.score,
        min_mentions=r.min_mentions,
        rise_k=r.rise_k,
        chance=r.evidence.threshold,
        chance_alone=r.evidence.threshold_alone,
        projection_k=r.evidence.projection_k,
        min_ratio=r.evidence.min_ratio,
        surprise_z=r.evidence.surprise_z,
        surprise_ratio=r.evidence.surprise_ratio,
        cooldown=r.cooldown,
        suppress=r.suppress_after_breakout,
    )


def breakout_rule(lang: Lang | None = None) -> str:
    """:meth:`BreakoutRule.describe` (default rule) in the UI language."""
    from infimate.trends.breakouts import BreakoutRule

    r = BreakoutRule()
    return label("rule_breakout", lang or current_lang()).format(
        window=r.window, k=r.k, history=r.history
    )


def discovery_rule(lang: Lang | None = None) -> str:
    """:meth:`DiscoveryRule.describe` in the UI language."""
    from infimate.elements.discovery import DISCOVERY_RULE as r

    return label("rule_discovery", lang or current_lang()).format(
        min_growth=r.min_growth,
        recent_weeks=r.recent_weeks,
        base_weeks=r.base_weeks,
        min_support=r.min_support,
        min_authors=r.min_authors,
        kol_first_share=r.kol_first_share,
        kol_first_n=r.kol_first_n,
    )


def combination_rule(lang: Lang | None = None) -> str:
    """``COMBINATION_RULE`` in the UI language."""
    from infimate.forecast import backtest as b

    return label("rule_combination", lang or current_lang()).format(
        step=b.INNER_STEP, window=b.INNER_WINDOW, power=b.WEIGHT_POWER, margin=b.CYCLE_MARGIN_TEXT
    )


def interval_rule(lang: Lang | None = None) -> str:
    """``INTERVAL_RULE`` in the UI language."""
    return label("rule_interval", lang or current_lang())


def alert_why(row: dict[str, Any], lang: Lang | None = None) -> str:
    """:func:`infimate.trends.confidence.confidence_note` in the UI language."""
    import math

    from infimate.trends.confidence import CONFIDENT_HISTORY

    lang = lang or current_lang()
    hist, kind = row.get("history_weeks"), row.get("kind")
    if kind == "seasonal return":
        head = label("why_seasonal", lang).format(years=row.get("seasonal_in"))
    elif isinstance(hist, int) and hist < CONFIDENT_HISTORY:
        head = label("why_short_history", lang).format(weeks=hist)
    else:
        head = label("why_new_rise", lang)
    facts = []
    vs = row.get("vs_usual")
    if isinstance(vs, float) and math.isfinite(vs):
        facts.append(label("why_vs_usual", lang).format(x=vs))
    facts.append(label("why_held" if row.get("held") else "why_first_week", lang))
    other = row.get("markets_other")
    if isinstance(other, int) and other > 0:
        facts.append(
            label("why_markets", lang).format(rising=row.get("markets_rising"), other=other)
        )
    sep, end = ("；", "。") if lang == "zh" else ("; ", ".")
    return head + ("" if lang == "zh" else " ") + sep.join(facts) + end


def forecast_leans(table: Any, names: dict[str, str], lang: Lang | None = None) -> str:
    """Per element, the two models with the largest combination weight, from
    :func:`infimate.ui.cached.forecast_table`: "tweed: theta 46%, ets 31% (combined)"."""
    lang = lang or current_lang()
    if table is None or not getattr(table, "height", 0) or "weight" not in table.columns:
        return "—"
    out = []
    for el in dict.fromkeys(table["element"].to_list()):
        rows = (
            table.filter(table["element"] == el)
            .drop_nulls("weight")
            .sort("weight", descending=True)
        )
        top = ", ".join(
            f"{value('model', m, lang)} {w:.0%}"
            for m, w in rows.select("model", "weight").head(2).rows()
        )
        method = value("method", rows["method"][0], lang) if rows.height else ""
        out.append(f"{names.get(el, el)}: {top} ({method})")
    return ("；" if lang == "zh" else "; ").join(out)


def matched_sentence(model: Any, matched: dict[str, Any], lang: Lang | None = None) -> str:
    """:func:`infimate.ui.alerts.matched_sentence` in the UI language."""
    lang = lang or current_lang()
    verb = "" if matched["reaches"] else label("matched_never", lang)
    return label("matched_sentence", lang).format(
        precision=model.precision,
        threshold=matched["threshold"],
        verb=verb,
        recall=matched["recall"] or 0,
        lead=matched["median_lead_days"] or 0,
        model_recall=model.recall or 0,
        model_lead=model.median_lead_days or 0,
    )


def hit_reasons(
    effects: list[tuple[str, float]], names: dict[str, str], lang: Lang | None = None
) -> list[str]:
    """:func:`infimate.hit.explain.reasons` in the UI language (element and group names)."""
    from infimate.hit.explain import GROUPS

    lang = lang or current_lang()
    groups = {g for g, _ in GROUPS}
    out = []
    for attr, x in effects:
        group = f"hit_group_{attr.replace(' ', '_')}"
        name = label(group, lang) if attr in groups else names.get(attr, attr)
        out.append(label("hit_lifts" if x > 1 else "hit_sinks", lang).format(name=name, x=x))
    return out


def similar_sentence(alike: Any, names: dict[str, str], lang: Lang | None = None) -> str:
    """:meth:`infimate.hit.explain.SimilarStyles.sentence` in the UI language."""
    lang = lang or current_lang()
    category = value("category", alike.category, lang)
    if not alike.n:
        return label("hit_alike_none", lang).format(category=category)
    what = (
        " + ".join(names.get(e, e) for e in alike.shared)
        if alike.shared
        else label("hit_alike_any", lang)
    )
    units = alike.median_units
    return label("hit_alike", lang).format(
        n=alike.n,
        category=category,
        what=what,
        hits=alike.hits,
        rate=alike.hits / alike.n,
        units="" if units is None else label("hit_alike_units", lang).format(units=units),
    )


def caveat_sentence(caveat: Any, names: dict[str, str], lang: Lang | None = None) -> str:
    """:meth:`infimate.hit.model.Caveat.sentence` in the UI language."""
    lang = lang or current_lang()
    sep = "、" if lang == "zh" else ", "
    out = []
    if caveat.new_category is not None:
        out.append(label("hit_caveat_category", lang).format(category=caveat.new_category))
    if caveat.unseen:
        seen = sep.join(names.get(e, e) for e in caveat.unseen)
        out.append(label("hit_caveat_unseen", lang).format(names=seen))
    if caveat.outside:
        cols = sep.join(value("feature", c, lang) for c in caveat.outside)
        out.append(label("hit_caveat_outside", lang).format(names=cols))
    if caveat.above is not None:
        out.append(label("hit_caveat_above", lang).format(top=caveat.above))
    return ("；" if lang == "zh" else "; ").join(out)
