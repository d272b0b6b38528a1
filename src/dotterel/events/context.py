"""Contexts stage: topical contexts per event and per document from a keyword lexicon (data file)."""
from __future__ import annotations

from collections import Counter

from ..document import Document
from ..ontology import Ontology
from ..resources import data_path, load_yaml


class Contexts:
    name = "contexts"

    def __init__(self, ontology: Ontology, lexicon: str = "contexts") -> None:
        raw = load_yaml(data_path("lexicons", lexicon)) or {}
        allowed = set(ontology.contexts) or set(raw)
        self.single: dict[str, set[str]] = {}
        self.multi: list[tuple[str, str]] = []  # (" phrase ", context)
        for ctx, words in raw.items():
            if ctx not in allowed:
                continue
            for w in map(str, words):
                if " " in w:
                    self.multi.append((f" {w} ", ctx))
                else:
                    self.single.setdefault(w, set()).add(ctx)

    def of_sentence(self, lemmas: list[str]) -> list[str]:
        found: set[str] = set()
        for lemma in lemmas:
            found |= self.single.get(lemma, set())
        joined = f" {' '.join(lemmas)} "
        found |= {ctx for phrase, ctx in self.multi if phrase in joined}
        return sorted(found)

    def __call__(self, doc: Document) -> Document:
        counts: Counter[str] = Counter()
        per_sentence: dict[int, list[str]] = {}
        for sent in doc.sentences:
            lemmas = [t.lemma_.lower() for t in sent.span if not t.is_space]
            per_sentence[sent.index] = self.of_sentence(lemmas)
            counts.update(per_sentence[sent.index])
        doc.contexts = [c for c, n in counts.most_common() if n >= 2]
        for ev in doc.events:
            ev.context = per_sentence.get(ev.sentence) or doc.contexts[:2]
        return doc
