"""``python -m infimate bestie --dataset DIR --profile F [--json]``.

Prints outfits for the profile, the cheapest way to buy outfit 1 and when to buy it;
``--json`` prints one object with keys profile, trend_segment, outfits, cart_plan, timing.
"""

from __future__ import annotations

import argparse

from infimate.bestie.catalog import shop_from_dataset
from infimate.bestie.chat import advise, answer
from infimate.bestie.profile import Profile
from infimate.cli.output import print_json
from infimate.data.datasets import Dataset
from infimate.errors import DataFileError


def run_bestie(args: argparse.Namespace) -> int:
    """CLI handler (see the module docstring)."""

    if not Dataset(args.dataset).exists:
        raise DataFileError(args.dataset, "not a dataset directory (no manifest.json)")
    profile = Profile.load(args.profile)
    shop = shop_from_dataset(Dataset(args.dataset))
    if args.json:
        print_json(advise(shop, profile).to_dict())
        return 0
    for q in (
        "What should I wear?",
        "Cheapest way to buy outfit 1?",
        "When should I buy outfit 1?",
    ):
        print(f"> {q}\n{answer(q, shop=shop, profile=profile).text}\n")
    return 0
