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


def test_quotes_link_to_the_event_they_contain_or_their_speaker_acts_in(coder):
    text = ('Chilean Foreign Minister Alberto van Klaveren met his Peruvian counterpart in Lima on Tuesday. '
            'The ministers discussed fishing rights. '
            '"Peru will expel the two attaches within a week," Peruvian Foreign Minister Elmer Schialer said. '
            'Van Klaveren said that Chile regretted the decision.')
    doc = coder(text, pub_date="2025-02-03")
    direct = next(q for q in doc.quotes if q.kind == "direct")
    expel = next(e for e in doc.events if e.event_text == "expel")
    assert direct.sentence == 2 and direct.speaker.code == "PER" and direct.event_id == expel.id
    for q in doc.quotes:  # every link is the first event holding the quote's trigger or voicing its speaker
        linked = [e for e in doc.events if q.start <= e.event_start < q.end or (
            e.sentence == q.sentence and q.speaker and any(a.start == q.speaker.start for a in e.actor))]
        assert q.event_id == (linked[0].id if linked else None)
