"""Signals: tagged posts -> weekly share of voice per element and segment.

Owns the aggregation (:mod:`~infimate.signals.share_of_voice`), the ``tag`` step of a
dataset (:mod:`~infimate.signals.build`), out-of-core partial aggregates
(:mod:`~infimate.signals.partials`, driven by :mod:`~infimate.signals.scale`) and the same
job on Apache Spark (:mod:`~infimate.signals.spark`). Builds on :mod:`infimate.elements`.
"""
