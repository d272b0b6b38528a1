"""Sentence features for the learned event model: lemmas, predicates with their objects, cue hits.

Names (proper nouns, numbers) are left out on purpose: who acts must not decide what was done.
"""
from __future__ import annotations

from typing import Any

from ..nlp.embeddings import embeddings
from .cues import CLAUSAL, CueHit, permissions

CONTENT = {"VERB", "NOUN", "ADJ", "ADV"}
STOP = frozenset("be have do say also other more new last first year day week month time".split())


GLOSSES = frozenset({"say", "add", "note", "cite", "claim", "insist", "argue", "explain", "stress"})
SIDE_MARKS = frozenset({"after", "before", "while", "since", "until", "because", "although", "though", "whereas"})


def subordinate(tok: Any) -> bool:
    """Inside a noun's modifier or a subject ("attempts to threaten"), a clause that sets the scene for the
    main one ("released him while he appeals") or one that glosses it ("..., saying it is committed to"):
    says less about the event."""
    t, steps = tok, 0
    while t.head.i != t.i and steps < 12:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SIDE_MARKS for c in t.children):
            return True
        if t.dep_ == "advcl" and t.tag_ == "VBG" and t.lemma_.lower() in GLOSSES:
            return True  # "disputed the report, saying the government is committed to ...": a gloss on the act
        if t.dep_ in ("acl", "relcl", "nsubj", "nsubjpass", "csubj") and t.head.pos_ in ("NOUN", "PROPN", "VERB", "AUX"):
            if t.dep_ in ("acl", "relcl") or t.i != tok.i:
                return True
        t, steps = t.head, steps + 1
    return False


def sentence_features(sent: Any, hits: list[CueHit]) -> dict[str, float]:
    """Feature name -> value for one sentence (a spaCy Span)."""
    f: dict[str, float] = {}
    seq: list[str] = []
    predicates: list[str] = []
    # what a permission lets another party do ("allowed the agency to fly in relief") is not the clause's act
    permitted = {i for _act, span in permissions(sent, hits) for i in span}
    for tok in sent:
        if tok.pos_ in CONTENT and tok.is_alpha:
            lemma = tok.lemma_.lower()
            if lemma in STOP:
                continue
            seq.append(lemma)
            minor = tok.i in permitted or subordinate(tok)
            f[f"{'s' if minor else 'w'}={lemma}"] = 1.0
            if (tok.pos_ == "VERB" and tok.dep_ in CLAUSAL) or (tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubj", "nsubjpass")
                                                                and tok.head.dep_ in CLAUSAL and not minor):
                predicates.append(tok.text)
            if tok.pos_ == "VERB" and tok.dep_ in CLAUSAL:
                f[f"v={lemma}"] = 1.0
                for c in tok.children:
                    if c.dep_ in ("dobj", "prt", "prep", "xcomp", "nsubjpass"):
                        f[f"vo={lemma}:{c.lemma_.lower()}"] = 1.0
                    if c.dep_ == "neg":
                        f["neg"] = 1.0
                    if c.dep_ == "aux" and c.lower_ in ("will", "would", "could", "may", "might", "should"):
                        f[f"aux={c.lower_}"] = 1.0
            if tok.dep_ == "ROOT":
                f[f"root={lemma}"] = 1.0
    emb = embeddings()
    for prefix, words in (("ep", predicates), ("es", seq)):
        vec = emb.mean(words)
        if vec is not None:
            for i, v in enumerate(vec.tolist()):
                f[f"{prefix}{i}"] = v
    for a, b in zip(seq, seq[1:]):
        f[f"b={a}_{b}"] = 1.0
    for h in hits:
        key = f"cue={h.event}"
        f[key] = max(f.get(key, 0.0), h.weight)
        f[f"cuek={h.event}:{h.cue}"] = 1.0
    return f
