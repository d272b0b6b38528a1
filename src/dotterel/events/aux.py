"""Auxiliary modes of an event predicate: negated, hypothetical, future (historical is set from dates).

Read off the dependency parse around the trigger: its own auxiliaries and negation,
the verbs that govern it ("considered imposing", "failed to reach") and conditional
clauses ("if ... would") between it and the sentence root.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MODALS = {"would", "could", "might", "may", "should", "can", "must"}
FUTURE_AUX = {"will", "shall", "'ll"}
NEGATORS = {"not", "n't", "never", "no"}
NO_ONE = {"nobody", "none", "noone"}  # "nobody attacked the convoy"; "no one" is the determiner "no" on "one"
NEGATING_HEADS = {"fail", "deny"}
HYPOTHETICAL_HEADS = {"consider", "threaten", "propose", "offer", "mull", "weigh", "want", "hope", "seek", "intend",
                      "could", "might", "may", "vow", "warn", "ready", "willing", "prepare", "urge", "call", "ask",
                      "demand", "request", "appeal", "press", "refuse", "reject", "decline", "risk", "need"}
FUTURE_HEADS = {"plan", "schedule", "due", "set", "expect", "go", "aim", "agree", "pledge", "promise"}
# "decided to lift the curfew" reports the decision, which is the act: not a promise, not the future
CONDITIONAL_MARKS = {"if", "unless", "should", "whether", "lest"}
# Verbs that report what someone said; each stage adds the verbs its own question needs.
REPORTING = frozenset({"say", "tell", "announce", "declare", "state", "add", "confirm", "report", "insist", "warn", "claim",
                       "note", "stress"})
SPEECH = REPORTING | {"promise", "pledge", "vow", "reiterate", "assert"}  # a commitment's clause is still reported


@dataclass(frozen=True)
class AuxModes:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False


def _own(tok: Any) -> tuple[bool, bool, bool]:
    neg = hyp = fut = False
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and low in NEGATORS):
            neg = True
        elif c.dep_ in ("aux", "auxpass"):
            if low in MODALS:
                hyp = True
            elif low in FUTURE_AUX:
                fut = True
        elif c.dep_ == "mark" and low in CONDITIONAL_MARKS:
            hyp = True
        elif c.dep_ in ("nsubj", "nsubjpass", "dobj") and (low in NO_ONE or any(g.dep_ == "det" and g.lower_ == "no"
                                                                               for g in c.children)):
            neg = True  # "no talks were held", "held no talks", "nobody signed it"
    return neg, hyp, fut


def clause_verb(trigger: Any) -> Any:
    """The verb whose clause a trigger reports: the verb a nominal trigger is the object of
    ("will renew the curfew order": "curfew" -> "order" -> "renew"), else the trigger itself."""
    tok = trigger
    while tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
    return tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass") else trigger


def conditioned(tok: Any) -> bool:
    """A clause opened by a conditional mark: "if", "unless", "whether"."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in tok.children)


def declaring_clause(head: Any) -> Any:
    """The verb whose clause a declaring word stands in: the copula of "is willing to", else the word itself."""
    return head.head if head.dep_ == "acomp" else head


def participial(tok: Any) -> bool:
    """A bare participle clause ("..., banning all gatherings") shares the tense and mood of its head."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(c.dep_ == "mark" for c in tok.children)


def said_in(tok: Any) -> bool:
    """The clause is what a verb of saying reports: "said (that) it would ..."."""
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH


def reported_would(tok: Any) -> bool:
    """'X said it would do Y': future in the past, not a condition (unless an if-clause follows)."""
    return (any(c.dep_ == "aux" and c.lower_ == "would" for c in tok.children) and said_in(tok)
            and not any(c.dep_ == "advcl" and conditioned(c) for c in tok.children))


def declaring_word(trigger: Any) -> Any:
    """Where a declaration whose trigger is the act declared sits: "is willing to withdraw" declares willingness
    on the copula, which was said, though the withdrawal is only intended. Else the trigger itself."""
    if trigger.dep_ != "xcomp" or trigger.head.lemma_.lower() not in HYPOTHETICAL_HEADS | FUTURE_HEADS:
        return trigger
    return declaring_clause(trigger.head)


def declaration_modes(trigger: Any, refusal: bool = False) -> AuxModes:
    """Aux modes of a declaration (a promise, threat, demand or refusal) read where it is declared: "said it
    would be ready to talk" reports a readiness stated, not one to come. For a refusal read off a negation
    ("is not willing to withdraw"), the "not" is the refusal, not its negation."""
    word = declaring_word(trigger)
    modes = aux_modes(word)
    return AuxModes(modes.negated and not refusal, modes.hypothetical, modes.future and not reported_would(word))


def aux_modes(trigger: Any) -> AuxModes:
    """Aux modes for the event whose trigger token is given."""
    neg, hyp, fut = _own(trigger)
    if hyp and reported_would(trigger):
        hyp, fut = False, True
    if trigger.dep_ == "acl" and trigger.head.pos_ == "NOUN" and any(c.lower_ == "to" for c in trigger.children):
        hyp = True  # "attempts to threaten", "plans to attack": an intention named, not an act reported
    if trigger.pos_ == "NOUN":
        # "no talks were held": negation on the determiner or on the governing verb
        if any(c.lower_ == "no" for c in trigger.children):
            neg = True
        verb = trigger.head if trigger.dep_ == "nsubj" else clause_verb(trigger)
        if verb is not trigger:
            hn, hh, hf = _own(verb)
            neg, hyp, fut = neg or hn, hyp or hh, fut or hf
    tok = trigger
    steps = 0
    while tok.dep_ in ("xcomp", "acomp", "advcl", "conj", "dobj", "pcomp", "pobj", "prep", "ccomp") and steps < 6:
        head = tok.head
        lemma = head.lemma_.lower()
        if tok.dep_ in ("xcomp", "pcomp", "dobj", "prep", "pobj"):
            if lemma in NEGATING_HEADS:
                neg = True
            elif lemma in HYPOTHETICAL_HEADS:
                hyp = True
            elif lemma in FUTURE_HEADS:
                fut = True
        # "will extend the curfew, banning ...": the same tense; "is not willing to": the copula's negation
        if tok.dep_ in ("xcomp", "acomp", "conj") or participial(tok):
            hn, hh, hf = _own(head)
            neg, hyp, fut = neg or hn, hyp or hh, fut or hf
        if tok.dep_ == "advcl" and conditioned(tok):
            hyp = True
        if tok.dep_ == "ccomp":
            break  # reported speech: the speaker's verb does not change the reported event's mode
        tok = head
        steps += 1
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
           for c in trigger.children) and (hyp or fut):
        hyp = True
    return AuxModes(negated=neg, hypothetical=hyp, future=fut and not hyp)
