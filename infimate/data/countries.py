"""Countries a market code can name: ISO alpha-2 → ISO alpha-3 and names in EN / 中文.

Markets are ISO 3166 alpha-2 codes (Google Trends imports map region names to them, see
:mod:`infimate.data.gtrends`). The table (``countries.csv`` beside this module) covers
every region the Google Trends reader knows; a code outside it keeps its code as its name
and has no map position.

Example
-------
>>> market_name("US"), market_name("US", "zh"), market_name("XX"), iso3("GB")
('United States', '美国', 'XX', 'GBR')
>>> iso3("all") is None
True
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple


class Country(NamedTuple):
    iso2: str
    iso3: str
    en: str
    zh: str


def _load(path: Path = Path(__file__).with_name("countries.csv")) -> dict[str, Country]:
    with path.open(encoding="utf-8", newline="") as f:
        return {
            r["iso2"]: Country(r["iso2"], r["iso3"], r["en"], r["zh"]) for r in csv.DictReader(f)
        }


COUNTRIES: MappingProxyType[str, Country] = MappingProxyType(_load())


def iso3(code: str) -> str | None:
    """The ISO alpha-3 code of a market (``None`` when it is not a known country)."""
    c = COUNTRIES.get(code.upper())
    return c.iso3 if c else None


def market_name(code: str, lang: str = "en") -> str:
    """A market's country name in ``lang`` (``en`` / ``zh``); unknown codes stay as given."""
    c = COUNTRIES.get(code.upper())
    if c is None:
        return code
    return c.zh if lang == "zh" else c.en
