"""The LLM bestie against a loopback OpenAI-compatible server (http.server on 127.0.0.1,
chat-completions + SSE, tool calls): tools executed, numbers checked, faults fall back."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from infimate.bestie.agent import Conversation, answer
from infimate.bestie.catalog import Shop, shop_from_dataset
from infimate.bestie.llm import LLMSettings, ask, client_from_env
from infimate.bestie.profile import Profile
from infimate.data.datasets import Dataset

SECRET = "sk-test-bestie-SECRET-0123456789"
SEARCH = {"budget": 120, "occasion": "office"}


@dataclass
class Script:
    modes: list[str]
    requests: list[dict[str, Any]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def _chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    obj = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(obj)}\n\n".encode()


def _last_tool_result(body: dict[str, Any]) -> dict[str, Any]:
    tool = [m for m in body["messages"] if m["role"] == "tool"][-1]
    return json.loads(tool["content"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script: Script

    def log_message(self, *args: object) -> None:
        return

    def _error(self, status: int) -> None:
        body = json.dumps({"error": {"message": f"test {status}", "type": "test"}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("retry-after-ms", "5")
        self.end_headers()
        self.wfile.write(body)

    def _send(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _stream(self, chunks: list[bytes], *, finish: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if not finish:
            self.send_header("Connection", "close")
            self.end_headers()
            for c in chunks:
                self.wfile.write(c)
            self.close_connection = True
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for c in chunks:
            self._send(c)
        self._send(b"data: [DONE]\n\n")
        self._send(b"")

    def do_POST(self) -> None:
        s = self.script
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        s.requests.append(
            {"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        )
        mode = s.modes.pop(0) if s.modes else "good"
        try:
            if mode in ("429", "500"):
                self._error(int(mode))
            elif mode == "sleep":
                s.stop.wait(5)
            elif mode == "search":  # a tool call, its arguments split over two chunks
                args = json.dumps(SEARCH)
                fn = {"name": "search_outfits", "arguments": args[:7]}
                tc = {"index": 0, "id": "call_1", "type": "function", "function": fn}
                tc2 = {"index": 0, "function": {"arguments": args[7:]}}
                self._stream(
                    [
                        _chunk({"role": "assistant", "tool_calls": [tc]}),
                        _chunk({"tool_calls": [tc2]}),
                        _chunk({}, "tool_calls"),
                    ]
                )
            elif mode in ("good", "bad-number", "cut"):
                found = _last_tool_result(body)
                o = found["outfits"][0]
                i = o["items"][0]
                text = (
                    f"Outfit 1 for the office: {i['name']} at {i['store']} for ${i['price']}, "
                    f"total {o['total']:.2f} (budget 120)."
                )
                if mode == "bad-number":
                    text += " With a coupon it is only 19.99!"
                pieces = [_chunk({"content": text[:20]}), _chunk({"content": text[20:]})]
                if mode == "cut":
                    self._stream(pieces, finish=False)
                else:
                    self._stream([*pieces, _chunk({}, "stop")])
        except (BrokenPipeError, ConnectionResetError):
            return


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script(modes=[])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (Handler,), {"script": script}))
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    finally:
        script.stop.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def shop(demo_dir: Path) -> Shop:
    return shop_from_dataset(Dataset(demo_dir))


def _ask(url: str, shop: Shop, q: str = "Office outfit under 120?", **kw: Any):
    settings = LLMSettings(
        model="test-model", base_url=url, api_key=SECRET,
        timeout=kw.pop("timeout", 5.0), max_retries=kw.pop("max_retries", 1),
    )  # fmt: skip
    return ask(q, shop=shop, profile=Profile(), client=client_from_env(settings), **kw)


def test_tool_calls_are_executed_and_the_checked_answer_is_used(server, shop, caplog):
    url, script = server
    script.modes = ["search", "good"]
    caplog.set_level(logging.DEBUG)
    r = _ask(url, shop)
    assert r.provider == "openai" and r.notice == ""
    assert len(script.requests) == 2
    first, second = (q["body"] for q in script.requests)
    assert first["stream"] is True and {t["function"]["name"] for t in first["tools"]} >= {
        "search_outfits", "coupon_plan", "buy_timing", "fit_notes"}  # fmt: skip
    tool_msgs = [m for m in second["messages"] if m["role"] == "tool"]
    assert len(tool_msgs) == 1 and tool_msgs[0]["tool_call_id"] == "call_1"
    result = json.loads(tool_msgs[0]["content"])  # the tool result, as data
    assert result["occasion"] == "office" and result["budget"] == 120
    assert second["messages"][0]["role"] == "system"
    assert result["outfits"][0]["items"][0]["name"] not in second["messages"][0]["content"]
    assert r.outfits == tuple(result["outfits"]) and f"{r.outfits[0]['total']:.2f}" in r.text
    assert script.requests[0]["headers"]["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in caplog.text and SECRET not in json.dumps(r.to_dict())


def test_a_number_not_in_the_tool_results_falls_back(server, shop):
    url, script = server
    script.modes = ["search", "bad-number"]
    r = _ask(url, shop)
    offline = answer("Office outfit under 120?", shop=shop, profile=Profile())
    assert r.provider == "offline" and "19.99" in r.notice and "not in the shop data" in r.notice
    assert r.text == offline.text and "19.99" not in r.text


@pytest.mark.parametrize(
    ("modes", "kw", "why"),
    [
        (["500", "500"], {}, "HTTP 500"),
        (["429", "429"], {}, "HTTP 429"),
        (["sleep"], {"timeout": 0.3, "max_retries": 0}, "timeout"),
        (["search", "cut"], {"max_retries": 0}, "stream ended without a finish reason"),
    ],
    ids=["500", "429", "timeout", "broken-stream"],
)
def test_faults_fall_back_with_a_notice(server, shop, caplog, capsys, modes, kw, why):
    url, script = server
    script.modes = list(modes)
    caplog.set_level(logging.DEBUG)
    r = _ask(url, shop, "下周面试穿什么？预算200元", **kw)
    assert r.provider == "offline" and why in r.notice and "离线回答" in r.notice
    assert r.language == "zh" and r.outfits
    assert r.text == answer("下周面试穿什么？预算200元", shop=shop, profile=Profile()).text
    out = capsys.readouterr()
    for text in (caplog.text, out.out, out.err, r.notice, repr(r), json.dumps(r.to_dict())):
        assert SECRET not in text


def test_follow_up_sends_the_previous_outfits_as_data(server, shop):
    url, script = server
    first = answer("Office outfit under 120?", shop=shop, profile=Profile())
    script.modes = ["search", "good"]
    _ask(url, shop, "When should I buy outfit 2?", state=first.state)
    msgs = script.requests[0]["body"]["messages"]
    prev = [m for m in msgs if m["role"] == "tool" and m["tool_call_id"] == "previous-turn"]
    assert json.loads(prev[0]["content"])["outfits"] == [dict(o) for o in first.outfits]


def test_no_client_falls_back_and_settings_hide_the_key(shop):
    r = ask("Office outfit?", shop=shop, profile=Profile(), client=None, unavailable="no key")
    assert r.provider == "offline" and "no key" in r.notice
    assert SECRET not in repr(LLMSettings(api_key=SECRET))
    assert Conversation().outfits == ()
