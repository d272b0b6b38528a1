"""The ontology file: which types are done together or between parties, and a clear error for a malformed flag."""
from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.errors import ResourceError
from dotterel.ontology import load_ontology


def test_plovers_types_done_together_are_marked_reciprocal():
    types = load_ontology("plover").types
    assert {t for t, spec in types.items() if spec.reciprocal} == {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"}
    # PLOVER codes all parties to a meeting as actors; agreements, pacts and joint activity have a recipient
    assert {t for t, spec in types.items() if spec.dyadic} == {"AGREE", "COOPERATE", "SUPPORT"}
    # what a promise, a request, a refusal or a threat names is not done
    assert {t for t, spec in types.items() if spec.asks} == {"AGREE", "REQUEST", "REJECT", "THREATEN"}


@pytest.mark.parametrize("flag", ["reciprocal", "dyadic", "asks"])
def test_a_flag_that_is_not_true_or_false_names_the_file_and_type(tmp_path: Path, flag: str):
    path = tmp_path / "bad.yaml"
    path.write_text(f"name: bad\ntypes:\n  MEET:\n    quad: 1\n    scale: 1\n    {flag}: sometimes\n")
    with pytest.raises(ResourceError, match=rf"bad\.yaml: type MEET: '{flag}' must be true or false"):
        load_ontology(str(path))


def test_plover_says_what_stopping_a_conflictual_act_is():
    types = load_ontology("plover").types
    assert types["ASSAULT"].ended_by == "RETREAT" and types["PROTEST"].ended_by == "CONCEDE"
    assert types["AGREE"].ended_by is None


def test_plover_says_what_letting_another_party_act_is():
    types = load_ontology("plover").types
    assert types["AID"].allowed_by == "RETREAT" and types["PROTEST"].allowed_by == "CONCEDE"
    assert types["COERCE"].allowed_by is None  # authorising arrests is no concession


@pytest.mark.parametrize("key", ["ended_by", "allowed_by"])
def test_ended_by_and_allowed_by_must_name_a_type(tmp_path: Path, key):
    path = tmp_path / "bad.yaml"
    path.write_text(f"name: bad\ntypes:\n  FIGHT:\n    quad: 4\n    scale: -9\n    {key}: TRUCE\n")
    with pytest.raises(ResourceError, match=rf"bad\.yaml: type FIGHT: '{key}' names 'TRUCE', which is not a type"):
        load_ontology(str(path))


def test_a_call_for_punitive_action_is_recast_as_a_denunciation():
    request = load_ontology("plover").types["REQUEST"]
    assert request.types_by_act["SANCTION"] == "ACCUSE" and "RETREAT" not in request.types_by_act


@pytest.mark.parametrize("spec,problem", [
    ("    asks: true\n    types_by_act:\n      FIGHT: TRUCE\n", "'types_by_act' maps 'FIGHT' to 'TRUCE'"),
    ("    types_by_act:\n      FIGHT: FIGHT\n", "'types_by_act' maps 'FIGHT' to 'FIGHT'"),  # on a type that does not ask
])
def test_types_by_act_needs_known_types_on_an_asking_type(tmp_path: Path, spec, problem):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntypes:\n  FIGHT:\n    quad: 4\n    scale: -9\n" + spec)
    with pytest.raises(ResourceError, match=f"bad\\.yaml: type FIGHT: {problem}"):
        load_ontology(str(path))


def test_what_is_threatened_or_asked_for_decides_the_mode():
    types = load_ontology("plover").types
    assert types["THREATEN"].mode_for_act("COERCE", "ban") == "ban"
    assert types["THREATEN"].mode_for_act("SANCTION", "expel") == "expel"
    assert types["THREATEN"].mode_for_act("COERCE", "curfew") == "restrict"  # the type's entry when its mode has none
    assert types["REQUEST"].mode_for_act("RETREAT", "release") == "yield"
    assert types["REQUEST"].mode_for_act("ASSAULT", None) is None


@pytest.mark.parametrize("entry", ["TRUCE: warn", "FIGHT@knives: warn", "FIGHT: shout"])
def test_modes_by_act_must_name_known_types_and_modes(tmp_path: Path, entry: str):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntypes:\n  FIGHT:\n    quad: 4\n    scale: -9\n    modes: {guns: shooting}\n"
                    "  MENACE:\n    quad: 3\n    scale: -5\n    modes: {warn: a warning}\n"
                    f"    modes_by_act:\n      {entry}\n")
    with pytest.raises(ResourceError, match=r"bad\.yaml: type MENACE: 'modes_by_act' maps"):
        load_ontology(str(path))
