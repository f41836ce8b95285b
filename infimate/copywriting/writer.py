"""The CopyWriter protocol, per-call streams with outcomes, and the writer registry.

A writer turns a :class:`~.brief.Brief` into selling copy for a *voice*, a *format* and
a *language*, streamed as text deltas::

    s = writer.stream(brief, "top-streamer", "hook", "zh")
    for delta in s: ...
    s.outcome      # Outcome(provider="openai", fallback=False, notice="")

Streams are per call (no state on the writer, so one writer can be shared between
sessions). If an LLM stream breaks after text was already sent, the stream yields
:data:`RESTART` and then the offline copy: consumers must discard what they showed.
:func:`accumulate` does this for display (it yields the text so far), and :func:`write`
collects a finished :class:`CopyResult` with compliance flags.

Voices: ``top-streamer`` (high-energy live host), ``bestie`` (warm, personal styling
advice), ``editorial`` (brand-partner deck). Formats: ``live-script`` (60-second live
script with timed beats), ``hook`` (short-video hook, at most 3 lines),
``title-bullets`` (product title + exactly 5 bullets), ``caption`` (KOL caption with
hashtags).

Example
-------
>>> from infimate.copywriting.brief import Brief; from infimate.copywriting.providers import get_writer; from infimate.copywriting.writer import write
>>> b = Brief(subject="tweed", elements=(("tweed", "tweed", "粗花呢", "fabric"),))
>>> r = write(get_writer("offline", seed=1), b, voice="bestie", fmt="hook", lang="en")
>>> r.provider, r.fallback, "tweed" in r.text.lower()
('offline', False, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, get_args

from infimate.copywriting.compliance import Flag, check
from infimate.errors import InfimateError

if TYPE_CHECKING:
    from infimate.copywriting.brief import Brief

Voice = Literal["top-streamer", "bestie", "editorial"]
Format = Literal["live-script", "hook", "title-bullets", "caption"]
Lang = Literal["en", "zh"]
Provider = Literal["offline", "openai"]
VOICES: tuple[str, ...] = get_args(Voice)
FORMATS: tuple[str, ...] = get_args(Format)
LANGS: tuple[str, ...] = get_args(Lang)
PROVIDERS: tuple[str, ...] = get_args(Provider)


def validate(voice: str, fmt: str, lang: str) -> None:
    """Raise :class:`InfimateError` naming the valid choices for a bad option."""
    for label, value, valid in (
        ("voice", voice, VOICES),
        ("format", fmt, FORMATS),
        ("language", lang, LANGS),
    ):
        if value not in valid:
            raise InfimateError(f"unknown {label} {value!r}; choose one of: {', '.join(valid)}")


class _Restart(str):
    """Marker type: discard everything streamed so far."""

    __slots__ = ()


RESTART: str = _Restart("")


@dataclass(frozen=True)
class Outcome:
    """Who wrote the copy and whether the LLM had to be replaced by the offline writer."""

    provider: str
    fallback: bool = False
    notice: str = ""
    #: lines of the LLM answer removed as prompt injection (see :mod:`~.guard`)
    removed: tuple[str, ...] = ()


class CopyStream(Iterator[str]):
    """An iterator of text deltas whose :attr:`outcome` is known once it is exhausted.

    The wrapped generator yields ``str`` deltas (possibly :data:`RESTART`) and exactly one
    :class:`Outcome`, which is captured here instead of being passed on.
    """

    def __init__(self, items: Iterator[str | Outcome]) -> None:
        self._items = items
        self._outcome: Outcome | None = None

    def __next__(self) -> str:
        while True:
            item = next(self._items)
            if isinstance(item, Outcome):
                self._outcome = item
                continue
            return item

    @property
    def outcome(self) -> Outcome:
        if self._outcome is None:
            raise RuntimeError("outcome is known only after the stream is exhausted")
        return self._outcome

    def __repr__(self) -> str:
        return f"CopyStream(outcome={self._outcome!r})"


class CopyWriter(Protocol):
    """Anything that streams copy for a brief."""

    @property
    def name(self) -> str: ...

    def stream(
        self, brief: Brief, voice: Voice = ..., fmt: Format = ..., lang: Lang = ...
    ) -> CopyStream: ...


@dataclass(frozen=True)
class CopyResult:
    """Finished copy with its compliance flags and provenance."""

    text: str
    flags: tuple[Flag, ...]
    provider: str
    fallback: bool
    notice: str
    #: lines removed from the LLM answer as prompt injection (never shown)
    removed: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The ``copy --json`` object: text, flags, provider, fallback, notice, removed."""
        return {
            "text": self.text,
            "flags": [f.as_json() for f in self.flags],
            "provider": self.provider,
            "fallback": self.fallback,
            "notice": self.notice,
            "removed": list(self.removed),
        }


def accumulate(deltas: Iterable[str]) -> Iterator[str]:
    """Yield the text so far after each delta, starting over at :data:`RESTART`.

    Use this for live display: ``for text in accumulate(s): placeholder.markdown(text)``.
    """
    parts: list[str] = []
    for d in deltas:
        if isinstance(d, _Restart):
            parts = []
        else:
            parts.append(d)
        yield "".join(parts)


def write(
    writer: CopyWriter,
    brief: Brief,
    *,
    voice: Voice = "top-streamer",
    fmt: Format = "live-script",
    lang: Lang = "en",
) -> CopyResult:
    """Run a writer to completion and check the copy (red lines + grounding)."""
    validate(voice, fmt, lang)
    s = writer.stream(brief, voice, fmt, lang)
    text = ""
    for so_far in accumulate(s):
        text = so_far
    o = s.outcome
    return CopyResult(
        text=text,
        flags=check(text, lang, brief=brief),
        provider=o.provider,
        fallback=o.fallback,
        notice=o.notice,
        removed=o.removed,
    )
