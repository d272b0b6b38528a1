"""Sentence features: what the main clause reports outweighs clauses that only set the scene or gloss it."""
from __future__ import annotations

import pytest

from dotterel.events.features import sentence_features
from dotterel.nlp.parse import load_nlp


def _features(text: str) -> dict[str, float]:
    return sentence_features(next(load_nlp()(text).sents), [])


@pytest.mark.parametrize("text, side, main", [
    ("A court in Lima freed the activist while he appeals the verdict.", "appeal", "free"),
    ("The ministry dropped the plan after a nurse begged the minister to reconsider.", "beg", "drop"),
    ("A spokesman disputed the report, saying the government is committed to peace.", "commit", "dispute"),
])
def test_a_clause_that_sets_the_scene_or_glosses_the_act_counts_as_subordinate(text, side, main):
    f = _features(text)
    assert f"s={side}" in f and f"w={side}" not in f
    assert f"w={main}" in f


def test_a_clause_that_says_how_the_act_happened_stays_in_the_main_event():
    f = _features("Twelve civilians died when troops shelled the market.")
    assert "w=shell" in f
