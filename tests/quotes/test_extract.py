"""Quote style matrix: straight, curly, multi-sentence, reported speech, according to."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,quoted,speaker,code", [
    ('"We will not accept this provocation," Australian Foreign Minister Penny Wong said on Monday.',
     "We will not accept this provocation,", "Penny Wong", "AUS"),
    ("“We will not accept this provocation,” Australian Foreign Minister Penny Wong said.",
     "We will not accept this provocation,", "Penny Wong", "AUS"),
    ('Japanese Prime Minister Shigeru Ishiba said: "The talks were useful. We agreed to meet again."',
     "The talks were useful. We agreed to meet again.", "Shigeru Ishiba", "JPN"),
])
def test_direct_quotes(coder, text, quoted, speaker, code):
    doc = coder(text, pub_date="2025-02-03")
    q = next(q for q in doc.quotes if q.kind == "direct")
    assert q.text == quoted and doc.text[q.start:q.end] == quoted
    assert q.speaker is not None and speaker in q.speaker.entity_text and q.speaker.code == code


def test_reported_speech(coder):
    doc = coder("Indian Foreign Minister S. Jaishankar said that New Delhi would not join the alliance.",
                pub_date="2025-02-03")
    q = next(q for q in doc.quotes if q.kind == "reported")
    assert q.verb == "said" and q.text.startswith("New Delhi") and q.speaker.code == "IND"


def test_according_to(coder):
    doc = coder("According to the Kenyan foreign ministry, the talks will resume next week.", pub_date="2025-02-03")
    q = next(q for q in doc.quotes if q.verb == "according to")
    assert q.speaker.code == "KEN"


def test_scare_quotes_without_speaker_are_not_quotes(coder):
    doc = coder('The so-called "special military operation" entered its third year.', pub_date="2025-02-03")
    assert doc.quotes == []
