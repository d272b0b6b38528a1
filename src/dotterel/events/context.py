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
        self.words: dict[str, list[tuple[str, ...]]] = {
            ctx: [tuple(str(w).split()) for w in words] for ctx, words in raw.items() if ctx in allowed
        }

    def of_sentence(self, lemmas: list[str]) -> list[str]:
        found = []
        n = len(lemmas)
        for ctx, words in self.words.items():
            if any(lemmas[i:i + len(w)] == list(w) for w in words for i in range(n - len(w) + 1)):
                found.append(ctx)
        return found

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
