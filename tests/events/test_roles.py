"""Who did it to whom: subjects, passives, reported speech, moved forces, places as last-resort targets."""
from __future__ import annotations


def _main(coder, text):
    doc = coder(text, pub_date="2025-05-05")
    return max(doc.events, key=lambda e: e.confidence)


def test_passive_agent_is_the_actor(coder):
    ev = _main(coder, "Two Kenyan journalists were arrested by Ugandan police in Kampala on Sunday.")
    assert "UGA" in {a.code for a in ev.actor} and any("journalists" in r.entity_text for r in ev.recipient)


def test_pronoun_in_reported_speech_is_the_speaker(coder):
    ev = _main(coder, "Venezuela's largest opposition parties said on Wednesday they would boycott the election.")
    assert ev.actor and "opposition parties" in ev.actor[0].entity_text


def test_forces_moved_are_not_the_target(coder):
    ev = _main(coder, "Australia sent troops to the Philippines to help fight Islamic State militants.")
    assert "PHL" in {r.code for r in ev.recipient} and not any("troops" in r.entity_text for r in ev.recipient)


def test_a_place_is_the_target_only_as_a_last_resort(coder):
    ev = _main(coder, "The army imposed a curfew in Bangkok on Friday.")
    assert [r.code for r in ev.recipient] == ["THA"]
    met = _main(coder, "Russia and Turkey held talks in Geneva on Monday.")
    assert [a.code for a in met.actor] == ["RUS", "TUR"] and met.recipient == []
