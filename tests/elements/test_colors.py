"""Image colours (infimate.elements.colors): dominant colours, lexicon match, mentions, swatch."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from PIL import Image
from polars.testing import assert_frame_equal

from infimate.elements.colors import (
    dominant_colors,
    image_color_mentions,
    image_color_report,
    nearest_lexicon_color,
    swatch,
)
from infimate.elements.colorspace import ciede2000, hex_to_rgb, srgb_to_lab
from tests.fixtures import ROOT

LEXICON_CSV = ROOT / "infimate" / "elements" / "lexicon.csv"


@pytest.fixture(scope="module")
def lexicon() -> pl.DataFrame:
    return pl.read_csv(LEXICON_CSV, schema_overrides={"hex": pl.String})


def _noisy(img: Image.Image, *, sigma: float, seed: int = 0) -> Image.Image:
    arr = np.asarray(img.convert("RGB"), dtype=np.float64)
    noise = np.random.default_rng(seed).normal(0, sigma, arr.shape)
    return Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))


def _square_on_white(hex_code: str, *, size: int = 200, inner: int = 100) -> Image.Image:
    img = Image.new("RGB", (size, size), (255, 255, 255))
    off = (size - inner) // 2
    img.paste(Image.new("RGB", (inner, inner), hex_to_rgb(hex_code)), (off, off))
    return img


# ---- dominant colours ------------------------------------------------------------------
def test_tiffany_on_white_with_noise_recovers_tiffany_blue(lexicon):
    img = _noisy(_square_on_white("#0ABAB5"), sigma=4)
    colors = dominant_colors(img, k=3)
    assert colors[0].share > 0.9  # white background ignored: the square is ~all foreground
    match = nearest_lexicon_color(colors[0].rgb, lexicon, top=3)
    assert match[0].element_id == "tiffany_blue"
    assert match[0].delta_e < 3
    assert [m.delta_e for m in match] == sorted(m.delta_e for m in match)


def test_butter_yellow_square_on_white(lexicon):
    colors = dominant_colors(_square_on_white("#F6E27F"), k=5)
    assert len(colors) == 1
    assert colors[0].hex == "#F6E27F" and colors[0].share == 1.0
    assert nearest_lexicon_color(colors[0].hex, lexicon, top=1)[0].element_id == "butter_yellow"


def test_two_colour_image_known_shares():
    img = Image.new("RGB", (100, 100), hex_to_rgb("#002FA7"))  # Klein blue, 70 %
    img.paste(Image.new("RGB", (30, 100), hex_to_rgb("#D2042D")), (70, 0))  # cherry, 30 %
    colors = dominant_colors(_noisy(img, sigma=3), k=4)
    assert [c.share for c in colors[:2]] == pytest.approx([0.7, 0.3], abs=0.03)
    assert float(ciede2000(srgb_to_lab(colors[0].rgb), srgb_to_lab(hex_to_rgb("#002FA7")))) < 2
    assert float(ciede2000(srgb_to_lab(colors[1].rgb), srgb_to_lab(hex_to_rgb("#D2042D")))) < 2


def test_white_and_transparent_background_ignored_or_kept():
    assert dominant_colors(Image.new("RGB", (30, 30), "white")) == ()
    kept = dominant_colors(Image.new("RGB", (30, 30), "white"), ignore_background=False)
    assert kept[0].hex == "#FFFFFF" and kept[0].share == 1.0
    rgba = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    rgba.paste(Image.new("RGBA", (20, 40), (10, 186, 181, 255)), (0, 0))
    got = dominant_colors(rgba)
    assert len(got) == 1 and got[0].hex == "#0ABAB5" and got[0].share == 1.0


def test_dominant_colors_is_deterministic():
    img = _noisy(_square_on_white("#9CAF88"), sigma=10, seed=3)
    assert dominant_colors(img) == dominant_colors(img.copy())


# ---- image_color_mentions --------------------------------------------------------------
def test_image_color_mentions_tags_and_counts_unreadable(tmp_path, lexicon):
    _noisy(_square_on_white("#0ABAB5"), sigma=3).save(tmp_path / "tiffany.png")
    _square_on_white("#F6E27F").save(tmp_path / "butter.jpg", quality=95)
    Image.new("RGB", (50, 50), "white").save(tmp_path / "blank.png")
    (tmp_path / "broken.jpg").write_bytes(b"this is not a jpeg")
    items = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f", "g"],
            "image_path": [
                "tiffany.png",
                "butter.jpg",
                "blank.png",
                "broken.jpg",
                "missing.png",
                None,
                "../x.png",
            ],
        }
    )
    rep = image_color_report(items, tmp_path, lexicon)
    assert (rep.n_items, rep.n_read, rep.n_skipped) == (6, 3, 3)
    assert_frame_equal(rep.skipped.select("id"), pl.DataFrame({"id": ["d", "e", "g"]}))
    assert rep.skipped["reason"].to_list()[1:] == ["file not found", "path outside the dataset"]
    assert_frame_equal(
        rep.mentions.select("id", "element_id", "type"),
        pl.DataFrame(
            {
                "id": ["a", "b"],
                "element_id": ["tiffany_blue", "butter_yellow"],
                "type": ["color", "color"],
            }
        ),
    )
    # PNG is exact; the JPEG's chroma-subsampled edges form a small separate cluster
    assert rep.mentions["share"][0] == pytest.approx(1.0, abs=0.02)
    assert 0.9 < rep.mentions["share"][1] <= 1.0
    assert (rep.mentions["delta_e"] < 3).all()
    with pytest.warns(UserWarning, match="3 of 6 images skipped"):
        df = image_color_mentions(items, tmp_path, lexicon)
    assert_frame_equal(df, rep.mentions)


def test_far_colour_is_not_tagged(tmp_path, lexicon):
    # pure green (#00FF00) is far from every lexicon colour at max_delta_e=5
    Image.new("RGB", (20, 20), (0, 255, 0)).save(tmp_path / "g.png")
    items = pl.DataFrame({"id": ["x"], "image_path": ["g.png"]})
    assert image_color_mentions(items, tmp_path, lexicon, max_delta_e=5).height == 0


def test_swatch():
    s = swatch("#F6E27F", size=(6, 4))
    assert s.size == (6, 4) and s.getpixel((5, 3)) == (246, 226, 127)
