"""Discourse: a reply with no stated target is aimed back at whoever addressed its actor."""
from __future__ import annotations

DEMAND = "Kenya called on Tanzania to reopen the border crossing. "


def _reply(coder, text):
    doc = coder(text, pub_date="2025-03-03")
    return next(e for e in doc.events if e.event == "REJECT")


def test_a_reply_is_aimed_back_at_the_source_of_the_demand(coder):
    ev = _reply(coder, DEMAND + "Tanzania's president said the demand was unacceptable.")
    assert [r.code for r in ev.recipient] == ["KEN"] and ev.decided_by["recipient"] == "discourse"
    ev = _reply(coder, DEMAND + "In response, Tanzania rejected the demand on Monday.")  # a thing, not a party
    assert [r.code for r in ev.recipient] == ["KEN"] and ev.decided_by["recipient"] == "discourse"


def test_a_reply_outranks_a_place_the_clause_only_names(coder):
    alone = _reply(coder, "Tanzania refused on Monday, speaking at a summit in Uganda.")
    assert [r.code for r in alone.recipient] == ["UGA"] and alone.decided_by["recipient"] == "place in clause"
    ev = _reply(coder, DEMAND + "Tanzania refused on Monday, speaking at a summit in Uganda.")
    assert [r.code for r in ev.recipient] == ["KEN"] and ev.decided_by["recipient"] == "discourse"


def test_a_reply_to_someone_else_is_left_alone(coder):
    ev = _reply(coder, "Kenya called on Uganda to reopen the border crossing. Tanzania rejected the demand on Monday.")
    assert "recipient" not in ev.decided_by
