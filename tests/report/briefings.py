"""Hand-made briefings for the renderer tests: a small one with hostile text, long ones."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from infimate.report.briefing import AlertView, Briefing, CopySample, CurveView
from infimate.trends.curves import Segment
from tests.fixtures.report_world import EVIL

WEEKS = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(8)]
KOL_HEADER = "first KOL post (or top post)"


def small_briefing(**over) -> Briefing:
    """Two rising elements (one an HTML injection), one alert with a hostile post."""
    rising = pl.DataFrame(
        {
            "element": ["butter_yellow", "evil"],
            "label": ["butter yellow", EVIL],
            "name_zh": ["奶油黄", ""],
            "type": ["color", "color"],
            "hex": ["#F6E27F", "red;background:url(x)"],
            "stage": ["rising", "emerging"],
            "metric": ["share", "share"],
            "sov": [0.0123, 0.002],
            "growth_4w": [0.5, None],
            "growth_12w": [1.0, 0.1],
            "kol_share": [0.25, None],
        }
    )
    hist = pl.DataFrame({"date": WEEKS, "value": [0.01 * i for i in range(8)]})
    fc = pl.DataFrame(
        {
            "date": [WEEKS[-1] + timedelta(weeks=1)],
            "point": [0.08],
            "lo80": [0.07],
            "hi80": [0.09],
            "lo95": [0.06],
            "hi95": [0.1],
        }
    )
    alert = AlertView(
        element="evil",
        label=EVIL,
        segment="market=US",
        date=WEEKS[-1],
        score=7.25,
        confidence="high",
        numbers=(("score", 7.25), ("mentions", 12.0), ("expected", None)),
        spread=(("authors", 9),),
        first_kol='<img src=x onerror="alert(2)"> so cute',
        top_post=None,
        events=("Double 11 (2026-11-11)",),
    )
    b = Briefing(
        dataset="demo",
        synthetic=True,
        asof=WEEKS[-1],
        segment=Segment(market="US"),
        rising=rising,
        curves=(CurveView("butter_yellow", "butter yellow", hist, fc, "combined"),) * 2,
        alerts=(alert,),
        picks=None,
        picks_note="Hit-rate model not available <b>here</b>.",
        copy=(CopySample("en", "Butter <yellow> & you", 0, "offline"),),
        copy_note="offline",
        generated="2026-11-29 00:00 UTC",
        data_from=WEEKS[0],
    )
    return b if not over else Briefing(**{**b.__dict__, **over})


def long_alerts(n: int) -> tuple[AlertView, ...]:
    """``n`` alerts whose rows start with ``ELnn`` and whose longest cell ends in ``ENDnn``."""
    return tuple(
        AlertView(
            element=f"e{i}",
            label=f"EL{i:02d} coat",
            segment="market=US, crowd=women_35_plus, scene=office",
            date=WEEKS[-1],
            score=9.0 - i / 100,
            confidence="high",
            numbers=(("mentions", 10.0 + i), ("expected", 2.5)),
            spread=(("authors", 9), ("platforms", 3)),
            first_kol="so cute on me " * (6 + i % 14) + f"END{i:02d}",
            top_post=None,
            events=("Double 11 (双11) (2026-11-11)", "Black Friday (2026-11-27)"),
        )
        for i in range(n)
    )


def long_picks(n: int) -> pl.DataFrame:
    """``n`` picks whose rows start with ``SKUnn`` and end in a caveat ``ENDPnn``."""
    return pl.DataFrame(
        {
            "sku": [f"SKU{i:02d}" for i in range(n)],
            "name": [f"Tweed cropped jacket with pearl buttons no. {i}" for i in range(n)],
            "category": ["jacket"] * n,
            "elements": ["tweed;xiaoxiangfeng;pearl_buttons;cropped"] * n,
            "price": [59.9 + i for i in range(n)],
            "market": ["CN"] * n,
            "p_hit": [0.9 - i / 100 for i in range(n)],
            "lo": [0.5] * n,
            "hi": [0.95] * n,
            "caveat": [
                "extrapolation: above the highest calibrated level (34%) " * (1 + i % 3)
                + f"ENDP{i:02d}"
                for i in range(n)
            ],
        }
    )
