"""Actor resolution: names, demonyms, metonyms, offices, compounds, coreference, user dictionaries."""
from __future__ import annotations

from pathlib import Path

import pytest

import dotterel
from dotterel.actors.knowledge import ActorKnowledge, load_user_dictionary
from dotterel.errors import ResourceError


def _actors(doc):
    return {a.entity_text: a for a in doc.mentions}


def test_demonym_office_and_person(coder):
    doc = coder("South Korean First Vice Foreign Minister Kim Hong-kyun met reporters in Seoul on Friday.",
                pub_date="2024-06-21")
    a = next(a for a in doc.mentions if "Kim" in a.entity_text)
    assert (a.code, a.sector) == ("KOR", "GOV")
    assert a.office and "Foreign Minister" in a.office


def test_ambassador_belongs_to_sending_state(coder):
    doc = coder("Japan summoned the Chinese Ambassador to Tokyo Wu Jianghao on Tuesday.", pub_date="2025-01-07")
    envoy = next(a for a in doc.mentions if "Ambassador" in a.entity_text)
    assert envoy.code == "CHN"


def test_capital_metonym(coder):
    doc = coder("The Kremlin rejected the proposal, while Beijing welcomed it.", pub_date="2025-01-07")
    codes = {a.code for a in doc.mentions}
    assert {"RUS", "CHN"} <= codes


def test_igo(coder):
    doc = coder("NATO condemned the missile launch, and the United Nations called for restraint.", pub_date="2025-01-07")
    assert {"NATO", "UN"} <= {a.code for a in doc.mentions}


def test_compound_actor_is_one_list(coder):
    doc = coder("Russia and North Korea condemned the sanctions imposed by the European Union.", pub_date="2024-06-19")
    ev = next(e for e in doc.events if e.event == "ACCUSE")
    assert [a.code for a in ev.actor] == ["RUS", "PRK"]


def test_a_pact_between_coordinated_actors_is_a_dyad_but_a_meeting_is_one_actor_list(coder):
    pact = coder("Russia and North Korea signed a defence treaty in Pyongyang.", pub_date="2024-06-19")
    ev = next(e for e in pact.events if e.event == "SUPPORT")
    assert [a.code for a in ev.actor] == ["RUS"] and [r.code for r in ev.recipient] == ["PRK"]
    talks = coder("Russia and North Korea held talks in Pyongyang.", pub_date="2024-06-19")
    ev = next(e for e in talks.events if e.event == "CONSULT")
    assert [a.code for a in ev.actor] == ["RUS", "PRK"] and ev.recipient == []


def test_surname_follows_the_full_name(coder):
    doc = coder("Russian Ambassador Georgy Zinoviev arrived in Seoul on Friday. Later, Zinoviev rejected the criticism.",
                pub_date="2024-06-21")
    later = [a for a in doc.mentions if a.entity_text == "Zinoviev"]
    assert later and later[0].code == "RUS"


def test_unknown_name_stays_unresolved(coder):
    doc = coder("The Zorblatt Collective condemned the new tax on imported cheese.", pub_date="2025-01-07")
    ev = doc.events[0]
    assert ev.actor and ev.actor[0].code is None and "Zorblatt" in ev.actor[0].entity_text


def test_user_dictionary_extends_knowledge(tmp_path: Path):
    f = tmp_path / "mine.yaml"
    f.write_text("- name: Zorblatt Collective\n  aliases: [Zorblatt]\n  code: ZBC\n  sector: REB\n  kind: group\n")
    coder = dotterel.load(actor_dictionaries=[str(f)])
    doc = coder("The Zorblatt Collective condemned the new tax on imported cheese.", pub_date="2025-01-07")
    assert doc.events[0].actor[0].code == "ZBC" and doc.events[0].actor[0].sector == "REB"


@pytest.mark.parametrize("content,needle", [
    ("- name: X\n  code: lower\n", "line 1: code"),
    ("- name: A\n  code: AAA\n- code: BBB\n", "line 3: missing 'name'"),
    ("- name: A\n  code: AAA\n  colour: red\n", "unknown field"),
    ("- name: [unclosed\n", "line"),
])
def test_malformed_dictionary_names_file_line_problem(tmp_path: Path, content: str, needle: str):
    f = tmp_path / "bad.yaml"
    f.write_text(content)
    with pytest.raises(ResourceError) as exc:
        load_user_dictionary(ActorKnowledge(), f)
    assert str(f) in str(exc.value) and needle in str(exc.value)


def test_csv_dictionary(tmp_path: Path):
    f = tmp_path / "mine.csv"
    f.write_text("name,aliases,code,sector,office,start,end\nAda Quist,Quist,XYZ,GOV,President,2020-01-01,\n")
    kb = ActorKnowledge()
    load_user_dictionary(kb, f)
    n, entry = kb.lookup(["Quist"], 0)
    assert entry.code == "XYZ" and entry.office == "President"


def test_role_noun_follows_the_office_holder(coder):
    doc = coder("Russian Ambassador Georgy Zinoviev was summoned on Friday. The ambassador rejected the protest.",
                pub_date="2024-06-21")
    later = [a for a in doc.mentions if a.entity_text == "The ambassador"]
    assert later and later[0].code == "RUS" and later[0].resolved_by == "earlier mention"


def test_national_role_nouns_take_the_datelines_state(coder):
    doc = coder("ULAANBAATAR, Sept 22 - Police arrested 143 protesters on Monday. The government imposed a curfew.",
                pub_date="2025-09-22")
    police = next(a for a in doc.mentions if a.entity_text == "Police")
    assert (police.code, police.sector, police.resolved_by) == ("MNG", "COP", "article")


def test_no_home_state_without_evidence(coder):
    doc = coder("Police arrested 143 protesters on Monday.", pub_date="2025-09-22")
    ev = doc.events[0]
    assert ev.actor and ev.actor[0].code is None and ev.actor[0].sector == "COP"


def test_iso_official_names_come_from_pycountry(coder):
    doc = coder("The Federal Democratic Republic of Ethiopia condemned the missile test.", pub_date="2025-01-07")
    assert "ETH" in {a.code for a in doc.events[0].actor}


def test_unnamed_forces_an_actor_moves_are_its_own_not_the_storys_home_state(coder):
    doc = coder("The Israeli military mobilized troops for a possible strike on Syria's missile sites, Syrian media said.",
                pub_date="2025-05-05")
    troops = next(a for a in doc.mentions if a.entity_text == "troops")
    assert (troops.code, troops.resolved_by) == ("ISR", "subject")
    doc = coder("Russian forces attacked troops near the town, Ukraine said.", pub_date="2025-05-05")
    assert all(a.code != "RUS" for a in doc.mentions if a.entity_text == "troops")  # forces attacked are not the attacker's


def test_coordinated_modifiers_of_one_noun_are_each_an_actor(coder):
    ev = _first_event(coder("Kenyan and Ugandan troops attacked the rebel camp on Sunday.", pub_date="2025-01-07"),
                      "ASSAULT")
    assert [(a.code, a.sector) for a in ev.actor] == [("KEN", "MIL"), ("UGA", "MIL")]
    assert ev.actor[1].entity_text == "Ugandan troops"
    # a thing with coordinated modifiers stays one thing
    doc = coder("Political and economic reforms stalled in Nairobi.", pub_date="2025-01-07")
    assert not any("economic reforms" == a.entity_text for a in doc.mentions)


def _first_event(doc, etype):
    return next(e for e in doc.events if e.event == etype)


def test_a_name_that_only_qualifies_a_thing_or_a_body_is_not_a_person(coder):
    doc = coder("Several countries called for sanctions against Moscow over the Skripal case.", pub_date="2025-01-07")
    case = next(a for s in doc.sentences for a in s.actors.values() if a.entity_text == "the Skripal case")
    assert case.kind != "person"
    ev = next(e for e in doc.events if e.event_text == "called")
    assert [r.code for r in ev.recipient] == ["RUS"]


def test_a_role_noun_named_in_apposition_is_that_person(coder):
    doc = coder("Kenya's defence minister met his Ugandan counterpart, Jacob Oboth, in Kampala.", pub_date="2025-01-07")
    counterpart = next(a for s in doc.sentences for a in s.actors.values() if a.entity_text.startswith("his Ugandan"))
    assert counterpart.entity_text == "his Ugandan counterpart, Jacob Oboth"
    assert (counterpart.code, counterpart.kind, counterpart.name) == ("UGA", "person", "Jacob Oboth")
