"""Hit: will a candidate style sell? Features, the model, its evaluation and lineups.

Owns the signal bank of element curves (:mod:`~infimate.hit.bank`), pre-launch features
(:mod:`~infimate.hit.features`), the hit-probability model (:mod:`~infimate.hit.model`),
the time-split evaluation and lineup scoring (:mod:`~infimate.hit.evaluate`) and the fitted
model saved beside a dataset (:mod:`~infimate.hit.store`). Builds on :mod:`infimate.trends`.
"""
