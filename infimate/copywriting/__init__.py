"""Copy studio back end: grounded, compliant selling copy (issue 7).

* :class:`Brief` / :func:`build_brief` — the facts a writer may use, built from data.
* :class:`CopyWriter` protocol, :func:`get_writer` registry, :func:`write` → :class:`CopyResult`.
* :class:`OfflineWriter` — seeded template grammar, EN + ZH, no network (the default).
* :class:`OpenAIWriter` — any OpenAI-compatible endpoint; falls back to offline, and says so.
* :func:`check` — advertising-law red lines and grounding (:class:`Flag`).

Example
-------
>>> from infimate.copywriting import Brief, OfflineWriter, write
>>> b = Brief(subject="linen", elements=(("linen", "linen", "亚麻", "fabric"),))
>>> write(OfflineWriter(seed=0), b, voice="editorial", fmt="caption", lang="zh").flags
()
"""

from infimate.copywriting.brief import Brief, build_brief
from infimate.copywriting.compliance import Flag, check
from infimate.copywriting.offline import OfflineWriter
from infimate.copywriting.writer import (
    FORMATS,
    LANGS,
    PROVIDERS,
    RESTART,
    VOICES,
    CopyResult,
    CopyStream,
    CopyWriter,
    Outcome,
    accumulate,
    get_writer,
    validate,
    write,
)

__all__ = [
    "FORMATS",
    "LANGS",
    "PROVIDERS",
    "RESTART",
    "VOICES",
    "Brief",
    "CopyResult",
    "CopyStream",
    "CopyWriter",
    "Flag",
    "OfflineWriter",
    "Outcome",
    "accumulate",
    "build_brief",
    "check",
    "get_writer",
    "validate",
    "write",
]
