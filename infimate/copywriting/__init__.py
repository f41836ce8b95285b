"""Copywriting: grounded, compliant selling copy in a live-streamer's voice (EN and 中文).

Owns the brief of facts a writer may use (:mod:`~infimate.copywriting.brief`), the writer
protocol and streams (:mod:`~infimate.copywriting.writer`), the offline writer
(:mod:`~infimate.copywriting.offline`, phrase banks in ``phrases_en``/``phrases_zh``), the
OpenAI-compatible writer (:mod:`~infimate.copywriting.openai_writer`), choosing one
(:mod:`~infimate.copywriting.providers`) and the advertising-law check
(:mod:`~infimate.copywriting.compliance`).
"""
