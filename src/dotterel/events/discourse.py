"""Discourse stage: an event with no stated recipient that answers an earlier one is aimed back at its source.

"X called on Y to stop ..." then "In response, Y said the demands were unacceptable":
Y's rejection is aimed at X (a place the events stage fell back on, or a thing such as
"the demand", counts as no recipient here). Only verbal and material conflict replies are filled, only
from an event in the preceding few sentences whose recipient is this event's actor, and
the record says so (`decided_by.recipient = "discourse"`).
"""
from __future__ import annotations

from ..document import Document, Event

WINDOW = 3
REPLY_TYPES = {"REJECT", "ACCUSE", "THREATEN", "REQUEST", "SUPPORT", "AGREE", "CONCEDE"}


def _open(ev: Event) -> bool:
    """No target named, only a place the events stage fell back on, or only things ("rejected the demand")."""
    return ev.decided_by.get("recipient") == "place in clause" or all(r.kind == "object" for r in ev.recipient)


class Discourse:
    name = "discourse"

    def __call__(self, doc: Document) -> Document:
        for i, ev in enumerate(doc.events):
            if not _open(ev) or ev.event not in REPLY_TYPES:
                continue
            mine = {a.code for a in ev.actor if a.code}
            if not mine:
                continue
            for prev in reversed(doc.events[:i]):
                if ev.sentence - prev.sentence > WINDOW:
                    break
                if prev.sentence == ev.sentence:
                    continue
                if mine & {r.code for r in prev.recipient} and prev.actor and not mine & {a.code for a in prev.actor}:
                    ev.recipient = [a for a in prev.actor if a.code]
                    ev.decided_by["recipient"] = "discourse"
                    break
        return doc
