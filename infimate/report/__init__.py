"""Report: the brand-partner briefing as data, and its HTML and PDF renderings.

Owns the briefing's facts (:mod:`~infimate.report.briefing`), the renderers
(:mod:`~infimate.report.html`, :mod:`~infimate.report.pdf`) and the file for a dataset and
segment (:mod:`~infimate.report.build`).
"""
