"""What an act asks for, promises, threatens or refuses: the complements of its trigger and the act a cue names
there. Shared by the cue lexicon (an asking act recast by what it asks for), the events stage (the mode of an
asking act, what a promise promises) and the intent stage."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cues import CueHit


def complements(trigger: Any, deps: tuple[str, ...] = ("xcomp", "ccomp", "dobj"),
                preps: tuple[str, ...] = ("to", "for", "of", "with")) -> list[Any]:
    """What an act asks for, promises, threatens or refuses: its complement verbs and objects ("threatened to
    expel the envoys", "warned that it would ban the party", "called for the release of ..."), looking through
    plans and verbs that only carry the act."""
    comps = [c for c in trigger.children if c.dep_ in deps]
    comps += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]
    comps += [g for c in comps for g in c.children if g.dep_ == "conj"]
    comps += [a for c in comps for a in _planned(c)]
    return comps + [a for c in comps for a in _carried(c)]


def _planned(noun: Any) -> list[Any]:
    """What an accepted plan, deal or set of terms sets out to do: "agreed to a plan to end the occupation",
    "accepted the terms of an accord to close the prison camps"."""
    if noun.pos_ != "NOUN":
        return []
    nouns = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                     if g.dep_ == "pobj" and g.pos_ == "NOUN")]
    return [a for n in nouns for a in n.children if a.dep_ == "acl" and a.pos_ == "VERB"
            and any(t.dep_ == "aux" and t.lower_ == "to" for t in a.children)]


PROMISE_CARRIERS = frozenset({"work", "continue", "implement", "ensure", "make", "take", "begin", "start", "move",
                              "seek", "try", "help", "keep", "respect", "honour", "honor", "observe", "renew",
                              "resume", "rekindle", "intensify", "escalate", "step"})
# Nouns that only frame the act their "of" or compound names: "declared a state of siege" declares the siege,
# "began a round of talks" begins the talks, "pledged to resume the shelling campaign" pledges shelling.
FRAMES = frozenset({"state", "wave", "series", "round", "spate", "campaign"})
# Quantity words stand for the things counted: "withdrew some of its troops" is about the troops,
# "thousands of nurses went on strike" about the nurses.
QUANTITIES = frozenset({"some", "many", "most", "all", "part", "half", "bulk", "rest", "number", "dozen", "hundred",
                        "thousand", "million", "score", "group", "contingent", "unit", "batch", "shipment", "ten",
                        "crowd", "handful"})


def counted(tok: Any, words: frozenset[str] = QUANTITIES) -> Any | None:
    """The noun a quantity word counts ("some of its troops", "tens of thousands of workers"), or with `words`
    naming framing nouns the act a frame frames ("a state of siege"); else None."""
    if tok.lemma_.lower() not in words:
        return None
    return next((g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"), None)


def _carried(tok: Any, depth: int = 2) -> list[Any]:
    """The act a carrier verb of a promise holds: "agreed to work on implementing the truce", "pledged to work
    with Dhaka to scrap the restrictions", "agreed to respect the ceasefire", "vowed to step up a campaign of
    ambushes"."""
    if depth == 0 or tok.pos_ != "VERB" or tok.lemma_.lower() not in PROMISE_CARRIERS:
        return []
    inner = [c for c in tok.children if c.dep_ in ("xcomp", "dobj", "advcl")]
    inner += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pcomp"]
    framed = [g for c in inner if c.lemma_.lower() in FRAMES for g in _framed(c)]
    return inner + framed + [a for c in inner for a in _carried(c, depth - 1)]


def _framed(noun: Any) -> list[Any]:
    """The acts a framing noun frames: its compound ("the shelling campaign") and its "of" object."""
    of = counted(noun, FRAMES)
    return [c for c in noun.children if c.dep_ == "compound"] + ([of] if of is not None else [])


def named_act(comps: list[Any], hits: list[CueHit]) -> CueHit | None:
    """The act a cue names on one of the given complements (`promise_complements`, `complements`): what is
    promised, asked for, threatened or refused; its strongest hit."""
    at = {c.i for c in comps}
    return max((h for h in hits if h.token.i in at), key=lambda h: h.weight, default=None)
