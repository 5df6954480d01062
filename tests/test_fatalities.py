"""Fatalities (resolve/fatalities.py): the number killed, read from the words around the act.
Short invented sentences in the style of the news the rules were read from."""
from __future__ import annotations

from datetime import date

import pytest

from sijill.model import Document, Options
from sijill.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Options(rules_only=True))


@pytest.mark.parametrize("text,count,qualifier", [
    ("قتل حوالي 30 عنصرا من قوات النظام في قصف على بلدة اللطامنة أمس.", 30, "approximate"),
    ("قتل ما لا يقل عن 7 مدنيين في قصف على بلدة اللطامنة أمس.", 7, "at_least"),
    ("قتل 54 شخصا على الأقل في غارة جوية قرب بلدة اللطامنة أمس.", 54, "at_least"),
    ("وأسفرت الغارة عن مقتل 42 جنديا سوريا على الأقل قرب بلدة اللطامنة أمس.", 42, "at_least"),
    ("قتل سبعة مدنيين في قصف على بلدة اللطامنة أمس.", 7, "exact"),
    ("قتل عشرات المدنيين في قصف على بلدة اللطامنة أمس.", None, "unspecified"),
    # the wounded are not the dead
    ("قتل 3 مدنيين وأصيب 12 آخرون في قصف على بلدة اللطامنة أمس.", 3, "exact"),
    # a part of the dead, named after them, is not their number
    ("وقال المرصد إن 30 مسلحا من داعش قتلوا، بينهم 4 انتحاريين، خلال الهجوم على بلدة اللطامنة أمس.", 30, "exact"),
    ("قتل 12 مدنيا بينهم 5 أطفال في قصف على بلدة اللطامنة أمس.", 12, "exact"),
    # a dual counts two; an age is no toll; the pronoun of "met his death" counts the dead
    ("قتل مدنيان في قصف على بلدة اللطامنة أمس.", 2, "exact"),
    ("ولقي الصحافي (32 عاما) مصرعه في قصف على بلدة اللطامنة أمس.", 1, "exact"),
    ("ولقي قياديان مصرعهما في قصف على بلدة اللطامنة أمس.", 2, "exact"),
    # "موقعا 14 مدنيا": causing the dead that follow
    ("وكرر التحالف الدولي غاراته مجددا، الجمعة، على بلدة اللطامنة موقعا 14 مدنيا، وأسفر القصف عن سقوط جرحى.",
     14, "exact"),
])
def test_the_number_killed(pipeline, text, count, qualifier):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 7, 25)))
    assert events, text
    assert (events[0].fatalities, events[0].fatalities_qualifier) == (count, qualifier)


@pytest.mark.parametrize("text,count", [
    ("وأسفرت المواجهات عن مقتل مسؤول كبير في التنظيم يدعى أبو أسامة وأحد مرافقيه في بلدة اللطامنة أمس.", 2),
    # the wife was arrested, not killed
    ("وأسفرت المواجهات عن مقتل شخص واعتقال رجل وزوجته في بلدة اللطامنة أمس.", 1),
])
def test_one_more_in_the_same_phrase(pipeline, text, count):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 7, 25)))
    assert events and events[0].fatalities == count


def test_the_deaths_of_an_act_named_again_are_that_acts(pipeline):
    """Within-document fusion: "العملية ... عن مقتل شخص" in the next sentence gives the landing
    told just before its dead, with the words they were read from."""
    text = ("ذكرت شبكات محلية اليوم أن قوات التحالف الدولي نفذت عملية إنزال جوي بالقرب من مدينة الصور.\n"
            "وأضافت الشبكات أن العملية تخللها إطلاق نار بين المطلوبين والقوات المهاجمة لتسفر العملية عن "
            "مقتل شخص واعتقال رجل وزوجته.")
    events = pipeline.extract(Document("d", text, language="ar", published=date(2020, 1, 31)))
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Armed clash", 1)]
    ev = [x for x in events[0].sources[0].evidence if x.role == "fatalities"]
    assert [text[x.start:x.end] for x in ev] == ["مقتل شخص"]


def test_those_who_met_their_death_are_the_dead_and_the_acted_upon(pipeline):
    text = "ولقي ثمانية مدنيين، بينهم ستة من عائلة واحدة، مصرعهم في قصف لطائرات النظام على أحياء حلب أمس."
    events = pipeline.extract(Document("d", text, language="ar", published=date(2015, 7, 31)))
    assert [(e.actor1.id, e.actor2.id, e.fatalities) for e in events] == [("SYR_AIRFORCE", "CIVILIANS", 8)]


def test_the_unarmed_are_not_the_doers_of_a_strike(pipeline):
    text = "وكرر التحالف الدولي غاراته مجددا، الجمعة، على بلدة اللطامنة موقعا 14 مدنيا، وأسفر القصف عن سقوط جرحى."
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 10, 19)))
    assert [(e.sub_event_type, e.actor1.id, e.actor2.id) for e in events] == \
        [("Air/drone strike", "COALITION", "CIVILIANS")]


def _tolls(pipeline, text):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 3, 4)))
    return sorted((e.location.surface, e.fatalities) for e in events)


@pytest.mark.parametrize("text,places,total", [
    # one toll told for a list of places: unknown at each, the total in the notes
    ("وقتل 10 مدنيين أمس في قصف على بلدتي كفرنبل ومعرة النعمان.", ["كفرنبل", "معرة النعمان"], 10),
    ("وقتل 10 مدنيين في كفرنبل ومعرة النعمان أمس جراء قصف لقوات النظام.", ["كفرنبل", "معرة النعمان"], 10),
    # the list right after the toll: its first place is not the toll's own, however far the second
    ("وقتل 10 مدنيين في معرة النعمان وكفرنبل أمس جراء قصف لقوات النظام.", ["كفرنبل", "معرة النعمان"], 10),
    ("وقصفت قوات النظام أمس بلدات كفرنبل وسراقب وأريحا، ما أدى لمقتل 6 مدنيين.",
     ["أريحا", "سراقب", "كفرنبل"], 6),
    # villages the gazetteer lacks, all coded at their district, are still three places
    ("وسيطرت قوات النظام أمس على قرى الحريجي والمجيبل والحمادي في ريف دير الزور الشرقي بعد معارك قتل فيها 6 عناصر.",
     ["الحريجي", "الحمادي", "المجيبل"], 6),
])
def test_a_toll_told_for_several_places_is_not_copied_to_each(pipeline, text, places, total):
    events = pipeline.extract(Document("d", text, language="ar", published=date(2018, 3, 4)))
    assert sorted((e.location.surface, e.fatalities) for e in events) == [(p, None) for p in places]
    for e in events:
        assert f"{total} killed in all at {len(places)} places" in e.notes
        assert not any(x.role == "fatalities" for s in e.sources for x in s.evidence)


def test_a_toll_that_names_its_place_is_that_places(pipeline):
    text = "وقصفت قوات النظام أمس بلدات كفرنبل ومعرة النعمان وسراقب، ما أدى لمقتل 4 مدنيين في مدينة سراقب."
    assert _tolls(pipeline, text) == [("سراقب", 4), ("كفرنبل", None), ("معرة النعمان", None)]


@pytest.mark.parametrize("text,tolls", [
    # a lead's toll for its area, then the body's for the town: the town's toll is the act's
    ("قتل 25 مدنيا في قصف لقوات النظام على ريف حماة الشمالي. وأشار ناشطون إلى مقتل 6 مدنيين جراء قصف "
     "قوات النظام على بلدة اللطامنة.", [("اللطامنة", 6)]),
    # a round-up's total for two governorates, then one strike of it placed: the placed strike keeps
    # its own toll, the total stays unsplit at the other governorate
    ("أفاد المرصد بمقتل 40 عنصرا من داعش خلال يومين جراء غارات التحالف الدولي على مواقع التنظيم في دير "
     "الزور والرقة. وأشار إلى مقتل 9 منهم جراء غارة للتحالف على مقر للتنظيم في مدينة البوكمال.",
     [("البوكمال", 9), ("الرقة", None)]),
    # a headline's toll with no place, then the act told at its town
    ("مقتل 15 شخصا في غارات روسية.\nوأفاد المرصد بمقتل 4 مدنيين جراء غارة روسية على مدينة أريحا.", [("أريحا", 4)]),
])
def test_one_act_told_for_its_area_and_for_its_place_keeps_the_places_toll(pipeline, text, tolls):
    assert _tolls(pipeline, text) == tolls


def test_a_toll_at_one_place_stays(pipeline):
    assert _tolls(pipeline, "وقتل 5 مدنيين أمس في غارة على بلدة كفرنبل.") == [("كفرنبل", 5)]
