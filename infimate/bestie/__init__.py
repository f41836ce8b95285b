"""Bestie: the shopper-side agent (issue 10).

* :mod:`~infimate.bestie.profile` — :class:`Profile` (body shape, colouring, budget, segment).
* :mod:`~infimate.bestie.styling` — body-shape / height rules and the colour palette (ΔE00).
* :mod:`~infimate.bestie.outfits` — trend view with segment fallback, product scores, outfits.
* :mod:`~infimate.bestie.coupons` — coupon model and the exact cart optimiser.
* :mod:`~infimate.bestie.timing` — buy now or wait for the next retail event.
* :mod:`~infimate.bestie.catalog` — the shop (catalog, prices, coupons, trends).
* :mod:`~infimate.bestie.chat` — intent routing, tool calls, answers in the bestie voice.

Example
-------
>>> from infimate.bestie import Profile, route
>>> route("what should I wear?"), Profile(body_shape="pear").body_shape
('outfit', 'pear')
"""

from infimate.bestie.chat import Advice, Reply, advise, answer, route
from infimate.bestie.profile import Profile

__all__ = ["Advice", "Profile", "Reply", "advise", "answer", "route"]
