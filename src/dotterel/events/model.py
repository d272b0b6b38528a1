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

    def proba(self, features: dict[str, float]) -> np.ndarray:
        rows = [(self.index[k], v) for k, v in features.items() if k in self.index]
        scores = self.intercept.copy()
        if rows:
            idx = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            val = np.fromiter((r[1] for r in rows), dtype=np.float32, count=len(rows))
            scores += val @ self.coef_t[idx]
        scores -= scores.max()
        e = np.exp(scores)
        return e / e.sum()

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
