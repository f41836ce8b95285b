"""Data: the contract, datasets on disk, ingest with quarantine, and external series.

Owns the table schemas (:mod:`~infimate.data.schema`) and their validation
(:mod:`~infimate.data.contract`, cells coerced by :mod:`~infimate.data.coerce`), the
dataset directory with its manifest, quarantine and atomic writes
(:mod:`~infimate.data.datasets`), reading and merging uploads
(:mod:`~infimate.data.ingest`), Google Trends and wide CSV layouts
(:mod:`~infimate.data.gtrends`), the retail calendar (:mod:`~infimate.data.calendar`) and
results saved beside a dataset version (:mod:`~infimate.data.artifacts`).
The lowest stage: it imports nothing else of Infimate but :mod:`infimate.errors`.
"""
