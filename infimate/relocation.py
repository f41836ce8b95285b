"""Relocated names: keep names that moved to another module importable from the old one.

When a module is split, the names that moved stay importable from where they were.
Where the new module imports the old one (so the old one cannot import it back at import
time), the old module resolves them lazily through a module-level ``__getattr__``
(PEP 562) built by :func:`relocated`.

Example
-------
>>> __getattr__ = relocated(__name__, {"infimate.hit_eval": ("evaluate",)})  # doctest: +SKIP
>>> from infimate.hit_rate import evaluate  # resolved from hit_eval on use   # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def relocated(owner: str, moved: Mapping[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``owner`` resolving ``moved`` names from their modules.

    Parameters
    ----------
    owner
        The old module's ``__name__`` (for the AttributeError of unknown names).
    moved
        New module name -> the names that moved there.

    Example
    -------
    >>> get = relocated("old", {"math": ("tau",)})
    >>> round(get("tau"), 2)
    6.28
    >>> get("nope")
    Traceback (most recent call last):
    ...
    AttributeError: module 'old' has no attribute 'nope'
    """
    home = {name: module for module, names in moved.items() for name in names}

    def __getattr__(name: str) -> Any:
        if name in home:
            return getattr(importlib.import_module(home[name]), name)
        raise AttributeError(f"module {owner!r} has no attribute {name!r}")

    return __getattr__
