"""`dotterel train`: rebuild an ontology's model weights from the project's own training sentences.

Training data: for the built-in PLOVER ontology, `data/training/*.jsonl` (files per type,
`NONE*.jsonl` for sentences without events, `stories/*.jsonl` for whole stories labelled with
their main event (they train the story model, `events.salience`), `aux_modes.jsonl` for events with auxiliary
modes, `boundary_*.jsonl` for pairs of types the CAMEO->PLOVER 2021 mapping separates:
signed agreements are SUPPORT and promises AGREE, imposed sanctions COERCE and cut ties
SANCTION, verdicts ACCUSE, peacekeepers AID); for a custom ontology, the `examples` and
`negatives` in its file.
The result is deterministic for the same data (fixed solver, no random state).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..errors import ResourceError
from ..nlp.encoder import encoder, vector_features
from ..nlp.parse import load_nlp
from ..ontology import Ontology
from ..resources import DATA_DIR, read_jsonl
from .extract import NONE, load_lexicon, model_paths
from .features import sentence_features
from .model import LinearModel


CONTEXT_C = 4.0  # dense sentence vectors take less regularisation than the sparse features


@dataclass
class Example:
    text: str
    event: str
    mode: str | None = None


def training_examples(ontology: Ontology) -> list[Example]:
    """All labelled sentences for an ontology, checked against its types and modes."""
    if any(t.examples for t in ontology.types.values()):
        out = [Example(x, t.name) for t in ontology.types.values() for x in t.examples]
        out += [Example(x, NONE) for x in ontology.negatives]
        return out
    folder = DATA_DIR / "training"
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise ResourceError(f"{folder}: no training files (*.jsonl)")
    out = []
    for path in files:
        for n, rec in read_jsonl(path):
            event = rec.get("event") or NONE
            if event != NONE and event not in ontology:
                raise ResourceError(f"{path}: line {n}: unknown event type {event!r}")
            if any(rec.get(k) for k in ("negated", "hypothetical")):
                continue  # not plain events: they would teach the type model the wrong cue
            mode = rec.get("mode")
            if mode and event != NONE and mode not in ontology.types[event].modes:
                raise ResourceError(f"{path}: line {n}: mode {mode!r} is not a mode of {event}")
            out.append(Example(rec["text"], event, mode))
    return out


def _fit(rows: list[dict[str, float]], labels: list[str], min_count: int, c: float) -> LinearModel:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(k for r in rows for k in r)
    vocab = sorted(k for k, n in counts.items() if n >= min_count)
    index = {k: i for i, k in enumerate(vocab)}
    data, ind, ptr = [], [], [0]
    for r in rows:
        for k, v in r.items():
            if k in index:
                ind.append(index[k]); data.append(v)
        ptr.append(len(ind))
    x = csr_matrix((np.array(data, dtype=np.float64), np.array(ind), np.array(ptr)), shape=(len(rows), len(vocab)))
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    clf.fit(x, labels)
    coef, intercept = clf.coef_, clf.intercept_
    if coef.shape[0] == 1:  # two classes: sklearn keeps one row
        coef, intercept = np.vstack([-coef[0], coef[0]]), np.array([-intercept[0], intercept[0]])
    return LinearModel([str(k) for k in clf.classes_], vocab, coef, intercept)


def train(ontology: Ontology, c: float = 2.0) -> dict[str, object]:
    """Train the type and mode models of `ontology` and write them; returns a summary."""
    examples = training_examples(ontology)
    nlp = load_nlp()
    lexicon = load_lexicon(ontology)
    rows = []
    for sdoc in nlp.pipe((e.text for e in examples), batch_size=64):
        feats: dict[str, float] = {}
        for sent in sdoc.sents:  # a training item may hold several sentences
            feats.update(sentence_features(sent, lexicon.match(sent) if lexicon else []))
        rows.append(feats)
    labels = [e.event for e in examples]
    type_model = _fit(rows, labels, min_count=2, c=c)
    paths = model_paths(ontology)
    type_model.save(paths.type)
    vectors = encoder().encode([e.text for e in examples])
    _fit([vector_features(v) for v in vectors], labels, min_count=1, c=CONTEXT_C).save(paths.context)
    moded = [(r, f"{e.event}|{e.mode}") for r, e in zip(rows, examples) if e.mode]
    if len({m for _, m in moded}) >= 2:
        _fit([r for r, _ in moded], [m for _, m in moded], min_count=2, c=c).save(paths.mode)
    elif paths.mode.exists():
        paths.mode.unlink()
    stories = train_story(ontology, c=c)
    return {
        "ontology": ontology.name, "examples": len(examples), "per_type": dict(Counter(labels)),
        "features": len(type_model.index), "type_model": str(paths.type), "context_model": str(paths.context),
        "mode_model": str(paths.mode) if paths.mode.exists() else None,
        "stories": stories,
    }


def training_stories(ontology: Ontology) -> list[Example]:
    """Whole stories with the type of their main event (`data/training/stories/*.jsonl`, built-in data only)."""
    if any(t.examples for t in ontology.types.values()):
        return []
    out = []
    for path in sorted((DATA_DIR / "training" / "stories").glob("*.jsonl")):
        for n, rec in read_jsonl(path):
            if rec.get("event") not in ontology:
                raise ResourceError(f"{path}: line {n}: unknown event type {rec.get('event')!r}")
            out.append(Example(rec["text"], rec["event"]))
    return out


def train_story(ontology: Ontology, c: float) -> dict[str, object] | None:
    """Fit the story model on stories coded with the just-trained sentence models (features: `salience`)."""
    from ..pipeline import Coder, Options
    from .salience import story_features, story_model_path

    stories = training_stories(ontology)
    path = story_model_path(ontology)
    if len({e.event for e in stories}) < 2:
        path.unlink(missing_ok=True)
        return None
    spec = ontology.name if ontology.path is None or DATA_DIR in ontology.path.parents else str(ontology.path)
    coder = Coder(Options(ontology=spec, time_limit_s=0))
    rows, labels = [], []
    for result in coder.pipe((i, e.text, None, None) for i, e in enumerate(stories)):
        if result.document is not None:
            rows.append(story_features(result.document))
            labels.append(stories[result.key].event)
    _fit(rows, labels, min_count=1, c=c).save(path)
    return {"stories": len(rows), "per_type": dict(Counter(labels)), "story_model": str(path)}
