"""Demo: the synthetic world (clearly labelled synthetic) where the truth is known.

Owns the world's constants and planted lifecycles (:mod:`~infimate.demo.world`), its posts
(:mod:`~infimate.demo.posts`, phrase banks in :mod:`~infimate.demo.text`), products
(:mod:`~infimate.demo.products`), shop prices and coupons (:mod:`~infimate.demo.shop`) and
writing it all into a dataset (:mod:`~infimate.demo.build`).
"""
