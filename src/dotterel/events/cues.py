"""Cue lexicon: explainable trigger words per event type, loaded from `data/lexicons/<name>.yaml`."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..errors import ResourceError
from ..ontology import Ontology
from ..places.gazetteer import gazetteer
from ..resources import data_path, load_yaml
from .complements import FRAMES, QUANTITIES, complements, counted, named_act

# Clause positions that report the sentence's own event; cues elsewhere (inside a noun's
# modifier, a subject) get a lower weight.
CLAUSAL = {"ROOT", "ccomp", "xcomp", "conj", "advcl", "pcomp", "parataxis", "relcl"}


def clause_level(tok: Any) -> bool:
    """Does the token report the sentence's own event (not a modifier inside a noun phrase)?"""
    if tok.dep_ == "conj" and tok.head.i != tok.i:
        return clause_level(tok.head)
    if tok.dep_ in CLAUSAL:
        return True
    if tok.dep_ == "acl" and (tok.head.pos_ == "PROPN" or tok.head.ent_type_ == "PERSON"):
        return True  # "Minister Kim called on ...": a main verb the parser hung on the name
    if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and any(c.dep_ in ("dobj", "prep") for c in tok.head.children):
        return False  # "a gunman wounded three guards": the subject acts; its verb reports the event
    return tok.pos_ != "VERB" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "acomp")


_HALTS = frozenset({"end", "stop", "halt", "suspend", "cease", "abandon", "lift", "cancel", "terminate"})
# Verbs that cut an activity back ("reduced military aid", "eased the curfew").
CURBS = frozenset({"reduce", "cut", "slash", "freeze", "lower", "ease"})

# Verbs whose object names an activity being ended, cut back or broken ("ended the strike",
# "reduced military aid", "violated the ceasefire"): the event is what the verb does to it.
ENDING_VERBS = _HALTS | CURBS | {"curtail", "withhold", "violate", "breach", "break"}

# Verbs that stop the act they govern ("stopped shooting", "halted the offensive"): stopping an act the
# ontology says how to end is an act of that type (a ceasefire, an easing), whatever cue the act has.
STOPPING_VERBS = _HALTS | {"revoke", "rescind", "repeal", "scrap", "overturn", "annul", "withdraw"}
STOPPED_WEIGHT = 0.9  # as specific as a verb with an object ("halt:offensive") that the lexicon does not list


MODIFIER = 0.5  # a cue's weight factor where it does not report the clause's own act


def _position(tok: Any) -> float:
    """A cue's weight for where it stands: the clause's own predicate, or a modifier."""
    return 1.0 if clause_level(tok) else MODIFIER


def _as_modifier(h: CueHit) -> CueHit:
    """The hit weighed as a modifier's cue: named in the clause, but not its own act."""
    return replace(h, weight=h.weight * MODIFIER)


# Decisions that order an act: overturning one stops the act ("overturned the ruling on their deportation").
RULINGS = frozenset({"decision", "order", "ruling", "verdict", "directive"})
# Nouns that name the stopping of the act their "of", "to", "on" or "in" names ("a pause in the fighting", "a halt
# to the offensive", "a moratorium on evictions"): the stopping is the act, as with a stopping verb.
STOPPING_NOUNS = frozenset({"halt", "pause", "cessation", "suspension", "end", "freeze", "moratorium", "stop",
                            "lifting", "ending", "termination", "cancellation", "abandonment", "suspending"})
STOPPING_PREPS = frozenset({"of", "to", "on", "in"})


def stopper(tok: Any) -> Any | None:
    """The verb or noun that stops the act `tok` names: "stopped shooting", "halted the offensive", "put an end to
    the siege", "revoked the order for his detention", "a pause in the fighting"; None when nothing stops it."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("on", "of", "for") and head.head.lemma_.lower() in RULINGS:
        tok, head = head.head, head.head.head  # the ruling is what the verb stops
    if (tok.dep_ in ("dobj", "nsubjpass") and tok.pos_ == "NOUN") or (tok.dep_ == "xcomp" and tok.tag_ == "VBG"):
        return head if head.pos_ == "VERB" and head.lemma_.lower() in STOPPING_VERBS else None
    if tok.dep_ == "pobj" and head.lower_ == "to":  # "put an end to the siege", "brought an end to the fighting"
        end = head.head if head.head.lemma_.lower() == "end" else next(
            (c for c in head.head.children if c.dep_ == "dobj" and c.lemma_.lower() == "end"), None)
        if end is not None and end.dep_ == "dobj":
            return end.head
    noun = head.head  # "agreed to a pause in the fighting", "called for a halt to the offensive"
    stops = tok.dep_ in ("pobj", "pcomp") and head.lower_ in STOPPING_PREPS and noun.pos_ == "NOUN"
    return noun if stops and noun.lemma_.lower() in STOPPING_NOUNS else None


def _verb_argument(tok: Any) -> bool:
    """A verb, or a noun a verb governs (directly or through a preposition): "agreed to a pause in the fighting"
    reports the pause; "talks on the lifting of sanctions" do not report a lifting."""
    head = tok.head.head if tok.dep_ == "pobj" else tok.head
    return tok.pos_ == "VERB" or head.pos_ in ("VERB", "AUX")


# The lexicon's section of senses of event words that report no act ("released its annual report", "arrested the
# decline of the peso", "took charge of the portfolio"): as the most specific key found, a sense stops the search
# for a cue, and the object it names is read.
NO_ACT = "NONE"


# Verbs that only carry the event their object names ("launched an offensive", "staged a walkout",
# "held talks", "expressed its condemnation", "declared a ceasefire", "gave concessions"): the noun is the
# clause's predicate and its cue counts as fully as a verb's.
LIGHT_VERBS = frozenset({"launch", "conduct", "stage", "mount", "hold", "wage", "unleash", "carry", "begin", "start",
                         "resume", "continue", "intensify", "escalate", "step", "make", "issue", "lodge", "file",
                         "express", "voice", "register", "declare", "give"})


# Claiming responsibility for an act (CAMEO 015, which PLOVER does not code) reports the act as the claimant's:
# "claimed responsibility for the bombing" is the bombing.
CLAIMING_VERBS = frozenset({"claim", "take", "accept", "assume", "admit"})


def claimed(tok: Any) -> bool:
    """Is the noun the act of a claim of responsibility ("claimed responsibility for the attack")?"""
    prep = tok.head
    noun = prep.head
    return (tok.dep_ == "pobj" and prep.lower_ == "for" and noun.lemma_.lower() == "responsibility"
            and noun.dep_ == "dobj" and noun.head.lemma_.lower() in CLAIMING_VERBS)


THROUGH_OF = QUANTITIES | FRAMES  # what a verb's object key reads through to its "of" noun


# Instruments a leader signs at home: the signing says nothing; what the decree does decides.
DOMESTIC_INSTRUMENTS = frozenset({"decree", "law", "bill", "order", "legislation", "ordinance", "amendment"})


OBJECTS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})
# Prepositions that set the scene of what a verb does to its object ("stopped work in a strike", "arrested
# students at a rally"): their object is not what the verb acts on.
SETTING_PREPS = frozenset({"in", "at", "during", "amid", "amidst", "throughout"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})  # a named place after a preposition gives the key `verb:prep <place>`


def named_place(tok: Any) -> bool:
    """A place's name: one of spaCy's place entities, or a capitalised word without an article that the
    gazetteer knows (the small model tags many towns of the news as persons or organisations: "withdrew from
    Kherson"; "the Union" is no town)."""
    if tok.ent_type_ in PLACE_ENTITIES:
        return True
    if not tok.text[:1].isupper() or any(c.dep_ == "det" for c in tok.children):
        return False
    start = min([c.i for c in tok.children if c.dep_ == "compound"] + [tok.i])  # "El Fasher"
    return gazetteer().lookup(tok.doc[start:tok.i + 1].text) is not None


WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


def _asks_question(clause: Any) -> bool:
    """A clause that is an embedded question ("asked why the talks failed", "asked what Kyiv wanted")."""
    return clause.dep_ == "ccomp" and clause.left_edge.tag_ in WH_TAGS and clause.left_edge.i < clause.i


def _objects(verb: Any) -> list[Any]:
    """The nouns a "verb:object" cue can name: direct objects and the objects of its prepositions."""
    return [c for c in verb.children if c.dep_ in OBJECTS] + [
        g for c in verb.children if c.dep_ in ("prep", "dative") for g in c.children if g.dep_ == "pobj"]


def _named_objects(verb: Any, key: str) -> set[int]:
    """Token indices of the objects a verb's "verb:object" key names ("approve:request": the request)."""
    if verb.pos_ != "VERB" or ":" not in key:
        return set()
    named = key.rsplit(":", 1)[1].split()[-1]
    return {o.i for o in _objects(verb) if o.lemma_.lower() == named}


def _uncovered(hits: list[CueHit], read: set[int]) -> list[CueHit]:
    """A verb cue that names its object ("approved the request": `approve:request`, "withdrew the peacekeepers"),
    or a sense that is no act ("took charge of": `take:charge`; token indices `read`), has read the object already:
    the object noun's own cue (`n:request`, `n:charge`) is not a second act."""
    covered = read.union(*(_named_objects(h.token, h.cue) for h in hits))
    return [h for h in hits if h.token.i not in covered] if covered else hits


# Verbs that send people somewhere: what they were sent to do ("sent experts to investigate the crash",
# "dispatched jets to bomb the depots") is the act the sending carried out.
SENDING_VERBS = frozenset({"send", "dispatch", "despatch", "deploy", "fly", "rush"})
# Purposes that only say what role the sent take ("sent to reinforce the garrison", "to support the police",
# "to help flood victims"): the sending stays the act.
ROLES = frozenset({"reinforce", "bolster", "strengthen", "join", "augment", "replace", "relieve", "boost", "support",
                   "help", "assist", "back", "protect", "guard", "secure", "serve"})


def sent_for(verb: Any) -> set[int]:
    """Token indices of what a sending verb sent its objects to do ("sent experts to investigate ..."); none for
    a verb that sends nothing."""
    if verb.lemma_.lower() not in SENDING_VERBS:
        return set()
    return {c.i for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"
            and c.lemma_.lower() not in ROLES and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)}


def _demote_sendings(hits: list[CueHit]) -> list[CueHit]:
    """A sending whose purpose clause names an act of another type weighs as a modifier's cue: the purpose is the
    event ("sent a team to investigate" is an investigation, "dispatched jets to bomb the depots" an attack)."""
    out = []
    for h in hits:
        if h.token.pos_ == "VERB":
            purposes = sent_for(h.token)
            if purposes and any(o.token.i in purposes and o.event != h.event for o in hits):
                h = _as_modifier(h)
        out.append(h)
    return out


# Letting another party act ("let the Red Cross deliver medicine", "gave the UN permission to inspect the
# site", "allowed aid into the city"): the act is the letting, of the type the ontology's `allowed_by` names.
PERMITTING_VERBS = frozenset({"allow", "permit", "let", "authorize", "authorise", "enable"})
PERMISSION_NOUNS = frozenset({"permission", "approval", "authorization", "authorisation", "clearance", "go-ahead"})


# Circumstances that let something happen are no party giving permission ("a lull in the fighting allowed
# agencies to deliver food": the delivery is the event); nor is an event ("the truce allowed ...").
CIRCUMSTANCES = frozenset({"weather", "lull", "calm", "pause", "respite", "break", "improvement", "situation",
                           "condition", "change", "drop", "rise"})


def _permitted(tok: Any) -> tuple[Any, list[Any]] | None:
    """(the act of permitting, what it permits) for a permission word: "allowed aid agencies to deliver food"
    permits the delivery; "gave approval for the UN to deliver aid", "permission to use its airspace"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in PERMITTING_VERBS:
        return tok, [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj", "nsubjpass")]
    if tok.pos_ != "NOUN" or lemma not in PERMISSION_NOUNS:
        return None
    comps = [c for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB"]
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":  # "gave approval for the UN to deliver aid"
        comps += [c for c in tok.head.children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for"
                                                                            for m in c.children)]
        tok = tok.head
    return tok, comps


def permissions(sent: Any, hits: list[CueHit]) -> list[tuple[Any, set[int]]]:
    """(act of permitting, token indices of what it permits) for each permission a party gives in the sentence;
    a subject that is a circumstance or an event (it has a cue) gives none."""
    cued = {h.token.i for h in hits}
    out = []
    for tok in sent:
        permit = _permitted(tok)
        if permit is None:
            continue
        act, comps = permit
        subj = next((c for c in act.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ == "NOUN" and (subj.lemma_.lower() in CIRCUMSTANCES or subj.i in cued):
            continue
        out.append((act, {t.i for c in comps for t in c.subtree}))
    return out


# Protest verbs that mean something else with an object or a clause ("demonstrates its commitment", "rallied
# support", "showed that"): their bare cue counts only when they stand alone.
SHOWING = frozenset({"demonstrate", "rally", "march"})


@dataclass(frozen=True)
class CueHit:
    event: str
    mode: str | None
    token: Any  # the trigger token
    cue: str
    weight: float  # 1.0 clause-level specific cue .. 0.3 nominal modifier


class CueLexicon:
    """Cue keys -> (type, mode) hints, read with the ontology's rules for acts: `endings` maps an act to the type
    of stopping it (`ended_by`), `allowings` to the type of letting another party do it (`allowed_by`); `asking`
    are the types whose complement is asked for, promised, threatened or refused (`asks`), so not their
    clause's act, and `recasts` what asking for an act of a type is instead (`types_by_act`)."""

    def __init__(self, cues: dict[str, list[tuple[str, str | None]]], ontology: Ontology) -> None:
        types = ontology.types.values()
        self.cues = cues
        self.endings = {t.name: t.ended_by for t in types if t.ended_by}
        self.allowings = {t.name: t.allowed_by for t in types if t.allowed_by}
        self.asking = frozenset(t.name for t in types if t.asks)
        self.recasts = {t.name: t.types_by_act for t in types if t.types_by_act}
        # verbs with a `<place>` key: only for them is a preposition's object looked up as a place's name
        self.place_verbs = frozenset(k.split(":")[0].split()[0] for k in cues if k.endswith(" <place>"))

    @classmethod
    def load(cls, name: str, ontology: Ontology) -> CueLexicon:
        """The lexicon `name`, checked against the ontology's types (and its NO_ACT section of senses)."""
        known_types = set(ontology.types) | {NO_ACT}
        path = data_path("lexicons", name)
        raw = load_yaml(path) or {}
        if not isinstance(raw, dict):
            raise ResourceError(f"{path}: expected a mapping of event type to cue list")
        cues: dict[str, list[tuple[str, str | None]]] = {}
        for etype, items in raw.items():
            if etype not in known_types:
                raise ResourceError(f"{path}: cue type {etype!r} is not in the ontology")
            for item in items or []:
                text, _, mode = str(item).partition("@")
                senses = cues.setdefault(text.strip(), [])
                if etype != NO_ACT:
                    senses.append((etype, mode.strip() or None))
        return cls(cues, ontology)

    @property
    def event_nouns(self) -> frozenset[str]:
        """Nouns that name events ("treaty", "talks", "attack"): objects that are not recipients."""
        return frozenset(k[2:].split()[-1] for k in self.cues if k.startswith("n:"))

    def keys_for(self, tok: Any) -> list[tuple[str, float]]:
        """Cue keys a token can match, most specific first, with a specificity weight."""
        lemma = tok.lemma_.lower()
        pos = tok.pos_
        keys: list[tuple[str, float]] = []
        if pos == "VERB":
            objs, parts = [], []
            has_object = any(c.dep_ in OBJECTS for c in tok.children)
            naming = any(c.dep_ in ("oprd", "attr") for c in tok.children)  # "called him a liar"
            for c in tok.children:
                if c.dep_ in ("dobj", "nsubjpass") and not naming and (c.ent_type_ == "PERSON" or any(
                        g.dep_ == "appos" and g.ent_type_ == "PERSON" for g in c.children)):
                    objs.append("<person>")  # "called Lavrov", "shot the mayor, Ali Musa": a person as the object
                if c.dep_ in OBJECTS:
                    if lemma == "sign" and c.lemma_.lower() in DOMESTIC_INSTRUMENTS:
                        return []
                    if (things := counted(c, THROUGH_OF)) is not None:
                        objs.append(things.lemma_.lower())
                    objs.append(c.lemma_.lower())
                    objs.extend(f"{g.lemma_.lower()} {c.lemma_.lower()}" for g in c.children if g.dep_ == "compound")
                elif c.dep_ == "prt":
                    parts.append(c.lower_)
                elif c.dep_ in ("prep", "dative") and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children):
                    if has_object and c.lower_ in SETTING_PREPS:
                        continue  # "stopped work in a strike" names no strike, "gave $5m in aid" is no "give in"
                    pobjs = [g for g in c.children if g.dep_ == "pobj"]
                    # "withdrew from Kherson / from the town" before "withdrew from" (a treaty, a bloc)
                    if lemma in self.place_verbs:
                        objs.extend(f"{c.lower_} <place>" for g in pobjs if named_place(g))
                    objs.extend(f"{c.lower_} {g.lemma_.lower()}" for g in pobjs)
                    objs.append(c.lower_)  # "called on Moscow", not "called on Friday"
                    objs.extend(g.lemma_.lower() for g in pobjs)
            # what the verb does with its verb complement ("declined to comment": `decline:to comment`), then with
            # any ("sought to shield its ally" is an attempt: `seek:to *`)
            verbs = [c for c in tok.children if c.dep_ == "xcomp"]
            keys += [(f"{lemma}:to {c.lemma_.lower()}", 1.0) for c in verbs]
            keys += [(f"{lemma}:to *", 1.0)] if verbs else []
            if any(_asks_question(c) for c in tok.children):
                objs.append("question")  # "asked why the visit was cancelled" asks what "asked a question" asks
            keys += [(f"{lemma} {p}:{o}", 1.0) for p in parts for o in objs]  # "call off:strike"
            keys += [(f"{lemma}:{o}", 1.0) for o in objs]
            keys += [(f"{lemma} {p}", 1.0) for p in parts]
            keys += [(f"{lemma} {o}", 0.9) for o in objs if " " not in o]
            if not (lemma in SHOWING and any(c.dep_ in ("dobj", "ccomp") for c in tok.children)):
                keys.append((lemma, 0.8))  # "demonstrated outside the embassy", not "demonstrates its commitment"
        elif pos in ("NOUN", "PROPN"):
            comps = [c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
            obj = tok.head if tok.dep_ == "conj" and tok.head.dep_ == "dobj" else tok  # "its rejection and condemnation"
            if obj.dep_ == "pobj" and obj.head.lower_ == "of" and obj.head.head.lemma_.lower() in FRAMES:
                obj = obj.head.head  # "launched a wave of airstrikes": the frame is the verb's object
            light = obj.dep_ == "dobj" and obj.head.lemma_.lower() in LIGHT_VERBS or claimed(tok)
            keys += [(f"n:{c} {lemma}", 1.0 if light else 0.9) for c in comps]
            keys.append((f"n:{lemma}", 1.0 if light else 0.6))
        elif pos == "ADJ":
            keys.append((f"a:{lemma}", 0.7))
        return keys

    def _reading(self, tok: Any) -> tuple[str | None, list[CueHit]]:
        """The token's most specific matching key and its hits (none for a sense that is no act)."""
        for key, spec in self.keys_for(tok):
            found = self.cues.get(key)
            if found is not None:
                return key, [CueHit(etype, mode, tok, key, spec * _position(tok)) for etype, mode in found]
        return None, []

    def match(self, sent: Any) -> list[CueHit]:
        hits: list[CueHit] = []
        stopped: list[tuple[Any, list[CueHit]]] = []
        read: set[int] = set()  # objects a sense that is no act has read ("took charge of the portfolio")
        for tok in sent:
            # "ended the strike": the verb reports the event (its end), not the noun
            ended = tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in ENDING_VERBS
            stop = stopper(tok) if self.endings else None
            if ended and stop is None:
                continue
            key, found = self._reading(tok)
            if key is not None and not found:
                read |= _named_objects(tok, key)
            if stop is not None and any(h.event in self.endings for h in found):
                stopped.append((stop, found))  # "stopped shooting": the act is the stopping
            elif not ended:
                hits += found
        specific = {h.token.i for h in hits if ":" in h.cue}  # the lexicon's own "end:strike" decides
        for stop, found in stopped:
            if stop.i in specific:
                continue
            weight = STOPPED_WEIGHT * (_position(stop) if _verb_argument(stop) else MODIFIER)
            hits += [CueHit(self.endings[h.event], None, stop, f"{stop.lemma_.lower()}:{h.cue}", weight)
                     for h in found if h.event in self.endings]
        return self._recast(self._asked_for(self._allowed(sent, _demote_sendings(_uncovered(hits, read)))))

    def _recast(self, hits: list[CueHit]) -> list[CueHit]:
        """An asking act is what its type's `types_by_act` makes of the act it asks for: "called for sanctions
        against the junta", "urged prosecutors to charge the officers" denounce the party they target."""
        if not self.recasts:
            return hits
        out = []
        for h in hits:
            recast = self.recasts.get(h.event)
            if recast and h.token.pos_ == "VERB":
                act = named_act(complements(h.token), [o for o in hits if o.event != h.event])
                if act is not None and act.event in recast:
                    h = CueHit(recast[act.event], None, h.token, f"{h.cue}:{act.cue}", h.weight)
            out.append(h)
        return out

    def _allowed(self, sent: Any, hits: list[CueHit]) -> list[CueHit]:
        """An act that a permission lets another party do ("allowed aid agencies to deliver food") weighs as a
        modifier's cue; the permission is an act of the type the permitted act's `allowed_by` names."""
        if not self.allowings:
            return hits
        for act, span in permissions(sent, hits):
            inside = [h for h in hits if h.token.i in span and h.event in self.allowings]
            if not inside:
                continue
            named = {id(h) for h in inside}
            hits = [_as_modifier(h) if id(h) in named else h for h in hits]
            first: dict[str, CueHit] = {}  # one permission per type it makes, named after its first permitted act
            for h in inside:
                first.setdefault(self.allowings[h.event], h)
            weight = STOPPED_WEIGHT * _position(act)
            hits += [CueHit(etype, None, act, f"{act.lemma_.lower()}:{h.cue}", weight) for etype, h in first.items()]
        return hits

    def _asked_for(self, hits: list[CueHit]) -> list[CueHit]:
        """An act inside what another act asks for, promises, threatens or refuses ("urged Iran to release the
        tanker", "warned that it would strike", "renewed its demand that Washington lift the sanctions") is not
        the clause's own act: its cue weighs as a modifier's."""
        asking = {h.token.i for h in hits if h.event in self.asking and h.token.pos_ == "VERB"}
        asking_nouns = {h.token.i for h in hits if h.event in self.asking and h.token.pos_ == "NOUN"}
        askers = asking | asking_nouns
        if not askers:
            return hits
        out = []
        for h in hits:
            t = h.token
            while t.dep_ in ("xcomp", "ccomp") and t.head.i not in askers:
                t = t.head
            asked = (t.dep_ in ("xcomp", "ccomp") and t.head.i in asking
                     or t.dep_ in ("acl", "advcl", "ccomp") and t.pos_ == "VERB" and t.head.i in asking_nouns)
            out.append(_as_modifier(h) if asked and h.token.i not in askers else h)
        return out
