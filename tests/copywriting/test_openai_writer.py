"""OpenAIWriter against a real loopback HTTP server speaking chat-completions + SSE.

The server (http.server in a thread, ephemeral port on 127.0.0.1) follows a script of
modes, one per request, and records every request (headers + JSON body).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from infimate.copywriting.openai_writer import DATA_CLOSE, DATA_OPEN, OpenAIWriter
from infimate.copywriting.providers import LLMConfig, client_from_env
from infimate.copywriting.writer import RESTART, write
from tests.fixtures.copy_briefs import BRIEF, INJECTION, SECRET, offline_copy

CHUNKS = ["All my girls, ", "butter yellow ", "is up 38% ", "in 4 weeks! ", "3, 2, 1, link!"]


@dataclass
class Script:
    modes: list[str]
    requests: list[dict[str, Any]] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)
    gate_seen: list[bool] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    delta = {"content": content} if content is not None else {}
    obj = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(obj)}\n\n".encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script: Script

    def log_message(self, *args: object) -> None:  # keep test output quiet
        return

    def _error(self, status: int) -> None:
        body = json.dumps({"error": {"message": f"test {status}", "type": "test"}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("retry-after-ms", "5")  # honoured by the SDK: keeps retries fast
        self.end_headers()
        self.wfile.write(body)

    def _sse_headers(self, *, chunked: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
        self.end_headers()

    def _send(self, data: bytes, *, chunked: bool) -> None:
        if chunked:
            data = f"{len(data):x}\r\n".encode() + data + b"\r\n"
        self.wfile.write(data)
        self.wfile.flush()

    def do_POST(self) -> None:
        script = self.script
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        script.requests.append(
            {
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
                "path": self.path,
            }
        )
        mode = script.modes.pop(0) if script.modes else "ok"
        try:
            if mode in ("429", "500", "503"):
                self._error(int(mode))
                return
            if mode == "sleep":
                script.stop.wait(5)
                return
            if mode == "cut-eof":  # some text, then the connection closes: no finish, no [DONE]
                self._sse_headers(chunked=False)
                for c in CHUNKS[:2]:
                    self._send(_chunk(c), chunked=False)
                self.close_connection = True
                return
            if mode == "cut-chunked":  # chunked body aborted mid-way: a protocol error
                self._sse_headers(chunked=True)
                for c in CHUNKS[:2]:
                    self._send(_chunk(c), chunked=True)
                self.wfile.write(b"5\r\nda")
                self.wfile.flush()
                self.close_connection = True
                return
            self._sse_headers(chunked=True)
            pieces = [] if mode == "empty" else CHUNKS
            for i, c in enumerate(pieces):
                self._send(_chunk(c), chunked=True)
                if mode == "gated" and i == 0:
                    script.gate_seen.append(script.gate.wait(5))
            self._send(_chunk(None, "stop"), chunked=True)
            self._send(b"data: [DONE]\n\n", chunked=True)
            self._send(b"", chunked=True)  # terminating zero-length chunk
        except (BrokenPipeError, ConnectionResetError):
            return


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script(modes=[])
    handler = type("H", (Handler,), {"script": script})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    finally:
        script.stop.set()
        httpd.shutdown()
        httpd.server_close()


def _writer(base_url: str, *, timeout: float = 5.0, max_retries: int = 2) -> OpenAIWriter:
    cfg = LLMConfig(
        model="test-model",
        base_url=base_url,
        api_key=SECRET,
        timeout=timeout,
        max_retries=max_retries,
    )
    return OpenAIWriter(client_from_env(cfg), model=cfg.model, seed=4)


def test_streams_deltas_in_order_as_they_arrive(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["gated"]
    s = _writer(url).stream(BRIEF, "top-streamer", "hook", "en")
    got = [next(s)]
    script.gate.set()  # the server sends the rest only once we hold the first delta
    got += list(s)
    assert got == CHUNKS
    assert script.gate_seen == [True]
    assert s.outcome.provider == "openai" and s.outcome.fallback is False
    assert script.requests[0]["body"]["stream"] is True
    assert script.requests[0]["headers"]["authorization"] == f"Bearer {SECRET}"


def test_429_then_success_is_retried(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["429", "ok"]
    r = write(_writer(url), BRIEF, voice="top-streamer", fmt="hook", lang="en")
    assert len(script.requests) == 2
    assert r.text == "".join(CHUNKS)
    assert (r.provider, r.fallback, r.notice) == ("openai", False, "")


def test_429_after_retries_falls_back(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["429", "429", "429"]
    r = write(_writer(url), BRIEF, voice="top-streamer", fmt="hook", lang="en")
    assert len(script.requests) == 3
    assert r.fallback and r.provider == "offline" and "429" in r.notice
    assert r.text == offline_copy()


def test_500_falls_back_with_notice(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["500", "500", "500"]
    r = write(_writer(url), BRIEF, voice="bestie", fmt="caption", lang="zh")
    assert len(script.requests) == 3  # retried twice, then gave up
    assert r.fallback is True and r.provider == "offline"
    assert r.notice == "LLM unavailable (HTTP 500) — offline writer used"
    assert r.text == offline_copy("bestie", "caption", "zh")
    assert r.flags == ()


def test_timeout_falls_back(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["sleep"]
    r = write(
        _writer(url, timeout=0.3, max_retries=0), BRIEF, voice="editorial", fmt="hook", lang="en"
    )
    assert r.fallback and r.notice == "LLM unavailable (timeout) — offline writer used"
    assert r.text == offline_copy("editorial", "hook", "en")


@pytest.mark.parametrize("mode", ["cut-chunked", "cut-eof"])
def test_stream_cut_midway_discards_partial_text(server: tuple[str, Script], mode: str) -> None:
    url, script = server
    script.modes = [mode, mode]
    s = _writer(url, max_retries=0).stream(BRIEF, "top-streamer", "hook", "en")
    deltas = list(s)
    assert deltas[:2] == CHUNKS[:2]  # the partial LLM text was streamed …
    assert deltas[2] is RESTART  # … then retracted, and the offline copy follows
    assert "".join(deltas[3:]) == offline_copy()
    assert s.outcome.fallback and s.outcome.provider == "offline"
    r = write(_writer(url, max_retries=0), BRIEF, voice="top-streamer", fmt="hook", lang="en")
    assert r.text == offline_copy()
    assert CHUNKS[0] not in r.text
    reason = "connection error" if mode == "cut-chunked" else "stream ended without a finish reason"
    assert r.notice == (
        f"LLM stream broke mid-way ({reason}) — partial text discarded, offline writer used"
    )


def test_empty_answer_falls_back(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["empty"]
    r = write(_writer(url), BRIEF, voice="top-streamer", fmt="hook", lang="en")
    assert r.fallback and "empty" in r.notice and r.text == offline_copy()


def test_connection_refused_falls_back() -> None:
    w = _writer("http://127.0.0.1:9/v1", timeout=1.0, max_retries=0)
    r = write(w, BRIEF, voice="top-streamer", fmt="hook", lang="en")
    assert r.fallback and r.notice == "LLM unavailable (connection error) — offline writer used"


def test_injection_stays_out_of_system_prompt(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["ok"]
    write(_writer(url), BRIEF, voice="top-streamer", fmt="live-script", lang="zh")
    msgs = script.requests[0]["body"]["messages"]
    system = next(m["content"] for m in msgs if m["role"] == "system")
    user = next(m["content"] for m in msgs if m["role"] == "user")
    assert "Ignore previous instructions" not in system and "FREE iPhone" not in system
    assert "untrusted" in system
    start, end = user.index(DATA_OPEN), user.index(DATA_CLOSE)
    pos = user.index(INJECTION)
    assert start < pos < end
    assert user.count("FREE iPhone") == 1
    block = user[start + len(DATA_OPEN) : end]
    assert json.loads(block)[1]["text"] == INJECTION


def test_api_key_never_leaks(
    server: tuple[str, Script], caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    url, script = server
    for name in ("", "openai", "httpx2", "httpx", "httpcore", "infimate"):
        caplog.set_level(logging.DEBUG, logger=name or None)
    script.modes = ["ok", "429", "ok", "500", "500", "500", "cut-chunked", "empty"]
    seen: list[str] = []
    writer = _writer(url)
    for _ in range(5):
        s = writer.stream(BRIEF, "top-streamer", "hook", "en")
        seen.append("".join(s))
        seen += [repr(s), repr(s.outcome), s.outcome.notice]
        r = write(
            _writer(url, timeout=0.3, max_retries=0), BRIEF, voice="bestie", fmt="hook", lang="en"
        )
        seen += [repr(r), json.dumps(r.as_json())]
    seen += [repr(writer), repr(LLMConfig(api_key=SECRET)), str(LLMConfig(api_key=SECRET))]
    out, err = capsys.readouterr()
    assert any(r["headers"].get("authorization") == f"Bearer {SECRET}" for r in script.requests)
    assert any(rec.name.startswith("openai") for rec in caplog.records), "expected SDK debug logs"
    assert any("fallback" in x or "offline writer used" in x for x in seen)
    for text in (caplog.text, out, err, *seen):
        assert SECRET not in text
        assert "SECRET-1234" not in text


def test_openai_error_message_is_not_echoed_in_notice(server: tuple[str, Script]) -> None:
    url, script = server
    script.modes = ["500", "500", "500"]
    r = write(_writer(url), BRIEF, voice="top-streamer", fmt="hook", lang="en")
    assert "test 500" not in r.notice  # server's message body is not copied into the notice
