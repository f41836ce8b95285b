import pytest

from infimate.cli import build_parser, main


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
