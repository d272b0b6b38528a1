"""Intent stage: a declared future action, or a stated obligation, is itself an event, as PLOVER defines it.

PLOVER's AGREE includes promises and declared willingness to cooperate, and REJECT
includes refusals. So when an actor declares it will (or is ready to) do something
cooperative — "said they will release the hostages", "is willing to withdraw" — the
declaration is coded AGREE; a declared conflictual act — "will renew the curfew", "will
impose sanctions", "will strike" — is a THREATEN, as CAMEO's threats of force, sanctions,
restrictions and protest are; when it declares it will not — "will not lift the blockade" —
it is coded REJECT, and so is a failed or refused cooperative act — "failed to agree a
budget", "declined to sign" — and an acceptance not given — "did not accept the offer" (one not
given yet, "has not yet accepted", is pending). A promise of force — "vowed more attacks unless the troops leave" — is
a THREATEN, not an AGREE. An act someone says would be done on a condition — "said they would
free the hostages if ..." — is an offer made (AGREE; "would not ... unless" a REJECT), and for
force a threat. When a speaker says another actor must or should do something — "Washington
said Pyongyang must disarm" — the statement is a REQUEST from the speaker
to that actor. The prospective event itself stays, flagged `future`, `negated` or
`hypothetical`, so nothing is reported as having happened that has not.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..document import Document, Event, content_id
from ..ontology import Ontology
from .aux import SPEECH, clause_verb, conditioned, declaring_clause, participial, reported_would, said_in
from .complements import complements
from .cues import CURBS, STOPPING_VERBS
from .roles import reported_obligation, reporting_speaker, speaker_actors

COOPERATIVE_QUADS = {1, 2}
MATERIAL_CONFLICT = 4
NOT_THREATS = {"MOBILIZE"}  # "will hold drills next week" announces a schedule, not a threat
INTENT_HEADS = {"ready", "willing", "prepared", "plan", "intend", "pledge", "promise", "vow", "commit", "determined",
                "offer", "agree"}
REFUSAL_HEADS = {"fail", "refuse", "decline"}
ACCEPTING = frozenset({"accept", "agree", "approve", "endorse", "ratify", "reach"})  # "reach" an agreement
PENDING = frozenset({"yet", "still"})  # "has not yet accepted": undecided, not declined


def refused(trigger: object) -> bool:
    """The trigger is what a governing "failed/refused/declined to" says did not happen."""
    return getattr(trigger, "dep_", "") == "xcomp" and trigger.head.lemma_.lower() in REFUSAL_HEADS


def declined(ev: Event) -> bool:
    """An acceptance reported as not given ("did not accept the offer", "no agreement was reached", "never
    ratified the accord") is a refusal, as "failed to agree" is; one not given yet is still pending."""
    if not ev.negated or ev.future or ev.hypothetical or ev.trigger is None:
        return False
    verb = clause_verb(ev.trigger)
    return verb.lemma_.lower() in ACCEPTING and not any(c.lower_ in PENDING for c in verb.children)


def promise_complements(trigger: Any) -> list[Any]:
    """What a promise commits to: the verb of its complement ("agreed to release the prisoners", "pledged to
    withdraw and disarm") or the noun it accepts or offers ("agreed to a ceasefire", "promised concessions");
    none when the trigger is not a promise."""
    if trigger.lemma_.lower() not in INTENT_HEADS:
        return []
    return complements(trigger, ("xcomp", "dobj"), ("to",))  # "promised to free", "promised concessions"


# Stopping or curbing one's own course ("agreed to halt the dam's construction", "pledged to curb logging in
# the reserve", "agreed to a moratorium on evictions"): what is promised, when no cue names it, is a concession.
CURBING_VERBS = STOPPING_VERBS | CURBS | {"shelve", "drop", "curb", "limit", "remove", "relax", "loosen", "scale",
                                          "dismantle"}
CURBING_NOUNS = frozenset({"freeze", "halt", "moratorium", "suspension", "cessation", "end", "removal", "lifting",
                           "easing", "reduction", "cut", "curb", "rollback"})


def promises_to_stop(comps: list[Any]) -> bool:
    """Does a promise's complement stop or curb something (`promise_complements`)?"""
    return any(c.lemma_.lower() in (CURBING_VERBS if c.pos_ == "VERB" else CURBING_NOUNS) for c in comps)


HEDGES = frozenset({"could", "might", "may"})


def _conditional(tok: Any) -> bool:
    """A clause opened by "if", "unless" or "whether" states a condition, and "could be willing" a possibility:
    neither is a declaration."""
    return conditioned(tok) or any(c.dep_ == "aux" and c.lower_ in HEDGES for c in tok.children)


def declares_intent(trigger: object) -> bool:
    """Future auxiliary on the trigger, or a governing intent word ("ready to", "pledged to"), outside a
    condition ("unless Cairo is willing to reopen the crossing" declares nothing)."""
    tok = clause_verb(trigger)  # "will renew the curfew": the declaration is on the verb
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
        tok = tok.head.head  # "ready to contribute aircraft to a peacekeeping force"
    for _ in range(3):
        if _conditional(tok):
            return False
        if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in tok.children) or reported_would(tok):
            return True
        if tok.dep_ in ("xcomp", "acomp") and tok.head.lemma_.lower() in INTENT_HEADS:
            head = tok.head  # "is willing to": the copula carries the clause's mark
            return not (_conditional(head) or _conditional(declaring_clause(head)))
        if tok.dep_ != "xcomp" and not participial(tok):
            return False
        tok = tok.head
    return False


def conditional_declaration(trigger: object) -> bool:
    """An act someone says would be done on a condition ("said they would free the hostages if the prisoners
    were released", "Moscow would lift the ban if Kyiv withdrew, the minister said"): an offer or a threat
    made, as CAMEO and PLOVER code conditional offers and threats. Unreported, "would ... if" is only a
    supposition ("the economy would shrink if ...")."""
    tok = clause_verb(trigger)
    if not (any(c.dep_ == "aux" and c.lower_ == "would" for c in tok.children)
            and any(c.dep_ == "advcl" and conditioned(c) for c in tok.children)):
        return False
    return said_in(tok) or any(c.dep_ in ("ccomp", "parataxis") and c.lemma_.lower() in SPEECH and c.i > tok.i
                               for c in tok.children)  # "..., the minister said"


class Intent:
    name = "intent"

    def __init__(self, ontology: Ontology) -> None:
        self.ontology = ontology
        self.enabled = {"AGREE", "REJECT"} <= set(ontology.types)

    def __call__(self, doc: Document) -> Document:
        if not self.enabled:
            return doc
        added: list[Event] = []
        for i, ev in enumerate(doc.events):
            demand = reported_obligation(ev.trigger) if ev.trigger is not None and "REQUEST" in self.ontology else None
            if demand is not None:
                sent = doc.sentences[ev.sentence]
                speaker = speaker_actors(sent, demand[0])
                if speaker and ev.event == "REQUEST":  # the request is the speaker's, made of the one obliged,
                    # and was made: "must" or "should" mark what is asked for, not the asking
                    doc.events[i] = replace(ev, actor=speaker, recipient=speaker_actors(sent, demand[1]) or ev.actor,
                                            negated=False, hypothetical=False, future=False)
                elif speaker:
                    added.append(self._derived(ev, "REQUEST", f"stated obligation to {ev.event}",
                                               actor=speaker, recipient=ev.actor))
                continue
            if self._promises_force(ev):  # "promised more attacks unless ...": a promise of force is a threat
                doc.events[i] = self._derived(ev, "THREATEN", f"promise to {ev.decided_by['promised']}")
                continue
            quad = self.ontology.types[ev.event].quad
            if ev.trigger is None:
                continue
            conditional = conditional_declaration(ev.trigger)
            if quad == MATERIAL_CONFLICT and ev.event not in NOT_THREATS and "THREATEN" in self.ontology:
                if ev.actor and not ev.negated and (conditional or declares_intent(ev.trigger)):
                    how = "conditional threat" if conditional else "declared intent"
                    added.append(self._declared(doc, ev, "THREATEN", f"{how} to {ev.event}"))
                continue
            if quad not in COOPERATIVE_QUADS:
                continue
            if refused(ev.trigger) or declined(ev):
                added.append(self._declared(doc, ev, "REJECT", f"refusal to {ev.event}"))
                continue
            if ev.event == "AGREE" and not ev.negated:
                continue  # a promise is already AGREE; "will not agree" is a refusal, below
            if not ev.actor or any(c.dep_ == "auxpass" for c in ev.trigger.children):
                continue  # a declaration needs someone declaring: "will be held" is a schedule, not a pledge
            if not (conditional or declares_intent(ev.trigger)):
                continue  # "could send", "if ... might": a possibility, not a declaration
            etype = "REJECT" if ev.negated else "AGREE"
            if conditional:
                rule = f"conditional {'refusal' if ev.negated else 'offer'} to {ev.event}"
            else:
                rule = f"declared intent to {'not ' if ev.negated else ''}{ev.event}"
            added.append(self._declared(doc, ev, etype, rule))
        doc.events.extend(added)
        doc.events.sort(key=lambda e: (e.sentence, e.event_start))
        return doc

    def _promises_force(self, ev: Event) -> bool:
        """An AGREE whose promised act is material conflict (not a mere deployment)."""
        act = ev.decided_by.get("promised") if ev.event == "AGREE" and not ev.negated else None
        return (act in self.ontology and self.ontology.types[act].quad == MATERIAL_CONFLICT and act not in NOT_THREATS
                and "THREATEN" in self.ontology)

    def _declared(self, doc: Document, ev: Event, etype: str, rule: str) -> Event:
        """A declaration derived from `ev`: when reported, the speaker declares it ("X said Y will not ...")."""
        speaker = reporting_speaker(doc.sentences[ev.sentence], ev.trigger)
        return self._derived(ev, etype, rule, actor=speaker) if speaker else self._derived(ev, etype, rule)

    def _derived(self, ev: Event, etype: str, rule: str, **roles: list) -> Event:
        """A plain event of `etype` made from `ev` (same words and offsets), saying which rule made it."""
        spec = self.ontology.types[etype]
        return replace(
            ev, event=etype, mode=spec.mode_for_act(ev.event, ev.mode),  # "will arrest them": a threat to arrest
            quad_code=spec.quad, quad_class=self.ontology.quad_name(etype), event_scale=spec.scale,
            negated=False, future=False, hypothetical=False,
            decided_by={**ev.decided_by, "rule": rule, "derived_from": ev.event}, id=content_id(f"{ev.id}:{etype}"),
            **roles,
        )
