"""A multinomial logistic model over named sparse features; inference needs numpy only."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ModelNotTrainedError, ResourceError


class LinearModel:
    def __init__(self, classes: list[str], vocab: list[str], coef: np.ndarray, intercept: np.ndarray) -> None:
        if coef.shape != (len(classes), len(vocab)) or intercept.shape != (len(classes),):
            raise ResourceError("model weights do not match its classes and vocabulary")
        self.classes = [str(c) for c in classes]
        self.index = {name: i for i, name in enumerate(vocab)}
        self.coef_t = np.ascontiguousarray(coef.T, dtype=np.float32)  # features x classes
        self.intercept = intercept.astype(np.float32)
        self._dense: np.ndarray | None = None  # weights in vector order, built on first `proba_vector`

    def proba(self, features: dict[str, float]) -> np.ndarray:
        scores = self.intercept.copy()
        if features:
            idx = np.array([self.index.get(k, -1) for k in features], dtype=np.int64)
            val = np.array(list(features.values()), dtype=np.float32)
            known = idx >= 0  # features never seen in training carry no weight
            scores += val[known] @ self.coef_t[idx[known]]
        return _softmax(scores)

    def proba_vector(self, vec: np.ndarray) -> np.ndarray:
        """For a model over one dense vector (features `c0`..`cN`, see `nlp.encoder.vector_features`):
        a single product instead of a lookup per feature."""
        if self._dense is None:
            try:
                self._dense = self.coef_t[[self.index[f"c{i}"] for i in range(len(vec))]]
            except KeyError as exc:
                raise ResourceError(f"model has no weight for vector component {exc}") from exc
        return _softmax(self.intercept + vec.astype(np.float32) @ self._dense)

    PRUNE = 0.01  # weights smaller than this are stored as 0: no visible effect, a third of the file size

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.index, key=self.index.__getitem__)
        coef = np.where(np.abs(self.coef_t.T) < self.PRUNE, 0.0, self.coef_t.T).astype(np.float16)
        np.savez_compressed(path, classes=np.array(self.classes), vocab=np.array(vocab), coef=coef,
                            intercept=self.intercept)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        if not path.exists():
            raise ModelNotTrainedError(f"{path}: no trained model; run `dotterel train`")
        try:
            with np.load(path, allow_pickle=False) as z:
                return cls(list(z["classes"]), list(z["vocab"]), z["coef"].astype(np.float32), z["intercept"])
        except (KeyError, ValueError, OSError) as exc:
            raise ResourceError(f"{path}: unreadable model file ({exc})") from exc


def _softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max())
    return e / e.sum()
