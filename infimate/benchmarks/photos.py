"""Photos benchmark: a shop's colour labels against the colours read from its photos.

``python -m infimate bench photos [--save] [--json]`` on ``../shared/data/product-photos/``
(``images/<id>.jpg`` + ``labels.csv`` with ``id, base_colour``), when present:

* **labels known** — the share of photos whose colour label is a lexicon colour's name
  or alias (case, spaces, hyphens ignored: :func:`~infimate.elements.labels.label_key`);
* **family agreement** — the share of those photos whose main colour
  (:func:`~infimate.elements.photo_colour.photo_colours`) is in the label's family (the
  root of its ``parent`` chain), overall, per family, and without the families that a
  flat colour cannot show (metallic, multi); the most frequent confusions and the whole
  confusion matrix (label family × family read);
* **held-out half** — the same agreement on photos with even and with odd ids: the
  colour regions' thresholds (:class:`~infimate.elements.photo_palette.ColourRegions`)
  were chosen on the even ids only, so the odd ids are the honest figure;
* **baseline** — the same agreement for the plain reading (largest median-cut colour of
  the non-white pixels, nearest lexicon colour: :func:`~infimate.elements.colors.dominant_colors`),
  measured in the same run;
* **speed** — photos read per second (decode + colours), best of 3.

The labels are only compared with, never used to read a photo.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from infimate.benchmarks.runner import best_of
from infimate.elements.colors import dominant_colors, nearest_lexicon_color
from infimate.elements.labels import colour_family, label_index, label_key
from infimate.elements.lexicon import builtin_lexicon
from infimate.elements.photo_colour import PhotoColours, photo_colours, photo_palette
from infimate.elements.photo_palette import METALLIC_FAMILY, MULTI_FAMILY

PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "data" / "product-photos"
TARGETS = {"labels_known_min": 0.95, "family_agreement_min": 0.75, "photos_per_second_min": 200}


@dataclass(frozen=True)
class PhotoAgreement:
    """How photo colours agree with colour labels (shares 0–1)."""

    photos: int
    labels_known: float
    unknown_labels: tuple[tuple[str, int], ...]
    family_agreement: float
    flat_family_agreement: float
    by_family: dict[str, dict[str, float | int]]
    confusions: tuple[tuple[str, str, int], ...]
    matrix: tuple[tuple[str, str, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "photos": self.photos,
            "labels_known": self.labels_known,
            "unknown_labels": [list(x) for x in self.unknown_labels],
            "family_agreement": self.family_agreement,
            "family_agreement_without_metallic_multi": self.flat_family_agreement,
            "by_family": self.by_family,
            "confusions": [
                {"label_family": a, "read_as": b, "photos": n} for a, b, n in self.confusions
            ],
            "confusion_matrix": [
                {"label_family": a, "read_as": b, "photos": n} for a, b, n in self.matrix
            ],
        }


def read_labels(folder: Path) -> pl.DataFrame:
    """``labels.csv`` of a photo folder: id and base_colour as text, plus the image path."""
    labels = pl.read_csv(folder / "labels.csv", infer_schema=False)
    return labels.select(
        pl.col("id"),
        pl.col("base_colour"),
        (pl.lit(str(folder / "images") + "/") + pl.col("id") + ".jpg").alias("path"),
    )


def agreement(
    labels: pl.Series, main_families: list[str | None], lexicon: pl.DataFrame
) -> PhotoAgreement:
    """Agreement of the main colours' families with the labels' families."""
    idx = label_index(lexicon, ("color",))
    family = colour_family(lexicon)
    truth = [family.get(idx.get(label_key(x or ""), ""), None) for x in labels.to_list()]
    known = [(t, p) for t, p in zip(truth, main_families, strict=True) if t is not None]
    unknown = Counter(x for x, t in zip(labels.to_list(), truth, strict=True) if t is None)
    by: dict[str, list[int]] = {}
    for t, p in known:
        by.setdefault(t, [0, 0])
        by[t][0] += int(t == p)
        by[t][1] += 1
    flat = [(t, p) for t, p in known if t not in (METALLIC_FAMILY, MULTI_FAMILY)]
    pairs = [(t, p or "none") for t, p in known]
    wrong = Counter((t, p) for t, p in pairs if t != p)
    return PhotoAgreement(
        photos=len(truth),
        labels_known=round(len(known) / max(len(truth), 1), 4),
        unknown_labels=tuple(unknown.most_common()),
        family_agreement=round(sum(t == p for t, p in known) / max(len(known), 1), 4),
        flat_family_agreement=round(sum(t == p for t, p in flat) / max(len(flat), 1), 4),
        by_family={
            f: {"photos": n, "agreement": round(ok / n, 4)} for f, (ok, n) in sorted(by.items())
        },
        confusions=tuple((a, b, n) for (a, b), n in wrong.most_common(12)),
        matrix=tuple((a, b, n) for (a, b), n in sorted(Counter(pairs).items())),
    )


def by_half(
    labels: pl.DataFrame, mains: list[str | None], lexicon: pl.DataFrame
) -> dict[str, float]:
    """Family agreement on the photos with even and with odd ids (last digit)."""
    out = {}
    for name, parity in (("even", 0), ("odd", 1)):
        keep = [i[-1:].isdigit() and int(i[-1]) % 2 == parity for i in labels["id"].to_list()]
        half = agreement(
            labels["base_colour"].filter(pl.Series(keep)),
            [m for m, k in zip(mains, keep, strict=True) if k],
            lexicon,
        )
        out[f"family_agreement_{name}_ids"] = half.family_agreement
        out[f"family_agreement_without_metallic_multi_{name}_ids"] = half.flat_family_agreement
    return out


def _baseline_family(path: str, lexicon: pl.DataFrame, family: dict[str, str]) -> str | None:
    shares = dominant_colors(path, k=5)
    if not shares:
        return None
    best = nearest_lexicon_color(shares[0].rgb, lexicon, top=1)
    return family.get(best[0].element_id) if best else None


def bench_photos(args: Any) -> dict[str, Any]:
    """Run the benchmark on :data:`PHOTOS` (skipped, with the reason, when absent)."""
    if not (PHOTOS / "labels.csv").exists():
        return {"skipped": f"{PHOTOS} not present", "targets": TARGETS}
    lex = builtin_lexicon()
    t0 = time.perf_counter()
    palette = photo_palette(lex)
    palette_seconds = time.perf_counter() - t0
    labels = read_labels(PHOTOS)
    paths = labels["path"].to_list()

    def read_all() -> list[PhotoColours]:
        return [photo_colours(p, palette) for p in paths]

    found, walls, cpus = best_of(3, read_all)
    mains = [f.families[0] if f.families else None for f in found]
    ours = agreement(labels["base_colour"], mains, lex)
    halves = by_half(labels, mains, lex)
    family = colour_family(lex)
    base_mains = [_baseline_family(p, lex, family) for p in paths]
    base = agreement(labels["base_colour"], base_mains, lex)
    main = [f.colours[0] if f.colours else None for f in found]
    return {
        "source": f"{PHOTOS.name} ({len(paths)} photos, labels.csv base_colour)",
        **ours.as_dict(),
        **halves,
        "thresholds_chosen_on": "even ids",
        "mean_confidence": round(sum(f.confidence for f in found) / max(len(found), 1), 4),
        "person_in_shot": sum(f.person for f in found),
        "multi": sum(m == MULTI_FAMILY for m in main),
        "baseline": {
            "method": "largest median-cut colour of non-white pixels, nearest lexicon colour",
            "family_agreement": base.family_agreement,
            "family_agreement_without_metallic_multi": base.flat_family_agreement,
            **by_half(labels, base_mains, lex),
        },
        "seconds": round(min(walls), 3),
        "seconds_runs": [round(w, 3) for w in walls],
        "cpu_seconds": round(min(cpus), 3),
        "photos_per_second": round(len(paths) / min(walls), 1),
        "palette_seconds": round(palette_seconds, 3),
        "targets": TARGETS,
    }
