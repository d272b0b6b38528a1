"""Date forms resolved against the publication date."""
from __future__ import annotations

import pytest

PUB = "2024-06-21"  # a Friday


@pytest.mark.parametrize("text,date,precision", [
    ("On June 19, Russia and North Korea signed a treaty in Pyongyang.", "2024-06-19", "day"),
    ("Russia and North Korea signed a treaty in Pyongyang on 19 June 2024.", "2024-06-19", "day"),
    ("Police arrested 40 protesters in Nairobi yesterday.", "2024-06-20", "day"),
    ("Police arrested 40 protesters in Nairobi on Wednesday.", "2024-06-19", "day"),
    ("Police arrested 40 protesters in Nairobi last month.", "2024-05", "month"),
    ("Police arrested 40 protesters in Nairobi.", "2024-06-21", "day"),
])
def test_date_forms(coder, text, date, precision):
    doc = coder(text, pub_date=PUB)
    ev = max(doc.events, key=lambda e: e.confidence)
    assert ev.date.startswith(date) and ev.date_precision == precision


def test_a_day_earlier_is_relative_to_the_story(coder):
    text = ("On June 19, Russia and North Korea signed a treaty in Pyongyang. "
            "A day earlier, Japan condemned the planned pact.")
    doc = coder(text, pub_date=PUB)
    ev = next(e for e in doc.events if e.event == "ACCUSE")
    assert ev.date == "2024-06-18" and ev.date_raw.lower() == "a day earlier"


def test_no_publication_date_means_unknown_not_today(coder):
    doc = coder("Police arrested 40 protesters in Nairobi on Wednesday.")
    assert doc.pub_date is None
    assert all(e.date_precision == "unknown" for e in doc.events)


def test_dateline_gives_publication_date(coder):
    doc = coder("LAGOS, March 3, 2025 - Police arrested 40 protesters in the city yesterday.")
    assert doc.pub_date_source == "dateline" and str(doc.pub_date) == "2025-03-03"
    assert doc.events[0].date == "2025-03-02"
