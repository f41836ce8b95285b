"""The CLI parser and dispatcher: every verb parses, bad input is one line, never a traceback."""

import argparse

import pytest

from infimate.cli.main import build_parser, main


def test_every_design_command_parses():
    p = build_parser()
    for argv in (
        ["demo", "--out", "x"],
        ["ingest", "--dataset", "d", "--posts", "f.csv"],
        ["tag", "--dataset", "d"],
        ["alerts", "--dataset", "d", "--asof", "2026-01-05", "--json"],
        ["backtest", "--signals", "f.csv", "--horizon-days", "84", "--json"],
        ["forecast-eval", "--signals", "f.csv", "--horizon", "12", "--origins", "5", "--json"],
        ["hit-eval", "--dataset", "d", "--json"],
        ["score", "--dataset", "d", "--lineup", "l.csv", "--out", "o.csv"],
        ["copy", "--dataset", "d", "--element", "tweed", "--lang", "zh"],
        ["report", "--dataset", "d", "--out", "r.html"],
        ["bench", "tagging", "--json"],
        ["tag-catalogue", "--input", "p.csv", "--id-col", "id", "--text-col", "title", "--json"],
        ["lexicon", "--json"],
        ["tag-images", "--dir", "photos", "--out", "tags.csv", "--json"],
        ["tag-images", "--input", "p.csv", "--id-col", "id", "--image-col", "image", "--json"],
    ):
        assert p.parse_args(argv).command == argv[0]


def test_ingest_requires_exactly_one_table():
    with pytest.raises(SystemExit) as e:
        main(["ingest", "--dataset", "d"])
    assert e.value.code == 2


def test_unexpected_bad_input_is_one_line_not_a_traceback(tmp_path, capsys):
    # a dataset path that is a file, not a directory: an OSError deep inside
    f = tmp_path / "not_a_dir"
    f.write_text("x")
    code = main(["alerts", "--dataset", str(f / "sub")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["alerts", "--asof", "2026-13-01"], "--asof"),
        (["hit-eval", "--test-from", "nope"], "--test-from"),
    ],
)
def test_bad_date_options_are_one_line(tmp_path, capsys, argv, flag):
    (tmp_path / "ds").mkdir()  # an empty dataset: the date is checked first
    code = main([*argv, "--dataset", str(tmp_path / "ds")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"{flag} " in err and "is not a date (use YYYY-MM-DD)" in err


def _verbs() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_verb_and_option_is_documented():
    """``python -m infimate VERB --help`` says what every option does."""
    verbs = _verbs()
    assert set(verbs) >= {"demo", "ingest", "tag", "alerts", "backtest", "forecast-eval"}
    missing = [
        f"{verb} {'/'.join(a.option_strings) or a.dest}"
        for verb, parser in verbs.items()
        for a in parser._actions
        if not isinstance(a, argparse._HelpAction) and not (a.help or "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize("verb", sorted(_verbs()))
def test_verb_help_prints_usage(verb, capsys):
    with pytest.raises(SystemExit) as e:
        main([verb, "--help"])
    assert e.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m infimate {verb}")


def test_dispatch_reaches_every_verb(monkeypatch):
    """Each verb runs its own handler (the handlers are replaced by recorders)."""
    import importlib

    from infimate.cli import main as cli_main

    called = []
    handlers = {
        "dataset": ("run_demo", "run_ingest", "run_tag", "run_discover"),
        "elements": ("run_tag_catalogue", "run_lexicon"),
        "images": ("run_tag_images",),
        "trends": ("run_alerts", "run_backtest"),
        "forecast": ("run_forecast_eval",),
        "hit": ("run_hit_eval", "run_score"),
        "copy": ("run_copy",),
        "report": ("run_report",),
        "bestie": ("run_bestie",),
        "bench": ("run_bench",),
        "scale": ("run_scale_tag", "run_spark_tag"),
    }
    for module, names in handlers.items():
        mod = importlib.import_module(f"infimate.cli.{module}")
        for name in names:
            monkeypatch.setattr(mod, name, lambda args, n=name: called.append(n) or 0)
    argv = {
        "demo": ["--out", "x"],
        "ingest": ["--dataset", "d", "--posts", "p"],
        "tag": ["--dataset", "d"],
        "tag-catalogue": ["--input", "i", "--id-col", "id", "--text-col", "title"],
        "lexicon": [],
        "tag-images": ["--dir", "photos"],
        "discover": ["--dataset", "d"],
        "alerts": ["--dataset", "d"],
        "backtest": ["--dataset", "d"],
        "forecast-eval": ["--dataset", "d"],
        "hit-eval": ["--dataset", "d"],
        "score": ["--dataset", "d", "--lineup", "l"],
        "copy": ["--dataset", "d", "--element", "e"],
        "report": ["--dataset", "d", "--out", "r.html"],
        "bestie": ["--dataset", "d", "--profile", "p"],
        "bench": [],
        "scale-tag": ["--input", "i", "--output", "o"],
        "spark-tag": ["--input", "i", "--output", "o"],
    }
    assert set(argv) == set(_verbs())
    for verb, rest in argv.items():
        assert cli_main.main([verb, *rest]) == 0
    expected = [
        "run_demo", "run_ingest", "run_tag", "run_tag_catalogue", "run_lexicon", "run_tag_images",
        "run_discover", "run_alerts", "run_backtest",
        "run_forecast_eval", "run_hit_eval", "run_score", "run_copy", "run_report",
        "run_bestie", "run_bench", "run_scale_tag", "run_spark_tag",
    ]  # fmt: skip
    assert called == expected
