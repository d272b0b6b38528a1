"""Who did it and to whom: actor and recipient phrases for an event trigger, from the dependency parse.

Cascade:
 1. the trigger's own subject (active) or "by"-agent (passive); objects, datives and
    role prepositions ("on", "against", "with", "to") give the recipient; a passive
    subject is the recipient;
 2. a trigger without a subject (an infinitive, a participle, a nominal report) borrows
    the subject of the verb that governs it, or the noun it modifies; nouns take their
    possessor or "by" phrase;
 3. coordinated phrases ("Russia and North Korea") become one list.
"""
from __future__ import annotations

from typing import Any

from ..actors.resolve import DEPLOY_VERBS, FORCES, moved_by_verb, shared_head_partners
from ..document import Actor, Sentence
from .aux import REPORTING, clause_verb
from .complements import counted
from .cues import ENDING_VERBS, LIGHT_VERBS, PERMITTING_VERBS, claimed

RECIPIENT_PREPS = {"on", "against", "with", "to", "at", "upon", "toward", "towards", "from", "over", "for", "of", "into",
                   "between"}
SUBJECTS = {"nsubj", "csubj"}
IMPERSONAL = {"there", "this", "that", "which", "who"}
PRONOUNS = {"they", "he", "she", "it", "we", "i"}
SPEECH = REPORTING | {"demand", "argue"}  # who speaks, for pronouns and reported obligations


def _through_quantity(sent: Sentence, tok: Any) -> Any:
    """"Thousands of workers", "a group of students": the people counted are the actor, not the count."""
    if tok.i in sent.actors or (things := counted(tok)) is None:
        return tok
    return _through_quantity(sent, things)


def _actor_list(sent: Sentence, tok: Any, objects: bool = False) -> list[Actor]:
    """The actor at `tok` plus actors coordinated with it; things (`kind="object"`) only when allowed."""
    tok = _through_quantity(sent, tok)
    out = []
    for t in [tok, *shared_head_partners(tok), *_conjuncts(tok)]:
        a = sent.actors.get(t.i)
        impersonal = t.pos_ in ("PRON", "DET") and t.lower_ in IMPERSONAL  # "who", but not "WHO" (the organisation)
        if a is not None and not impersonal and (objects or a.kind != "object"):
            out.append(a)
    return out


def _conjuncts(tok: Any) -> list[Any]:
    found, frontier = [], [tok]
    while frontier:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                found.append(c)
                frontier.append(c)
    return found


# Documents that act only for whoever issued them ("a decree granting ...", "a ruling ordering ...").
DOCUMENTS = frozenset({"decree", "law", "bill", "order", "resolution", "statement", "report", "letter", "declaration",
                       "ruling", "verdict", "communique", "motion", "directive", "memorandum", "note", "warrant"})


def _subject(verb: Any, climb: bool = True) -> tuple[Any | None, bool]:
    """(subject token, is_agent_of_passive) of a verb, following governing verbs when needed
    (not with `climb` off: "until the demands are met by X" has its own subject or none)."""
    tok, steps = verb, 0
    while steps < (5 if climb else 1):
        for c in tok.children:
            if c.dep_ in SUBJECTS:
                return c, False
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, True
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "ADJ":
            tok = tok.head.head  # "X were guilty of violating ...", "responsible for attacking ..."
        elif tok.dep_ == "prep" and tok.head.pos_ == "VERB":
            tok = tok.head  # "ended the walkout after reaching a deal": who reached it is who ended it
        elif tok.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") and tok.head.i != tok.i:
            if tok.dep_ == "ccomp" and tok.head.lemma_ in ("say", "tell", "report", "claim", "state", "add", "note"):
                return None, False
            tok = tok.head
        elif (tok.dep_ == "acl" and tok.head.lemma_.lower() in DOCUMENTS and tok.head.dep_ == "dobj"
              and tok.head.head.pos_ == "VERB"):
            tok = tok.head.head  # "parliament passed a resolution criticising X": who issued it acts
        elif tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head, False
        else:
            return None, False
        steps += 1
    return None, False


def _speaker_for_pronoun(subj: Any) -> Any:
    """'X said they will ...': a pronoun subject of reported speech is the speaker."""
    if subj.pos_ != "PRON" or subj.lower_ not in PRONOUNS:
        return subj
    clause = subj.head
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH:
        speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if speaker is not None and speaker.pos_ != "PRON":
            return speaker
    return subj


ORDERING = frozenset({"order", "tell", "instruct", "direct", "command", "ask", "urge", "require"})  # X is made to act
TOPIC_VERBS = frozenset({"discuss", "debate"})  # their object is a topic, not a party
# Verbs of transfer: with a destination ("sent experts to X", "delivered food into X", "gave X ..."),
# the direct object is what was moved, not who received it.
TRANSFER_VERBS = frozenset({"send", "deliver", "provide", "supply", "ship", "give", "donate", "grant", "hand", "transfer",
                            "lend", "extend", "dispatch", "deploy", "airlift", "fly", "sell", "export", "channel",
                            "return", "repatriate", "restore"})


def _destination(trigger: Any) -> bool:
    return trigger.lemma_.lower() in TRANSFER_VERBS and any(
        c.dep_ in ("dative", "iobj") or (c.dep_ == "prep" and c.lower_ in ("to", "into")) for c in trigger.children)


def _stray_destination(trigger: Any) -> list[Any]:
    """"Returned a painting that was stolen in 1989 from a gallery to its owner": a long object can swallow
    the destination in the parse; the last "to"/"into" phrase inside it is where the thing went."""
    if trigger.lemma_.lower() not in TRANSFER_VERBS:
        return []
    obj = next((c for c in trigger.children if c.dep_ == "dobj"), None)
    preps = [t for t in obj.subtree if t.dep_ == "prep" and t.lower_ in ("to", "into")
             and not any(a.dep_ == "aux" and a.lower_ == "to" for a in t.head.children)  # "permission to inject into X"
             ] if obj is not None else []
    return [g for g in preps[-1].children if g.dep_ == "pobj"] if preps else []


def _recipient_tokens(sent: Sentence, trigger: Any, event_nouns: frozenset[str]) -> tuple[list[Any], dict[int, float]]:
    """Candidate recipient heads, best sources first, and the ranks of the place-only ones by index
    (a last resort, for acts done to a place: "a curfew in Bangkok")."""
    cands = []
    # "ordered the newspaper to suspend publication", "ordered X to appear for questioning": who is made to act
    clause = trigger.head.head if trigger.dep_ in ("pobj", "pcomp") and trigger.head.head.pos_ == "VERB" else trigger
    if clause.dep_ == "xcomp" and clause.pos_ == "VERB":
        cands.extend(c for c in clause.head.children if c.dep_ == "dobj" and c.i < clause.i)
        if clause.head.lemma_.lower() in ORDERING:  # "two newspapers were ordered to suspend publication"
            cands.extend(c for c in clause.head.children if c.dep_ == "nsubjpass")
    theme = _destination(trigger)
    stray = [] if theme else _stray_destination(trigger)
    cands.extend(stray)
    for c in trigger.children:
        if c.dep_ == "dobj" and (theme or stray):
            continue
        if c.dep_ in ("dobj", "dative", "iobj") and c.pos_ in ("NOUN", "PROPN", "PRON"):
            cands.append(c)
        elif c.dep_ == "nsubjpass":
            cands.append(c)
    light = trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in LIGHT_VERBS
    for c in [*trigger.children, *(trigger.head.children if light else ())]:  # "launched an assault on X"
        if c.dep_ in ("prep", "dative") and c.lower_ in RECIPIENT_PREPS:
            cands.extend(g for g in c.children if g.dep_ == "pobj")
    for c in trigger.children:  # "reached an agreement with X", "launched an investigation into X"
        if c.dep_ in ("dobj", "pobj", "nsubjpass"):
            agents = _agents(c)  # "condemned a protest by X", "welcomed the decision by X", "a request made by X"
            named_event = c.lemma_.lower() in event_nouns
            if named_event:  # "condemned Israel's attacks on Gaza": the attacker, not the attacked
                agents += [g for g in c.children if g.dep_ == "poss" and g.pos_ != "PRON"]
            cands.extend(agents)
            later = []  # "arrested scores of students": a plain object's "of" phrase comes after its other preps
            for p in c.children:
                if named_event and agents and p.lower_ in ("on", "against", "upon"):
                    continue
                if p.dep_ == "prep" and p.lower_ in RECIPIENT_PREPS:
                    pobjs = [g for g in p.children if g.dep_ == "pobj"]
                    (later if p.lower_ == "of" and not named_event else cands).extend(pobjs)
            cands.extend(later)
        if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS:  # "conceded to demands from X", "called for sanctions against X"
            for g in c.children:
                if g.dep_ == "pobj":
                    for p in g.children:
                        if p.dep_ == "prep" and p.lower_ in ("from", "of", "by", "against", "on", "into"):
                            cands.extend(x for x in p.children if x.dep_ == "pobj")
    for c in trigger.children:  # "called on Russia to stop ..." / "urged X to ..."
        if c.dep_ in ("xcomp", "ccomp"):
            cands.extend(g for g in c.children if g.dep_ == "nsubj")
    cands.extend(_elaborated_targets(trigger, light))
    places: list[Any] = []
    deep: list[Any] = []
    # "threatened to bomb the port", "agreed to supply Chad with ...": what is done to whom; the purpose of an
    # act ("sent ... to help X"), also of a named one ("started a hunger strike to protest against X")
    purposes = ("advcl", "acl", "relcl") if trigger.pos_ == "NOUN" else ("advcl",)
    for c in [*trigger.children, *(trigger.head.children if light else ())]:
        purpose = c.dep_ in purposes and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        if (c.dep_ == "xcomp" or purpose) and c.pos_ == "VERB":
            inner, inner_places = _recipient_tokens(sent, c, event_nouns)
            cands.extend(t for t in inner if t.i not in inner_places)
            places.extend(t for t in inner if inner_places.get(t.i) == PLACE_RANK)  # "agreed to set up an institute in Lagos"
            deep.extend(t for t in inner if inner_places.get(t.i) == DEEP_PLACE_RANK)
    # what was acted upon, directly or through a preposition ("agreed to a truce in eastern Ukraine")
    holders = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")),
               *(g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"),
               *([trigger.head] if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" else [])]  # "imposed a curfew in X"
    places += _places_under(sent, holders)
    # deeper inside what was acted upon ("eased restrictions on the movement of aid workers in conflict zones"),
    # or where a coordinated act, or the act a participle hangs on, was done ("declared a state of siege in X
    # and sent in troops", "arrived in X seeking refuge"): these outrank only things
    inner_heads = {c.head.i: c.head for h in holders[1:] for c in h.subtree
                   if c.dep_ == "prep" and c.lower_ in PLACE_PREPS and c.head.i != h.i}
    siblings = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    joined = trigger.dep_ == "conj" or (trigger.dep_ == "advcl" and trigger.tag_ == "VBG")
    siblings += [trigger.head] if joined and trigger.head.pos_ == "VERB" else []
    deep += _places_under(sent, [*inner_heads.values(),
                                 *(h for v in siblings for h in [v, *(c for c in v.children if c.dep_ == "dobj")])])
    return cands + places + deep, {g.i: DEEP_PLACE_RANK for g in deep} | {g.i: PLACE_RANK for g in places}


PLACE_PREPS = frozenset({"in", "across", "throughout"})


def _places_under(sent: Sentence, heads: list[Any]) -> list[Any]:
    """Places named in the "in X" phrases of these words."""
    return [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
            for g in c.children if g.dep_ == "pobj" for p in _place_in(sent, g)]


def _elaborated_targets(trigger: Any, light: bool) -> list[Any]:
    """Targets named only where the event is spelled out, after the direct ones:
    a participle on the event or its object ("filed a lawsuit accusing X", "carried out raids, targeting X"),
    the head of a compound trigger ("an arrest warrant for X"), and the subject of a clause
    under a preposition ("an investigation into whether X ...")."""
    nouns = [trigger, *(c for c in trigger.children if c.dep_ == "dobj"), *([trigger.head] if light else [])]
    out = [g for n in nouns for c in n.children if c.dep_ in ("acl", "advcl") and c.tag_ == "VBG"
           for g in c.children if g.dep_ == "dobj"]
    if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN":
        out.extend(g for c in trigger.head.children if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS
                   for g in c.children if g.dep_ == "pobj")
    out.extend(g for n in nouns for c in n.children if c.dep_ == "prep"
               for clause in c.children if clause.dep_ == "pcomp" for g in clause.children if g.dep_ in ("nsubj", "nsubjpass"))
    # "lift the sanctions imposed on X": whom the object was aimed at
    out.extend(g for n in nouns[1:] for c in n.children if c.dep_ in ("acl", "relcl")
               for p in c.children if p.dep_ == "prep" and p.lower_ in ("on", "against", "upon")
               for g in p.children if g.dep_ == "pobj")
    # "will not end the strike until X meets ...": the party the condition is put to
    for c in trigger.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("until", "unless") for m in c.children):
            subj, _agent = _subject(c, climb=False)
            out.extend([subj] if subj is not None else [])
    if trigger.pos_ == "NOUN":
        # "its rejection and condemnation of X": coordinated event nouns share their target
        shared = [*_conjuncts(trigger), *([trigger.head] if trigger.dep_ == "conj" else [])]
        out.extend(g for c in shared for p in c.children if p.dep_ == "prep" and p.lower_ in RECIPIENT_PREPS
                   for g in p.children if g.dep_ == "pobj")
    # "its demand that X ease sanctions", "an investigation into claims that X abused ...": whom the
    # content of a demand, or of the claims an act is about, concerns
    contents = [trigger] if trigger.pos_ == "NOUN" else []
    contents += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS
                 for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in CLAIM_NOUNS]
    out.extend(g for n in contents for c in n.children if c.dep_ in ("acl", "ccomp")
               and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
               for g in c.children if g.dep_ in ("nsubj", "nsubjpass"))
    # "called off the strike after an agreement with X", "... after reaching a deal with X": whom it was settled with
    settled = [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "after" for g in c.children
               if g.dep_ == "pobj" or g.dep_ == "pcomp"]
    settled += [g for c in settled if c.dep_ == "pcomp" for g in c.children if g.dep_ == "dobj"]
    out.extend(x for n in settled if n.lemma_.lower() in SETTLEMENTS for p in n.children
               if p.dep_ == "prep" and p.lower_ == "with" for x in p.children if x.dep_ == "pobj")
    # "went on strike in protest at X", "walked out in response to X's decision"
    for n in [trigger, *([trigger.head] if trigger.dep_ in ("dobj", "pobj") else [])]:
        out.extend(x for p in n.children if p.dep_ == "prep" and p.lower_ == "in"
                   for g in p.children if g.dep_ == "pobj" and g.lemma_.lower() in REACTIONS
                   for q in g.children if q.dep_ == "prep" and q.lower_ in ("at", "against", "over", "to", "of")
                   for x in q.children if x.dep_ == "pobj")
    return out


REACTIONS = frozenset({"protest", "response", "opposition", "retaliation", "reaction", "solidarity"})


def _place_in(sent: Sentence, phrase: Any) -> list[Any]:
    """The place a phrase names: itself, or the first place inside it ("parts of the Rift Valley"); a
    place word that only qualifies a noun stands for the noun ("the Maradi region", "northeast Nigeria")."""
    head = next((t for t in phrase.subtree if t.ent_type_ in ("GPE", "LOC") or _named_state(sent, t)), None)
    while head is not None and head.dep_ in ("compound", "amod", "det"):  # "northeast Nigeria", "Idlib province"
        head = head.head
    if head is None and phrase.lemma_.lower() in PLACE_NOUNS:
        head = phrase  # a place named by its kind: "the border region", "Bosnian Serb territory"
    return [head] if head is not None else []


PLACE_NOUNS = frozenset({"region", "territory", "area", "province", "district", "county", "state", "city", "town",
                         "village", "border", "zone", "countryside", "capital", "enclave", "corridor", "valley"})


def _named_state(sent: Sentence, tok: Any) -> bool:
    """A state the actor layer knows by name, where the tagger missed it ("the Central African Republic")."""
    actor = sent.actors.get(tok.i)
    return tok.pos_ == "PROPN" and actor is not None and actor.kind == "state" and actor.resolved_by == "name"


def _agents(noun: Any) -> list[Any]:
    """Who is behind a named event: "a protest by X", "threats made by X", "the complaint filed by X"."""
    out = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            out.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "acl":
            out.extend(g for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj")
    return out


PLACE_RANK = 1.5  # recipient ranks: 0 coded actor or person, 1 unresolved actor, this for a place, 2 a thing
COUNTED_RANK = 1.75  # a group named only by its number: below a place, above a thing
DEEP_PLACE_RANK = 1.9  # a place named deep inside what was acted upon: below a head count, above a thing
MISSIONS = frozenset({"force", "mission", "operation", "contingent"})
TOPIC_RANK = 1.25  # what is discussed: below any actor it is discussed with, above a place
PERSON_PRONOUNS = {"he", "she", "him", "her"}
SETTLEMENTS = {"agreement", "deal", "accord", "settlement", "pact", "compromise"}
CLAIM_NOUNS = {"claim", "allegation", "accusation", "report", "charge", "suggestion", "rumour", "rumor"}
CREATING_VERBS = {"establish", "create", "found", "build", "form", "set"}  # "set up a company in Berlin": made, not acted upon


def _names_event(tok: Any, event_nouns: frozenset[str], cue: str | None) -> bool:
    """The noun is the event itself: part of its cue, or (found without a cue) the object of a verb that
    only carries it ("held talks", "signed a treaty") — not of one that acts on it ("boycotted the talks")."""
    lemma = tok.lemma_.lower()
    if lemma not in event_nouns:
        return False
    carried = tok.head.lemma_.lower() in CARRIERS
    if cue is None or (tok.dep_ == "dobj" and not carried):  # "boycotted the talks": the act is aimed at them
        return carried
    return lemma in cue.replace(":", " ").split()


CARRIERS = LIGHT_VERBS | {"sign", "reach", "conclude", "seal", "ink", "have", "take", "give", "attend", "join", "declare",
                          "announce", "impose", "observe", "call", "order", "extend", "implement", "withdraw",
                          "deploy", "send"}


OBLIGATION_MODALS = {"must", "should", "ought"}
NEED_VERBS = {"need", "have"}  # "Y needs to / has to do Z"


def _obliged(clause: Any) -> bool:
    """Does this verb carry an obligation: "must/should/ought to" on it, or "need/have to" governing it?"""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in clause.children):
        return True
    if clause.lemma_.lower() in NEED_VERBS and any(c.dep_ == "xcomp" for c in clause.children):
        return True  # the trigger is "needs" itself
    return clause.dep_ == "xcomp" and clause.head.lemma_.lower() in NEED_VERBS


def reported_obligation(trigger: Any) -> tuple[Any, Any] | None:
    """(speaker, obliged) for "X said Y must/should/needs to do Z" with the trigger inside Z's clause
    ("must ensure security and provide aid", "must be ready to mediate", "must end the blockade")."""
    clause, obliged = clause_verb(trigger), False
    for _ in range(4):
        obliged = obliged or _obliged(clause)
        if clause.dep_ not in ("xcomp", "conj", "acomp") or clause.head.i == clause.i:
            break
        clause = clause.head
    if not obliged or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH:
        return None
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    obliged_subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if speaker is None or obliged_subject is None or obliged_subject.lower_ in ("we", "i"):
        return None  # "we must act" is a commitment by the speaker, not a demand on another
    return speaker, obliged_subject


def speaker_actors(sent: Sentence, speaker: Any) -> list[Actor]:
    """The actors of a speech verb's subject (for events derived from what was said)."""
    return _actor_list(sent, speaker, objects=True)


def reporting_speaker(sent: Sentence, trigger: Any) -> list[Actor]:
    """Who said it, when the trigger's clause is reported speech led by its speaker ("the minister
    said her government will not ..."): a declaration in someone's words is that speaker's act. A trailing
    attribution ("China will lift the ban, a minister said") leaves the clause's own subject acting."""
    clause = clause_verb(trigger)
    while clause.dep_ in ("xcomp", "conj", "acomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH or clause.head.i > clause.i:
        return []
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.pos_ == "PRON":
        return []
    return speaker_actors(sent, speaker)


def authority_of_place(sent: Sentence, trigger: Any) -> list[Actor]:
    """For an agentless passive act of authority ("was arrested in Niger", "were expelled from Iran"),
    the state where it was done: only its authorities arrest, expel or release there."""
    if not any(c.dep_ == "auxpass" for c in trigger.children) and trigger.dep_ != "acl":
        return []
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "from"):
            for g in c.children:
                if g.dep_ == "pobj":
                    place = next((a for t in [g, *g.subtree] if (a := sent.actors.get(t.i)) and a.kind == "state"), None)
                    if place is not None:
                        return [place]
    return []


def find_roles(sent: Sentence, trigger: Any, event_nouns: frozenset[str] = frozenset(),
               cue: str | None = None, authority: bool = False,
               reciprocal: bool = True, dyadic: bool = False) -> tuple[list[Actor], list[Actor]]:
    """Actor and recipient lists for the event triggered at `trigger` (found by `cue`, if any).

    With `authority` (an act only authorities do: arrests, expulsions, releases), an agentless
    passive act is the act of the state where it was done.

    A thing (not an actor) stands as recipient only when nothing better is found, never
    when it names the event itself ("signed a treaty", "held talks": a noun of `event_nouns`
    that is part of the cue, or any of them without a cue) — but another event can be the
    target ("condemned the attacks") — and never for a `reciprocal` type done by several
    actors (PLOVER: one actor list, no recipient; "talks in Kampala" names the venue), while
    "Turkey and Russia declared a ceasefire in Idlib" keeps its place. A `dyadic` type done by
    several actors is an act between them, coded as event data's dyads are: the first named acts
    toward the others ("Canada and Chile signed a trade pact"), unless a coded actor is the act's
    own target; what the act commits them to ("agreed to share data on X") is not.
    """
    actors: list[Actor] = []
    recipients: list[Actor] = []
    cause = None
    permit = _permission(trigger)
    if permit is not None:  # "Sudan will allow the WFP to deliver food": Sudan acts toward the WFP
        actors = _actor_list(sent, _speaker_for_pronoun(permit[0]), objects=True)
    elif trigger.pos_ == "VERB":
        subj, _agent = _subject(trigger)
        if subj is not None:
            # the subject of the event's own verb acts, whatever it is ("a congressional report called for ...")
            actors = _actor_list(sent, _speaker_for_pronoun(subj), objects=True)
        elif trigger.lemma_.lower() in DEPLOY_VERBS:  # "2,000 soldiers were deployed": the forces act
            moved = next((c for c in trigger.children if c.dep_ == "nsubjpass"), None)
            if moved is not None:
                actors = _actor_list(sent, moved, objects=True)
        elif (cause := _cause(trigger)) is not None:  # "12 were killed when forces shelled X": the forces did it
            actors = _actor_list(sent, cause, objects=True)
    elif trigger.pos_ == "ADJ":
        # "X said that the demands were unacceptable": the speaker judges
        verb = trigger.head
        while verb.dep_ not in ("ccomp", "ROOT") and verb.head.i != verb.i:
            verb = verb.head
        speaker_verb = verb.head if verb.dep_ == "ccomp" else verb
        subj, _ = _subject(speaker_verb)
        if subj is not None:
            actors = _actor_list(sent, subj)
    else:
        # "Australian aid", "Japan's offer"; through a compound: "the government's assistance package"
        owners = [*trigger.children, *(trigger.head.children if trigger.dep_ == "compound" else ())]
        for c in owners:
            if c.dep_ in ("poss", "compound", "amod") and c.i < trigger.i and sent.actors.get(c.i):
                actors = _actor_list(sent, c)
                break
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):  # "criticism from the UN": the source acts
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (c.lower_ == "by" or sent.actors.get(pobj.i) and sent.actors[pobj.i].kind != "object"):
                    actors = _actor_list(sent, pobj)
                    break
        nominal = trigger
        while nominal.dep_ in ("conj", "compound") and nominal.head.i != nominal.i:  # "its rejection and condemnation of ...", "curfew order"
            nominal = nominal.head
        own = sent.actors.get(trigger.i)
        if not actors and own is not None and own.kind != "object" and trigger.dep_ in ("nsubj", "nsubjpass", "ROOT"):
            actors = _actor_list(sent, trigger)  # a subject naming who acts: "protesters burned ...", "peacekeepers arrived"
        if not actors and nominal.dep_ in ("dobj", "attr", "pobj") and nominal.head.pos_ in ("VERB", "ADP"):
            verb = nominal.head if nominal.head.pos_ == "VERB" else nominal.head.head
            if claimed(nominal):  # "X claimed responsibility for the attack": the claimant acts
                verb = verb.head
            subj, _ = _subject(verb)
            if subj is not None:
                actors = _actor_list(sent, _speaker_for_pronoun(subj), objects=True)
    if not actors and authority:  # an act only authorities do: "were detained in Ethiopia"
        actors = authority_of_place(sent, trigger)
    actors = [_antecedent(sent, a, set()) for a in actors]
    # first resolved actor, else first unresolved actor, else the first thing acted upon
    best_rank, best_tok = 3.0, trigger
    taken = {(a.start, a.end) for a in actors}
    tokens, places = _recipient_tokens(sent, trigger, event_nouns)
    if cause is not None:  # "... were killed when forces shelled the market": what the cause hit, as well
        tokens = [*_recipient_tokens(sent, cause.head, event_nouns)[0], *tokens]
    for tok in tokens:
        found = [a for a in _actor_list(sent, tok, objects=True) if (a.start, a.end) not in taken]
        ended = tok.dep_ == "dobj" and trigger.lemma_.lower() in ENDING_VERBS and tok.lemma_.lower() in event_nouns
        if not found or (not found[0].code and found[0].kind != "person" and (ended or _names_event(tok, event_nouns, cue))):
            continue  # the event's own noun, or the activity it ends ("suspended the talks"), is not its target
        own = found[0].sector in FORCES or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)
        if own and moved_by_verb(tok):
            continue  # "sent troops to X", "withdrew peacekeepers from X": the forces moved, not the target
        if (tok.dep_ == "dobj" and tok.head.lemma_.lower() in CREATING_VERBS
                and found[0].kind in ("object", "unknown")):
            continue  # "agreed to set up a research institute in Barcelona": what is made is not the target
        if tok.i in places:
            rank = places[tok.i]  # a place acted upon ("troops deployed in Mali") says more than a thing
        elif _headcount(tok) and (not found[0].code or found[0].resolved_by == "article"):
            rank = COUNTED_RANK  # "killed 48 people in Afghanistan": the place says more than a head count, even
            # one that takes the story's home state
        elif tok.lemma_.lower() in MISSIONS and _places_under(sent, [tok]):
            rank = 2  # "troops for the NATO-led force in Afghanistan": a mission is named by where it serves
        else:
            rank = 0 if any(a.code or a.kind == "person" for a in found) else 2 if found[0].kind == "object" else 1
        if tok.dep_ == "dobj" and tok.head.i == trigger.i and trigger.lemma_.lower() in TOPIC_VERBS:
            rank = max(rank, TOPIC_RANK)  # "discussed Libya with X": whoever it is discussed with comes first
        if rank < best_rank:
            recipients, best_rank, best_tok = found, rank, tok
        if rank == 0:
            break
    allowed = _actor_list(sent, permit[1]) if permit is not None else []
    if allowed:
        recipients = allowed
    if reciprocal and len(actors) >= 2 and best_rank >= PLACE_RANK:
        recipients = []
    recipients = [_antecedent(sent, r, taken) for r in recipients]
    recipients = [r for r in recipients if (r.start, r.end) not in taken]
    if dyadic and len(actors) >= 2 and (best_rank > 0 or not recipients or _promised(trigger, best_tok)):
        return actors[:1], actors[1:]
    return actors, recipients


def clause_place(sent: Sentence, trigger: Any, actors: list[Actor]) -> list[Actor]:
    """Last-resort target: the first state-coded place named in the act's clause ("declared a truce effective
    Sunday in X"), outside its actors and not their own state."""
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    own = {a.code for a in actors}
    for t in clause.subtree:
        a = sent.actors.get(t.i)
        if (a is not None and a.code and a.code not in own and a.kind == "state"
                and (t.ent_type_ in ("GPE", "LOC") or _named_state(sent, t))
                and not any(b.start <= a.start and a.end <= b.end for b in actors)):
            return [a]
    return []


def _cause(trigger: Any) -> Any:
    """The subject of the clause that says how an agentless passive came about ("were killed when X shelled ...")."""
    if not any(c.dep_ == "nsubjpass" for c in trigger.children):
        return None
    return next((g for c in trigger.children if c.dep_ == "advcl" and c.pos_ == "VERB"
                 for g in c.children if g.dep_ == "nsubj" and g.pos_ in ("NOUN", "PROPN")), None)


def _permission(trigger: Any) -> tuple[Any, Any] | None:
    """(who permits, who is permitted) when the act is a permission ("Sudan allowed the WFP to deliver food") or
    one that someone allows another to do (the delivery, read as Sudan's act toward the WFP)."""
    if trigger.lemma_.lower() in PERMITTING_VERBS and trigger.pos_ == "VERB":
        head, act = trigger, next((c for c in trigger.children if c.dep_ in ("ccomp", "xcomp")), None)
    elif trigger.dep_ in ("ccomp", "xcomp") and trigger.head.lemma_.lower() in PERMITTING_VERBS:
        head, act = trigger.head, trigger
    else:
        return None
    party = next((c for c in act.children if c.dep_ == "nsubj"), None) if act is not None else None
    party = party or next((c for c in head.children if c.dep_ == "dobj"), None)
    permitter, _agent = _subject(head)
    return (permitter, party) if party is not None and permitter is not None else None


def _promised(trigger: Any, tok: Any) -> bool:
    """Whether `tok` is in what the trigger commits to ("agreed to share data on X"), not the act's own target."""
    return any(c.i == tok.i or c.is_ancestor(tok) for c in trigger.children if c.dep_ == "xcomp")


def _headcount(tok: Any) -> bool:
    """A group named only by its number: "48 people", "200 troops", "thousands of civilians"."""
    return counted(tok) is not None or any(c.dep_ == "nummod" for c in tok.children)


def _antecedent(sent: Sentence, mention: Actor, taken: set[tuple[int, int]]) -> Actor:
    """"A court convicted a militant ... and sentenced him", "teachers said they will not end the strike":
    a personal pronoun stands for the nearest fitting actor named before it in the same sentence (not one
    the event already has), which then takes its place in the event."""
    word = mention.entity_text.lower()
    if word in PERSON_PRONOUNS:
        fits = lambda a: a.kind == "person" or bool(a.sector)  # noqa: E731
    elif word == "they":
        fits = lambda a: a.kind in ("group", "unknown")  # noqa: E731  # people named as a group, not a place or state
    else:
        return mention
    earlier = [a for a in sent.actors.values() if a.end <= mention.start and fits(a) and (a.start, a.end) not in taken
               and a.entity_text.lower() not in PRONOUNS]
    return max(earlier, key=lambda a: a.end, default=mention)
