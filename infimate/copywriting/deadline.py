"""One LLM call with an overall deadline: the SDK runs in a worker thread, the caller waits.

The SDK's ``timeout`` bounds each *read*, so an endpoint that drips SSE keep-alive
comments (``: keep-alive``, which carry no content and are never surfaced by the SDK)
keeps a stream open forever, and a silent endpoint costs ``timeout × (retries + 1)``.
Here the request and the whole stream run in a daemon thread that hands the caller
``("delta", text)``, ``("finish", "")``, ``("error", reason)`` events through a queue; the
caller stops waiting when the deadline passes and gets an ``error`` event saying which
fault happened:

* ``endpoint sent nothing for N s`` — no HTTP response at all (silent server);
* ``endpoint sent no content for N s`` — a response, but not one token (drip server);
* ``deadline of N s reached`` — tokens were arriving, too slowly.

Each is followed by ``; deadline of N s reached`` where that is the cause. Then the
connection is shut down (so the worker ends too) from a helper thread, never blocking
the caller. Reasons name status codes or error classes, never a message body or a key.

Example
-------
>>> class Silent:  # a client whose request never returns
...     class chat:
...         class completions:
...             @staticmethod
...             def create(**kw):
...                 import time; time.sleep(5)
>>> call = Call(Silent(), deadline=0.2)
>>> call.start(model="m", messages=[], stream=True)
>>> list(call.events())
[('error', 'endpoint sent nothing for 0.2 s; deadline of 0.2 s reached')]
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from infimate.llm_faults import reason

Event = tuple[str, str]


def _abort(stream: Any) -> None:
    """Shut the stream's socket down (wakes a blocked read), then close the stream."""
    with contextlib.suppress(Exception):  # best effort: the stream may be gone already
        net = stream.response.extensions.get("network_stream")
        sock = net.get_extra_info("socket") if net is not None else None
        if isinstance(sock, socket.socket):
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):
        stream.close()


class Call:
    """A chat-completions stream run in a worker thread, read with an overall deadline."""

    def __init__(self, client: Any, deadline: float) -> None:
        self._client = client
        self.deadline = deadline
        self._events: queue.Queue[Event] = queue.Queue()
        self._stop = threading.Event()
        self._stream: Any = None
        self._opened = threading.Event()
        self._lock = threading.Lock()
        self._t0 = 0.0

    def start(self, **request: Any) -> None:
        """Send the request (``client.chat.completions.create(**request)``) in the worker."""
        self._t0 = time.monotonic()
        threading.Thread(target=self._run, args=(request,), daemon=True, name="llm-call").start()

    def _run(self, request: dict[str, Any]) -> None:
        import httpx2
        import openai

        put = self._events.put
        try:
            stream = self._client.chat.completions.create(**request)
        except Exception as exc:
            put(("error", reason(exc)))
            return
        with self._lock:
            self._stream = stream
            stopped = self._stop.is_set()
        self._opened.set()
        if stopped:
            _abort(stream)
            return
        try:
            for chunk in stream:
                if self._stop.is_set():
                    return
                for choice in chunk.choices or ():
                    delta = getattr(choice.delta, "content", None) if choice.delta else None
                    if delta:
                        put(("delta", delta))
                    if choice.finish_reason:
                        put(("finish", ""))
            put(("end", ""))
        except (openai.OpenAIError, httpx2.HTTPError, ValueError, OSError) as exc:
            put(("error", reason(exc)))
        finally:
            stream.close()

    def events(self) -> Iterator[Event]:
        """Events until the stream ends, fails, or the deadline passes (then an error)."""
        end = self._t0 + self.deadline
        content = False
        while True:
            left = end - time.monotonic()
            try:
                kind, value = (
                    self._events.get(timeout=left) if left > 0 else self._events.get_nowait()
                )
            except queue.Empty:
                break
            if kind == "end":
                return
            content = content or kind == "delta"
            yield kind, value
            if kind == "error":
                return
        self.cancel()
        took = f"{self.deadline:g} s"
        if content:
            yield "error", f"deadline of {took} reached"
        elif self._opened.is_set():
            yield "error", f"endpoint sent no content for {took}; deadline of {took} reached"
        else:
            yield "error", f"endpoint sent nothing for {took}; deadline of {took} reached"

    def cancel(self) -> None:
        """Stop reading: the worker ends at its next chunk or when its socket is shut."""
        with self._lock:
            self._stop.set()
            stream = self._stream
        if stream is not None:
            threading.Thread(target=_abort, args=(stream,), daemon=True).start()
