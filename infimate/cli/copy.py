"""``python -m infimate copy``: selling copy for an element or a style.

Environment variables for ``--provider openai`` are read here, once, at the edge
(see :mod:`infimate.copywriting.openai_writer`).

Example
-------
``python -m infimate copy --dataset data/demo --element 奶油黄 --voice top-streamer --fmt hook --lang zh --json``
"""

from __future__ import annotations

import argparse
import sys

from infimate.cli.output import print_json
from infimate.copywriting.brief import build_brief
from infimate.copywriting.offline import OfflineWriter
from infimate.copywriting.providers import writer_from_env
from infimate.copywriting.writer import CopyWriter, validate, write
from infimate.data.datasets import Dataset
from infimate.errors import DataFileError


def run_copy(args: argparse.Namespace) -> int:
    """Write copy; ``--json`` prints {"text", "flags", "provider", "fallback", "notice"}."""

    voice, fmt, lang = args.voice, args.fmt, args.lang
    validate(voice, fmt, lang)
    ds = Dataset(args.dataset)
    if not ds.path.is_dir():
        raise DataFileError(ds.path, "dataset directory does not exist")
    brief = build_brief(ds, element=args.element, sku=args.sku)
    writer: CopyWriter
    if args.provider == "openai":
        writer = writer_from_env(seed=args.seed)
    else:
        writer = OfflineWriter(seed=args.seed)
    result = write(writer, brief, voice=voice, fmt=fmt, lang=lang)
    if args.json:
        print_json(result.as_json())
        return 0
    print(result.text)
    if result.flags:
        print(f"{len(result.flags)} compliance flag(s):", file=sys.stderr)
        for f in result.flags:
            print(f"  [{f.rule}] {f.text!r} → {f.suggestion}", file=sys.stderr)
    else:
        print("compliance: no flags", file=sys.stderr)
    if result.notice:
        print(result.notice, file=sys.stderr)
    return 0
