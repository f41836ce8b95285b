"""``python -m infimate bestie --dataset DIR [--profile F] [--ask "TEXT"] [--provider P] [--json]``.

Without ``--ask``: outfits for the profile, the cheapest way to buy outfit 1 and when to
buy it; ``--json`` prints one object with keys profile, trend_segment, outfits, cart_plan,
timing.

With ``--ask``: the bestie answers one question (:mod:`infimate.bestie.agent`, offline by
default; ``--provider openai`` uses :mod:`infimate.bestie.llm` with the key from
``OPENAI_API_KEY``, falling back to the offline answer with a notice). Text output is the
answer, then the reasoning and the numbers; ``--json`` prints ``language``, ``answer``,
``reasoning``, ``numbers``, ``slots`` (budget, currency, occasion, date, items,
exclusions, …), ``outfits`` (each with ``items`` and ``total``), ``provider`` and
``notice``. No ``--profile`` = the default profile.
"""

from __future__ import annotations

import argparse

from infimate.bestie.catalog import shop_from_dataset
from infimate.bestie.chat import advise, answer
from infimate.bestie.profile import Profile
from infimate.cli.output import print_json
from infimate.data.datasets import Dataset
from infimate.errors import DataFileError, InfimateError

PROVIDERS = ("offline", "openai")


def add_ask_arguments(s: argparse.ArgumentParser) -> None:
    """The ``--ask`` / ``--provider`` options (for the ``bestie`` verb's parser)."""
    s.add_argument("--ask", default=None, metavar="TEXT", help="answer one shopper question")
    s.add_argument(
        "--provider",
        default="offline",
        choices=PROVIDERS,
        help="who answers --ask: offline (default) or an OpenAI-compatible endpoint "
        "(OPENAI_API_KEY, INFIMATE_LLM_BASE_URL, INFIMATE_LLM_MODEL; offline fallback)",
    )


def run_ask(args: argparse.Namespace, shop_profile: tuple[object, Profile]) -> int:
    """Answer ``args.ask`` (see the module docstring)."""
    from infimate.bestie import agent, llm
    from infimate.bestie.catalog import Shop

    shop, profile = shop_profile
    assert isinstance(shop, Shop)
    provider = getattr(args, "provider", None) or "offline"
    if provider not in PROVIDERS:
        raise InfimateError(f"unknown provider {provider!r}; choose one of: {', '.join(PROVIDERS)}")
    if provider == "openai":
        settings = llm.LLMSettings.from_env()
        try:
            client = llm.client_from_env(settings)
        except InfimateError as exc:
            reply = llm.ask(args.ask, shop=shop, profile=profile, client=None, unavailable=str(exc))
        else:
            reply = llm.ask(
                args.ask, shop=shop, profile=profile, client=client, model=settings.model
            )
    else:
        reply = agent.answer(args.ask, shop=shop, profile=profile)
    if args.json:
        print_json(reply.to_dict())
        return 0
    if reply.notice:
        print(f"({reply.notice})\n")
    print(reply.text)
    print(f"\n{reply.reasoning}")
    if reply.numbers:
        print("\n" + "\n".join(f"  {n}" for n in reply.numbers))
    return 0


def run_bestie(args: argparse.Namespace) -> int:
    """CLI handler (see the module docstring)."""

    if not Dataset(args.dataset).exists:
        raise DataFileError(args.dataset, "not a dataset directory (no manifest.json)")
    profile_path = getattr(args, "profile", None)
    profile = Profile.load(profile_path) if profile_path else Profile()
    shop = shop_from_dataset(Dataset(args.dataset))
    if getattr(args, "ask", None):
        return run_ask(args, (shop, profile))
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
