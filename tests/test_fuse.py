"""Within one page, one act told again is one event (fuse.fuse_document), two acts stay two."""
from __future__ import annotations

import pytest

from sijill.fuse import fuse_document

SDF = {"id": "SDF", "name": "Syrian Democratic Forces", "parents": [], "label": "قسد"}
ISIS = {"id": "ISIS", "name": "Islamic State", "parents": [], "label": "داعش"}
GOV = {"id": "SYR_GOV", "name": "Military Forces of Syria (2000-2024)", "parents": [], "label": "قوات النظام"}
TUR = {"id": "TUR_MIL", "name": "Military Forces of Turkey", "parents": [], "label": "الجيش التركي"}


def clash(make_event, a1, a2, sub="Armed clash", start=100, **fields):
    ev = make_event(event_type="Battles", sub_event_type=sub, actor1=a1, actor2=a2, assoc_actor2=[], **fields)
    src = ev.sources[0]
    from dataclasses import replace
    from sijill.model import Evidence
    return replace(ev, sources=(replace(src, evidence=(Evidence("trigger", start, start + 5, "اشتبا"),)),)).with_id()


@pytest.mark.parametrize("first, second", [
    ((SDF, ISIS), (ISIS, SDF)),     # "اشتباكات بين قسد وداعش" ... "هاجم داعش مواقع قسد"
    ((GOV, ISIS), (ISIS, GOV)),
    ((TUR, SDF), (SDF, TUR)),
])
def test_a_clash_told_again_from_the_other_side_is_one_event(make_event, first, second):
    a = clash(make_event, *first, start=10)
    b = clash(make_event, *second, start=300)
    fused = fuse_document([a, b])
    assert len(fused) == 1 and fused[0].actor1.id == first[0]["id"]
    assert len(fused[0].sources[0].evidence) == 2


def test_a_place_taken_and_retaken_by_the_other_side_is_two_acts(make_event):
    taken = clash(make_event, GOV, SDF, sub="Government regains territory", start=10)
    retaken = clash(make_event, SDF, GOV, sub="Non-state actor overtakes territory", start=300)
    assert len(fuse_document([taken, retaken])) == 2


def test_clashes_between_other_pairs_of_sides_stay_apart(make_event):
    a = clash(make_event, SDF, ISIS, start=10)
    b = clash(make_event, GOV, SDF, start=300)
    assert len(fuse_document([a, b])) == 2


AUTHORITIES = {"id": "GOV_GENERIC", "name": "Government (unspecified)", "parents": [], "label": "السلطات"}
MIT = {"id": "TUR_MIT", "name": "Turkish intelligence", "parents": ["TUR_GOV"], "label": "الاستخبارات التركية"}
GUNMEN = {"id": "GUNMEN_GENERIC", "name": "Gunmen", "parents": ["UNIDENTIFIED"], "label": "مسلحون"}
AIRFORCE = {"id": "SYR_AIRFORCE", "name": "Military Forces of Syria (2000-2024) Air Force", "parents": ["SYR_GOV"],
            "label": "الطيران الحربي"}
CIVILIANS = {"id": "CIVILIANS", "name": "Civilians", "parents": [], "label": "مدنيين"}


def act(make_event, etype, sub, a1, a2, start):
    ev = make_event(event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2, assoc_actor2=[])
    from dataclasses import replace
    from sijill.model import Evidence
    src = ev.sources[0]
    return replace(ev, sources=(replace(src, evidence=(Evidence("trigger", start, start + 5, "فعلٌ"),)),)).with_id()


@pytest.mark.parametrize("etype, sub, broad, named, a2", [
    # "أعلنت السلطات احتجاز ..." then "اعتقلت الاستخبارات التركية ..."
    ("Strategic developments", "Arrests", AUTHORITIES, MIT, ISIS),
    # "هاجم مسلحون حاجزا ..." then "هاجم عناصر داعش الحاجز"
    ("Battles", "Armed clash", GUNMEN, ISIS, GOV),
    # "قصفت قوات النظام البلدة ..." then "ألقى الطيران الحربي براميل على البلدة"
    ("Explosions/Remote violence", "Air/drone strike", GOV, AIRFORCE, CIVILIANS),
])
def test_one_side_named_two_ways_is_one_act_with_the_more_specific_name(make_event, etype, sub, broad, named, a2):
    first = act(make_event, etype, sub, broad, a2, start=10)
    second = act(make_event, etype, sub, named, a2, start=300)
    for pair in ([first, second], [second, first]):
        fused = fuse_document(pair)
        assert len(fused) == 1 and fused[0].actor1.id == named["id"]
        assert len(fused[0].sources[0].evidence) == 2


def test_two_named_sides_striking_one_place_are_two_acts(make_event):
    a = act(make_event, "Explosions/Remote violence", "Air/drone strike", TUR, SDF, start=10)
    b = act(make_event, "Explosions/Remote violence", "Air/drone strike", GOV, SDF, start=300)
    assert len(fuse_document([a, b])) == 2


def test_two_sides_both_unnamed_are_not_taken_for_one(make_event):
    army = {"id": "MIL_GENERIC", "name": "Military forces (unspecified)", "parents": [], "label": "الجيش"}
    a = act(make_event, "Explosions/Remote violence", "Shelling/artillery/missile attack", army, CIVILIANS, start=10)
    b = act(make_event, "Explosions/Remote violence", "Shelling/artillery/missile attack", GUNMEN, CIVILIANS, start=300)
    assert len(fuse_document([a, b])) == 2


@pytest.mark.parametrize("sub", ["Air/drone strike", "Shelling/artillery/missile attack"])
def test_the_us_military_and_the_coalition_it_leads_are_one_side_within_a_page(make_event, sub):
    # "غارات للتحالف الدولي على بلدة هجين" then "قالت القوات الأمريكية إن طائراتها قصفت هجين"
    coalition = {"id": "COALITION", "name": "Global Coalition Against Daesh", "parents": [], "label": "التحالف الدولي"}
    us = {"id": "USA_MIL", "name": "Military Forces of the United States", "parents": [], "label": "القوات الأمريكية"}
    a = act(make_event, "Explosions/Remote violence", sub, coalition, ISIS, start=10)
    b = act(make_event, "Explosions/Remote violence", sub, us, ISIS, start=300)
    assert len(fuse_document([a, b])) == 1
    # another side striking the same place the same day is still another act
    c = act(make_event, "Explosions/Remote violence", sub, TUR, ISIS, start=500)
    assert len(fuse_document([a, c])) == 2


def strike(make_event, a1, a2, trigger="غارات", assoc2=(), sub="Air/drone strike"):
    from dataclasses import replace
    from sijill.model import Evidence
    ev = make_event(event_type="Explosions/Remote violence", sub_event_type=sub, actor1=a1, actor2=a2,
                    assoc_actor2=list(assoc2))
    evidence = [Evidence("trigger", 40, 40 + len(trigger), trigger)]
    if a1:
        evidence.insert(0, Evidence("actor1", 10, 10 + len(a1["label"]), a1["label"]))
    if a2:
        evidence.append(Evidence("actor2", 60, 60 + len(a2["label"]), a2["label"]))
    return replace(ev, sources=(replace(ev.sources[0], evidence=tuple(evidence)),)).with_id()


COALITION = {"id": "COALITION", "name": "Global Coalition Against Daesh", "parents": [], "label": "التحالف الدولي"}


def test_a_group_without_aircraft_read_as_the_doer_of_an_air_strike_is_the_side_struck(make_event):
    # "تهدم جسران من جراء استهدافهما بغارات من طائرات التحالف" read with داعش (the page's most named) acting
    [ev] = fuse_document([strike(make_event, ISIS, COALITION)])
    assert (ev.actor1.id, ev.actor2.id) == ("COALITION", "ISIS")
    roles = {e.role: e.text for e in ev.sources[0].evidence}
    assert roles["actor1"] == "التحالف الدولي" and roles["actor2"] == "داعش"
    # "غارات جوية على مواقع داعش": no doer named; داعش is the side struck
    [ev] = fuse_document([strike(make_event, ISIS, None)])
    assert ev.actor1.id == "UNIDENTIFIED" and ev.actor2.id == "ISIS"
    assert [e.role for e in ev.sources[0].evidence if e.text == "داعش"] == ["actor2"]
    # "قتل مدنيون في غارات على قرية يسيطر عليها التنظيم": the civilians stay the side struck, the group with them
    [ev] = fuse_document([strike(make_event, SDF, CIVILIANS)])
    assert ev.actor1.id == "UNIDENTIFIED" and ev.actor2.id == "CIVILIANS" and [a.id for a in ev.assoc_actor2] == ["SDF"]
    assert ev.notes.startswith("Unidentified Armed Group (Syria): air/drone strike against Civilians")


@pytest.mark.parametrize("a1, trigger", [
    (ISIS, "طائرة مسيرة"),     # a group may fly a drone: "استهدفت طائرة مسيرة لداعش ..."
    (ISIS, "طائرات بدون طيار"),
    (GOV, "غارات"),            # a state's forces fly
    (TUR, "قصف جوي"),
])
def test_a_drone_or_a_side_with_aircraft_keeps_its_doer(make_event, a1, trigger):
    [ev] = fuse_document([strike(make_event, a1, CIVILIANS, trigger)])
    assert ev.actor1.id == a1["id"] and ev.actor2.id == "CIVILIANS"


def test_a_group_shelling_is_not_taken_for_the_side_struck(make_event):
    ev = act(make_event, "Explosions/Remote violence", "Shelling/artillery/missile attack", ISIS, CIVILIANS, start=10)
    [out] = fuse_document([ev])
    assert out.actor1.id == "ISIS"


USA = {"id": "USA_MIL", "name": "Military Forces of the United States", "parents": [], "label": "جنديين أمريكيين"}
GBR = {"id": "GBR_MIL", "name": "Military Forces of the United Kingdom", "parents": [], "label": "جندي بريطاني"}
IED = "Remote explosive/landmine/IED"


def test_an_army_read_as_the_planter_of_a_roadside_bomb_is_the_side_struck(make_event):
    # "مقتل جنديين أمريكيين بانفجار عبوة ناسفة" with داعش named after it ("... في مناطق داعش")
    [ev] = fuse_document([strike(make_event, USA, ISIS, "عبوة ناسفة", sub=IED)])
    assert (ev.actor1.id, ev.actor2.id) == ("ISIS", "USA_MIL")
    # "... بانفجار لغم": nobody named as the planter
    [ev] = fuse_document([strike(make_event, TUR, None, "انفجار لغم", sub=IED)])
    assert (ev.actor1.id, ev.actor2.id) == ("UNIDENTIFIED", "TUR_MIL")
    assert [e.role for e in ev.sources[0].evidence if e.role.startswith("actor")] == ["actor2"]
    # "قتل جندي أمريكي وآخر بريطاني من التحالف بانفجار عبوة": both soldiers struck
    [ev] = fuse_document([strike(make_event, USA, GBR, "انفجار عبوة", sub=IED)])
    assert ev.actor1.id == "UNIDENTIFIED" and ev.actor2.id == "GBR_MIL" and [a.id for a in ev.assoc_actor2] == ["USA_MIL"]


def test_a_suicide_bombing_is_no_army_s_act(make_event):
    # "فجر انتحاري نفسه عند حاجز لقوات النظام": the checkpoint's forces read as the doer, none struck
    [ev] = fuse_document([strike(make_event, GOV, None, "فجر انتحاري نفسه", sub="Suicide bomb")])
    assert (ev.actor1.id, ev.actor2.id) == ("UNIDENTIFIED", "SYR_GOV")


def test_a_group_planting_a_bomb_keeps_its_doer(make_event):
    [ev] = fuse_document([strike(make_event, ISIS, GOV, "عبوة ناسفة", sub=IED)])
    assert (ev.actor1.id, ev.actor2.id) == ("ISIS", "SYR_GOV")


RUS = {"id": "RUS_MIL", "name": "Military Forces of Russia", "parents": [], "label": "عسكريين روس"}


@pytest.mark.parametrize("etype, sub, side", [
    # "قتل أربعة عسكريين روس في هجوم لعدة مجموعات مسلحة": the soldiers read as the doer too
    ("Battles", "Armed clash", RUS),
    # "قتل مدنيون في هجوم على سوق ...": the civilians in both roles
    ("Violence against civilians", "Attack", CIVILIANS),
    # an IED's victims, two tellings merged each naming the army in another role
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", GOV),
])
def test_one_side_is_never_both_the_doer_and_the_side_struck(make_event, etype, sub, side):
    [ev] = fuse_document([act(make_event, etype, sub, side, side, start=10)])
    assert ev.actor1.id == "UNIDENTIFIED" and ev.actor2.id == side["id"]


def test_a_place_taken_from_its_own_taker_keeps_the_taker(make_event):
    # "سيطرت قوات النظام على ... بعد انسحاب قوات النظام": the side it was taken from is unknown
    [ev] = fuse_document([act(make_event, "Battles", "Government regains territory", GOV, GOV, start=10)])
    assert ev.actor1.id == "SYR_GOV" and ev.actor2 is None
