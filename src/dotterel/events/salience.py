"""Story stage: which event a whole article is about (its main event), decided once per document.

One sentence: its most confident event reported as having happened, an act done before a declaration the intent
stage read off another act ("freed the fishermen and will send aid": the release), and of the main clause before one
that sets the scene or glosses it ("handed back the trucks after troops bombed their camps": the handover). A story:
two views,
 1. the inverted pyramid: each event counts with its confidence, divided by (1 + its
    sentence number), and halved when it is not a plain event (negated, hypothetical or
    future) or is a declaration read off another event (the intent stage's AGREE/REJECT/
    THREATEN: what was said about an act rather than the act); the type with the highest
    total wins;
 2. when the ontology has a trained story model (`dotterel train` builds it from whole
    stories written for the project, `data/training/stories/`), a multinomial model over
    what the first view sums up plus the sentence model's type probabilities by position
    (lead, next sentences, first and second paragraph, position-weighted, whole story) and
    what the story's promises promise (an AGREE to release prisoners, to withdraw). It learns how news spreads its
    subject across a story: a lead that sets the scene, background paragraphs full of other
    events, a concession told after the protests that forced it.
A story whose main event is a promise to yield or withdraw (an AGREE that promises a
CONCEDE or RETREAT act) is about a concession, as PLOVER's manual codes promised concessions;
single sentences keep AGREE, the convention of sentence-level PLOVER data.
The decision is written to `doc.main_event` with what decided it; its representative event
is the most salient event of the chosen type (none when the story names no event of that type),
or for a promised concession the promise.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from typing import Any

from ..document import Document, Event, MainEvent
from ..ontology import Ontology
from .features import subordinate
from .model import LinearModel

NEXT = 3  # sentences after the lead that still belong to the top of the story
CONCESSIONS = frozenset({"CONCEDE", "RETREAT"})


def weight(ev: Event) -> float:
    return ev.confidence / (1 + ev.sentence) * (1.0 if ev.plain and "derived_from" not in ev.decided_by else 0.5)


def pyramid_scores(doc: Document) -> Counter[str]:
    score: Counter[str] = Counter()
    for ev in doc.events:
        score[ev.event] += weight(ev)
    return score


def story_features(doc: Document) -> dict[str, float]:
    """What the story model reads: inverted-pyramid shares and sentence-model probabilities by position."""
    f: dict[str, float] = {}
    score = pyramid_scores(doc)
    total = sum(score.values())
    for t, v in score.items():
        f[f"sal={t}"] = v / total if total else 0.0
    if score:
        f[f"top={score.most_common(1)[0][0]}"] = 1.0
    for ev in doc.events:  # what was promised: a story about a promise to release prisoners is about a concession
        act = ev.decided_by.get("promised") or (ev.decided_by.get("derived_from") if ev.event == "AGREE" else None)
        if act and total:
            f[f"promise={act}"] = f.get(f"promise={act}", 0.0) + weight(ev) / total
    rows = [(s.index, s.type_scores) for s in doc.sentences if s.type_scores]
    if not rows:
        return f
    paragraphs = paragraph_rows(doc)
    views: dict[str, list[tuple[float, dict[str, float]]]] = {
        "lead": [(1.0, rows[0][1])],
        "next": [(1.0, p) for _, p in rows[1:1 + NEXT]],
        "pos": [(1.0 / (1 + i), p) for i, p in rows],
        "all": [(1.0, p) for _, p in rows],
        "para1": [(1.0, p) for p in paragraphs[0]],
        "para2": [(1.0, p) for p in paragraphs[1]] if len(paragraphs) > 1 else [],
    }
    for name, weighted in views.items():
        norm = sum(w for w, _ in weighted) or 1.0
        for w, probs in weighted:
            for t, p in probs.items():
                f[f"{name}={t}"] = f.get(f"{name}={t}", 0.0) + w * p / norm
    return f


def paragraph_rows(doc: Document) -> list[list[dict[str, float]]]:
    """The sentence model's type probabilities grouped by paragraph (blank-line separated): a feature lead
    that sets the scene leaves the news to the second paragraph."""
    breaks = [m.start() for m in re.finditer("\n\n", doc.text)]  # found once, not rescanned per sentence
    groups: dict[int, list[dict[str, float]]] = {}
    for s in doc.sentences:
        if s.type_scores:
            groups.setdefault(bisect_right(breaks, s.start - 2), []).append(s.type_scores)
    return [groups[k] for k in sorted(groups)]


def story_model_path(ontology: Ontology) -> Path:
    from .extract import model_paths

    type_path = model_paths(ontology).type
    return type_path.with_name(type_path.name.replace("type", "story"))


class Story:
    """Stage: decide the document's main event (see module docstring)."""

    name = "story"

    def __init__(self, ontology: Ontology) -> None:
        path = story_model_path(ontology)
        self.model = LinearModel.load(path) if path.exists() else None
        self.ontology = ontology

    def decide(self, doc: Document) -> MainEvent | None:
        if not doc.events:
            return None
        if len(doc.sentences) <= 1:  # the main clause's act before one that sets the scene or glosses it
            ev = max(doc.events, key=lambda e: (e.plain, "derived_from" not in e.decided_by,
                                                 not (e.trigger is not None and subordinate(e.trigger)),
                                                 e.confidence))
            return MainEvent(ev.event, ev.id, {"rule": "most confident event of the main clause"})
        score = pyramid_scores(doc)
        etype, decided = score.most_common(1)[0][0], {"rule": "inverted pyramid"}
        if self.model is not None:
            probs = dict(zip(self.model.classes, self.model.proba(story_features(doc)).tolist()))
            etype = max(probs, key=probs.__getitem__)
            decided = {"story_model": round(probs[etype], 4)}
        rep = max((e for e in doc.events if e.event == etype), key=weight, default=None)
        promised = rep.decided_by.get("promised") if rep is not None and etype == "AGREE" else None
        if promised in CONCESSIONS and "CONCEDE" in self.ontology:  # PLOVER: a promised concession is a concession
            etype, decided = "CONCEDE", {**decided, "rule": f"story about a promise to {promised}"}
        return MainEvent(etype, rep.id if rep else None, decided)

    def __call__(self, doc: Document) -> Document:
        doc.main_event = self.decide(doc)
        return doc


def main_event(doc: Document) -> tuple[str | None, Any]:
    """(type, representative event) the document is about, as the story stage decided."""
    if doc.main_event is None:
        return None, None
    return doc.main_event.event, next((e for e in doc.events if e.id == doc.main_event.event_id), None)
