"""Event locations: gazetteer resolution, ambiguous names prefer the actors' country, "U.S." is never Canada."""
from __future__ import annotations

import pytest


def _loc(coder, text):
    doc = coder(text, pub_date="2025-04-02")
    ev = max(doc.events, key=lambda e: e.confidence)
    assert ev.event_loc is not None, [(e.event, e.event_loc) for e in doc.events]
    return doc, ev.event_loc


def test_city_with_coordinates_and_offsets(coder):
    doc, loc = _loc(coder, "South Korea summoned the Russian ambassador at the ministry's headquarters in Seoul on Friday.")
    assert (loc.name, loc.country, loc.resolution) == ("Seoul", "KOR", "city")
    assert loc.geonameid and abs(loc.lat - 37.57) < 0.5 and doc.text[loc.start:loc.end] == "Seoul"


def test_ambiguous_city_prefers_the_actors_country(coder):
    _, loc_us = _loc(coder, "American police arrested 12 protesters in Birmingham on Tuesday.")
    _, loc_gb = _loc(coder, "British police arrested 12 protesters in Birmingham on Tuesday.")
    assert (loc_us.country, loc_gb.country) == ("USA", "GBR")
    _, loc_fr = _loc(coder, "French police arrested 12 protesters in Paris on Tuesday.")
    assert loc_fr.country == "FRA"


@pytest.mark.parametrize("place", ["the U.S.", "the United States"])
def test_us_is_never_canada(coder, place):
    _, loc = _loc(coder, f"Mexican President Claudia Sheinbaum held talks with business leaders in {place} on Monday.")
    assert loc.country == "USA" and loc.resolution == "country"


def test_country_resolution(coder):
    _, loc = _loc(coder, "Ethiopian troops shelled villages in Eritrea overnight, residents said.")
    assert (loc.country, loc.resolution) == ("ERI", "country")
