"""The main event of a story: news puts what matters first (the inverted pyramid).

Each event counts with its confidence, divided by (1 + its sentence number), and halved
when it is not a plain event (negated, hypothetical or future) or is a declaration read off
another event (the intent stage's AGREE/REJECT/THREATEN: what was said about an act rather
than an act); the type with the highest total is the story's, and its most confident event
represents it.
"""
from __future__ import annotations

from collections import Counter

from ..document import Document, Event


def weight(ev: Event) -> float:
    return ev.confidence / (1 + ev.sentence) * (1.0 if ev.plain and "derived_from" not in ev.decided_by else 0.5)


def main_event(doc: Document) -> Event | None:
    if not doc.events:
        return None
    score: Counter[str] = Counter()
    for ev in doc.events:
        score[ev.event] += weight(ev)
    top = score.most_common(1)[0][0]
    return max((e for e in doc.events if e.event == top), key=weight)
