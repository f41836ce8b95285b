"""Choosing a writer: the registry and the environment edge for OpenAI-compatible endpoints.

Writers do not import each other through this module: the offline writer and the
OpenAI-compatible one live in their own modules, and this one picks between them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import openai

from infimate.copywriting.openai_writer import (
    DEFAULT_DEADLINE,
    DEFAULT_MODEL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    OpenAIWriter,
)
from infimate.copywriting.writer import PROVIDERS, CopyWriter, Provider
from infimate.errors import InfimateError


@dataclass(frozen=True)
class LLMConfig:
    """Endpoint settings; ``api_key`` is excluded from repr and never logged."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str = field(default="", repr=False)
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_RETRIES
    #: seconds for one whole call (connect, retries, entire stream); INFIMATE_LLM_DEADLINE
    deadline: float = DEFAULT_DEADLINE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMConfig:
        """Read the environment once (call this at the edge: CLI or UI)."""
        e = os.environ if env is None else env
        return cls(
            model=e.get("INFIMATE_LLM_MODEL") or DEFAULT_MODEL,
            base_url=e.get("INFIMATE_LLM_BASE_URL") or e.get("OPENAI_BASE_URL") or None,
            api_key=e.get("OPENAI_API_KEY", ""),
            deadline=_seconds(e.get("INFIMATE_LLM_DEADLINE"), DEFAULT_DEADLINE),
        )


def _seconds(text: str | None, default: float) -> float:
    """A positive number of seconds from the environment, else ``default``."""
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return value if value > 0 else default


def client_from_env(config: LLMConfig | None = None) -> openai.OpenAI:
    """An ``openai.OpenAI`` client with explicit timeout and retries.

    Raises :class:`InfimateError` (without the key) when ``OPENAI_API_KEY`` is unset.
    """
    import openai

    cfg = config or LLMConfig.from_env()
    if not cfg.api_key:
        raise InfimateError("OPENAI_API_KEY is not set")
    return openai.OpenAI(
        api_key=cfg.api_key,
        base_url=cfg.base_url,
        timeout=min(cfg.timeout, cfg.deadline),
        max_retries=cfg.max_retries,
    )


def writer_from_env(*, seed: int = 0, env: Mapping[str, str] | None = None) -> OpenAIWriter:
    """Edge helper: an :class:`OpenAIWriter` from the environment (offline if no key)."""
    cfg = LLMConfig.from_env(env)
    try:
        client = client_from_env(cfg)
    except InfimateError as exc:
        return OpenAIWriter(None, model=cfg.model, seed=seed, unavailable=str(exc))
    return OpenAIWriter(client, model=cfg.model, seed=seed, deadline=cfg.deadline)


def get_writer(
    provider: Provider = "offline", *, seed: int = 0, client: Any = None, model: str | None = None
) -> CopyWriter:
    """Writer registry: ``offline`` (default) or ``openai`` (needs an injected client).

    For ``openai`` without a client, :func:`~.openai_writer.client_from_env` is used;
    when that fails (no key), the returned writer falls back to offline with a notice.
    """
    from infimate.copywriting.offline import OfflineWriter

    if provider == "offline":
        return OfflineWriter(seed=seed)
    if provider == "openai":
        from infimate.copywriting.openai_writer import DEFAULT_MODEL, OpenAIWriter

        return OpenAIWriter(client, model=model or DEFAULT_MODEL, seed=seed)
    raise InfimateError(f"unknown provider {provider!r}; choose one of: {', '.join(PROVIDERS)}")
