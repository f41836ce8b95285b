"""Bestie: the shopper's side — outfits, exact coupon stacking, when to buy, in chat.

Owns the shopper's profile (:mod:`~infimate.bestie.profile`), styling rules
(:mod:`~infimate.bestie.styling`), what is on sale (:mod:`~infimate.bestie.catalog`),
outfits (:mod:`~infimate.bestie.outfits`), coupons (:mod:`~infimate.bestie.coupons`) and the
exact cart optimiser (:mod:`~infimate.bestie.cart`), buy timing
(:mod:`~infimate.bestie.timing`) and the chat over them (:mod:`~infimate.bestie.chat`).
"""
