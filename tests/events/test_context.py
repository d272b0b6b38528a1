"""Reading a sentence in context: the contextual model joins the cheap one only where the cheap one is unsure."""
from __future__ import annotations

import numpy as np
import pytest

import dotterel
from dotterel.errors import InputError
from dotterel.events.extract import CONTEXT_SHARE, Events
from dotterel.ontology import load_ontology

TEXT = "Hundreds of riot police were sent to the border town after the clashes."
UNSURE = "The navy escorted the tanker out of the disputed waters."  # the cheap model's best type is under the gate


def _events(coder: dotterel.Coder) -> Events:
    return next(s for s in coder.stages if isinstance(s, Events))


def test_a_sentence_read_in_context_says_so_and_mixes_both_models():
    always = dotterel.load(context_gate=1.0)
    doc = always(TEXT, pub_date="2025-05-05")
    assert doc.events and all(0 < e.decided_by["context_model"] <= 1 for e in doc.events)
    (reading,) = _events(always).read([doc.sentences[0].span])
    mixed = reading.proba()
    assert reading.context is not None and np.isclose(mixed.sum(), 1.0)
    assert not np.allclose(mixed, reading.cheap) and not np.allclose(mixed, reading.context)


def test_with_the_gate_closed_no_sentence_is_read_in_context():
    never = dotterel.load(context_gate=0.0)
    assert _events(never).context_model is None
    doc = never(TEXT, pub_date="2025-05-05")
    assert doc.events and not any("context_model" in e.decided_by for e in doc.events)


def test_only_the_least_confident_sentences_are_read_in_context_within_the_documents_budget(coder):
    stage = _events(coder)
    sure = "Russian warplanes bombed a hospital in Idlib on Sunday, killing nine people."
    doc = coder(" ".join([sure] * 18 + [UNSURE] * 4), pub_date="2025-05-05")
    readings = stage.read([s.span for s in doc.sentences])
    assert len(readings) == 22 and all(r.cheap.max() >= stage.context_gate and r.context is None for r in readings[:18])
    assert all(r.cheap.max() < stage.context_gate for r in readings[18:])
    budget = max(1, round(CONTEXT_SHARE * 22))
    assert budget < 4 and sum(r.context is not None for r in readings) == budget  # four unsure, three read


@pytest.mark.parametrize("gate", [-0.1, 1.5])
def test_a_gate_outside_zero_to_one_is_refused(gate):
    with pytest.raises(InputError, match="context_gate"):
        dotterel.load(context_gate=gate)


def test_the_shipped_context_model_knows_the_same_types_as_the_type_model():
    stage = Events(load_ontology("plover"))
    assert stage.context_model is not None and stage.context_model.classes == stage.type_model.classes
