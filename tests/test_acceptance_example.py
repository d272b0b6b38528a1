"""Acceptance on the canonical example article (issue: core coder)."""
from __future__ import annotations

from tests.helpers import codes, events_of


def test_summons_is_accuse_kor_to_rus_on_the_day(korea):
    hits = [e for e in events_of(korea, "ACCUSE") if "KOR" in codes(e.actor) and "RUS" in codes(e.recipient)]
    assert hits, [korea.event_dict(e)["text_info"]["markup"] for e in korea.events]
    assert any(e.date == "2024-06-21" for e in hits)


def test_call_to_stop_is_request_kor_to_rus(korea):
    assert any("KOR" in codes(e.actor) and "RUS" in codes(e.recipient) for e in events_of(korea, "REQUEST"))


def test_ambassador_rejects(korea):
    assert any("RUS" in codes(e.actor) and "KOR" in codes(e.recipient) for e in events_of(korea, "REJECT"))


def test_putin_threatens(korea):
    assert any("RUS" in codes(e.actor) and "KOR" in codes(e.recipient) for e in events_of(korea, "THREATEN"))


def test_nothing_from_trailing_boilerplate(korea):
    tail = korea.text.index("Source: https")
    assert all(e.event_start < tail for e in korea.events)
    assert not any(s.start >= tail for s in korea.sentences)


def test_treaty_clause_is_not_a_plain_aid_event(korea):
    start = korea.text.index("Specifically, if either party")
    end = korea.text.index("\n", start)
    inside = [e for e in korea.events if start <= e.event_start < end]
    assert not [e for e in inside if e.event == "AID" and e.plain]


def test_every_offset_points_into_the_text(korea):
    for e in korea.events:
        assert korea.text[e.event_start:e.event_end] == e.event_text
        for a in e.actor + e.recipient:
            assert korea.text[a.start:a.end] == a.entity_text
    for q in korea.quotes:
        assert korea.text[q.start:q.end] == q.text


def test_records_use_plover_fields(korea):
    d = korea.event_dict(next(e for e in korea.events if e.actor))
    for key in ("id", "event", "mode", "context", "actor", "recipient", "date", "date_raw", "event_text",
                "quad_code", "event_scale", "text", "text_info", "confidence", "negated", "hypothetical",
                "future", "historical"):
        assert key in d
    assert {"code", "sector", "entity_text", "name", "start", "end"} <= set(d["actor"][0])
    assert d["quad_code"] in (1, 2, 3, 4) and -10 <= d["event_scale"] <= 10


def test_the_four_speakers_are_found_with_their_words(korea):
    by_speaker: dict[str, list[str]] = {}
    for q in korea.quotes:
        if q.speaker is not None:
            by_speaker.setdefault(q.speaker.code or "?", []).append(q.speaker.entity_text + " | " + q.text)
    joined = "\n".join(x for v in by_speaker.values() for x in v)
    assert "Kim Hong-kyun" in joined and "immediately stop" in joined      # the vice foreign minister
    assert "Zinoviev" in joined and "threaten and blackmail" in joined     # the ambassador
    assert "Chang" in joined and "various options" in joined               # the security adviser
    assert "Putin" in joined and "big mistake" in joined                   # the president
    assert {"KOR", "RUS"} <= set(by_speaker)
