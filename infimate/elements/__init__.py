"""Elements: the fashion lexicon and reading it out of text and pictures.

Owns the bilingual lexicon (:mod:`~infimate.elements.lexicon`, data in ``lexicon.csv``),
its surface forms as match patterns (:mod:`~infimate.elements.patterns`), the word-boundary
matcher (:mod:`~infimate.elements.matching`), scene keywords
(:mod:`~infimate.elements.scenes`), post tagging (:mod:`~infimate.elements.tagging`),
coined-term discovery (:mod:`~infimate.elements.discovery`, candidates from
:mod:`~infimate.elements.ngrams`) and image colours (:mod:`~infimate.elements.colors`,
maths in :mod:`~infimate.elements.colorspace`). Builds on :mod:`infimate.data`.
"""
