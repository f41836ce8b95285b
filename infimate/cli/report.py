"""Report verb: ``report`` (the brand-partner briefing as HTML or PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from infimate.data.datasets import Dataset, atomic_write_bytes
from infimate.errors import InfimateError
from infimate.report.build import FORMATS, build_report


def run_report(args: argparse.Namespace) -> int:
    """CLI: ``python -m infimate report --dataset DIR --out F.html|F.pdf [--market M]
    [--crowd C] [--scene S] [--brand NAME] [--logo FILE]`` (format from the suffix;
    segment "all" by default)."""
    out = Path(args.out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InfimateError(
            f"{out}: unknown report extension {out.suffix or '(none)'!r}; use .html or .pdf"
        )
    data = build_report(
        Dataset(args.dataset),
        fmt=fmt,
        market=args.market,
        crowd=args.crowd,
        scene=args.scene,
        brand=args.brand,
        logo=args.logo,
    )
    atomic_write_bytes(out, data)
    print(f"wrote {out} ({len(data):,} bytes, {fmt})")
    return 0
