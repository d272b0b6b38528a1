"""Who did it to whom: subjects, passives, reported speech, moved forces, places as last-resort targets."""
from __future__ import annotations

import pytest


def _main(coder, text):
    doc = coder(text, pub_date="2025-05-05")
    return max(doc.events, key=lambda e: e.confidence)


def _first(coder, text, etype):
    """The first event of a type (a sentence may report others besides)."""
    return next(e for e in coder(text, pub_date="2025-05-05").events if e.event == etype)


def test_passive_agent_is_the_actor(coder):
    ev = _main(coder, "Two Kenyan journalists were arrested by Ugandan police in Kampala on Sunday.")
    assert "UGA" in {a.code for a in ev.actor} and any("journalists" in r.entity_text for r in ev.recipient)


def test_pronoun_in_reported_speech_is_the_speaker(coder):
    ev = _main(coder, "Venezuela's largest opposition parties said on Wednesday they would boycott the election.")
    assert ev.actor and "opposition parties" in ev.actor[0].entity_text


def test_forces_moved_are_not_the_target(coder):
    ev = _main(coder, "Australia sent troops to the Philippines to help fight Islamic State militants.")
    assert "PHL" in {r.code for r in ev.recipient} and not any("troops" in r.entity_text for r in ev.recipient)


def test_a_place_is_the_target_only_as_a_last_resort(coder):
    ev = _main(coder, "The army imposed a curfew in Bangkok on Friday.")
    assert [r.code for r in ev.recipient] == ["THA"]
    met = _main(coder, "Russia and Turkey held talks in Geneva on Monday.")
    assert [a.code for a in met.actor] == ["RUS", "TUR"] and met.recipient == []


def test_what_is_sent_to_a_destination_is_not_the_recipient(coder):
    ev = _main(coder, "Japan sent a team of engineers from its defence ministry to Tonga after the eruption.")
    assert [r.code for r in ev.recipient] == ["TON"]
    ev = _main(coder, "Japan provided Kenya with 20 ambulances.")
    assert [r.code for r in ev.recipient] == ["KEN"]  # without a destination the object is the recipient
    ev = _main(coder, "Italy returned four looted statues to Peru on Monday.")
    assert [r.code for r in ev.recipient] == ["PER"]  # what is handed back is not the one it goes to


def test_an_acronym_that_spells_a_relative_pronoun_still_acts(coder):
    ev = _main(coder, "The World Health Organization (WHO) is flying medical supplies to Gaza.")
    assert "WHO" in {a.code for a in ev.actor}


def test_the_owner_of_a_compound_event_noun_acts(coder):
    ev = _first(coder, "The Japanese government's relief package reached Tonga on Friday.", "AID")
    assert [a.code for a in ev.actor] == ["JPN"]


def test_the_people_counted_act_not_the_count(coder):
    ev = _main(coder, "Thousands of nurses in Lagos went on strike on Monday over unpaid allowances.")
    assert ev.event == "PROTEST" and ev.actor and "nurses" in ev.actor[0].entity_text


def test_a_subject_that_names_who_acts_is_the_actor_of_its_own_event(coder):
    doc = coder("Demonstrators marched on the parliament in Tbilisi.", pub_date="2025-05-05")
    assert any(e.actor and e.actor[0].entity_text == "Demonstrators" for e in doc.events)


def test_an_agentless_arrest_in_a_state_is_that_states_act(coder):
    ev = _first(coder, "Three aid workers were detained in Ethiopia last week.", "COERCE")
    assert [a.code for a in ev.actor] == ["ETH"] and "aid workers" in ev.recipient[0].entity_text
    killed = _main(coder, "Five villagers were killed in Mali on Sunday.")
    assert killed.actor == []  # violence has no implied author: the place is not the attacker


def test_a_light_verbs_prepositions_name_the_target_of_its_event_noun(coder):
    ev = _main(coder, "Government troops launched an offensive against the rebel stronghold of Kidal on Monday.")
    assert ev.event == "ASSAULT" and any("stronghold" in r.entity_text or r.code for r in ev.recipient)
    ev = _first(coder, "The bishop launched a mediation effort between the rebels and the government.", "CONSULT")
    assert {r.entity_text for r in ev.recipient} == {"the rebels", "the government"}


def test_a_document_acts_for_whoever_issued_it(coder):
    ev = _first(coder, "Albania's parliament passed a resolution on Thursday criticising the president.", "ACCUSE")
    assert [a.entity_text for a in ev.actor] == ["Albania's parliament"]


def test_the_purpose_of_an_act_names_its_target(coder):
    ev = _main(coder, "Britain sent two transport planes to help Mozambique after the cyclone.")
    assert [r.code for r in ev.recipient] == ["MOZ"]


def test_the_activity_ended_is_not_the_target(coder):
    ev = _main(coder, "The government suspended the talks with the rebels in Geneva.")
    assert ev.event == "SANCTION" and [r.entity_text for r in ev.recipient] == ["the rebels"]


def test_a_participle_that_spells_out_the_event_names_its_target(coder):
    ev = _first(coder, "Relatives of the victims filed a lawsuit accusing the army of negligence.", "ACCUSE")
    assert any("army" in r.entity_text for r in ev.recipient)
    raid = _first(coder, "Fighter jets carried out a raid on Tuesday, targeting rebel commanders in the north.", "ASSAULT")
    assert any("commanders" in r.entity_text for r in raid.recipient)


def test_the_head_of_a_compound_trigger_and_a_clause_under_a_preposition_name_the_target(coder):
    warrant = _first(coder, "Police in Kenya have issued an arrest warrant for a former minister.", "COERCE")
    assert any("minister" in r.entity_text for r in warrant.recipient)
    probe = _first(coder, "The ministry opened an investigation into whether the mayor had taken bribes.", "ACCUSE")
    assert [r.entity_text for r in probe.recipient] == ["the mayor"]


def test_the_party_a_condition_is_put_to_and_the_target_of_an_ended_measure_are_recipients(coder):
    strike = _first(coder, "The nurses will not end their strike until their demands are met by the health ministry.",
                    "REJECT")
    assert [r.entity_text for r in strike.recipient] == ["the health ministry"]
    sanctions = _first(coder, "Canada said it will not lift the sanctions it imposed on Belarus.", "REJECT")
    assert [r.code for r in sanctions.recipient] == ["BLR"]


def test_whoever_is_made_to_act_is_the_recipient_of_an_order(coder):
    ev = _first(coder, "The court ordered the weekly magazine to suspend publication.", "SANCTION")
    assert [r.entity_text for r in ev.recipient] == ["the weekly magazine"]
    summoned = _first(coder, "Prosecutors in Lima ordered the former minister to appear for questioning on Monday.",
                      "ACCUSE")
    assert [r.entity_text for r in summoned.recipient] == ["the former minister"]


def test_a_coded_place_outranks_a_head_count_and_a_pronoun_stands_for_the_person_named_before(coder):
    ev = _main(coder, "Gunmen killed 30 villagers in northern Burkina Faso on Sunday.")
    assert ev.event == "ASSAULT" and [r.code for r in ev.recipient] == ["BFA"]
    sentenced = _first(coder, "A Kenyan court on Monday convicted a former police commander of corruption "
                              "and sentenced him to ten years.", "COERCE")
    assert sentenced.recipient and "commander" in sentenced.recipient[0].entity_text


def test_coordinated_event_nouns_share_their_target_and_a_demand_names_whom_it_is_on(coder):
    ev = _main(coder, "The Arab League expressed its rejection and condemnation of the Ethiopian dam plan.")
    assert ev.event_text == "rejection" and [r.code for r in ev.recipient] == ["ETH"]  # "of ..." hangs on the second
    demand = _first(coder, "Iran repeated its demand that Washington lift all sanctions.", "REQUEST")
    assert [r.entity_text for r in demand.recipient] == ["Washington"]


def test_a_protest_in_response_to_a_decision_targets_whoever_made_it(coder):
    ev = _first(coder, "Two hundred nurses staged a walkout in response to the hospital board's decision to cut wages.",
                "PROTEST")
    assert ev.recipient and "hospital board" in ev.recipient[0].entity_text


def test_a_pronoun_actor_stands_for_the_actor_named_before_it(coder):
    ev = _first(coder, "Opposition supporters gathered in Nairobi on Monday before they marched on parliament.", "PROTEST")
    assert [a.entity_text for a in ev.actor] == ["Opposition supporters"]  # not the place named in between


def test_the_source_of_a_nominal_event_acts(coder):
    ev = _first(coder, "Sudan's government faces sharp criticism from the African Union over the arrests.", "ACCUSE")
    assert [a.code for a in ev.actor] == ["AU"]


def test_whoever_is_guilty_of_an_act_did_it(coder):
    doc = coder("The rebel group and the army were guilty of violating the truce in Darfur.", pub_date="2025-05-05")
    assert any("army" in a.entity_text for e in doc.events for a in e.actor)


def test_a_place_is_the_target_of_a_joint_act_but_not_the_venue_of_a_meeting(coder):
    truce = _main(coder, "Turkey and Russia declared a ceasefire in northern Syria on Friday.")
    talks = _first(coder, "Turkey and Russia held talks in northern Syria on Friday.", "CONSULT")
    assert {a.code for a in truce.actor} == {a.code for a in talks.actor} == {"TUR", "RUS"}
    assert [r.code for r in truce.recipient] == ["SYR"] and talks.recipient == []


def test_forces_moved_are_not_the_target_even_when_a_country_is_named_nearby(coder):
    ev = _first(coder, "Israel mobilized troops for a possible strike on Iran's missile sites.", "MOBILIZE")
    assert [r.entity_text for r in ev.recipient] == ["Iran's missile sites"]  # the troops carry a code from the sentence
    ev = _first(coder, "Ghanaian peacekeepers are being sent to reinforce the Malian soldiers at the base.", "AID")
    assert any("Malian" in r.entity_text for r in ev.recipient)  # whom the forces go to help is the recipient


def test_what_an_act_creates_is_not_its_target(coder):
    ev = _main(coder, "Germany agreed to build a hospital in Kenya.")
    assert [r.code for r in ev.recipient] == ["KEN"]
    ev = _main(coder, "Kenya's cabinet agreed to establish a research institute in Mombasa.")
    assert [r.entity_text for r in ev.recipient] == ["Mombasa"]


def test_an_inquiry_into_claims_targets_whom_the_claims_are_about(coder):
    ev = _first(coder, "Dutch military police opened an investigation into allegations that three marines beat "
                       "detainees in Mali.", "ACCUSE")
    assert [r.entity_text for r in ev.recipient] == ["three marines"]


def test_a_strike_ended_by_a_settlement_concedes_to_whom_it_was_settled_with(coder):
    ev = _first(coder, "Nurses in Kenya called off their strike after the agreement with the health ministry.", "CONCEDE")
    assert [r.entity_text for r in ev.recipient] == ["the health ministry"]


def test_an_act_under_a_preposition_is_done_by_the_subject_of_the_verb_it_hangs_on(coder):
    ev = _first(coder, "Teachers ended their walkout after reaching a deal with the education ministry.", "SUPPORT")
    assert [a.entity_text for a in ev.actor] == ["Teachers"]
    assert [r.entity_text for r in ev.recipient] == ["the education ministry"]


def test_a_pact_between_coordinated_actors_is_a_dyad_whatever_it_commits_them_to(coder):
    ev = _first(coder, "Chile and Peru agreed to exchange fishing data on the Humboldt current.", "AGREE")
    assert [a.code for a in ev.actor] == ["CHL"] and [r.code for r in ev.recipient] == ["PER"]
    ev = _first(coder, "Ghana and Togo agreed to share intelligence on Burkina Faso.", "AGREE")
    assert [a.code for a in ev.actor] == ["GHA"] and [r.code for r in ev.recipient] == ["TGO"]
    # one actor: what is promised to a third party still names the target
    ev = _first(coder, "Ghana agreed to share intelligence with Togo.", "AGREE")
    assert [r.code for r in ev.recipient] == ["TGO"]


def test_drills_held_by_several_forces_are_a_dyad(coder):
    ev = _first(coder, "Indian and Japanese warships held naval drills off Chennai.", "COOPERATE")
    assert [a.code for a in ev.actor] == ["IND"] and [r.code for r in ev.recipient] == ["JPN"]


def test_a_place_word_that_qualifies_a_noun_names_the_place_of_the_act(coder):
    ev = _first(coder, "The charity is delivering food aid to 40,000 people in southern Somalia.", "AID")
    assert [r.entity_text for r in ev.recipient] == ["southern Somalia"]  # the place, not the head count
    ev = _main(coder, "Militants laid down their weapons in the Kunar province on Monday.")
    assert [r.entity_text for r in ev.recipient] == ["the Kunar province"]


def test_the_purpose_of_a_named_act_names_its_target(coder):
    ev = _first(coder, "Jailed Belarusian activists began a hunger strike to protest against the prison governor.", "PROTEST")
    assert [r.entity_text for r in ev.recipient] == ["the prison governor"]
    ev = _first(coder, "Nepal's refusal to negotiate with the Indian government has stalled the project.", "REJECT")
    assert [r.entity_text for r in ev.recipient] == ["the Indian government"]


def test_a_place_named_by_its_kind_outranks_a_thing(coder):
    ev = _main(coder, "Kenyan police remained on high alert in the border region on Sunday.")
    assert [r.entity_text for r in ev.recipient] == ["the border region"]


def test_whom_a_topic_is_discussed_with_outranks_the_topic(coder):
    ev = _first(coder, "Ramaphosa discussed Zimbabwe with Biden in a phone call on Monday.", "CONSULT")
    assert [r.entity_text for r in ev.recipient] == ["Biden"]
    ev = _first(coder, "Ramaphosa discussed Zimbabwe in a phone call on Monday.", "CONSULT")
    assert [r.code for r in ev.recipient] == ["ZWE"]  # with no one named, the topic stays


def test_a_place_outranks_a_head_count_given_the_storys_state_and_who_acted_in_an_earlier_event(coder):
    ev = _first(coder, "Ethiopian authorities imposed a curfew in parts of Gondar to stop protests following the "
                       "deaths of six people at the hands of Ethiopian soldiers.", "COERCE")
    assert [r.entity_text for r in ev.recipient] == ["Gondar"]


def test_condemning_an_act_targets_whoever_did_it_not_whom_it_was_done_to(coder):
    ev = _first(coder, "Kenya condemned the militia's attack on Somali police officers.", "ACCUSE")
    assert len(ev.recipient) == 1 and "militia" in ev.recipient[0].entity_text


@pytest.mark.parametrize("text,etype", [
    # letting aid in is access allowed (AID's `allowed_by`), by whoever allows it to whoever may act; saying one
    # will allow it is a promise
    ("Myanmar said it would allow the Red Cross to deliver food to villages in Rakhine.", "AGREE"),
    ("Myanmar allowed aid agencies to deliver food to villages in Rakhine.", "RETREAT"),
])
def test_an_act_someone_allows_is_done_by_whoever_allows_it_to_whoever_may(coder, text, etype):
    ev = _first(coder, text, etype)
    assert [a.code for a in ev.actor] == ["MMR"]
    assert [r.entity_text for r in ev.recipient] in (["the Red Cross"], ["aid agencies"])


def test_an_agentless_passive_is_done_by_the_subject_of_the_clause_that_says_how(coder):
    ev = _main(coder, "At least 12 civilians were killed when Ethiopian troops shelled the market in Mekelle.")
    assert [a.code for a in ev.actor] == ["ETH"]


def test_a_place_in_the_clause_is_the_last_resort_target_and_says_so(coder):
    ev = _main(coder, "Ethiopian rebels in Sudan declared a ceasefire.")
    assert [r.code for r in ev.recipient] == ["SDN"] and ev.decided_by["recipient"] == "place in clause"
    ev = _first(coder, "Kenyan and Ugandan ministers held talks in Tanzania.", "CONSULT")
    assert ev.recipient == []  # a meeting's venue is not a party to it
    ev = _main(coder, "Ethiopian troops withdrew quietly, officials in Ethiopia said.")
    assert "ETH" not in [r.code for r in ev.recipient]  # nor is the actor's own state


def test_a_destination_swallowed_by_a_long_object_is_still_the_recipient(coder):
    ev = _main(coder, "The museum returned a bronze mask that had been looted from a palace in 1897 to Nigeria.")
    assert [r.code for r in ev.recipient] == ["NGA"]


def test_an_event_noun_that_an_act_is_aimed_at_is_its_target(coder):
    doc = coder("Opposition parties said they will boycott the talks on Thursday.", pub_date="2025-05-05")
    ev = next(e for e in doc.events if e.event_text == "boycott")
    assert [r.entity_text for r in ev.recipient] == ["the talks"]


def test_a_place_deep_inside_what_was_acted_upon_outranks_the_thing(coder):
    ev = _main(coder, "The government eased restrictions on travel to villages in the Darfur region.")
    assert [r.entity_text for r in ev.recipient] == ["the Darfur region"]


def test_a_mission_is_named_by_where_it_serves(coder):
    ev = _first(coder, "Rwanda will send 500 soldiers to the African Union force in Mali.", "AID")
    assert [r.code for r in ev.recipient] == ["MLI"]
    ev = _first(coder, "Rwanda will send 500 soldiers to the African Union force in the Central African Republic.", "AID")
    assert [r.code for r in ev.recipient] == ["CAF"]  # a place whose name the tagger reads with its article


def test_a_place_where_a_coordinated_act_was_done_outranks_a_thing(coder):
    ev = _first(coder, "The army declared a curfew in Mali and sent in troops with orders to find the gunmen.", "MOBILIZE")
    assert [r.entity_text for r in ev.recipient] == ["Mali"]


def test_whoever_was_ordered_to_act_is_the_recipient_of_a_passive_order(coder):
    ev = _first(coder, "Three opposition radio stations were ordered to suspend broadcasts on Monday.", "COERCE")
    assert [r.entity_text for r in ev.recipient] == ["Three opposition radio stations"]
    ev = _first(coder, "Some 300 families arrived in Chad seeking asylum.", "REQUEST")
    assert [r.entity_text for r in ev.recipient] == ["Chad"]  # where the act a participle hangs on was done


def test_who_claims_responsibility_for_an_act_did_it(coder):
    # the claim is CAMEO 015, which PLOVER does not code; the act claimed is the claimant's
    doc = coder("The Pakistani Taliban claimed responsibility for the kidnapping of two Chinese engineers.",
                pub_date="2025-05-05")
    assert doc.main_event.event == "ASSAULT", [(e.event, e.decided_by) for e in doc.events]
    ev = next(e for e in doc.events if e.event == "ASSAULT")
    assert [a.entity_text for a in ev.actor] == ["The Pakistani Taliban"]
    assert any("engineers" in r.entity_text for r in ev.recipient)
