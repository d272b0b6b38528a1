"""The contextual sentence encoder: MiniLM as an int8 ONNX graph over the packaged weights."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dotterel.errors import ResourceError
from dotterel.nlp.encoder import HEADS, SentenceEncoder, encoder, vector_features


def _float_minilm(text: str) -> np.ndarray:
    """The reference: MiniLM's forward pass written out in float numpy, independently of the graph."""
    enc = encoder()
    w = enc.w
    ids = np.asarray(enc.tokenizer.encode(text).ids)
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:len(ids)]
         + w["embeddings.token_type_embeddings.weight"][0])

    def norm(x: np.ndarray, name: str) -> np.ndarray:
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[name + ".weight"] + w[name + ".bias"]

    def lin(x: np.ndarray, name: str) -> np.ndarray:
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    x, head = norm(x, "embeddings.LayerNorm"), enc.dim // HEADS
    for layer in range(6):
        p = f"encoder.layer.{layer}."
        q, k, v = (lin(x, p + f"attention.self.{m}").reshape(len(ids), HEADS, head).transpose(1, 0, 2)
                   for m in ("query", "key", "value"))
        a = q @ k.transpose(0, 2, 1) / np.sqrt(head)
        a = np.exp(a - a.max(-1, keepdims=True))
        ctx = ((a / a.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(len(ids), enc.dim)
        x = norm(x + lin(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = lin(x, p + "intermediate.dense")
        h = 0.5 * h * (1 + np.tanh(0.7978845608 * (h + 0.044715 * h ** 3)))
        x = norm(x + lin(h, p + "output.dense"), p + "output.LayerNorm")
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


def test_the_int8_graph_computes_minilm():
    texts = ["Riot police fired tear gas at students in the capital on Tuesday.",
             "The foreign ministers of Chile and Peru signed a border treaty in Lima after years of talks.",
             "Rebels freed 40 hostages."]
    for text, vec in zip(texts, encoder().encode(texts)):
        assert float(vec @ _float_minilm(text)) > 0.98  # int8 weights, float activations


def test_vectors_are_unit_length_and_a_batch_equals_its_sentences_one_by_one():
    texts = ["Riot police fired tear gas at students in the capital.", "Ministers met.",
             "The two governments signed a treaty on fishing rights after three years of negotiations."]
    batch = encoder().encode(texts)
    assert batch.shape == (3, encoder().dim)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    single = np.vstack([encoder().encode([t]) for t in texts])
    assert np.allclose(batch, single, atol=1e-5)  # padding in a batch must not leak into a sentence


def test_sentences_that_report_the_same_act_are_nearer_than_ones_that_do_not():
    a, b, c = encoder().encode(["Police fired tear gas to break up the march in Nairobi.",
                                "Security forces used tear gas against demonstrators in Kampala.",
                                "The finance ministers agreed on a new budget framework."])
    assert a @ b > a @ c + 0.2


def test_a_vector_becomes_named_features_for_a_linear_model():
    vec = encoder().encode(["Troops withdrew."])[0]
    feats = vector_features(vec)
    assert len(feats) == encoder().dim and feats["c0"] == pytest.approx(float(vec[0]))


def test_an_empty_list_gives_an_empty_matrix():
    assert encoder().encode([]).shape == (0, encoder().dim)


def test_a_folder_without_the_weights_is_a_resource_error(tmp_path: Path):
    with pytest.raises(ResourceError, match="unreadable sentence encoder"):
        SentenceEncoder(tmp_path)
