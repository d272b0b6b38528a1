"""Auxiliary modes: negated, hypothetical, future, historical — each proved on its own sentence."""
from __future__ import annotations

import pytest


def _main(doc, etype=None):
    evs = [e for e in doc.events if etype is None or e.event == etype]
    assert evs, [(e.event, e.event_text) for e in doc.events]
    return max(evs, key=lambda e: e.confidence)


@pytest.mark.parametrize("text,etype", [
    ("Turkish troops did not attack the Kurdish-held town of Kobani on Sunday, the defence ministry said.", None),
    ("The two delegations never met in Geneva last week, Swiss officials said.", None),
    ("Nobody fired on the convoy near Goma, the army spokesman said.", "ASSAULT"),  # a subject that is no one
    ("None of the three parties signed the coalition pact in Windhoek.", "SUPPORT"),
])
def test_negated(coder, text, etype):
    ev = _main(coder(text, pub_date="2025-05-05"), etype)
    assert ev.negated and not ev.plain


@pytest.mark.parametrize("text", [
    "If Iran enriches uranium beyond 60 percent, the European Union would impose new sanctions on Tehran.",
    "Washington could deploy more warships to the Gulf, a Pentagon official said on Monday.",
])
def test_hypothetical(coder, text):
    doc = coder(text, pub_date="2025-05-05")
    assert doc.events and all(e.hypothetical and not e.plain for e in doc.events if e.event in ("COERCE", "MOBILIZE"))
    assert any(e.event in ("COERCE", "MOBILIZE") for e in doc.events)


def test_future(coder):
    doc = coder("Chinese Foreign Minister Wang Yi will meet his Indian counterpart in New Delhi next week.",
                pub_date="2025-05-05")
    ev = _main(doc, "CONSULT")
    assert ev.future and not ev.plain and not ev.negated


def test_historical(coder):
    doc = coder("Iraqi forces invaded Kuwait on August 2, 1990, triggering the Gulf War.", pub_date="2025-05-05")
    ev = _main(doc, "ASSAULT")
    assert ev.historical and ev.date == "1990-08-02"


def test_plain_event_has_no_aux_flags(coder):
    ev = _main(coder("Protesters marched through central Nairobi on Tuesday demanding lower fuel prices.",
                     pub_date="2025-05-07"))
    assert ev.plain and not ev.historical


def test_declared_intent_is_a_promise_and_a_stated_obligation_a_request(coder):
    doc = coder("The rebels said they will release the 21 hostages next week.", pub_date="2025-05-05")
    agree = [e for e in doc.events if e.event == "AGREE" and e.plain]
    assert agree and "intent" in agree[0].decided_by["rule"]
    assert any(e.event == "RETREAT" and e.future for e in doc.events)
    doc = coder("The United States said North Korea must disarm before it can receive aid.", pub_date="2025-05-05")
    req = [e for e in doc.events if e.event == "REQUEST" and e.plain]
    assert req and req[0].actor[0].code == "USA" and req[0].recipient[0].code == "PRK"


@pytest.mark.parametrize("text", [
    "The militia's commander promised fresh attacks on army posts unless the troops leave the valley.",
    # through a verb that renews what it names, and a noun that only frames the act
    "The rebel council in the delta pledged to rekindle its kidnapping campaign.",
    "The separatist commander in Kidal pledged to escalate a campaign of ambushes on army convoys.",
])
def test_a_promise_of_force_is_a_threat(coder, text):
    doc = coder(text, pub_date="2025-05-05")
    assert doc.main_event.event == "THREATEN"
    threat = next(e for e in doc.events if e.event == "THREATEN")
    assert threat.decided_by["rule"] == "promise to ASSAULT" and threat.decided_by["derived_from"] == "AGREE"
    assert not any(e.event == "AGREE" for e in doc.events)


@pytest.mark.parametrize("text", ["No talks were held in Geneva on Monday.", "The two delegations held no talks in Geneva."])
def test_no_before_the_event_noun_negates(coder, text):
    ev = _main(coder(text, pub_date="2025-05-05"), "CONSULT")
    assert ev.negated and not ev.plain


def test_declared_conflict_and_refusal_derive_threaten_and_reject(coder):
    doc = coder("Sudanese authorities announced they will renew the curfew order in Kassala for another fortnight.",
                pub_date="2025-05-05")
    threat = [e for e in doc.events if e.event == "THREATEN" and e.plain]
    assert threat and threat[0].actor[0].entity_text == "Sudanese authorities"  # the speaker declares
    assert any(e.event == "COERCE" and e.future for e in doc.events)  # the curfew itself has not happened
    doc = coder("Ghana and Togo failed to reach agreement on the maritime boundary.", pub_date="2025-05-05")
    assert any(e.event == "REJECT" and e.plain and "refusal" in e.decided_by["rule"] for e in doc.events)
    doc = coder("Australia has offered to send medical teams to help Vanuatu after the cyclone.", pub_date="2025-05-05")
    assert any(e.event == "AGREE" and e.plain and e.actor and e.actor[0].code == "AUS" for e in doc.events)


@pytest.mark.parametrize("text,obliged", [
    ("The opposition leader said the government must protect journalists and release the detained reporters.", "government"),
    ("Kenya's foreign minister says Ethiopia needs to pull its troops out of the border zone.", "Ethiopia"),
    ("The bishops said the junta should be ready to negotiate with the armed groups.", "junta"),
])
def test_an_obligation_stated_for_another_actor_is_a_request_however_phrased(coder, text, obliged):
    doc = coder(text, pub_date="2025-05-05")
    req = [e for e in doc.events if e.event == "REQUEST" and e.plain]
    assert req and any(obliged in r.entity_text for r in req[0].recipient), [(e.event, e.decided_by) for e in doc.events]
    assert not any(obliged in a.entity_text for a in req[0].actor)  # the speaker asks; the one obliged is asked
    assert all(not e.plain for e in doc.events if e.event != "REQUEST")  # what is demanded has not happened


def test_an_obligation_the_speaker_takes_on_is_not_a_request(coder):
    doc = coder("The prime minister said we must send more aid to the flood victims.", pub_date="2025-05-05")
    assert not any(e.event == "REQUEST" for e in doc.events)


def test_a_bare_participle_shares_its_heads_tense(coder):
    doc = coder("The authorities said they will extend the curfew for two months, banning all gatherings.",
                pub_date="2025-05-05")
    assert all(not e.plain for e in doc.events if e.event == "COERCE")
    assert any(e.event == "THREATEN" and e.plain for e in doc.events)  # a declared restriction
    doc = coder("Police raided the newspaper's offices on Monday, seizing computers.", pub_date="2025-05-05")
    assert all(e.plain for e in doc.events)


def test_an_offer_named_through_its_destination_is_still_a_declared_offer(coder):
    doc = coder("Ghana is ready to contribute engineers to the UN peacekeeping force in Mali.", pub_date="2025-05-05")
    assert any(e.event == "AGREE" and e.plain for e in doc.events), [(e.event, e.decided_by) for e in doc.events]
    assert all(not e.plain for e in doc.events if e.event == "AID")  # the contribution has not happened yet


@pytest.mark.parametrize("text,declared", [
    ("Algeria said it is willing to withdraw its troops from the border zone.", "AGREE"),
    ("Morocco said it would be ready to hold talks with the Polisario Front.", "AGREE"),  # a readiness stated
    ("Algeria is not willing to withdraw its troops from the border zone.", "REJECT"),  # the copula's negation
    ("Unless Algeria is willing to withdraw its troops from the border zone, the talks will fail.", None),
    ("Algeria could be willing to withdraw its troops from the border zone.", None),  # a possibility
])
def test_a_declaration_is_read_where_it_is_declared(coder, text, declared):
    doc = coder(text, pub_date="2025-05-05")
    plain = {e.event for e in doc.events if e.plain and e.event in ("AGREE", "REJECT")}
    assert plain == ({declared} if declared else set()), [(e.event, e.plain, e.decided_by) for e in doc.events]


@pytest.mark.parametrize("text,declared,act", [
    ("The rebels said they would release the hostages if the government freed their comrades.", "AGREE", "RETREAT"),
    ("Tirana would lift the import ban if Belgrade recognised the new customs seals, the trade minister said.",
     "AGREE", "CONCEDE"),
    ("The president said his forces would bomb the rebel camps if the ceasefire collapsed.", "THREATEN", "ASSAULT"),
    ("The minister said Ankara would not reopen the border crossing unless the shelling stopped.", "REJECT", "RETREAT"),
    ("The government would release the prisoners if the court ordered it.", None, "RETREAT"),  # no one says so
])
def test_a_conditional_offer_or_threat_someone_states_is_made(coder, text, declared, act):
    doc = coder(text, pub_date="2025-05-05")
    made = [e for e in doc.events if e.plain and e.event in ("AGREE", "REJECT", "THREATEN")]
    assert [e.event for e in made] == ([declared] if declared else []), [(e.event, e.plain, e.decided_by)
                                                                         for e in doc.events]
    if declared:
        assert made[0].decided_by["rule"].startswith("conditional")
    assert any(e.event == act and e.hypothetical for e in doc.events)  # the act itself has not happened


@pytest.mark.parametrize("text,refusal", [
    ("The junta did not accept the mediators' ceasefire proposal on Sunday.", True),
    ("The two delegations reached no agreement on fishing quotas in Reykjavik.", True),
    ("The Bolivian senate never ratified the border treaty with Chile.", True),
    ("The rebels have not yet accepted the mediators' ceasefire proposal.", False),  # undecided, not declined
])
def test_an_acceptance_not_given_is_a_refusal(coder, text, refusal):
    doc = coder(text, pub_date="2025-05-05")
    rejects = [e for e in doc.events if e.event == "REJECT" and e.plain]
    assert bool(rejects) == refusal, [(e.event, e.plain, e.decided_by) for e in doc.events]
    assert all(not e.plain for e in doc.events if e.event in ("AGREE", "SUPPORT"))  # nothing was accepted
