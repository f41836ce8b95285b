"""``tag-images``: a folder or a table of photos → id, colours, shares, confidence; a bad file
gets its own clear line and the rest are tagged; bad options are one line, never a traceback."""

from __future__ import annotations

import json

import polars as pl
from PIL import Image, ImageDraw

from infimate.cli.main import main


def _photo(path, hex_code: str) -> None:
    img = Image.new("RGB", (60, 80), "white")
    ImageDraw.Draw(img).rectangle((15, 20, 44, 69), fill=hex_code)
    img.save(path)


def _folder(tmp_path):
    d = tmp_path / "photos"
    d.mkdir()
    _photo(d / "red.png", "#C8102E")
    _photo(d / "navy.jpg", "#1F2A44")
    (d / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    Image.new("1", (8000, 8000)).save(d / "huge.png")
    (d / "notes.txt").write_text("not a photo, not listed")
    return d


def test_dir_json_tags_the_good_photos_and_names_the_bad(tmp_path, capsys):
    d = _folder(tmp_path)
    assert main(["tag-images", "--dir", str(d), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["photos"], out["tagged"]) == (4, 2)
    errors = {e["id"]: e["error"] for e in out["errors"]}
    assert set(errors) == {"broken", "huge"}
    assert errors["huge"].startswith("image too large: 8000×8000")
    tags = {t["id"]: t for t in out["tags"]}
    assert tags["red"]["colours"][0] == "red" and tags["navy"]["colours"][0] == "navy"
    assert tags["red"]["shares"][0] > 0.9 and 0 < tags["red"]["confidence"] <= 1
    assert out["photos_per_second"] > 0


def test_input_table_with_out_csv_and_text_summary(tmp_path, capsys):
    _folder(tmp_path)
    table = tmp_path / "products.csv"
    pl.DataFrame(
        {"sku": ["A", "B", "C"], "img": ["photos/red.png", "photos/broken.jpg", "photos/gone.png"]}
    ).write_csv(table)
    out = tmp_path / "tags.csv"
    code = main(
        [
            *("tag-images", "--input", str(table), "--id-col", "sku"),
            *("--image-col", "img", "--out", str(out)),
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "skipped B:" in text and "skipped C: file not found" in text
    assert "1 of 3 photos tagged, 2 skipped" in text
    got = pl.read_csv(out)
    assert got.columns == ["id", "colours", "shares", "confidence", "error"]
    assert got.row(0, named=True)["colours"] == "red"


def test_bad_options_are_one_line(tmp_path, capsys):
    code = main(["tag-images", "--dir", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "not a folder" in err
    (tmp_path / "t.csv").write_text("id,path\na,x.png\n")
    code = main(["tag-images", "--input", str(tmp_path / "t.csv"), "--id-col", "id"])
    err = capsys.readouterr().err
    assert code == 2 and "--image-col" in err and "Traceback" not in err
    code = main(
        ["tag-images", "--input", str(tmp_path / "t.csv"), "--id-col", "id", "--image-col", "img"]
    )
    assert code == 2 and "no column(s) img" in capsys.readouterr().err
