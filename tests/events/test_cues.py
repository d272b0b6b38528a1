"""Cue lexicon: which words name an act, and how fully each counts as its clause's own act."""
from __future__ import annotations

import pytest

from dotterel.events.extract import load_lexicon
from dotterel.nlp.parse import load_nlp


@pytest.fixture(scope="module")
def match(coder):
    """The lexicon's hits for one sentence."""
    lexicon = load_lexicon(coder.ontology)
    return lambda text: lexicon.match(next(load_nlp()(text).sents))


@pytest.fixture(scope="module")
def hits(match):
    """cue -> (trigger word, weight) for one sentence."""
    return lambda text: {h.cue: (h.token.text, h.weight) for h in match(text)}


@pytest.mark.parametrize("text", [
    "The ministry voiced strong condemnation of the shelling of the border village.",
    "The Arab League expressed its deep regret and firm condemnation of the raid.",  # a coordinated object too
])
def test_expressing_a_named_act_is_that_act(hits, text):
    assert hits(text)["n:condemnation"] == ("condemnation", 1.0)


def test_a_preposition_that_sets_the_scene_names_no_object_of_a_verb_that_has_one(hits):
    assert not any(k.startswith("stop:") for k in hits("About 900 dock workers stopped work in a strike over pay."))
    assert "give in" not in hits("Japan gave 20 million dollars in aid to the flood victims.")
    assert hits("The opposition in Lome finally gave in to the government's demands.")["give in"] == ("gave", 1.0)
    assert "force:exile" in hits("The junta forced the deposed president into exile.")  # where to: the object


def test_a_sense_that_is_no_act_stops_the_search_for_a_cue(hits):
    assert hits("The ministry released its annual report on tourism on Friday.") == {}
    assert "release" in hits("Kenya released 40 political prisoners on Monday.")
    assert "n:charge" not in hits("The Pacific is taking charge of its own security.")  # the sense read its object


@pytest.mark.parametrize("text, cue, word", [
    ("The army announced a halt to its offensive in the north.", "halt:n:offensive", "halt"),
    ("The dockers' union announced the suspension of its strike on Tuesday.", "suspension:n:strike", "suspension"),
])
def test_a_noun_that_stops_an_act_is_the_stopping(hits, text, cue, word):
    assert hits(text)[cue] == (word, 0.9)


def test_a_stopping_noun_inside_another_noun_is_a_modifier(hits):
    word, weight = hits("Talks on the lifting of sanctions against Minsk opened in Vienna.")["lifting:n:sanction"]
    assert (word, weight) == ("lifting", 0.45)


def test_declining_to_comment_or_to_be_named_is_no_refusal(hits):
    # CAMEO 011 (decline comment) is a public statement PLOVER does not code; a verb complement gives its key
    assert hits("The spokesman in Accra declined to comment on the rumours.") == {}
    assert hits("An aide, who refused to be named, spoke to reporters.") == {}
    assert hits("The cabinet in Accra declined to sign the fishing accord.")["decline"] == ("declined", 0.8)


def test_asking_a_question_or_seeking_to_do_something_is_no_request(hits):
    assert "ask" not in hits("The students asked why the minister had cancelled his visit to Lusaka.")
    assert "ask" not in hits("Reporters in Quito asked what the new decree would change.")
    assert "seek" not in hits("Hanoi has sought to distance itself from the dispute over the reef.")
    assert hits("Peru asked Bolivia to return the stolen sculptures.")["ask"] == ("asked", 0.8)  # a request
    assert "seek:aid" in hits("Malawi sought emergency aid from the World Bank after the floods.")


def test_giving_a_named_act_is_that_act(hits):
    assert hits("The rebels gave a concession on the terms of the talks.")["n:concession"] == ("concession", 1.0)


@pytest.mark.parametrize("text", [
    "The tax office's servers in Accra were hit by a major cyber attack late on Tuesday.",
    "Government websites in Tallinn have been under cyber-attack since Monday.",
])
def test_a_cyber_attack_is_coercion_not_an_assault(match, text):
    # PLOVER's COERCE includes cyber attacks; the compound names the act more closely than "attack" or "hit"
    best = max(match(text), key=lambda h: h.weight)
    assert (best.event, best.mode) == ("COERCE", "cyber")


def test_the_act_claimed_is_the_clauses_own(hits):
    assert hits("Al-Shabaab claimed responsibility for the attack on the hotel.")["n:attack"] == ("attack", 1.0)
    assert hits("Police in Nairobi said the attack on the hotel was planned.")["n:attack"][1] < 1.0


def test_an_act_a_framing_noun_frames_is_the_light_verbs_act(hits):
    assert hits("The army launched a wave of airstrikes on the militia's bases.")["n:airstrike"] == ("airstrikes", 1.0)
    assert hits("Reporters counted a wave of airstrikes on the militia's bases.")["n:airstrike"][1] < 1.0


@pytest.mark.parametrize("text", [
    "Cuba renewed its demand that Washington lift the trade embargo.",
    "Chile reiterated its call for Bolivia to lift the border restrictions.",
])
def test_an_act_inside_what_an_asking_noun_asks_for_is_a_modifier(hits, text):
    asked = next(weight for cue, (word, weight) in hits(text).items() if word in ("lift", "release"))
    asking = next(weight for cue, (word, weight) in hits(text).items() if word in ("demand", "call"))
    assert asked <= 0.5 < asking


def test_asked_for_and_asking_codes_the_asking(coder):
    doc = coder("Chile reiterated its call for Bolivia to lift the border restrictions.", pub_date="2025-05-05")
    assert doc.main_event is not None and doc.main_event.event == "REQUEST"


@pytest.mark.parametrize("text,cue,etype", [
    ("Georgian troops withdrew from the town after two days of shelling.", "withdraw:from town", "RETREAT"),
    ("Its forces withdrew from Afghanistan in 2021.", "withdraw:from <place>", "RETREAT"),  # a named place
    ("The rebels withdrew from Goma on Sunday.", "withdraw:from <place>", "RETREAT"),  # spaCy: a person; gazetteer: a town
    ("Britain withdrew from the Union in 2020.", "withdraw:from", "SANCTION"),  # with an article: no town's name
    ("The militia withdrew from its forward positions on the ridge.", "withdraw:from position", "RETREAT"),
    ("Burkina Faso withdrew from the regional defence pact last year.", "withdraw:from", "SANCTION"),
])
def test_withdrawing_from_a_place_is_a_retreat_and_from_a_pact_a_sanction(match, text, cue, etype):
    found = {h.cue: h.event for h in match(text) if h.token.lemma_ == "withdraw"}
    assert found == {cue: etype}
