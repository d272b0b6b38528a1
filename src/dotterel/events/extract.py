"""Events stage: decide which events each sentence reports (cue lexicon + learned model), then write them.

Cascade per sentence, cheap first:
 1. cue lexicon: trigger words with type (and mode) hints, weighted by clause position;
 2. the learned model scores every type (and "no event") from the sentence's features,
    cue hits included, so a cue can be overruled by context;
 3. the most probable type becomes the main event when it beats "no event"; other types
    with their own clause-level cue and some model support become further events;
 4. roles and auxiliary modes come from the parse around each event's trigger.
Every event records what decided it: the cue (if any) and the model's probability.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ..document import Actor, Document, Event, Sentence, content_id
from ..errors import ResourceError
from ..nlp.encoder import encoder
from ..ontology import Ontology
from .aux import SPEECH, aux_modes, declaration_modes
from .cues import NO_ACT, CueHit, CueLexicon, sent_for
from .features import sentence_features
from .complements import complements, named_act
from .intent import promise_complements, promises_to_stop
from .model import LinearModel
from .roles import clause_place, find_roles

NONE = NO_ACT  # the model's class for no event, named as the lexicon's section of senses that are no act
MIN_SECONDARY = 0.10  # model probability a further event needs, besides its own clause-level cue
PROMISE_MIN = 0.25  # type model probability at which a promise's complement, read alone, names the act promised,
PROMISE_MARGIN = 2.0  # when it is also this many times as probable as the next act
CLAUSE_CUE = 0.7  # cue weight from which a cue counts as the clause's own predicate
CUE_BONUS = 0.25  # how much a clause-level cue adds to its type's score when ranking
CONTEXT_GATE = 0.6  # below this top probability, the sentence is also read in context (about 2/3 of a parse)
CONTEXT_WEIGHT = 0.4  # the contextual model's share in the geometric mean of the two models
CONTEXT_SHARE = 0.15  # at most this share of a document's sentences is read in context (at least one)


@dataclass
class Candidate:
    event: str
    mode: str | None
    trigger: Any
    confidence: float
    decided_by: dict[str, Any]


class ModelPaths(NamedTuple):
    type: Path  # the bag-of-features type model
    mode: Path  # modes per type
    context: Path  # the type model over contextual sentence vectors


@dataclass
class Reading:
    """One sentence as the models read it: its features and cue hits, the cheap model's type
    probabilities and, where the sentence was also read in context, the contextual model's."""

    feats: dict[str, float]
    hits: list[CueHit]
    cheap: np.ndarray
    context: np.ndarray | None = None

    def proba(self) -> np.ndarray:
        """The cheap model's probabilities, or their weighted geometric mean with the contextual model's."""
        if self.context is None:
            return self.cheap
        mixed = np.exp((1 - CONTEXT_WEIGHT) * np.log(self.cheap + 1e-9) + CONTEXT_WEIGHT * np.log(self.context + 1e-9))
        return mixed / mixed.sum()


def model_paths(ontology: Ontology) -> ModelPaths:
    """Where an ontology's trained weights live: beside a user file, or in the package for built-ins."""
    from ..resources import DATA_DIR

    if ontology.path is not None and DATA_DIR not in ontology.path.parents:
        base = ontology.path.with_suffix(".model")
        return ModelPaths(base / "type.npz", base / "mode.npz", base / "context.npz")
    return ModelPaths(*(DATA_DIR / "models" / f"{ontology.name}_{kind}.npz" for kind in ("type", "mode", "context")))


def load_lexicon(ontology: Ontology) -> CueLexicon | None:
    """The cue lexicon named `<ontology>_cues`, if one exists (custom ontologies may have none)."""
    try:
        return CueLexicon.load(f"{ontology.name}_cues", ontology)
    except ResourceError as exc:
        if "no lexicons named" in str(exc):
            return None
        raise


def _fallback_trigger(sent: Any) -> Any:
    """Without a cue: the main verb, looking through speech verbs to what was said."""
    tok = sent.root
    for _ in range(3):
        if tok.lemma_.lower() not in SPEECH:
            break
        inner = next((c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if inner is None:
            break
        tok = inner
    if tok.pos_ == "AUX":  # "said the EU should be ready to mediate": the verb inside the predicate
        tok = next((g for c in tok.children if c.dep_ in ("acomp", "attr") for g in c.children
                    if g.dep_ == "xcomp" and g.pos_ == "VERB"), tok)
    if tok.pos_ in ("VERB", "NOUN"):
        return tok
    return next((t for t in sent if t.pos_ == "VERB"), tok)


REFUSAL = "REJECT"
AUTHORITY_ACTS = frozenset({"COERCE", "SANCTION", "RETREAT"})  # arrests, expulsions, releases: done by a state

EXERCISES = frozenset({"exercise", "drill", "game", "maneuver", "manoeuvre", "patrol", "wargame"})
BOUNDARIES = frozenset({"border", "frontier", "boundary"})
JOINT = frozenset({"joint", "combined", "multinational", "bilateral", "trilateral", "multilateral", "allied"})


def joint_exercise(trigger: Any, actors: list[Any], recipients: list[Any]) -> bool:
    """Drills held by several parties together are military cooperation (CAMEO 062), not a show of force:
    several actors ("Kenya and Uganda", "the US and its allies"), "joint drills", or "drills with X"."""
    nouns = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass"))]
    if not {n.lemma_.lower() for n in nouns} & EXERCISES:
        return False
    mods = [c for n in nouns for c in n.children]
    if any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in JOINT for c in mods):
        return True
    if recipients and any(c.dep_ == "prep" and c.lower_ == "with" and c.doc[max(c.i - 1, 0)].lemma_.lower() not in BOUNDARIES
                          for c in [*mods, *trigger.children]):
        return True  # "drills with Kenya", not "drills near the border with Kenya"
    return len({a.code or a.entity_text for a in actors}) >= 2 or any(" and " in a.entity_text for a in actors)


def _main_cues(sent: Any, clause_cue: dict[str, CueHit]) -> list[CueHit]:
    """The acts the sentence's main verb (under a verb of saying, the verb of what was said) names: with its object
    ("withdrew its peacekeepers": `withdraw:peacekeeper`, the most specific cue a verb can have), or, when it sends,
    with what it sent them to do ("sent jets to destroy the reactor")."""
    verb = sent.root
    if verb.lemma_.lower() in SPEECH:
        verb = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB"), verb)
    purposes = sent_for(verb)
    return [h for h in clause_cue.values()
            if (h.token.i == verb.i and ":" in h.cue and h.weight >= 1.0) or h.token.i in purposes]


def written_word(tok: Any) -> Any:
    """The word as written around the token (a spaCy span): a hyphenated word the parser split ("cease-fire",
    "sit-in", "cyber-attack") is one trigger, not its head token alone."""
    doc = tok.doc
    first = last = tok.i
    while first >= 2 and doc[first - 1].text == "-" and not doc[first - 1].whitespace_ \
            and not doc[first - 2].whitespace_:
        first -= 2
    while last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_ \
            and not doc[last + 1].whitespace_:
        last += 2
    return doc[first:last + 1]


class Events:
    """Stage: classify each sentence and write its events to `doc.events`."""

    name = "events"

    def __init__(self, ontology: Ontology, context_gate: float = CONTEXT_GATE) -> None:
        self.ontology = ontology
        self.lexicon = load_lexicon(ontology)
        self.event_nouns = self.lexicon.event_nouns if self.lexicon else frozenset()
        paths = model_paths(ontology)
        self.type_model = LinearModel.load(paths.type)
        self.mode_model = LinearModel.load(paths.mode) if paths.mode.exists() else None
        self.context_model = LinearModel.load(paths.context) if paths.context.exists() and context_gate > 0 else None
        if self.context_model is not None and self.context_model.classes != self.type_model.classes:
            raise ResourceError(f"{paths.context}: its types differ from {paths.type}; run `dotterel train`")
        self.context_gate = context_gate
        if self.context_model is not None:
            encoder()  # built with the coder, so that no document's time limit pays for it

    def features(self, sent: Any) -> tuple[dict[str, float], list[CueHit]]:
        hits = self.lexicon.match(sent) if self.lexicon else []
        return sentence_features(sent, hits), hits

    def read(self, sents: list[Any]) -> list[Reading | None]:
        """Read a document's sentences (spaCy Spans; None for fragments): all with the cheap model, and the
        least confident of those below the gate also in context, within the document's budget
        (CONTEXT_SHARE of its sentences, at least one; a gate of 1 reads every sentence)."""
        readings: list[Reading | None] = []
        for sent in sents:
            if sum(1 for t in sent if t.is_alpha) < 3:
                readings.append(None)
                continue
            feats, hits = self.features(sent)
            readings.append(Reading(feats, hits, self.type_model.proba(feats)))
        if self.context_model is None:
            return readings
        unsure = sorted(((r.cheap.max(), i, r) for i, r in enumerate(readings)
                         if r is not None and r.cheap.max() < self.context_gate), key=lambda x: x[:2])
        if self.context_gate < 1.0:
            unsure = unsure[:max(1, round(CONTEXT_SHARE * len(sents)))]
        if unsure:
            for (_p, i, reading), vec in zip(unsure, encoder().encode([sents[i].text for _p, i, _r in unsure])):
                reading.context = self.context_model.proba_vector(vec)
        return readings

    def predict(self, sent: Any, reading: Reading | None) -> tuple[list[Candidate], dict[str, float]]:
        """Decide: the events one sentence (a spaCy Span) reports, and the model's probability of each type."""
        if reading is None:
            return [], {}
        hits = reading.hits
        scores = dict(zip(self.type_model.classes, reading.proba().tolist()))
        proba = dict(scores)
        p_none = proba.pop(NONE, 0.0)
        # a clause-level cue (the sentence's own predicate) adds its weight to its type's score (the strongest
        # such cue's); the type's trigger is its clause-level cue nearest the root ("stormed a police post after
        # striking it with car bombs": the storming)
        clause_cue: dict[str, CueHit] = {}
        bonus: dict[str, float] = {}
        for h in sorted(hits, key=lambda h: (sum(1 for _ in h.token.ancestors), -h.weight)):
            if h.weight >= CLAUSE_CUE:
                clause_cue.setdefault(h.event, h)
                bonus[h.event] = max(bonus.get(h.event, 0.0), h.weight)
        score = {t: p + CUE_BONUS * bonus.get(t, 0.0) for t, p in proba.items()}
        ranked = sorted(score, key=lambda t: -score[t])
        main = _main_cues(sent, clause_cue)  # what the main verb names outranks what the model reads elsewhere
        if main and ranked[0] not in {h.event for h in main}:
            named = max(main, key=lambda h: proba[h.event])  # of the types its cue allows, the one the model prefers
            ranked.remove(named.event)
            ranked.insert(0, named.event)
        best = ranked[0]
        out: list[Candidate] = []
        best_hit = clause_cue.get(best) or max((h for h in hits if h.event == best), key=lambda h: h.weight, default=None)
        if proba[best] >= p_none or (best in clause_cue and score[best] >= p_none):
            out.append(self._candidate(best, proba[best], best_hit, sent, reading))
        used = {c.trigger.i for c in out}
        for etype in ranked[1:]:
            hit = clause_cue.get(etype)
            if hit and hit.token.i not in used and proba[etype] >= MIN_SECONDARY and p_none < 0.5:
                out.append(self._candidate(etype, proba[etype], hit, sent, reading))
                used.add(hit.token.i)
        return out, scores

    def _candidate(self, etype: str, p: float, hit: CueHit | None, sent: Any, reading: Reading) -> Candidate:
        trigger = hit.token if hit else _fallback_trigger(sent)
        mode = hit.mode if hit else None
        decided: dict[str, Any] = {"model": round(p, 4), "cue": hit.cue if hit else None}
        spec = self.ontology.types[etype]
        if spec.modes_by_act and (asked := self._asked_mode(etype, trigger, reading)):
            mode, decided["mode_from"] = asked
        if etype == "AGREE":
            decided.update(self._promise(trigger, reading))
        if reading.context is not None:
            decided["context_model"] = round(float(reading.context[self.type_model.classes.index(etype)]), 4)
        if mode is None and self.mode_model is not None and spec.modes:
            probs = dict(zip(self.mode_model.classes, self.mode_model.proba(reading.feats).tolist()))
            options = {m: probs.get(f"{etype}|{m}", 0.0) for m in spec.modes}
            m_best = max(options, key=options.__getitem__)
            if options[m_best] >= 0.2:
                mode = m_best
                decided["mode_model"] = round(options[m_best], 4)
        return Candidate(etype, mode, trigger, p, decided)

    def _asked_mode(self, etype: str, trigger: Any, reading: Reading) -> tuple[str, str] | None:
        """(mode, cue) of an asking act from the act it asks for, promises, threatens or refuses: a complement's
        act ("threatened to expel the envoys": a threat to expel), or the act the trigger names itself ("will
        arrest the leaders"); None when that act's type and mode give the asking type no mode."""
        act = named_act([*complements(trigger), trigger], [h for h in reading.hits if h.event != etype])
        mode = self.ontology.types[etype].mode_for_act(act.event, act.mode) if act is not None else None
        return (mode, act.cue) if mode else None

    def _promise(self, trigger: Any, reading: Reading) -> dict[str, Any]:
        """What a promise promises ("agreed to release the prisoners": AGREE, to RETREAT): the cue of its
        complement; else, when it promises to stop or curb something no cue names ("agreed to halt the dam's
        construction", "agreed to a moratorium on new checkpoints"), a concession; else the type model's reading
        of the complement alone ("agreed to abolish its rules against the minority"), when the model is sure
        enough that it is an act of another type."""
        comps = promise_complements(trigger)
        act = named_act(comps, reading.hits)
        if act is not None:
            return {"promised": act.event} if act.event != "AGREE" else {}
        if promises_to_stop(comps) and "CONCEDE" in self.ontology:
            return {"promised": "CONCEDE"}  # "agreed to stop building the dam": to stop its own course
        comp = next(iter(comps), None)
        if comp is None or comp.left_edge.i == comp.right_edge.i and comp.pos_ != "VERB":
            return {}  # a bare noun ("promised help") is too little to read
        span = comp.doc[comp.left_edge.i:comp.right_edge.i + 1]
        hits = [h for h in reading.hits if span.start <= h.token.i < span.end]
        feats = {**sentence_features(span, hits), f"root={comp.lemma_.lower()}": 1.0}  # read as a clause of its own
        probs = dict(zip(self.type_model.classes, self.type_model.proba(feats).tolist()))
        best, second = sorted((t for t in probs if t not in (NONE, "AGREE")), key=lambda t: -probs[t])[:2]
        if probs[best] < PROMISE_MIN or probs[best] < PROMISE_MARGIN * probs[second]:
            return {}
        return {"promised": best, "promised_model": round(probs[best], 4)}

    def _roles(self, sent: Sentence, cand: Candidate) -> tuple[list[Actor], list[Actor]]:
        spec = self.ontology.types[cand.event]
        return find_roles(sent, cand.trigger, self.event_nouns, cand.decided_by.get("cue"),
                          authority=cand.event in AUTHORITY_ACTS, reciprocal=spec.reciprocal, dyadic=spec.dyadic)

    def __call__(self, doc: Document) -> Document:
        doc_id = doc.doc_id
        readings = self.read([sent.span for sent in doc.sentences])
        for sent, reading in zip(doc.sentences, readings):
            candidates, sent.type_scores = self.predict(sent.span, reading)
            for cand in candidates:
                actor, recipient = self._roles(sent, cand)
                if cand.event == "MOBILIZE" and "COOPERATE" in self.ontology and joint_exercise(cand.trigger, actor, recipient):
                    cand = replace(cand, event="COOPERATE", mode=None,
                                   decided_by={**cand.decided_by, "rule": "exercise held by several parties"})
                    actor, recipient = self._roles(sent, cand)  # the new type's conventions (a dyad) apply
                spec = self.ontology.types[cand.event]
                if not recipient and not (spec.reciprocal and len(actor) >= 2):
                    recipient = clause_place(sent, cand.trigger, actor)
                    if recipient:
                        cand.decided_by["recipient"] = "place in clause"  # a reply found later may replace it
                refusal = cand.event == REFUSAL and cand.decided_by.get("cue") is None  # read off "is not willing to"
                aux = declaration_modes(cand.trigger, refusal) if spec.asks else aux_modes(cand.trigger)
                word = written_word(cand.trigger)  # the span's own text: Doc.text rebuilds the whole document
                t0 = sent.offset + word.start_char
                doc.events.append(Event(
                    event=cand.event, sentence=sent.index, event_text=word.text,
                    event_start=t0, event_end=sent.offset + word.end_char,
                    confidence=cand.confidence, decided_by=cand.decided_by, mode=cand.mode,
                    actor=actor, recipient=recipient, quad_code=spec.quad,
                    quad_class=self.ontology.quad_name(cand.event), event_scale=spec.scale,
                    negated=aux.negated, hypothetical=aux.hypothetical, future=aux.future,
                    id=content_id(f"{doc_id}:{t0}:{cand.event}"), trigger=cand.trigger,
                ))
        return doc
