"""Hit: will a candidate style sell? Features, the model, its evaluation and lineups.

Owns the signal bank of element curves (:mod:`~infimate.hit.bank`), pre-launch trend
features (:mod:`~infimate.hit.features`), the model's design and offsets
(:mod:`~infimate.hit.design`), its fit (:mod:`~infimate.hit.ridge`), tuning and calibration
out of time (:mod:`~infimate.hit.tuning`), the model and its results
(:mod:`~infimate.hit.model`), explanations in words (:mod:`~infimate.hit.explain`), metrics
(:mod:`~infimate.hit.metrics`), the time-split evaluation beside the category prior and
lineup scoring (:mod:`~infimate.hit.evaluate`) and the fitted model saved beside a dataset
(:mod:`~infimate.hit.store`). Builds on :mod:`infimate.trends`.
"""
