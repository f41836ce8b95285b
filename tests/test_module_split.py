"""The module split kept every public name importable from its old module (same object),
the new modules import cleanly on their own (no import cycle), and the CLI dispatches to
the modules that now own the commands."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from infimate.cli import _HANDLERS

#: (old module, new module, names that moved from old to new)
MOVED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "infimate.hit_rate",
        "infimate.hit_eval",
        (
            "HitEvaluation",
            "Scores",
            "baseline_probabilities",
            "default_test_from",
            "evaluate",
            "evaluate_dataset",
            "fit_dataset_model",
            "run_hit_eval",
            "run_score",
            "score_lineup",
        ),
    ),
    ("infimate.hit_features", "infimate.signal_bank", ("SignalBank", "canonical", "load_aliases")),
    ("infimate.hit_features", "infimate.signal_bank", ("signal_bank",)),
    ("infimate.discovery", "infimate.ngrams", ("EN_STOP", "ZH_STOP", "ZH_EDGE_CHARS")),
    ("infimate.colors", "infimate.colorspace", ("ciede2000", "hex_to_rgb", "rgb_to_hex")),
    ("infimate.colors", "infimate.colorspace", ("srgb_to_lab",)),
    (
        "infimate.contract",
        "infimate.coerce",
        ("AUTHOR_TIERS", "LEXICON_TYPES", "FREE_TEXT", "TRUE_WORDS", "FALSE_WORDS"),
    ),
    (
        "infimate.datasets",
        "infimate.ingest",
        ("IngestReport", "Progress", "ingest", "ingest_frame", "read_signals", "read_table"),
    ),
    ("infimate.datasets", "infimate.ingest", ("run_ingest",)),
    (
        "infimate.ui.cached",
        "infimate.ui.hit",
        ("hit_model", "lineup_bytes", "score", "explain", "calibration"),
    ),
    ("infimate.ui.cached", "infimate.ui.copy", ("brief", "llm_configured")),
    (
        "infimate.ui.cached",
        "infimate.ui.alerts",
        ("alerts", "alerts_in", "backtest", "evidence", "newest_alerts", "scorecard"),
    ),
    (
        "infimate.ui.components",
        "infimate.ui.upload",
        ("UploadKind", "handle_upload", "ingest_report", "ingest_upload"),
    ),
    (
        "infimate.ui.components",
        "infimate.ui.copy",
        ("escape_markdown", "flags_frame", "highlight_html", "show_copy", "stream_copy"),
    ),
    ("infimate.ui.components", "infimate.ui.hit", ("hit_scorecard", "lineup_result")),
)
CASES = [(old, new, name) for old, new, names in MOVED for name in names]


@pytest.mark.parametrize(("old", "new", "name"), CASES, ids=[f"{o}.{n}" for o, _, n in CASES])
def test_moved_name_is_the_same_object_from_the_old_module(old: str, new: str, name: str):
    moved = getattr(importlib.import_module(new), name)
    assert getattr(importlib.import_module(old), name) is moved
    ns: dict[str, object] = {}
    exec(f"from {old} import {name} as got", ns)
    assert ns["got"] is moved


@pytest.mark.parametrize(
    "module",
    ["infimate.hit_rate", "infimate.datasets", "infimate.ui.cached", "infimate.ui.components"],
)
def test_lazy_reexport_still_raises_for_unknown_names(module: str):
    mod = importlib.import_module(module)
    assert not hasattr(mod, "no_such_name")
    with pytest.raises(AttributeError, match="no_such_name"):
        mod.no_such_name  # noqa: B018


def test_hit_rate_all_is_unchanged():
    from infimate import hit_rate

    assert sorted(hit_rate.__all__) == sorted(
        [
            "HitEvaluation",
            "HitModel",
            "HitResults",
            "Scores",
            "evaluate",
            "evaluate_dataset",
            "fit_dataset_model",
            "label_hits",
            "score_lineup",
        ]
    )
    ns: dict[str, object] = {}
    exec("from infimate.hit_rate import *", ns)
    assert set(hit_rate.__all__) <= set(ns)


@pytest.mark.parametrize(
    "module",
    [
        "infimate.ingest",
        "infimate.hit_eval",
        "infimate.ui.hit",
        "infimate.ui.upload",
        "infimate.ui.alerts",
        "infimate.ui.copy",
        "infimate.share_of_voice",
        "infimate.partials",
    ],
)
def test_new_module_imports_first_in_a_fresh_interpreter(module: str):
    """A module that imports its old home must import on its own (no half-built cycle)."""
    code = f"import {module}"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]


@pytest.mark.parametrize(
    ("command", "module"),
    [
        ("hit-eval", "infimate.hit_eval"),
        ("score", "infimate.hit_eval"),
        ("ingest", "infimate.ingest"),
    ],
)
def test_cli_dispatches_to_the_owning_module(command: str, module: str):
    mod_name, func = _HANDLERS[command]
    assert mod_name == module
    assert callable(getattr(importlib.import_module(mod_name), func))


def test_read_signals_typed_lives_in_ingest_only():
    from infimate import forecast_eval, ingest

    assert callable(ingest.read_signals_typed)
    assert not hasattr(forecast_eval, "read_signals_arg")
