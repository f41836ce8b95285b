"""Why an OpenAI-compatible call failed, in words safe to show (shared by the copy writer
and the bestie agent, which may not import each other).

Only a status code or an error class: never the message body, which can echo the request
(and so a key or the prompt).

>>> reason(ValueError("sk-secret in here"))
'ValueError'
"""

from __future__ import annotations


def reason(exc: BaseException) -> str:
    """A short, secret-free reason: status code or error class, never the message body."""
    import openai

    if isinstance(exc, openai.RateLimitError):
        return "HTTP 429, rate limited after retries"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection error"
    return type(exc).__name__
