"""Places stage: the event location is the place named in "in/at/near X" closest to the trigger.

Cascade: a GPE/LOC/FAC entity inside a locative prepositional phrase of the sentence,
nearest to the trigger; else a state name the actor knowledge resolves ("in Ukraine");
resolved with the gazetteer preferring the actors' countries.
"""
from __future__ import annotations

from typing import Any

from ..actors.knowledge import ActorKnowledge, key_of, load_knowledge
from ..document import Document, Event, Place
from .gazetteer import gazetteer

LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "into", "from"}


def _locative_ents(ents: list[Any]) -> list[Any]:
    out = []
    for ent in ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        head = ent.root
        t = head
        while t.dep_ in ("compound", "pobj", "conj", "appos") and t.head.i != t.i:
            if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE:
                out.append(ent)
                break
            t = t.head
    return out


class Places:
    name = "places"

    def __init__(self, kb: ActorKnowledge | None = None) -> None:
        self.kb = kb or load_knowledge()
        gazetteer()  # loaded with the coder: the first document's time limit is for the document, not the loading

    def __call__(self, doc: Document) -> Document:
        for ev in doc.events:
            ev.event_loc = self.locate(doc, ev)
        return doc

    def locate(self, doc: Document, ev: Event) -> Place | None:
        sent = doc.sentences[ev.sentence]
        ents = _locative_ents(sent.ents)
        if not ents:
            return None
        prefer = {a.code for a in ev.actor + ev.recipient if a.code}
        ent = min(ents, key=lambda e: abs(sent.offset + e.start_char - ev.event_start))
        start = sent.offset + ent.start_char
        name = ent.text.removeprefix("the ")
        if name != ent.text:
            start += 4
        place = Place(name=name, start=start, end=start + len(name))
        geo = gazetteer().lookup(name, prefer)
        if geo is not None:
            place.country, place.lat, place.lon = geo.country, geo.lat, geo.lon
            place.geonameid, place.feature, place.resolution = geo.geonameid, geo.feature, geo.resolution
            place.name = geo.name if geo.resolution == "country" else name
        else:
            hit = self.kb.lookup(list(key_of(name)), 0)
            if hit and hit[1].kind == "state":
                place.country, place.resolution, place.feature = hit[1].code, "country", "PCLI"
        return place
