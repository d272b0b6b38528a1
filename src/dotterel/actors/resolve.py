"""Actors stage: every noun phrase that can fill an event role is resolved to an actor.

Decide (`phrase_of`, `Resolver.resolve`) and write (`Actors.__call__` stores, per sentence,
a map from head token to Actor and the document's entity list) are kept apart.

Resolution cascade for one phrase:
 1. a known name (state, capital/seat metonym, demonym, IGO, group, office holder) in the
    phrase, skipping names inside "to/in/at X" (an ambassador *to* Seoul is not Korean);
 2. an earlier mention in the same article (surname, office noun, "he"/"she");
 3. otherwise unresolved: the text is kept and `code` stays None, never guessed.
Sector comes from office/institution words (data/actors/offices.yaml), else the name's kind.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..document import Actor, Document, Sentence
from ..ingest.clean import dateline
from .knowledge import ActorKnowledge, Entry, key_of, load_knowledge

ROLE_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "iobj", "dative", "agent", "appos", "conj", "poss", "attr", "ROOT", "npadvmod"}
NOMINAL = {"NOUN", "PROPN", "PRON"}
CUT_DEPS = {"relcl", "acl", "advcl", "cc", "conj", "appos", "ccomp", "xcomp", "parataxis", "dep", "mark"}
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
INNER_PUNCT = {"-", "–", "'", "’", "."}
FOREIGN_PREPS = {"to", "in", "at", "from", "on", "against", "with", "over"}
SAFE_PRONOUNS = {"he", "she", "him", "her"}


def phrase_tokens(head: Any) -> list[Any]:
    """Tokens of the noun phrase headed by `head`: modifiers kept, clauses and coordinations cut."""
    keep = [head]
    for child in head.children:
        if _named_by_apposition(head, child):  # "his Iranian counterpart, Mostafa Najjar": the name is the actor's
            keep.extend(head.doc[head.i + 1:child.i])
            keep.extend(t for t in child.subtree if t.dep_ not in CUT_DEPS or t.i == child.i)
            continue
        if child.dep_ in CUT_DEPS or child.is_space or (child.dep_ == "punct" and child.text not in INNER_PUNCT):
            continue
        if child.dep_ == "prep" and child.i > head.i and child.lower_ not in {"of", "to", "for"}:
            continue
        if child.dep_ == "prep" and child.lower_ == "to" and not _has_propn(child):
            continue
        keep.extend(t for t in child.subtree if not t.is_space)
    keep.sort(key=lambda t: t.i)
    # keep one contiguous run around the head (parses can be non-projective)
    run = [head]
    by_i = {t.i: t for t in keep}
    i = head.i - 1
    while i in by_i:
        run.insert(0, by_i[i]); i -= 1
    i = head.i + 1
    while i in by_i:
        run.append(by_i[i]); i += 1
    while run and run[-1].is_punct:
        run.pop()
    while run and run[0].is_punct:
        run.pop(0)
    return run or [head]


def _named_by_apposition(head: Any, child: Any) -> bool:
    return (child.dep_ == "appos" and head.pos_ == "NOUN" and child.pos_ == "PROPN" and child.ent_type_ == "PERSON"
            and child.i > head.i and all(t.is_punct for t in head.doc[head.i + 1:child.left_edge.i]))


def _has_propn(tok: Any) -> bool:
    return any(t.pos_ == "PROPN" for t in tok.subtree)


def _foreign(tok: Any, phrase_head: Any) -> bool:
    """True when `tok` sits inside a to/in/at... prepositional phrase of the head (a receiving state, a place)."""
    t = tok
    while t.i != phrase_head.i and t.head.i != t.i:
        if t.dep_ == "pobj" and t.head.lower_ in FOREIGN_PREPS:
            return True
        t = t.head
    return False


@dataclass
class Memory:
    """What earlier mentions in the article established, for later mentions to reuse."""

    people: dict[str, Actor] = field(default_factory=dict)
    offices: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None


class Resolver:
    """Resolve phrases against actor knowledge and the article's memory."""

    def __init__(self, kb: ActorKnowledge, day: date | None) -> None:
        self.kb, self.day, self.memory = kb, day, Memory()

    def resolve(self, doc_text: str, sent: Sentence, head: Any, toks: list[Any] | None = None) -> Actor:
        """The actor the phrase headed by `head` names (`toks`: the phrase, when not the whole of it)."""
        toks = toks or phrase_tokens(head)
        off = sent.offset
        start, end = off + toks[0].idx, off + toks[-1].idx + len(toks[-1].text)
        actor = Actor(entity_text=doc_text[start:end], start=start, end=end)
        words = [t.text for t in toks]
        lowers = [t.lower_ for t in toks]
        lemmas = [t.lemma_.lower() for t in toks]

        found: Entry | None = None
        person_text = None
        i = 0
        while i < len(toks):
            hit = self.kb.lookup(words, i, self.day)
            if hit and not _foreign(toks[i], head):
                n, entry = hit
                if found is None or (entry.kind == "person" and found.kind != "person"):
                    found = entry
                    if entry.kind == "person":
                        person_text = " ".join(words[i:i + n])
                i += n
            else:
                i += 1
        office, office_sector, office_end = self._office(lowers, lemmas, head, toks)
        institution = self._institution(lowers, lemmas)
        person = _person_name(toks)
        qualifier = head.pos_ == "NOUN" and all(t.i < head.i for t in toks if t.ent_type_ == "PERSON")
        if person and (self._place_name(person) or qualifier):
            # the tagger read a demonym as a person ("Kenyan and Ugandan troops"), or a name only
            # qualifies a thing or a body ("the Navalny case", "the Trump administration")
            person = None
        person = person or (self._titled_name(toks[office_end:]) if office else None)

        if found is None:
            found = self._from_memory(toks, head, person, office)
            if found is not None:
                actor.code, actor.sector, actor.name, actor.kind = found.code, found.sector, found.name, found.kind
                actor.office = office or found.office
                actor.resolved_by = "earlier mention"
                self._remember(actor, person, office)
                return actor
        if found is not None:
            actor.resolved_by = "name"
            actor.code = found.code
            actor.kind = "state" if found.kind in {"state", "metonym", "demonym"} else found.kind
            actor.name = found.name
            actor.office = found.office if found.kind == "person" else None
            actor.sector = found.sector
        if person:
            actor.kind = "person"
            actor.name = person_text or person
        if office:
            actor.office = office
            if found is None or found.kind not in ("group", "igo"):  # an organisation's own sector outranks role nouns
                actor.sector = office_sector
        elif institution:
            actor.sector = institution
        elif found is not None and found.kind == "demonym":
            actor.sector = self._head_sector(head)
        self._remember(actor, person, office)
        return actor

    def _office(self, lowers: list[str], lemmas: list[str], head: Any,
                toks: list[Any]) -> tuple[str | None, str | None, int]:
        """The longest office phrase in the phrase: (text, sector, index just after it)."""
        best: tuple[int, int, str] | None = None
        for i in range(len(toks)):
            for table_words in (lowers, lemmas):
                hit = self.kb.office_at(table_words, i)
                if hit and (best is None or hit[0] > best[1]):
                    best = (i, hit[0], hit[1])
        if best is None:
            return None, None, 0
        i, n, sector = best
        text = " ".join(t.text for t in toks[i:i + n])
        return text, sector, i + n

    def _place_name(self, text: str) -> bool:
        words = text.split()
        hit = self.kb.lookup(words, 0)
        return hit is not None and hit[0] == len(words) and hit[1].kind != "person"

    def _titled_name(self, toks: list[Any]) -> str | None:
        """'Ambassador to Seoul Georgy Zinoviev' -> 'Georgy Zinoviev': proper names after the title, not known places."""
        run: list[Any] = []
        for t in reversed(toks):
            if t.pos_ != "PROPN" and t.text not in INNER_PUNCT:
                break
            if self.kb.lookup([t.text], 0) or self.kb.office_at([t.lower_], 0):
                break
            run.insert(0, t)
        while run and run[0].text in INNER_PUNCT:
            run.pop(0)
        return "".join(t.text_with_ws for t in run).strip() or None

    def _institution(self, lowers: list[str], lemmas: list[str]) -> str | None:
        for i in range(len(lowers)):
            for words in (lowers, lemmas):
                hit = self.kb.office_at(words, i, self.kb.institutions)
                if hit:
                    return hit[1]
        return None

    def _head_sector(self, head: Any) -> str | None:
        hit = self.kb.office_at([head.lemma_.lower()], 0) or self.kb.office_at([head.lower_], 0)
        return hit[1] if hit else None

    def _from_memory(self, toks: list[Any], head: Any, person: str | None, office: str | None) -> Entry | None:
        mem = self.memory
        hit: Actor | None = None
        if person:
            hit = mem.people.get(person) or mem.people.get(person.split()[-1])
        if hit is None and office:
            hit = mem.offices.get(office.split()[-1].lower())
        if hit is None and head.lower_ in SAFE_PRONOUNS and len(toks) == 1:
            hit = mem.last_person
        if hit is None or hit.code is None:
            return None
        return Entry(hit.code, hit.sector, hit.name or hit.entity_text, hit.kind, office=hit.office)

    def _remember(self, actor: Actor, person: str | None, office: str | None) -> None:
        if actor.code is None:
            return
        mem = self.memory
        if person:
            mem.people[person] = actor
            for part in person.split():  # family names come first in some cultures
                if len(part) > 2 and part[0].isupper():
                    mem.people[part] = actor
            mem.last_person = actor
        if office:
            mem.offices[office.split()[-1].lower()] = actor


def is_actor(actor: Actor, head: Any) -> bool:
    """A phrase is an actor when it names one, or its head is a proper name or an office/group word."""
    return bool(actor.code or actor.kind == "person" or actor.sector or head.pos_ == "PROPN"
                or (head.pos_ == "PRON" and head.lower_ in SAFE_PRONOUNS | {"they", "we", "i", "it"}))


def _person_name(toks: list[Any]) -> str | None:
    """The PERSON named-entity text inside the phrase, if any."""
    for t in toks:
        if t.ent_type_ == "PERSON":
            ent = [x for x in toks if x.ent_type_ == "PERSON" and x.i >= t.i]
            run = [ent[0]]
            for x in ent[1:]:
                if x.i == run[-1].i + 1 or (x.i == run[-1].i + 2 and x.nbor(-1).text == "-"):
                    run.append(x)
                else:
                    break
            return " ".join(x.text for x in run).replace(" - ", "-")
    return None


MODIFIERS = {"amod", "nmod", "compound", "poss"}


def shared_head_partners(head: Any) -> list[Any]:
    """Coordinated modifiers that share one head noun ("Russian and Chinese warships", "US and South
    Korean troops"): each after the first names an actor of its own, which event roles list beside the head's."""
    out = []
    for m in head.children:
        if m.dep_ in MODIFIERS and m.i < head.i:
            frontier = [m]
            while frontier:
                conj = [c for c in frontier.pop().children if c.dep_ == "conj" and c.i < head.i]
                out.extend(conj)
                frontier.extend(conj)
    return out


def _partner_phrase(partner: Any, head: Any) -> list[Any]:
    """"British armed forces" out of "Nigerian and British armed forces": the partner and what follows it."""
    return [t for t in phrase_tokens(head) if t.i >= partner.left_edge.i]


FORCES = {"MIL", "COP"}
DEPLOY_VERBS = {"deploy", "send", "dispatch", "station", "mobilize", "mobilise", "position", "move"}
MOVING_VERBS = DEPLOY_VERBS | {"withdraw", "pull", "recall", "evacuate", "bring", "return", "contribute", "offer"}
DOMESTIC_SECTORS = {"GOV", "COP", "MIL", "JUD", "LEG", "OPP", "PTY", "CVL", "LAB", "EDU", "HLH", "REF", "MED", "BUS", "SPY"}


def moved_by_verb(tok: Any) -> bool:
    """The token is what a moving verb moves: "sent troops", "withdrew its men"."""
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in MOVING_VERBS


def _own_forces(sent: Sentence) -> None:
    """"Israel mobilized troops", "Kenya sent police officers to Haiti": unnamed forces that an actor
    moves are its own (before the story's home state could claim them)."""
    doc = sent.span.doc
    for i, forces in sent.actors.items():
        tok = doc[i]
        if forces.code or forces.sector not in FORCES or forces.kind in ("object", "person") or not moved_by_verb(tok):
            continue
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        owner = sent.actors.get(subj.i) if subj is not None else None
        if owner is not None and owner.code:
            forces.code, forces.name, forces.resolved_by = owner.code, owner.name, "subject"


def home_country(actors: list[Actor], dateline_code: str | None) -> str | None:
    """The story's home state: its dateline's, else a state named at least twice and in most resolved mentions."""
    if dateline_code:
        return dateline_code
    counts: dict[str, int] = {}
    for a in actors:
        if a.code and a.kind == "state":
            counts[a.code] = counts.get(a.code, 0) + 1
    if not counts:
        return None
    code, n = max(counts.items(), key=lambda kv: kv[1])
    return code if n >= 2 and n * 2 > sum(counts.values()) else None


class Actors:
    """Stage: resolve every candidate role phrase; store `sent.actors` and `doc.mentions`.

    A second pass gives unresolved national role nouns ("police", "the government",
    "protesters") the story's home state (see `home_country`), marked `resolved_by="article"`.
    """

    name = "actors"

    def __init__(self, user_dicts: tuple[str, ...] = ()) -> None:
        self.kb = load_knowledge(tuple(user_dicts))

    def __call__(self, doc: Document) -> Document:
        resolver = Resolver(self.kb, doc.pub_date)
        for sent in doc.sentences:
            found: dict[int, Actor] = {}
            for tok in sent.span:
                counted_group = tok.pos_ == "NUM" and any(c.lower_ == "of" for c in tok.children)  # "tens of thousands of ..."
                if (tok.pos_ in NOMINAL or counted_group) and (tok.dep_ in ROLE_DEPS or tok.dep_ == "compound" and tok.ent_type_):
                    if tok.dep_ == "compound" and tok.head.pos_ in NOMINAL:
                        continue
                    if tok.ent_type_ in NOT_ACTORS:
                        continue
                    actor = resolver.resolve(doc.text, sent, tok)
                    if not is_actor(actor, tok):
                        actor.kind = "object"  # a thing, not an actor: may stand as a recipient, never as an actor
                    found[tok.i] = actor
                    for partner in shared_head_partners(tok) if actor.kind != "object" else ():
                        # replaces a reading of the modifier alone ("Ugandan" as a conjunct of "Kenyan")
                        found[partner.i] = resolver.resolve(doc.text, sent, tok, _partner_phrase(partner, tok))
            sent.actors = found
            _own_forces(sent)
        every = [a for sent in doc.sentences for a in sent.actors.values()]
        home = home_country(every, self._dateline_state(doc))
        for a in every:
            if home and a.code is None and a.kind not in ("object", "person") and a.sector in DOMESTIC_SECTORS:
                a.code, a.name, a.resolved_by = home, self.kb.state_names.get(home, home), "article"
        doc.mentions = [a for a in every if a.code or a.kind == "person"]
        return doc

    def _dateline_state(self, doc: Document) -> str | None:
        """State of the place a dateline names ("NAIROBI, March 3 -"), via the actor knowledge."""
        m = dateline(doc.text)
        if m is None:
            return None
        place = m.group("place").split("/")[0].strip()
        hit = self.kb.lookup(list(key_of(place.title())), 0)
        return hit[1].code if hit and hit[1].kind in ("state", "metonym") else None
