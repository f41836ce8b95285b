"""Bestie: the shopper's side — outfits, exact coupon stacking, when to buy, in chat.

Owns the shopper's profile (:mod:`~infimate.bestie.profile`), styling rules
(:mod:`~infimate.bestie.styling`), what is on sale (:mod:`~infimate.bestie.catalog`),
outfits (:mod:`~infimate.bestie.outfits`), coupons (:mod:`~infimate.bestie.coupons`) and the
exact cart optimiser (:mod:`~infimate.bestie.cart`), buy timing
(:mod:`~infimate.bestie.timing`) and the chat over them (:mod:`~infimate.bestie.chat`).
The agent that listens: the question read into slots (:mod:`~infimate.bestie.slots`),
exact tools with schemas (:mod:`~infimate.bestie.tools`, :mod:`~infimate.bestie.tool_schemas`,
occasion rules in :mod:`~infimate.bestie.occasions`), the offline answerer
(:mod:`~infimate.bestie.agent`, EN/中文 wording) and the checked LLM agent
(:mod:`~infimate.bestie.llm`).
"""
