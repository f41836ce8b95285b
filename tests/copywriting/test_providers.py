"""Writer providers (copywriting.providers): env config precedence, SDK client, no key = offline."""

from __future__ import annotations

import openai

from infimate.copywriting.providers import LLMConfig, client_from_env, writer_from_env
from infimate.copywriting.writer import write
from tests.fixtures.copy_briefs import BRIEF, SECRET, offline_copy


def test_env_config_precedence() -> None:
    cfg = LLMConfig.from_env(
        {
            "INFIMATE_LLM_BASE_URL": "http://a/v1",
            "OPENAI_BASE_URL": "http://b/v1",
            "OPENAI_API_KEY": SECRET,
        }
    )
    assert cfg.base_url == "http://a/v1" and cfg.model == "gpt-4o-mini"
    assert (
        LLMConfig.from_env({"OPENAI_BASE_URL": "http://b/v1", "INFIMATE_LLM_MODEL": "m"}).base_url
        == "http://b/v1"
    )
    assert SECRET not in repr(cfg)


def test_sdk_client_type() -> None:
    c = client_from_env(LLMConfig(api_key=SECRET, base_url="http://127.0.0.1:9/v1"))
    assert isinstance(c, openai.OpenAI)
    assert c.max_retries == 2


def test_no_key_means_offline_with_notice() -> None:
    w = writer_from_env(seed=4, env={"INFIMATE_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    r = write(w, BRIEF, voice="top-streamer", fmt="hook", lang="en")
    assert r.fallback and "OPENAI_API_KEY is not set" in r.notice
    assert r.text == offline_copy()
