"""Quality gates: pinned score floors on the dev sets in ../shared/eval (skipped where absent) and on the
project's own news sentences in eval/news_dev.jsonl (never trained on).

A change that lowers a score below its floor fails. Floors sit a little under the
figures measured when they were last raised (see the README), so noise does not fail a build.
"""
from __future__ import annotations

import pytest

from dotterel.evaluate.harness import evaluate, read_gold
from tests.helpers import ROOT, SHARED

PLV = SHARED / "eval" / "plv_dev.jsonl"
STORIES = SHARED / "eval" / "synthetic_stories_dev.jsonl"

PLV_FLOORS = {"macro_f1": 0.845, "accuracy": 0.855, "coverage": 0.95, "actor": 0.93, "recipient": 0.80}
STORY_FLOORS = {"accuracy": 0.42, "mode_accuracy": 0.66}
STORY_SAMPLE = 500
NEWS = ROOT / "eval" / "news_dev.jsonl"
NEWS_FLOORS = {"macro_f1": 0.92, "coverage": 0.98}
NEWS_FALSE_EVENTS = 0.10  # at most this share of the sentences that report no event get one


@pytest.fixture(scope="module")
def plv_report(coder):
    if not PLV.exists():
        pytest.skip("../shared/eval/plv_dev.jsonl not present")
    return evaluate(coder, read_gold(PLV))


@pytest.mark.parametrize("metric", ["macro_f1", "accuracy", "coverage"])
def test_plv_event_type_floor(plv_report, metric):
    assert plv_report[metric] >= PLV_FLOORS[metric], plv_report[metric]


@pytest.mark.parametrize("role", ["actor", "recipient"])
def test_plv_actor_agreement_floor(plv_report, role):
    assert plv_report["agreement"][role] >= PLV_FLOORS[role], plv_report["agreement"]


def test_story_accuracy_floor(coder):
    if not STORIES.exists():
        pytest.skip("../shared/eval/synthetic_stories_dev.jsonl not present")
    rep = evaluate(coder, read_gold(STORIES, STORY_SAMPLE))
    assert rep["accuracy"] >= STORY_FLOORS["accuracy"], rep["accuracy"]
    assert rep["mode_accuracy"] >= STORY_FLOORS["mode_accuracy"], rep["mode_accuracy"]  # modes of correctly typed stories


def test_news_sentences_floor_and_false_event_ceiling(coder):
    rep = evaluate(coder, read_gold(NEWS))
    assert rep["no_event_records"] >= 250
    assert rep["false_event_rate"] <= NEWS_FALSE_EVENTS, rep["false_event_rate"]
    for metric, floor in NEWS_FLOORS.items():
        assert rep[metric] >= floor, (metric, rep[metric])
