"""The shopper's profile: body shape, colouring, height, budget, segment, likes/dislikes.

A profile lives in the session only; nothing is written to disk unless the shopper saves
it (the Bestie page offers a JSON download, the CLI reads one with ``--profile F``).

Fields
------
* ``body_shape`` — pear, apple, hourglass, rectangle, inverted_triangle.
* ``undertone`` — warm, cool, neutral; ``depth`` — light, medium, deep (skin colouring).
* ``height`` — petite, average, tall.
* ``budget_item`` — most the shopper pays for one product; ``budget_total`` — most for one
  outfit (both optional, ``None`` = no limit).
* ``market`` (ISO country or ``"all"``), ``crowd`` and ``scene`` — the segment whose trends
  count (``"all"`` = not filtered).
* ``likes`` / ``dislikes`` — lexicon element ids. Disliked elements never appear.

Example
-------
>>> p = Profile(body_shape="pear", undertone="warm", budget_total=150.0, market="US")
>>> Profile.from_json(p.to_json()) == p
True
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal, get_args

from infimate.errors import DataFileError, InfimateError

BodyShape = Literal["pear", "apple", "hourglass", "rectangle", "inverted_triangle"]
Undertone = Literal["warm", "cool", "neutral"]
Depth = Literal["light", "medium", "deep"]
Height = Literal["petite", "average", "tall"]
BODY_SHAPES: tuple[str, ...] = get_args(BodyShape)
UNDERTONES: tuple[str, ...] = get_args(Undertone)
DEPTHS: tuple[str, ...] = get_args(Depth)
HEIGHTS: tuple[str, ...] = get_args(Height)


class ProfileError(InfimateError):
    """A profile value is not one of the allowed choices."""


@dataclass(frozen=True)
class Profile:
    """One shopper (see the module docstring for the fields)."""

    body_shape: BodyShape = "rectangle"
    undertone: Undertone = "neutral"
    depth: Depth = "medium"
    height: Height = "average"
    budget_item: float | None = None
    budget_total: float | None = None
    market: str = "all"
    crowd: str = "all"
    scene: str = "all"
    likes: tuple[str, ...] = ()
    dislikes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, valid in (
            ("body_shape", BODY_SHAPES),
            ("undertone", UNDERTONES),
            ("depth", DEPTHS),
            ("height", HEIGHTS),
        ):
            if getattr(self, name) not in valid:
                raise ProfileError(
                    f"{name} {getattr(self, name)!r} is not one of: {', '.join(valid)}"
                )
        for name in ("budget_item", "budget_total"):
            v = getattr(self, name)
            if v is not None and not (isinstance(v, int | float) and v > 0):
                raise ProfileError(f"{name} must be a positive number or empty, got {v!r}")
        object.__setattr__(self, "likes", tuple(self.likes))
        object.__setattr__(self, "dislikes", tuple(self.dislikes))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields (lists for likes/dislikes)."""
        d = asdict(self)
        d["likes"], d["dislikes"] = list(self.likes), list(self.dislikes)
        return d

    def to_json(self) -> str:
        """The profile as a JSON string (what the page's download button saves)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """Build from a dict; unknown keys are an error (a typo must not pass silently)."""
        known = {f.name for f in fields(cls)}
        extra = sorted(set(data) - known)
        if extra:
            raise ProfileError(f"unknown profile field(s): {', '.join(extra)}")
        clean = dict(data)
        for k in ("likes", "dislikes"):
            if k in clean:
                v = clean[k]
                clean[k] = (
                    tuple(x.strip() for x in v.split(";")) if isinstance(v, str) else tuple(v)
                )
        return cls(**clean)

    @classmethod
    def from_json(cls, text: str) -> Profile:
        """Parse :meth:`to_json` output (raises :class:`ProfileError` on bad JSON)."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"profile is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
        if not isinstance(data, dict):
            raise ProfileError("profile JSON must be an object")
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> Profile:
        """Read a profile JSON file; a missing or malformed file names the file."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise DataFileError(p, "file not found") from exc
        except UnicodeDecodeError as exc:
            raise DataFileError(p, "not UTF-8 text") from exc
        try:
            return cls.from_json(text)
        except ProfileError as exc:
            raise DataFileError(p, str(exc)) from exc

    def describe(self) -> str:
        """One line for chat answers."""
        budget = []
        if self.budget_item:
            budget.append(f"≤ {self.budget_item:.2f} per item")
        if self.budget_total:
            budget.append(f"≤ {self.budget_total:.2f} per outfit")
        seg = " × ".join(v for v in (self.crowd, self.scene, self.market) if v != "all") or "all"
        return (
            f"{self.body_shape.replace('_', ' ')} shape, {self.undertone} undertone "
            f"({self.depth}), {self.height}, budget {', '.join(budget) or 'open'}, "
            f"segment {seg}"
        )
