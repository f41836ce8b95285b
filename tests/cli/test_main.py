"""The CLI parser and dispatcher: every verb parses, bad input is one line, never a traceback."""

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
