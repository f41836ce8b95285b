"""Colour from pixels: synthetic photos with known answers, bad files, lexicon families,
and the acceptance on the real catalogue photos (skipped when ../shared is absent)."""

from __future__ import annotations

import io

import numpy as np
import polars as pl
import pytest
from PIL import Image, ImageDraw

from infimate.elements.labels import colour_family, label_index, label_key
from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.photo_colour import PhotoError, photo_colours, photo_palette, read_photo
from infimate.elements.photo_palette import ColourRegions, region_family
from infimate.elements.photo_tags import image_files, tag_photos
from tests.conftest import SHARED_DATA

FAMILIES = {
    "black", "white", "grey", "beige", "brown", "red", "pink", "orange", "yellow", "green",
    "blue", "purple", "metallics", "multicolour",
}  # fmt: skip
RETAIL = (
    "tan", "rust", "mauve", "copper", "bronze", "cream", "skin", "nude", "steel", "charcoal",
    "off-white", "grey melange", "mustard", "teal", "turquoise", "olive", "maroon", "burgundy",
    "navy", "khaki", "peach", "lavender", "metallic", "multi", "magenta", "silver", "gold",
)  # fmt: skip


@pytest.fixture(scope="module")
def lex() -> pl.DataFrame:
    return builtin_lexicon()


@pytest.fixture(scope="module")
def palette(lex):
    return photo_palette(lex)


def _noisy(img: Image.Image, sigma: float = 3.0, seed: int = 0) -> Image.Image:
    arr = np.asarray(img, dtype=np.float64)
    arr = arr + np.random.default_rng(seed).normal(0, sigma, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _garment(hex_code: str, *, bg: str = "white", size=(60, 80)) -> Image.Image:
    img = Image.new("RGB", size, bg)
    ImageDraw.Draw(img).rectangle((15, 20, 44, 69), fill=hex_code)
    return img


def _model(top: str, *, skin_hex: str = "#E0AC8A") -> Image.Image:
    """A model on white: hair, face, neck, a top, bare arms wider than the top, legs."""
    img = Image.new("RGB", (60, 80), "white")
    d = ImageDraw.Draw(img)
    d.ellipse((22, 1, 37, 14), fill="#2A1E18")  # hair
    d.ellipse((23, 4, 36, 17), fill=skin_hex)  # face
    d.rectangle((26, 16, 33, 22), fill=skin_hex)  # neck
    d.rectangle((16, 22, 43, 50), fill=top)
    d.rectangle((4, 22, 15, 60), fill=skin_hex)  # bare arms: more skin than top in width
    d.rectangle((44, 22, 55, 60), fill=skin_hex)
    d.rectangle((20, 50, 39, 79), fill=skin_hex)  # legs
    return img


# ---- lexicon: families and retail names ---------------------------------------------------
def test_every_colour_has_one_of_the_fourteen_families(lex):
    fam = colour_family(lex)
    colours = lex.filter(pl.col("type") == "color")["element_id"].to_list()
    assert set(colours) == set(fam)
    assert set(fam.values()) == FAMILIES, set(fam.values()) ^ FAMILIES


def test_common_retail_colour_names_are_known_in_english_and_chinese(lex):
    idx = label_index(lex, ("color",))
    missing = [n for n in RETAIL if label_key(n) not in idx]
    assert not missing
    zh = dict(lex.select("element_id", "name_zh").rows())
    assert all(zh[idx[label_key(n)]] for n in RETAIL)
    fam = colour_family(lex)
    assert fam[idx["maroon"]] == "red" and fam[idx["metallic"]] == "metallics"
    assert fam[idx[label_key("multi")]] == "multicolour" and fam[idx["skin"]] == "beige"


# ---- synthetic photos with known answers --------------------------------------------------
def test_flat_colour_on_white(palette):
    pc = photo_colours(_noisy(_garment("#002FA7")), palette)
    assert pc.colours[0] == "klein_blue" and pc.families[0] == "blue"
    assert pc.shares[0] > 0.95 and pc.confidence == pc.shares[0]
    assert not pc.person


def test_grey_studio_backdrop_is_background(palette):
    pc = photo_colours(_noisy(_garment("#D2042D", bg="#B4B4B4")), palette)
    assert pc.families == ("red",)  # the grey backdrop is not a colour of the product


def test_full_bleed_swatch_keeps_its_colour(palette):
    assert photo_colours(Image.new("RGB", (40, 40), "#0ABAB5"), palette).colours == (
        "tiffany_blue",
    )


def test_model_in_shot_skin_and_hair_weigh_less_than_the_garment(palette):
    pc = photo_colours(_noisy(_model("#1F8F4E")), palette)  # a green top
    assert pc.person
    assert pc.families[0] == "green"
    skin_only = photo_colours(_noisy(Image.new("RGB", (60, 80), "#E0AC8A")), palette)
    assert not skin_only.person and skin_only.families[0] != "green"  # a nude product stays


def test_a_skin_toned_top_on_a_model_is_not_taken_for_her_skin(palette):
    """A rose top is skin-toned by the YCbCr rule, but not this model's face colour."""
    pc = photo_colours(_noisy(_model("#A55555")), palette)
    assert pc.person and pc.families[0] == "red" and pc.shares[0] > 0.5


def test_a_body_cut_by_the_frame_is_skin_even_without_a_head(palette):
    img = Image.new("RGB", (60, 80), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((8, 0, 51, 79), fill="#D9A07E")  # a torso and legs running off the frame
    d.rectangle((18, 34, 41, 50), fill="#9A9A9C")  # grey briefs
    pc = photo_colours(_noisy(img), palette)
    assert pc.families[0] == "grey"


def _jpeg(img: Image.Image) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def test_photographed_black_is_black_not_navy_or_charcoal(palette):
    """A black T-shirt photographs as a dark, slightly blue-cast grey."""
    img = _garment("#131417")
    ImageDraw.Draw(img).rectangle((32, 20, 44, 69), fill="#26282C")  # the lit side
    pc = photo_colours(_jpeg(_noisy(img)), palette)
    assert pc.colours[0] == "black" and pc.shares[0] > 0.75
    navy = photo_colours(_jpeg(_noisy(_garment("#1F2A44"))), palette)
    assert navy.colours[0] == "navy"


def test_shading_keeps_beige_one_colour(palette):
    """A beige garment whose shaded half is as dark as a brown stays one beige colour."""
    img = _garment("#DCC8AA")
    ImageDraw.Draw(img).rectangle((34, 20, 44, 69), fill="#9A8C77")  # the shaded third
    pc = photo_colours(_noisy(img), palette)
    assert pc.families[0] == "beige" and pc.shares[0] > 0.95


@pytest.mark.parametrize(
    ("rgb", "family"),
    [
        ((200, 16, 46), "red"),
        ((90, 20, 35), "red"),  # maroon: a dark red, not plum
        ((255, 105, 180), "pink"),
        ((244, 166, 160), "pink"),  # a light red
        ((255, 140, 0), "orange"),
        ((225, 173, 1), "yellow"),
        ((112, 130, 56), "green"),
        ((0, 128, 128), "blue"),  # teal
        ((31, 42, 68), "blue"),  # navy
        ((181, 126, 220), "purple"),
        ((110, 75, 45), "brown"),
        ((220, 200, 170), "beige"),
        ((25, 27, 31), "black"),
        ((128, 126, 131), "grey"),
        ((230, 230, 230), "white"),
        ((245, 240, 222), "white"),  # cream
    ],
)
def test_colour_regions_place_photographed_colours_in_their_family(rgb, family):
    from infimate.elements.colorspace import srgb_to_lab

    assert str(region_family(srgb_to_lab(np.array(rgb, dtype=np.float64)))) == family


def test_colour_regions_are_a_setting(lex):
    greyer = photo_palette(lex, regions=ColourRegions(neutral_chroma=40.0))
    assert greyer.family_of(greyer.name((200, 16, 46))) == "red"  # chroma 75: still a colour
    default = photo_palette(lex)
    assert default.family_of(default.name((230, 170, 185))) == "pink"  # chroma 20
    assert greyer.family_of(greyer.name((230, 170, 185))) in ("grey", "white")


def test_two_colour_stripes_report_both(palette):
    img = Image.new("RGB", (60, 80), "white")
    d = ImageDraw.Draw(img)
    for k, y in enumerate(range(10, 70, 6)):
        d.rectangle((10, y, 49, y + 5), fill=("#1F2A44", "#FFD500")[k % 2])
    pc = photo_colours(_noisy(img), palette)
    assert set(pc.families[:2]) == {"blue", "yellow"}
    assert all(s > 0.3 for s in pc.shares[:2])


def test_a_print_of_many_colours_is_multi(palette):
    img = Image.new("RGB", (60, 80), "white")
    d = ImageDraw.Draw(img)
    hexes = ("#C8102E", "#FFD500", "#1F4E9E", "#2E8B57", "#6A0DAD")
    for k in range(25):  # a checked print: five colours in equal parts
        x, y = 10 + (k % 5) * 8, 15 + (k // 5) * 10
        d.rectangle((x, y, x + 7, y + 9), fill=hexes[(k + k // 5) % 5])
    pc = photo_colours(img, palette)
    assert pc.colours[0] == "multicolour" and len(pc.colours) == 3


def test_all_background_gives_no_colour(palette):
    pc = photo_colours(Image.new("RGB", (30, 30), "white"), palette)
    assert pc.colours == () and pc.confidence == 0.0 and pc.main is None


def test_transparent_cut_out(palette):
    img = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    img.paste(Image.new("RGBA", (20, 30), (246, 226, 127, 255)), (10, 5))
    assert photo_colours(img, palette).colours == ("butter_yellow",)


# ---- bad files ------------------------------------------------------------------------------
def test_broken_and_huge_images_say_why(tmp_path):
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff this is not really a jpeg")
    Image.new("1", (8000, 8000)).save(tmp_path / "huge.png")  # 64 M pixels, small file
    (tmp_path / "text.png").write_text("hello")
    with pytest.raises(PhotoError, match="image too large: 8000×8000"):
        read_photo(tmp_path / "huge.png")
    with pytest.raises(PhotoError, match="not an image"):
        read_photo(tmp_path / "text.png")
    with pytest.raises(PhotoError):
        read_photo(tmp_path / "broken.jpg")


def test_tag_photos_tags_the_rest_and_names_each_bad_file(tmp_path, lex):
    _garment("#C8102E").save(tmp_path / "a.png")
    _garment("#1F4E9E").save(tmp_path / "b.jpg", quality=95)
    (tmp_path / "c.jpg").write_bytes(b"not a photo")
    Image.new("1", (8000, 8000)).save(tmp_path / "d.png")
    tags = tag_photos(image_files(tmp_path), lex)
    assert tags["id"].to_list() == ["a", "b", "c", "d"]
    assert tags["families"].list.first().to_list() == ["red", "blue", None, None]
    errors = tags["error"].to_list()
    assert errors[:2] == [None, None] and errors[2] == "not an image"
    assert errors[3].startswith("image too large")
    missing = tag_photos(pl.DataFrame({"id": ["x"], "path": [str(tmp_path / "no.png")]}), lex)
    assert missing["error"].to_list() == ["file not found"]


# ---- real catalogue photos -----------------------------------------------------------------
PHOTOS = SHARED_DATA / "product-photos"


@pytest.fixture(scope="module")
def real():
    if not (PHOTOS / "labels.csv").exists():
        pytest.skip(f"real photos not present at {PHOTOS}")
    from infimate.benchmarks import photos

    orig = photos.PHOTOS
    photos.PHOTOS = PHOTOS
    try:
        return photos.bench_photos(None)
    finally:
        photos.PHOTOS = orig


def test_real_photos_lexicon_knows_the_labels(real):
    assert real["photos"] == 642
    assert real["labels_known"] >= 0.95, real["unknown_labels"]


def test_real_photos_beat_the_plain_reading_in_the_same_run(real):
    assert real["family_agreement"] > real["baseline"]["family_agreement"] + 0.05
    assert (
        real["family_agreement_without_metallic_multi"]
        > real["baseline"]["family_agreement_without_metallic_multi"] + 0.05
    )


def test_real_photos_held_out_half_beats_the_plain_reading(real):
    """The colour regions were chosen on even ids: the odd ids are the honest figure."""
    assert {"family_agreement_even_ids", "family_agreement_odd_ids"} <= set(real)
    assert real["family_agreement_odd_ids"] > real["baseline"]["family_agreement"] + 0.05
    assert (
        real["family_agreement_without_metallic_multi_odd_ids"]
        > real["baseline"]["family_agreement_without_metallic_multi"] + 0.1
    )


@pytest.mark.xfail(strict=True, reason="not reached: the issue's 75% (measured 44%, README)")
def test_real_photos_main_colour_family_acceptance(real):
    assert real["family_agreement"] >= 0.75
