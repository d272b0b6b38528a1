"""The contextual sentence encoder: MiniLM in numpy over the packaged weights."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dotterel.errors import ResourceError
from dotterel.nlp.encoder import SentenceEncoder, encoder, vector_features


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
